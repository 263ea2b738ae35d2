// Builds the release tables of a snapshot from the aggregated universe: one GROUP BY per table for the leaf cells
// (commune × leaf period × leaf categories), then every margin in memory. Medians of the wait to attribution are
// computed here from the wait_months distribution, per geography × period, and published later only where the count
// cell is published (derived statistics never come from a suppressed cell).
import type { Cell, Dimension, Table } from '../disclosure/index.ts';
import type { AggregatedDB, Universe } from '../universes/index.ts';
import { error } from '../registry/index.ts';
import { categoryDimension, categorySql } from './categories.ts';
import type { ReleaseTableSpec } from './catalogue.ts';
import { COM, geoDimension, type CommuneRef } from './geo.ts';
import {
  flowPeriodDimension, periodWindow, ROLLING, stockPeriodDimension, type EchoPeriod, type PeriodWindow,
} from './periods.ts';
import { addMargins, ancestorsOf, cellKey } from './rollup.ts';

export const WAIT_DAYS = 'sum_wait_days';

export interface BuiltTable {
  table: Table;
  /** Median wait in months by `cellKey([period, geo])`, for tables that publish it. */
  medians?: Map<string, number>;
}

interface SourceSql {
  from: string;
  month: string; // the column whose month places a fact in a period
}

const SOURCES: Record<ReleaseTableSpec['source'], SourceSql> = {
  stock: { from: 'request_facts WHERE radiated_month IS NULL', month: 'filed_month' },
  new: { from: 'request_facts WHERE TRUE', month: 'filed_month' },
  radiations: { from: 'request_facts WHERE radiated_month IS NOT NULL', month: 'radiated_month' },
  attributions: { from: 'attribution_facts WHERE TRUE', month: 'attributed_month' },
};

const monthStart = (m: string) => `DATE '${m}-01'`;

/** Period leaf expression and the filter keeping facts of the table's window. */
function periodSql(spec: ReleaseTableSpec, window: PeriodWindow): { leaf: string; filter: string } {
  if (spec.source === 'stock') return { leaf: `'${window.asOf}'`, filter: '' };
  const { month } = SOURCES[spec.source];
  const months = spec.finePeriods ? window.months : window.rolling;
  return {
    leaf: spec.finePeriods ? `strftime(${month}, '%Y-%m')` : `'${ROLLING}'`,
    filter: ` AND ${month} >= ${monthStart(months[0])} AND ${month} <= ${monthStart(months.at(-1)!)}`,
  };
}

export async function snapshotDate(u: Universe<AggregatedDB>): Promise<string> {
  const rows = await u.all(u.q.selectFrom('snapshot').select('as_of'));
  if (rows.length !== 1) throw error('DASH_NO_SNAPSHOT_ROW', [rows.length]);
  return rows[0].as_of;
}

export async function communeRefs(u: Universe<AggregatedDB>): Promise<Map<string, CommuneRef>> {
  const rows = await u.all(u.q.selectFrom('geo_commune').select(['commune', 'dep', 'reg', 'epci']));
  return new Map(rows.map((r) => [r.commune, r]));
}

interface LeafRow { commune: string; period: string; n: number; w: number; [cat: `c${number}`]: string }

/**
 * `echoes`: periods of the release before, as hidden codes (release-carry.ts). `medians` false: the table alone, for
 * a use that publishes nothing of it (the earlier release's truth).
 */
export async function buildTable(
  u: Universe<AggregatedDB>, spec: ReleaseTableSpec, window: PeriodWindow, refs: Map<string, CommuneRef>,
  { echoes = [], medians = true }: { echoes?: readonly EchoPeriod[]; medians?: boolean } = {},
): Promise<BuiltTable> {
  const { from } = SOURCES[spec.source];
  const period = periodSql(spec, window);
  const cats = spec.categories.map((c, i) => `${categorySql(c, window.asOf)} AS c${i}`);
  const rows = await u.sql<LeafRow>(
    `SELECT commune, ${period.leaf} AS period${cats.map((c) => `, ${c}`).join('')}, sum(n)::BIGINT AS n,
       sum(sum_wait_days)::BIGINT AS w FROM ${from}${period.filter} GROUP BY ALL`);
  const communes = usedCommunes(rows, refs, spec.id);
  const dimensions: Dimension[] = [
    spec.source === 'stock' ? stockPeriodDimension(window) : flowPeriodDimension(window, spec.finePeriods, echoes),
    geoDimension(communes, spec.geo),
    ...spec.categories.map(categoryDimension),
  ];
  const geoLeaf = (c: string) => spec.geo === 'COM' ? COM(c) : `DEP:${refs.get(c)!.dep}`;
  const leaves: Cell[] = rows.map((r) => ({
    coords: [r.period, geoLeaf(r.commune), ...spec.categories.map((_, i) => r[`c${i}`])],
    count: r.n,
    ...(spec.waitDays ? { magnitudes: { [WAIT_DAYS]: r.w } } : {}),
  }));
  const table: Table = { id: spec.id, measure: spec.measure, dimensions, cells: addMargins(dimensions, leaves) };
  if (!spec.medianWait || !medians) return { table };
  return { table, medians: await medianWaits(u, period, dimensions, geoLeaf) };
}

function usedCommunes(rows: LeafRow[], refs: Map<string, CommuneRef>, table: string): CommuneRef[] {
  const used = new Map<string, CommuneRef>();
  for (const r of rows) {
    if (used.has(r.commune)) continue;
    const ref = refs.get(r.commune);
    if (!ref) throw error('DASH_UNKNOWN_COMMUNE', [r.commune, table]);
    used.set(r.commune, ref);
  }
  return [...used.values()];
}

/** Median of whole months from filing to attribution, per period × geography (categories at their total). */
async function medianWaits(
  u: Universe<AggregatedDB>, period: { leaf: string; filter: string }, dims: Dimension[], geoLeaf: (c: string) => string,
): Promise<Map<string, number>> {
  const rows = await u.sql<{ commune: string; period: string; wait: number; n: number }>(
    `SELECT commune, ${period.leaf} AS period, wait_months AS wait, sum(n)::BIGINT AS n
       FROM attribution_facts WHERE TRUE${period.filter} GROUP BY ALL`);
  const upPeriod = ancestorsOf(dims[0]);
  const upGeo = ancestorsOf(dims[1]);
  const histograms = new Map<string, Map<number, number>>();
  for (const r of rows) {
    for (const p of upPeriod.get(r.period) ?? [r.period]) {
      const leaf = geoLeaf(r.commune);
      for (const g of upGeo.get(leaf) ?? [leaf]) {
        const key = cellKey([p, g]);
        const h = histograms.get(key) ?? new Map<number, number>();
        h.set(r.wait, (h.get(r.wait) ?? 0) + r.n);
        histograms.set(key, h);
      }
    }
  }
  const medians = new Map<string, number>();
  for (const [key, h] of histograms) medians.set(key, medianOf(h));
  return medians;
}

/** Median of a distribution given as value → count (mean of the two middle values when the count is even). */
function medianOf(histogram: Map<number, number>): number {
  const values = [...histogram.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = values.reduce((s, [, n]) => s + n, 0);
  const at = (rank: number): number => {
    let seen = 0;
    for (const [v, n] of values) {
      seen += n;
      if (seen >= rank) return v;
    }
    return Number.NaN;
  };
  if (total === 0) return Number.NaN;
  return total % 2 === 1 ? at((total + 1) / 2) : (at(total / 2) + at(total / 2 + 1)) / 2;
}

export { periodWindow };
