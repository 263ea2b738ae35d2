// Each attack documented in docs/disclosure.md, run against a naive protection (it works) and against the engine's
// release (it fails). The attacker is the LP of auditPublished (published values only) or the guard.
import t from 'tap';
import { auditPublished, guard, protect, type PublishedTable, type Release, type Table } from '../../disclosure/index.ts';
import { category, geo, published, table } from './helpers/tables.ts';

/** What a reader of the release sees. */
function view(r: Release): PublishedTable[] {
  return r.tables.map((p) => ({
    id: p.table.id, measure: p.table.measure, dimensions: p.table.dimensions,
    cells: p.table.cells.map((c, i) => ({ coords: c.coords, value: p.values[i] })),
  }));
}

/** A naive protection: only cells of 1 to 9 suppressed. */
function naive(tab: Table, suppress: string[] = []): PublishedTable {
  return {
    id: tab.id, measure: tab.measure, dimensions: tab.dimensions,
    cells: tab.cells.map((c) => ({ coords: c.coords, value: (c.count > 0 && c.count < 10) || suppress.includes(c.coords.join('|')) ? 's' : c.count })),
  };
}

const typ = category('typology', ['A', 'B', 'C']);

t.test('subtraction from margins', async (t) => {
  const rows = { name: 'geo', root: 'FR', codes: ['FR', 'R1', 'R2'], relations: [{ total: 'FR', parts: ['R1', 'R2'] }] };
  const tab = table('t', [rows, typ], { 'R1|A': 4, 'R1|B': 30, 'R1|C': 20, 'R2|A': 25, 'R2|B': 40, 'R2|C': 35, 'R1|_T': 54, 'R2|_T': 100, 'FR|A': 29, 'FR|B': 70, 'FR|C': 55, 'FR|_T': 154 });
  const attack = await auditPublished([naive(tab)]);
  t.notOk(attack.ok, 'R1|A = R1|_T − R1|B − R1|C');
  t.match(attack.findings[0], { coords: ['R1', 'A'], lower: 4, upper: 4 });
  const r = await protect([tab]);
  t.ok((await auditPublished(view(r))).ok);
});

t.test('subtraction from hierarchy levels (département − its communes)', async (t) => {
  const g = geo({ '45001': ['45', null], '45002': ['45', null], '45003': ['45', null] });
  const tab = table('com', [g], { 'COM:45001': 6, 'COM:45002': 40, 'COM:45003': 50, 'DEP:45': 96, FR: 96 });
  t.notOk((await auditPublished([naive(tab)])).ok);
  const r = await protect([tab]);
  t.ok((await auditPublished(view(r))).ok);
});

t.test('subtraction through the other geographic hierarchy (EPCI − its communes)', async (t) => {
  // Protected along départements only (45002 suppressed with 45001), the EPCI still gives 45001 away.
  const g = geo({ '45001': ['45', 'E'], '45002': ['45', 'F'], '45003': ['45', 'E'], '41001': ['41', 'F'] });
  const tab = table('com', [g], { 'COM:45001': 5, 'COM:45002': 30, 'COM:45003': 40, 'COM:41001': 60 });
  const full = (await protect([tab])).tables[0].table;
  const attack = await auditPublished([naive(full, ['COM:45002'])]);
  t.notOk(attack.ok);
  t.ok(attack.findings.some((f) => f.coords[0] === 'COM:45001'), 'EPCI:E − COM:45003 = COM:45001');
  const r = await protect([tab]);
  t.ok((await auditPublished(view(r))).ok);
});

t.test('tracker queries: (A or B) − B is refused by the guard', async (t) => {
  const g = geo({ '45001': ['45', null], '45002': ['45', null], '45003': ['45', null] });
  const r = await protect([table('com', [g], { 'COM:45001': 3, 'COM:45002': 40, 'COM:45003': 50 })]);
  t.equal(published(r, 'com', 'COM:45001'), 's');
  t.equal(published(r, 'com', 'COM:45002'), 's', 'its complement is the smaller other commune');
  // An analyst's ad-hoc zone = 45001 ∪ 45003: zone − 45003 (published) would give 45001.
  const zones = {
    name: 'geo', root: 'FR', codes: ['FR', 'ZONE:Z', 'COM:45001', 'COM:45002', 'COM:45003'],
    relations: [{ total: 'FR', parts: ['ZONE:Z', 'COM:45002'] }, { total: 'ZONE:Z', parts: ['COM:45001', 'COM:45003'] }],
  };
  const tracker = table('adhoc', [zones], { 'COM:45001': 3, 'COM:45002': 40, 'COM:45003': 50 });
  const verdict = await guard(r, [tracker]);
  t.notOk(verdict.ok, 'ZONE:Z − COM:45003 would give 45001');
  t.ok(verdict.findings.some((f) => f.coords[0] === 'COM:45001'));
  // A zone grouping the two suppressed communes adds nothing (their sum is DEP:45 − 45003 anyway): allowed.
  const pair = {
    name: 'geo', root: 'FR', codes: ['FR', 'ZONE:P', 'COM:45001', 'COM:45002', 'COM:45003'],
    relations: [{ total: 'FR', parts: ['ZONE:P', 'COM:45003'] }, { total: 'ZONE:P', parts: ['COM:45001', 'COM:45002'] }],
  };
  t.ok((await guard(r, [table('adhoc2', [pair], { 'COM:45001': 3, 'COM:45002': 40, 'COM:45003': 50 })])).ok);
});

t.test('differences between overlapping classes are refused by the guard', async (t) => {
  const age = category('age', ['Y_LT25', 'Y25T34', 'Y_GE35']);
  const rows = { name: 'geo', root: 'FR', codes: ['FR', 'R1', 'R2'], relations: [{ total: 'FR', parts: ['R1', 'R2'] }] };
  const counts = { 'R1|Y_LT25': 3, 'R1|Y25T34': 20, 'R1|Y_GE35': 30, 'R2|Y_LT25': 15, 'R2|Y25T34': 25, 'R2|Y_GE35': 40 };
  const r = await protect([table('age', [rows, age], counts)]);
  t.equal(published(r, 'age', 'R1|Y_LT25'), 's');
  t.equal(published(r, 'age', 'R1|Y25T34'), 's', 'complement in the same row');
  // An ad-hoc class overlapping the predefined ones ("under 25 or 35 and over"): it minus "35 and over" = under 25.
  const overlapping = {
    name: 'age', root: '_T', codes: ['_T', 'Y_OUT', 'Y_LT25', 'Y25T34', 'Y_GE35'],
    relations: [{ total: '_T', parts: ['Y_OUT', 'Y25T34'] }, { total: 'Y_OUT', parts: ['Y_LT25', 'Y_GE35'] }],
  };
  const verdict = await guard(r, [table('adhoc', [rows, overlapping], counts)]);
  t.notOk(verdict.ok);
  t.ok(verdict.findings.some((f) => f.coords.join('|') === 'R1|Y_LT25'));
});

t.test('differences between two snapshots: closed-period cells are republished identically or suppressed', async (t) => {
  const months = { name: 'period', root: '2026', codes: ['2026', '2026-01', '2026-02'], relations: [{ total: '2026', parts: ['2026-01', '2026-02'] }] };
  const rows = { name: 'geo', root: 'FR', codes: ['FR', 'R1', 'R2'], relations: [{ total: 'FR', parts: ['R1', 'R2'] }] };
  const before = await protect([table('flows', [months, rows], { '2026-01|R1': 50, '2026-01|R2': 60, '2026-02|R1': 30, '2026-02|R2': 45 })]);
  // January is closed. A late registration adds one request to January in R1: publishing 51 next to 50 would
  // isolate it. January cells become locked (unchanged) or forced suppressed (changed).
  const january: PublishedTable[] = view(before).map((p) => ({ ...p, cells: p.cells.filter((c) => c.coords[0] === '2026-01') }));
  const after = await protect([table('flows', [months, rows], { '2026-01|R1': 51, '2026-01|R2': 60, '2026-02|R1': 30, '2026-02|R2': 45 })], { previous: january });
  t.equal(published(after, 'flows', '2026-01|R1'), 's', 'changed closed cell stays hidden');
  t.equal(published(after, 'flows', '2026-01|R2'), 60, 'unchanged closed cell republished identically');
  t.ok(after.audit.ok);
  // Everything published for January in the new release equals what was published before.
  for (const c of january[0].cells) {
    const now = published(after, 'flows', c.coords.join('|'));
    t.ok(now === 's' || now === c.value, `${c.coords.join('|')}: ${c.value} then ${now}`);
  }
});

t.test('differences between two snapshots: a zero the previous release left out of its cells still counts as published', async (t) => {
  const months = { name: 'period', root: '2026', codes: ['2026', '2026-01', '2026-02'], relations: [{ total: '2026', parts: ['2026-01', '2026-02'] }] };
  const rows = { name: 'geo', root: 'R1', codes: ['R1', 'R2', 'R3'], relations: [] };
  const first = { '2026-01|R1': 50, '2026-01|R2': 0, '2026-01|R3': 0, '2026-02|R1': 30, '2026-02|R2': 25, '2026-02|R3': 20 };
  const before = await protect([table('flows', [months, rows], first)]);
  t.equal(published(before, 'flows', '2026-01|R3'), 0, 'R3 had nobody in January');
  // A cache that keeps only non-zero cells and says which unlisted cells were zeros: January's.
  const january: PublishedTable[] = view(before).map((p) => ({
    ...p, cells: p.cells.filter((c) => c.coords[0] === '2026-01' && c.value !== 0), zeroUnlisted: (coords) => coords[0] === '2026-01',
  }));
  t.notOk(january[0].cells.some((c) => c.coords[1] !== 'R1'), 'the zeros are not listed');
  // Twelve late January registrations in R3: its 12 next to the previous release's 0 would tell when they came.
  const late = { ...first, '2026-01|R3': 12 };
  const later = await protect([table('flows', [months, rows], late)], { previous: january });
  t.equal(published(later, 'flows', '2026-01|R3'), 's', 'a zero that changed stays hidden');
  t.equal(published(later, 'flows', '2026-01|R2'), 0, 'an unchanged zero is republished');
  t.equal(published(later, 'flows', '2026-01|R1'), 50, 'so is an unchanged count');
  t.ok(later.audit.ok);
  // Control: without the rule the change would be published.
  const without = await protect([table('flows', [months, rows], late)], { previous: january.map(({ zeroUnlisted: _z, ...p }) => p) });
  t.equal(published(without, 'flows', '2026-01|R3'), 12, 'without zeroUnlisted the change goes unnoticed');
});
