// Hand-checkable protections: each expected suppression can be verified with pencil and paper.
import t from 'tap';
import { audit, protect } from '../../disclosure/index.ts';
import { category, geo, published, suppressedCells, table } from './helpers/tables.ts';

const typ = category('typology', ['A', 'B', 'C']);
const regions = { name: 'geo', root: 'FR', codes: ['FR', 'R1', 'R2', 'R3'], relations: [{ total: 'FR', parts: ['R1', 'R2', 'R3'] }] };

t.test('a row with one small cell gets complementary suppressions, and the rectangle protects it', async (t) => {
  const tab = table('t', [regions, typ], {
    'R1|A': 3, 'R1|B': 40, 'R1|C': 25, 'R2|A': 30, 'R2|B': 20, 'R2|C': 50, 'R3|A': 15, 'R3|B': 60, 'R3|C': 22,
  });
  const r = await protect([tab]);
  t.equal(published(r, 't', 'R1|A'), 's');
  // The cheapest protection is a 2 × 2 rectangle through R1|A: R1's row and column A each need a second cell.
  const s = suppressedCells(r, 't');
  t.equal(s.length, 4, `suppressed: ${s.join(', ')}`);
  t.equal(s.filter((c) => c.startsWith('R1|')).length, 2);
  t.equal(s.filter((c) => c.endsWith('|A')).length, 2);
  t.equal(r.stats.primary, 1);
  t.equal(r.stats.complementary, 3);
  t.equal(published(r, 't', 'FR|_T'), 265, 'margins are computed and published');
  t.ok(r.audit.ok);
  const a = await audit(r);
  t.ok(a.ok, JSON.stringify(a.findings));
});

t.test('a département whose only small commune would be revealed by the département total', async (t) => {
  const g = geo({ '45001': ['45', null], '45002': ['45', null], '45003': ['45', null], '41001': ['41', null] });
  const r = await protect([table('com', [g], { 'COM:45001': 4, 'COM:45002': 120, 'COM:45003': 35, 'COM:41001': 80 })]);
  t.equal(published(r, 'com', 'COM:45001'), 's');
  // DEP:45 − the published communes would give 45001: the smallest other commune of 45 is suppressed with it.
  t.equal(published(r, 'com', 'COM:45003'), 's');
  t.equal(published(r, 'com', 'COM:45002'), 120);
  t.equal(published(r, 'com', 'DEP:45'), 159);
  t.ok((await audit(r)).ok);
});

t.test('an EPCI crossing a département border: neither hierarchy gives the small commune away', async (t) => {
  // EPCI E spans 45 and 41; 45001 (3 requests) is in E. DEP:45 − published and EPCI:E − published must both fail.
  const g = geo({
    '45001': ['45', 'E'], '45002': ['45', 'E'], '45003': ['45', 'F'], '41001': ['41', 'E'], '41002': ['41', 'F'],
  });
  const r = await protect([table('com', [g, typ], {
    'COM:45001|A': 2, 'COM:45001|B': 1, 'COM:45002|A': 30, 'COM:45002|B': 25, 'COM:45002|C': 14,
    'COM:45003|A': 50, 'COM:45003|B': 12, 'COM:41001|A': 40, 'COM:41001|C': 22, 'COM:41002|B': 60, 'COM:41002|C': 11,
  })]);
  for (const c of ['_T', 'A', 'B', 'C']) t.equal(published(r, 'com', `COM:45001|${c}`), 's', `whole small commune suppressed (${c})`);
  const a = await audit(r);
  t.ok(a.ok, JSON.stringify(a.findings));
});

t.test('linked tables: the same cell is suppressed in both tables', async (t) => {
  const g = geo({ '45001': ['45', null], '45002': ['45', null], '45003': ['45', null] });
  const byTypology = table('by_typology', [g, typ], {
    'COM:45001|A': 6, 'COM:45001|B': 6, 'COM:45002|A': 40, 'COM:45002|B': 30, 'COM:45003|A': 25, 'COM:45003|C': 18,
  });
  const total = table('total', [g], { 'COM:45001': 12, 'COM:45002': 70, 'COM:45003': 43 });
  const r = await protect([byTypology, total]);
  for (const c of ['COM:45001', 'COM:45002', 'COM:45003', 'DEP:45']) {
    t.equal(published(r, 'total', c), published(r, 'by_typology', `${c}|_T`), `${c} has one status in both tables`);
  }
  t.ok((await audit(r)).ok);
});

t.test('magnitudes share the suppression pattern and are not pinned', async (t) => {
  const tab = table('t', [regions, typ], {
    'R1|A': 3, 'R1|B': 40, 'R1|C': 25, 'R2|A': 30, 'R2|B': 20, 'R2|C': 50, 'R3|A': 15, 'R3|B': 60, 'R3|C': 22,
  });
  tab.cells.forEach((c) => { c.magnitudes = { sum_wait_days: c.count * 100 }; });
  const r = await protect([tab]);
  const pt = r.tables[0];
  pt.values.forEach((v, i) => t.equal(pt.magnitudes.sum_wait_days[i] === 's', v === 's'));
  t.ok((await audit(r)).ok);
});

t.test('a commune under the threshold publishes no figure at all, a commune with no request publishes its zeros', async (t) => {
  const g = geo({ '45001': ['45', null], '45002': ['45', null], '45003': ['45', null] });
  const r = await protect([table('com', [g, typ], {
    'COM:45001|A': 7, 'COM:45002|A': 30, 'COM:45002|B': 30, 'COM:45002|C': 30, 'COM:45003|A': 0,
    'COM:45003|B': 0,
  })]);
  for (const c of ['_T', 'A', 'B', 'C']) t.equal(published(r, 'com', `COM:45001|${c}`), 's');
  t.equal(published(r, 'com', 'COM:45003|A'), 0);
  t.ok((await audit(r)).ok);
});

t.test('bad input is refused with the cells named', async (t) => {
  const g = geo({ '45001': ['45', null], '45002': ['45', null] });
  await t.rejects(protect([table('x', [g], { 'COM:45001': 12, 'COM:45002': 30, 'DEP:45': 50 })]), { code: 'IC_DISC_006', message: /DEP:45 = 50 au lieu de 42/ });
  await t.rejects(protect([table('x', [g], { 'COM:45001': 1.5 })]), { code: 'IC_DISC_003' });
  await t.rejects(protect([table('x', [g], { 'COM:99999': 3 })]), { code: 'IC_DISC_002' });
  await t.rejects(protect([table('x', [g], { 'COM:45001': 3 }), table('x', [g], {})]), { code: 'IC_DISC_010' });
  const a = table('a', [g], { 'COM:45001': 12, 'COM:45002': 30 });
  const b = table('b', [g], { 'COM:45001': 13, 'COM:45002': 30 });
  await t.rejects(protect([a, b]), { code: 'IC_DISC_007' });
  await t.rejects(protect([a], { threshold: 0 }), { code: 'IC_DISC_001' });
});

t.test('the release is stamped with the source line', async (t) => {
  const r = await protect([table('t', [regions], { R1: 20, R2: 30, R3: 40 })], {
    source: { universe: 'univers agrégé', dataDate: '2026-10-31', editionDate: '2026-11-23' },
  });
  t.equal(r.sourceLine, 'Source : GIP SNE - Infocentre NUNIQUE SNE (univers agrégé). Données du : 31/10/2026 éditées le 23/11/2026');
});
