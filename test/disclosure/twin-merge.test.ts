// The twin certificate on hand-checkable linked tables: small communes of one EPCI and one département, every cell
// hidden, can each be empty or hold all their twins' requests; a commune with a published cell, or a code that is a
// total in another table, is never merged.
import t from 'tap';
import type { Table } from '../../disclosure/index.ts';
import { twinBounds } from '../../disclosure/twin-merge.ts';
import { idOf, problemOf } from './helpers/problem.ts';
import { category, geo, table } from './helpers/tables.ts';

const place = geo({ A: ['45', 'E1'], B: ['45', 'E1'], C: ['45', 'E1'], D: ['45', 'E2'], Z: ['45', 'E2'] });
const typology = category('typology', ['T1', 'T2']);
const age = category('age', ['Y', 'O']);

t.test('hidden twins can be empty or hold their twins\' sum, across linked tables', async (t) => {
  const p = problemOf([
    table('typ', [place, typology], { 'COM:A|T1': 3, 'COM:A|T2': 1, 'COM:B|T1': 4, 'COM:B|T2': 0, 'COM:C|T1': 20, 'COM:C|T2': 15, 'COM:D|T1': 2, 'COM:Z|T1': 30 }),
    table('age', [place, age], { 'COM:A|Y': 2, 'COM:A|O': 2, 'COM:B|Y': 1, 'COM:B|O': 3, 'COM:C|Y': 30, 'COM:C|O': 5, 'COM:D|O': 2, 'COM:Z|Y': 30 }),
  ]);
  const hidden = new Set(['COM:A', 'COM:B', 'COM:D']);
  const geoOf = (id: number) => {
    const t = p.tables[p.owner[id]];
    const { layout } = t;
    const d = layout.dims.findIndex((x) => x.dim.name === 'geo');
    return layout.dims[d].dim.codes[Math.floor(p.ownerIndex[id] / layout.strides[d]) % layout.sizes[d]];
  };
  const variable = (id: number) => hidden.has(geoOf(id));
  const b = twinBounds(p, variable, p.count, -1);
  const a1 = idOf(p, 0, ['COM:A', 'T1']);
  const b2 = idOf(p, 0, ['COM:B', 'T2']);
  const aTotal = idOf(p, 0, ['COM:A', '_T']);
  const bOld = idOf(p, 1, ['COM:B', 'O']);
  t.equal(b.high[a1], 7, 'A × T1 can hold A and B\'s T1 (3 + 4)');
  t.equal(b.high[b2], 1, 'B × T2 can hold A\'s 1');
  t.equal(b.high[aTotal], 8, 'the commune total moves with its rows in both tables');
  t.equal(b.high[bOld], 5, 'the linked table moves too');
  t.equal(b.canBeZero[a1], 1);
  t.equal(b.canBeZero[bOld], 1);
  t.ok(Number.isNaN(b.high[idOf(p, 0, ['COM:C', 'T1'])]), 'C is published: not merged');
  t.ok(Number.isNaN(b.high[idOf(p, 0, ['COM:D', 'T1'])]), 'D has no hidden twin in E2');
});

t.test('a code that is a total in another table is never merged', async (t) => {
  const deps = geo({ A: ['45', null], B: ['41', null] });
  const depLevel: Table = {
    id: 'dep', measure: 'requests',
    dimensions: [{ name: 'geo', root: 'FR', codes: ['FR', 'DEP:45', 'DEP:41'], relations: [{ total: 'FR', parts: ['DEP:45', 'DEP:41'] }], unitLevel: true }],
    cells: [{ coords: ['DEP:45'], count: 5 }, { coords: ['DEP:41'], count: 6 }],
  };
  const p = problemOf([depLevel, table('com', [deps], { 'COM:A': 5, 'COM:B': 6 })]);
  const b = twinBounds(p, () => true, p.count, -1);
  t.ok(Number.isNaN(b.high[idOf(p, 0, ['DEP:45'])]), 'DEP:45 is the sum of its communes in the other table');
  t.equal(b.canBeZero[idOf(p, 0, ['DEP:45'])], 0);
});
