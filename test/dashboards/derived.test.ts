// Ratios, means and medians are derived from published cells only: a suppressed input makes them `s`.
import t from 'tap';
import {
  categoryDimension, cellKey, dashboardView, flowPeriodDimension, geoDimension, periodWindow, stockPeriodDimension,
  type PublishedTable, type Release,
} from '../../dashboards/index.ts';
import type { PublishedValue } from '../../disclosure/index.ts';

const window = periodWindow('2026-10-31');
const communes = [
  { commune: '45234', dep: '45', reg: '24', epci: '244500468' },
  { commune: '45232', dep: '45', reg: '24', epci: '244500468' },
];

function table(id: string, measure: PublishedTable['measure'], stock: boolean, cells: [string, string, PublishedValue][],
  extra: Partial<PublishedTable> = {}): PublishedTable {
  const period = stock ? window.asOf : '12M';
  return {
    id, measure,
    dimensions: [
      stock ? stockPeriodDimension(window) : flowPeriodDimension(window, false),
      geoDimension(communes, 'COM'), categoryDimension({ category: 'typology', level: 'detail' }),
    ],
    values: new Map(cells.map(([geo, typ, v]) => [cellKey([period, geo, typ]), v])),
    ...extra,
  };
}

function release(tables: PublishedTable[]): Release {
  return {
    snapshotId: 'synthetic', asOf: window.asOf, builtAt: '', threshold: 10, window, dir: '/nonexistent',
    tables: new Map(tables.map((x) => [x.id, x])), editionDate: window.asOf,
    stats: { tables: tables.length, cells: 0, primary: 0, complementary: 0, suppressed: 0, suppressedTotal: 0, seconds: 0, auditSeconds: 0, rounds: 0, lps: 0 },
  };
}

t.test('the pressure ratio is s when its numerator or denominator is suppressed, undefined over zero', async (t) => {
  const stock = table('stock_typology', 'requests_active', true, [
    ['DEP:45', '_T', 200], ['DEP:45', 'T2', 's'], ['DEP:45', 'T3', 60],
    ['COM:45234', '_T', 150], ['COM:45232', '_T', 50],
  ]);
  const att = table('attributions_12m_typology', 'attributions', false, [
    ['DEP:45', '_T', 40], ['DEP:45', 'T2', 20], ['DEP:45', 'T3', 's'], ['COM:45234', '_T', 40], ['COM:45232', '_T', 0],
  ]);
  const view = dashboardView(release([stock, att]), 'pression', { geo: 'DEP:45' });
  const ratio = (block: number, geo: string, typ: string) =>
    view.rows.find((r) => r.block === block && r.geo === geo && r.categories.typology === typ)?.value;
  t.equal(ratio(0, 'DEP:45', '_T'), 5);
  t.equal(ratio(0, 'DEP:45', 'T2'), 's', 'numerator suppressed');
  t.equal(ratio(0, 'DEP:45', 'T3'), 's', 'denominator suppressed');
  t.equal(ratio(0, 'DEP:45', 'T4'), null, 'no attribution: not defined, never a number');
  t.equal(ratio(1, 'COM:45234', '_T'), 3.8);
  t.equal(ratio(1, 'COM:45232', '_T'), null);
  t.ok(view.rows.every((r) => r.derived), 'ratios are derived rows, kept out of the long form');
});

t.test('median and mean waits are published only where their count cell is', async (t) => {
  const medians = new Map([[cellKey(['12M', 'COM:45234']), 14]]);
  const att = table('attributions_12m_typology', 'attributions', false, [
    ['COM:45234', '_T', 40], ['COM:45232', '_T', 's'], ['DEP:45', '_T', 's'],
  ], {
    medians,
    waitDays: new Map<string, PublishedValue>([
      [cellKey(['12M', 'COM:45234', '_T']), 40 * 365], [cellKey(['12M', 'COM:45232', '_T']), 's'],
    ]),
  });
  const stock = table('stock_seniority', 'requests_active', true, [], { waitDays: new Map() });
  stock.dimensions[2] = categoryDimension({ category: 'seniority', level: 'detail' });
  const r = release([att, stock]);
  const stat = (geo: string, measure: string) =>
    dashboardView(r, 'anciennete-delais', { geo }).rows.find((x) => x.measure === measure && x.table === 'attributions_12m_typology')?.value;
  t.equal(stat('COM:45234', 'median_wait'), 14);
  t.equal(stat('COM:45234', 'mean_wait'), 12);
  t.equal(stat('COM:45232', 'median_wait'), 's', 'count suppressed: median suppressed');
  t.equal(stat('COM:45232', 'mean_wait'), 's');
});
