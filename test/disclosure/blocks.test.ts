// Blocks of the geography on hand-made tables: periods cut level 1 by year, a région block grows through its
// département's neighbours up to its size limit, taking first what the cell's own relations reach (a cross-border
// EPCI included), and a département's communes count as one neighbour.
import t from 'tap';
import { blockMembers, blocksOf } from '../../disclosure/blocks.ts';
import { idOf, problemOf } from './helpers/problem.ts';
import { category, geo, table } from './helpers/tables.ts';

t.test('a région block stops adding neighbour départements at its size limit, its own département always in', async (t) => {
  const place = geo({ A: ['45', null], B: ['41', null], C: ['18', null] });
  const p = problemOf([table('typ', [place, category('typology', ['T1', 'T2'])], {
    'COM:A|T1': 1, 'COM:A|T2': 1, 'COM:B|T1': 1, 'COM:B|T2': 1, 'COM:C|T1': 1, 'COM:C|T2': 1,
  })]);
  const id = idOf(p, 0, ['COM:A', 'T1']);
  const own = blockMembers(p, id, 2);
  const whole = blockMembers(p, id, 3);
  const capped = blockMembers(p, id, 3, own.length + 3);
  t.ok(whole.length > own.length + 3, 'the région holds the three départements and France');
  t.ok(own.every((x) => capped.includes(x)), 'its own département is in');
  t.ok(capped.length <= own.length + 3 && capped.length > own.length, 'neighbours up to the limit only');
});

t.test('level-1 blocks of a table with periods are cut by year; level-2 blocks are not', async (t) => {
  const place = geo({ A: ['45', 'E1'], B: ['45', 'E1'] });
  const period = {
    name: 'period', root: '_T', codes: ['_T', '2025', '2026', '2025-01', '2025-02', '2026-01'],
    relations: [{ total: '_T', parts: ['2025', '2026'] }, { total: '2025', parts: ['2025-01', '2025-02'] }, { total: '2026', parts: ['2026-01'] }],
  };
  const p = problemOf([table('flows', [place, period], {
    'COM:A|2025-01': 1, 'COM:A|2025-02': 2, 'COM:A|2026-01': 3, 'COM:B|2025-01': 4, 'COM:B|2025-02': 5, 'COM:B|2026-01': 6,
  })]);
  const [one, two] = [blocksOf(p, 1), blocksOf(p, 2)];
  const at = (g: string, m: string) => idOf(p, 0, [g, m]);
  t.equal(one[at('COM:A', '2025-01')], one[at('COM:B', '2025')], 'a year, its months and its EPCI\'s communes: one block');
  t.not(one[at('COM:A', '2025-01')], one[at('COM:A', '2026-01')], 'another year: another block');
  t.not(one[at('COM:A', '2025')], one[at('COM:A', '_T')], 'the total over the years stands alone');
  t.equal(two[at('COM:A', '2025-01')], two[at('COM:A', '2026-01')], 'level 2 holds every period of the département');
});

t.test('a capped région block first takes the blocks the cell\'s own relations reach', async (t) => {
  // A table stopping at the département, linked through its cells to a commune table: under the limit, the
  // département cell's block must hold its own communes, not whichever département comes first.
  const communes = geo({ A: ['45', null], B: ['41', null], C: ['18', null] });
  const deps = { name: 'geo', root: 'FR', unitLevel: true, codes: ['FR', 'DEP:45', 'DEP:41', 'DEP:18'], relations: [{ total: 'FR', parts: ['DEP:45', 'DEP:41', 'DEP:18'] }] };
  const typology = category('typology', ['T1', 'T2']);
  const p = problemOf([
    table('dep', [deps, typology], { 'DEP:45|T1': 3, 'DEP:45|T2': 4, 'DEP:41|T1': 5, 'DEP:41|T2': 6, 'DEP:18|T1': 7, 'DEP:18|T2': 8 }),
    table('com', [communes, typology], { 'COM:A|T1': 3, 'COM:A|T2': 4, 'COM:B|T1': 5, 'COM:B|T2': 6, 'COM:C|T1': 7, 'COM:C|T2': 8 }),
  ]);
  const id = idOf(p, 0, ['DEP:18', 'T1']);
  const own = blockMembers(p, id, 2);
  const commune = blockMembers(p, idOf(p, 1, ['COM:C', 'T1']), 2);
  const capped = blockMembers(p, id, 3, own.length + commune.length);
  t.ok(capped.includes(idOf(p, 1, ['COM:C', 'T1'])), 'DEP:18\'s commune is in');
  t.notOk(capped.includes(idOf(p, 1, ['COM:A', 'T1'])), 'DEP:45\'s is left out');
  const other = blockMembers(p, idOf(p, 0, ['DEP:45', 'T1']), 3, own.length + commune.length);
  t.ok(other.includes(idOf(p, 1, ['COM:A', 'T1'])), 'built again around DEP:45, the block holds its commune instead');
});

t.test('a capped région block takes the cross-border EPCI of the cell, and its other département\'s own cells', async (t) => {
  // P is the only commune of DEP:02 in EPCI E, whose other communes are in DEP:80, too large to take whole: P can only
  // move against S1 or S2, and they against DEP:80, so those come in without the rest of DEP:80.
  const place = geo({ P: ['02', 'E'], Q: ['02', 'G'], R: ['02', 'G'], S1: ['80', 'E'], S2: ['80', 'E'], S3: ['80', 'F'], S4: ['80', 'F'] });
  const counts: Record<string, number> = {};
  for (const c of ['P', 'Q', 'R', 'S1', 'S2', 'S3', 'S4']) Object.assign(counts, { [`COM:${c}|T1`]: 5, [`COM:${c}|T2`]: 7 });
  const p = problemOf([table('typ', [place, category('typology', ['T1', 'T2'])], counts)]);
  const id = idOf(p, 0, ['COM:P', 'T1']);
  const own = blockMembers(p, id, 2);
  const somme = blockMembers(p, idOf(p, 0, ['COM:S3', 'T1']), 2);
  const capped = blockMembers(p, id, 3, own.length + 12);
  t.ok(somme.length > 12, 'DEP:80 cannot come whole');
  t.ok(own.every((x) => capped.includes(x)), 'its own département is in');
  for (const cell of ['COM:S1', 'COM:S2', 'EPCI:E', 'DEP:80']) {
    t.ok(['T1', 'T2', '_T'].every((ty) => capped.includes(idOf(p, 0, [cell, ty]))), `${cell} is in`);
  }
  t.notOk(capped.includes(idOf(p, 0, ['COM:S3', 'T1'])), 'the rest of DEP:80 is left out');
  t.equal(new Set(capped).size, capped.length, 'each cell once, though E\'s block and DEP:02\'s share P');
});

t.test('a département\'s communes are one neighbour however many they are', async (t) => {
  // As above, with 210 communes in DEP:18: their relation has 211 cells but reaches one block, and the département
  // cell of the table stopping at the département must still reach them.
  const names = Array.from({ length: 210 }, (_, i) => `C${i}`);
  const communes = geo(Object.fromEntries([['A', ['45', null]], ...names.map((c) => [c, ['18', null]])]) as Record<string, [string, null]>);
  const deps = { name: 'geo', root: 'FR', unitLevel: true, codes: ['FR', 'DEP:45', 'DEP:18'], relations: [{ total: 'FR', parts: ['DEP:45', 'DEP:18'] }] };
  const typology = category('typology', ['T1', 'T2']);
  const counts: Record<string, number> = { 'COM:A|T1': 3, 'COM:A|T2': 4 };
  for (const c of names) Object.assign(counts, { [`COM:${c}|T1`]: 1, [`COM:${c}|T2`]: 2 });
  const p = problemOf([
    table('dep', [deps, typology], { 'DEP:45|T1': 3, 'DEP:45|T2': 4, 'DEP:18|T1': 210, 'DEP:18|T2': 420 }),
    table('com', [communes, typology], counts),
  ]);
  const id = idOf(p, 0, ['DEP:18', 'T1']);
  const commune = blockMembers(p, idOf(p, 1, ['COM:C0', 'T1']), 2);
  const capped = blockMembers(p, id, 3, blockMembers(p, id, 2).length + commune.length);
  t.ok(capped.includes(idOf(p, 1, ['COM:C209', 'T1'])), 'DEP:18\'s communes are in');
  t.notOk(capped.includes(idOf(p, 1, ['COM:A', 'T1'])), 'DEP:45\'s are left out');
});
