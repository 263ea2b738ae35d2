import t from 'tap';
import {
  addMargins, categoryDimension, flowPeriodDimension, geoDimension, monthsOf, periodWindow, publishedPeriods,
} from '../../dashboards/index.ts';

t.test('margins follow both geographic hierarchies without counting France twice', async (t) => {
  // two communes of one EPCI that straddles two départements of one région
  const geo = geoDimension([
    { commune: 'A', dep: '01', reg: '84', epci: 'E1' },
    { commune: 'B', dep: '02', reg: '84', epci: 'E1' },
    { commune: 'C', dep: '02', reg: '84', epci: null },
  ], 'COM');
  const typ = categoryDimension({ category: 'mutation', level: 'detail' });
  const cells = addMargins([geo, typ], [
    { coords: ['COM:A', 'MUT'], count: 3, magnitudes: { w: 30 } },
    { coords: ['COM:B', 'EXT'], count: 5, magnitudes: { w: 50 } },
    { coords: ['COM:C', 'EXT'], count: 7, magnitudes: { w: 70 } },
  ]);
  const get = (g: string, c: string) => cells.find((x) => x.coords[0] === g && x.coords[1] === c);
  t.equal(get('FR', '_T')?.count, 15);
  t.equal(get('FR', '_T')?.magnitudes?.w, 150);
  t.equal(get('EPCI:E1', '_T')?.count, 8);
  t.equal(get('DEP:02', 'EXT')?.count, 12);
  t.equal(get('REG:84', 'MUT')?.count, 3);
  t.equal(get('EPCI:E1', 'EXT')?.count, 5);
});

t.test('the period window publishes three calendar years, quarters, months and the rolling 12 months', async (t) => {
  const w = periodWindow('2026-10-31');
  t.equal(w.months[0], '2024-01');
  t.equal(w.months.at(-1), '2026-10');
  t.same(w.years, ['2024', '2025', '2026']);
  t.equal(w.quarters.at(-1), '2026-Q4');
  t.same(monthsOf(w, '12M'), ['2025-11', '2025-12', ...Array.from({ length: 10 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`)]);
  t.same(monthsOf(w, '2026-Q3'), ['2026-07', '2026-08', '2026-09']);
  t.same(monthsOf(w, '2019'), [], 'no period outside the window');
  t.ok(publishedPeriods(w).includes('2026-Q3'));
  const dim = flowPeriodDimension(w, true);
  t.equal(dim.root, '12M');
  t.same(dim.relations.find((r) => r.total === '2026')?.parts, ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
});

t.test('the geography is the same whatever order the database returned the communes in', async (t) => {
  // The engine breaks ties by relation order: a snapshot must always give the same release.
  const communes = [
    { commune: 'A', dep: '01', reg: '84', epci: 'E2' },
    { commune: 'B', dep: '02', reg: '84', epci: 'E1' },
    { commune: 'C', dep: '02', reg: '84', epci: 'E2' },
    { commune: 'D', dep: '01', reg: '84', epci: 'E1' },
  ];
  const once = geoDimension(communes, 'COM');
  t.same(geoDimension([...communes].reverse(), 'COM'), once, 'reversed');
  t.same(geoDimension([communes[2], communes[0], communes[3], communes[1]], 'COM'), once, 'shuffled');
  t.same(once.relations.map((r) => r.total), ['FR', 'REG:84', 'DEP:01', 'DEP:02', 'EPCI:E1', 'EPCI:E2'], 'relations in code order');
});
