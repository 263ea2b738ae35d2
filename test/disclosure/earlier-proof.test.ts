// A release computed with the one before it does not solve again what the earlier audit still proves: within relations
// the earlier release had, among cells it published with the same values or that are hidden now, the cells it hid
// with the same values, and the changed cells whose value then and value now span what they must reach. A changed
// cell that stays small is solved; a new month or a new relation puts its component back whole.
import t from 'tap';
import { aggregate } from '../../disclosure/aggregate.ts';
import { carryOver } from '../../disclosure/carry-over.ts';
import { components, isVariable } from '../../disclosure/components.ts';
import { auditPublished, protect, type Dimension, type PublishedTable, type Release, type Table } from '../../disclosure/index.ts';
import { normalise } from '../../disclosure/normalise.ts';
import { primary } from '../../disclosure/primary.ts';
import { describeCell } from '../../disclosure/problem.ts';
import { earlierProof } from '../../disclosure/earlier-proof.ts';
import { countReach } from '../../disclosure/requirement.ts';
import { idOf, intervalOf, problemOf } from './helpers/problem.ts';
import { category, geo } from './helpers/tables.ts';

const typology = category('typology', ['T1', 'T2', 'T3']);
const place = geo({ '45001': ['45', null], '45002': ['45', null], '45003': ['45', null], '41001': ['41', null], '41002': ['41', null], '41003': ['41', null] });
const communes = place.codes.filter((c) => c.startsWith('COM:'));

function periods(months: string[]): Dimension {
  return { name: 'period', root: '2026', codes: ['2026', ...months], relations: [{ total: '2026', parts: months }] };
}

/** Requests per month × commune × typology: mostly tens, a few under the threshold. */
function requests(months: string[], change: Record<string, number> = {}): Table {
  const cells = months.flatMap((m, mi) => communes.flatMap((c, ci) => typology.codes.slice(1).map((ty, ti) => {
    const key = `${m}|${c}|${ty}`;
    const count = (ci * 7 + ti * 3 + mi * 5) % 11 === 0 ? 3 + ti : 12 + ((ci * 5 + ti * 7 + mi) % 20);
    return { coords: key.split('|'), count: change[key] ?? count };
  })));
  return { id: 'requests', measure: 'requests', dimensions: [periods(months), place, typology], cells };
}

function view(r: Release): PublishedTable[] {
  return r.tables.map((p) => ({
    id: p.table.id, measure: p.table.measure, dimensions: p.table.dimensions,
    cells: p.table.cells.map((c, i) => ({
      coords: c.coords, value: p.values[i], magnitudes: Object.fromEntries(Object.entries(p.magnitudes).map(([name, v]) => [name, v[i]])),
    })),
  }));
}

function suppressedOf(r: Release): Set<string> {
  return new Set(r.tables.flatMap((p) => p.table.cells.filter((_, i) => p.values[i] === 's').map((c) => c.coords.join('|'))));
}

/** The new tables' components of what the earlier release hid, and the cells of each the earlier audit still proves. */
function knownComponents(now: Table[], before: Release, earlier: Table[]) {
  const p = problemOf(now);
  const carry = carryOver(p, view(before));
  const confidential = primary(p, 10);
  const proven = earlierProof(p, carry, normalise(earlier).map(aggregate), confidential, 10);
  // What the fix loop starts from: the cells hidden before or changed, and the new confidential ones.
  const hidden = confidential.map((x, id) => x | carry.forced[id]);
  const comps = components(p, isVariable(p, hidden, -1), -1);
  return { p, comps, known: comps.map((c) => proven(c, -1)) };
}

const months = ['2026-01', '2026-02'];

t.test('every component of an unchanged release is known; the release is the same without solving it again', async (t) => {
  const first = await protect([requests(months)]);
  t.ok(first.stats.suppressed > 10, `${first.stats.suppressed} suppressed`);
  const { comps, known } = knownComponents([requests(months)], first, [requests(months)]);
  t.ok(comps.length > 1);
  t.ok(known.every((ids, i) => ids?.length === comps[i].vars.length), 'every cell of every component proven before');
  const again = await protect([requests(months)], { previous: view(first), previousTruth: [requests(months)] });
  t.same([...suppressedOf(again)].sort(), [...suppressedOf(first)].sort(), 'the same cells suppressed');
  t.equal(again.stats.lps, 0, 'no LP solved');
  t.equal(again.stats.unchanged, first.stats.suppressed, 'every hidden cell is in a component left alone');
  const solved = await protect([requests(months)], { previous: view(first) });
  t.ok(solved.stats.lps > 0, `without the earlier truth, ${solved.stats.lps} LPs`);
  t.equal(solved.stats.unchanged, undefined);
  t.same([...suppressedOf(solved)].sort(), [...suppressedOf(first)].sort());
  t.ok(again.audit.ok);
  t.ok((await auditPublished(view(again))).ok, 'and the exact attack on what is published agrees');
});

t.test('a hidden value that changed is proven again, a new code or a new relation puts its component back', async (t) => {
  const first = await protect([requests(months)]);
  const hidden = [...suppressedOf(first)].filter((k) => k.startsWith('2026-01|COM:'));
  // Two hidden cells of one commune's January swap a request, one of them confidential before and after (3 → 4): every
  // published figure stays the same.
  const original = requests(months);
  const valueOf = (key: string) => original.cells.find((c) => c.coords.join('|') === key)!.count;
  const [a, b] = hidden.filter((k) => k.includes('COM:41001') && !k.endsWith('|_T')).sort((x, y) => valueOf(x) - valueOf(y));
  t.ok(a && b && valueOf(a) < 9, `two hidden cells of COM:41001 in January, one small: ${hidden.join(', ')}`);
  const swapped = requests(months, { [a]: valueOf(a) + 1, [b]: valueOf(b) - 1 });
  const changed = knownComponents([swapped], first, [original]);
  const at = (key: string) => changed.comps.findIndex((c) => c.vars.includes(idOf(changed.p, 0, key.split('|'))));
  const comp = changed.comps[at(a)];
  const left = comp.vars.filter((id) => !changed.known[at(a)]!.includes(id));
  const before = problemOf([original]);
  const moved = comp.vars.filter((id) => before.count[id] !== changed.p.count[id]);
  t.ok(moved.length > 2, `${moved.length} hidden cells changed: the two and their hidden totals`);
  // A changed cell can still take the value it had then, as in the earlier truth, and the one it has now: between
  // them, a cell of 10 or more moves, but one that stays under 10 is not shown to reach 10 nor 0.
  const small = moved.filter((id) => Math.max(before.count[id], changed.p.count[id]) < 10 && Math.min(before.count[id], changed.p.count[id]) > 0);
  t.ok(small.includes(idOf(changed.p, 0, a.split('|'))), `${a}: ${valueOf(a)} → ${valueOf(a) + 1}`);
  t.ok(small.length < moved.length, 'some changed cells are large');
  t.same([...left], small, 'in their component, only the changed cells that stay small are left to prove');
  t.ok(changed.known.every((ids, i) => i === at(a) || ids?.length === changed.comps[i].vars.length), 'the other components are proven whole');

  // A month the earlier release did not have, as a month later: January and February carried, the year not.
  const longer = ['2026-01', '2026-02', '2026-03'];
  const carried: Release = { ...first, tables: first.tables.map((p) => {
    const keep = p.table.cells.map((c) => c.coords[0] !== '2026');
    return { ...p, table: { ...p.table, cells: p.table.cells.filter((_, i) => keep[i]) }, values: p.values.filter((_, i) => keep[i]) };
  }) };
  const added = knownComponents([requests(longer)], carried, [requests(months)]);
  const march = added.p.tables[0].layout.dims[0].index.get('2026-03')!;
  const inMarch = (id: number) => added.p.owner[id] === 0
    && Math.floor(added.p.ownerIndex[id] / added.p.tables[0].layout.strides[0]) % added.p.tables[0].layout.sizes[0] === march;
  const reachMarch = added.comps.map((c) => [...c.vars].some(inMarch));
  t.ok(reachMarch.some(Boolean), 'some components hold March cells');
  t.ok(reachMarch.every((r, i) => !r || !added.known[i]), 'none of them is known');
  // January's hidden cells are held by the year's relation, which now adds March: not known either.
  t.notOk(added.known.some(Boolean), 'every component meets the year total, which tells something new');

  // Earlier true values that disagree with what the earlier release published are not its own: nothing is known.
  const cells = first.tables[0].table.cells;
  const leaf = cells.findIndex((c, i) => typeof first.tables[0].values[i] === 'number' && c.coords[0] !== '2026'
    && c.coords[1].startsWith('COM:') && c.coords[2] !== '_T' && c.count > 0);
  const wrong = cells[leaf];
  const disowning = knownComponents([requests(months)], first, [requests(months, { [wrong.coords.join('|')]: wrong.count + 1 })]);
  t.notOk(disowning.known.some(Boolean), `earlier truth with ${wrong.coords.join('|')} = ${wrong.count + 1}: nothing known`);

  // The same codes with one more relation (an EPCI): the components it holds are solved.
  const withEpci: Dimension = { ...place, codes: [...place.codes, 'EPCI:1'], relations: [...place.relations, { total: 'EPCI:1', parts: ['COM:45001', 'COM:41001'] }] };
  const epciTable = (tab: Table): Table => ({ ...tab, dimensions: [tab.dimensions[0], withEpci, tab.dimensions[2]] });
  const related = knownComponents([epciTable(requests(months))], first, [requests(months)]);
  const held = related.comps.filter((c, i) => !related.known[i]);
  t.ok(held.length > 0, 'a component under the new relation is solved');
  const epciRows = new Set(held.flatMap((c) => [...c.rows]).filter((r) => related.p.cons.table[r] === 0 && related.p.cons.dim[r] === 1 && related.p.cons.rel[r] === withEpci.relations.length - 1));
  t.ok(epciRows.size > 0, 'through the EPCI relation');
});

t.test('cells proven before and cells proven again: every requirement holds, checked by an exact LP per cell', async (t) => {
  let seed = 11;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const leaves = requests(months).cells.map((c) => c.coords.join('|'));
  let partly = 0;
  for (let trial = 0; trial < 20; trial++) {
    const base: Record<string, number> = {};
    for (const key of leaves) base[key] = rand() < 0.3 ? Math.floor(rand() * 10) : 10 + Math.floor(rand() * 30);
    const before = requests(months, base);
    const first = await protect([before]);
    // Late registrations and corrections, up and down, in hidden and published cells alike, and a cell crossing the
    // threshold (an empty one getting a few requests, or one of 10 to 13 losing a few).
    const after: Record<string, number> = { ...base };
    for (let j = 0; j < 3; j++) {
      const key = leaves[Math.floor(rand() * leaves.length)];
      after[key] = Math.max(0, after[key] + (rand() < 0.5 ? -1 : 1) * (1 + Math.floor(rand() * 3)));
    }
    const empty = leaves.filter((k) => after[k] === 0);
    const tens = leaves.filter((k) => after[k] >= 10 && after[k] <= 13);
    if (trial % 2 === 0 && empty.length > 0) after[empty[Math.floor(rand() * empty.length)]] = 1 + Math.floor(rand() * 3);
    else if (tens.length > 0) after[tens[Math.floor(rand() * tens.length)]] -= 2 + Math.floor(rand() * 3);
    const now = requests(months, after);
    const release = await protect([now], { previous: view(first), previousTruth: [before] });
    t.ok(release.audit.ok, `trial ${trial}: passes its own audit`);
    if ((release.stats.unchanged ?? 0) > 0 && release.stats.lps > 0) partly++;

    const p = problemOf([now]);
    const carry = carryOver(p, view(first));
    const confidential = primary(p, 10);
    const suppressed = new Uint8Array(p.n);
    release.tables[0].table.cells.forEach((c, i) => { if (release.tables[0].values[i] === 's') suppressed[idOf(p, 0, c.coords)] = 1; });
    const short: string[] = [];
    for (let id = 0; id < p.n; id++) {
      if (!suppressed[id] || p.count[id] === 0) continue;
      const [lo, hi] = await intervalOf(p, suppressed, id);
      const reach = countReach(p.count[id], confidential[id] === 1, carry.earlier[id], 10);
      const where = `${describeCell(p, id).coords.join('|')} = ${p.count[id]}: [${lo}, ${hi}]`;
      if (hi - lo < 1 - 1e-6) short.push(`${where} pinned`);
      if (reach && (hi < reach.up - 1e-6 || lo > reach.down + 1e-6)) short.push(`${where} short of [${reach.down}, ${reach.up}]`);
    }
    t.same(short, [], `trial ${trial}: every suppressed cell meets its requirement`);
  }
  t.ok(partly >= 3, `${partly} trials both took cells as proven before and solved others`);
});

t.test('a cell published before and hidden because its wait days changed keeps its count proven: that count is public', async (t) => {
  const withWait = (tab: Table, bump?: string): Table => ({
    ...tab, cells: tab.cells.map((c) => ({ ...c, magnitudes: { wait: c.count * 30 + (c.coords.join('|') === bump ? 7 : 0) } })),
  });
  const before = withWait(requests(months));
  const first = await protect([before]);
  const published = first.tables[0].table.cells.find((c, i) => typeof first.tables[0].values[i] === 'number'
    && c.coords[0] === '2026-02' && c.coords[1].startsWith('COM:') && c.coords[2] !== '_T' && c.count >= 10)!;
  const key = published.coords.join('|');
  const now = withWait(requests(months), key);
  const p = problemOf([now]);
  const carry = carryOver(p, view(first));
  const confidential = primary(p, 10);
  const proven = earlierProof(p, carry, normalise([before]).map(aggregate), confidential, 10);
  const hidden = confidential.map((x, id) => x | carry.forced[id]);
  const id = idOf(p, 0, published.coords);
  t.equal(carry.forced[id], 1, `${key}: its wait days changed, so it is hidden now`);
  t.equal(carry.published[0][id], 1, 'its count is the one published before: nothing to prove, with or without the earlier truth');
  t.equal(carry.published[1][id], 0, 'its wait days are not');
  const proofOf = (measure: number) => {
    const comp = components(p, isVariable(p, hidden, measure), measure).find((c) => c.vars.includes(id))!;
    return proven(comp, measure);
  };
  t.ok(proofOf(-1)?.includes(id), 'its count, the one published before, is proven');
  t.ok(proofOf(0)?.includes(id), 'its wait days moved: proven by their two values');
  const release = await protect([now], { previous: view(first), previousTruth: [before] });
  t.ok(release.audit.ok, 'and the release passes its audit');
  t.ok((await protect([now], { previous: view(first) })).audit.ok, 'as it does without the earlier truth');
});
