// A dashboard for one geography and one period: rows looked up in the release, and statistics derived from
// published cells only (a ratio, mean or median whose inputs are suppressed is `s` itself).
import type { PublishedValue } from '../disclosure/index.ts';
import { error } from '../registry/index.ts';
import { geoExists, parseGeo, TOTAL } from '../universes/index.ts';
import { categoryLabel, categoryTitle } from './categories.ts';
import type { Block, DashboardDefinition, TableChoice } from './definition.ts';
import { DASHBOARDS } from './definitions/index.ts';
import { childrenOf, geoLabel } from './geo.ts';
import { monthsOf, periodLabel, publishedPeriods, ROLLING } from './periods.ts';
import type { PublishedTable, Release } from './release.ts';
import { cellKey } from './rollup.ts';

export interface DashboardQuery {
  geo: string; // FR, REG:84, DEP:45, EPCI:200000172, COM:45001
  period?: string; // 2026-10, 2026-Q3, 2026, 12M (default 12M)
}

export type ViewValue = PublishedValue | null; // null: not defined (a ratio over zero attributions)

export type Unit = 'nombre' | 'ratio' | 'mois' | 'jours';

export interface ViewRow {
  block: number; // index in `view.blocks`
  measure: string; // release measure, or the derived statistic (`ratio`, `mean_wait`, `median_wait`)
  table: string; // the release table the row's cells come from
  derived: boolean; // true for ratios, means, medians: not cells of the release, never in the long form
  /** For a derived row: the published cells it is computed from (the long form lists them in its place). */
  inputs?: ViewCell[];
  period: string;
  periodLabel: string;
  geo: string;
  geoLabel: string;
  categories: Record<string, string>; // dimension name → code (`_T` for the total)
  labels: Record<string, string>; // dimension name → French label
  value: ViewValue;
  unit: Unit;
}

/** A cell of the release as published. */
export interface ViewCell {
  measure: string;
  period: string;
  geo: string;
  categories: Record<string, string>; // dimension name → code
  value: PublishedValue;
}

export interface ViewBlock {
  indicator: string;
  kind: Block['kind'];
  unit: Unit;
  table: string;
  categories: { name: string; title: string }[];
  series: boolean; // rows per month of the period
}

export interface DashboardView {
  id: string;
  title: string;
  description: string;
  notes: string[];
  geo: string;
  geoLabel: string;
  period: string; // the period asked for (flows), `12M` by default
  periodLabel: string;
  asOf: string;
  snapshotId: string;
  threshold: number;
  blocks: ViewBlock[];
  rows: ViewRow[];
}

export interface DashboardSummary {
  id: string;
  title: string;
  description: string;
  periodKind: DashboardDefinition['periodKind'];
}

/** The predefined dashboards, for the list page. */
export function listDashboards(): DashboardSummary[] {
  return DASHBOARDS.map(({ id, title, description, periodKind }) => ({ id, title, description, periodKind }));
}

function dashboardDefinition(id: string): DashboardDefinition {
  const def = DASHBOARDS.find((d) => d.id === id);
  if (!def) throw error('DASH_UNKNOWN_DASHBOARD', [id]);
  return def;
}

/** Validates a geography code against the real geography; throws IC_DASH_004. */
export function checkGeo(geo: string): string {
  const ref = parseGeo(geo);
  if (!ref || !geoExists(ref)) throw error('DASH_BAD_GEO', [geo]);
  return geo;
}

/** Validates a period against the periods the release publishes; throws IC_DASH_005. */
function checkPeriod(release: Release, period: string | undefined): string {
  const p = period ?? ROLLING;
  if (!publishedPeriods(release.window).includes(p)) throw error('DASH_BAD_PERIOD', [p]);
  return p;
}

/** The dashboard `id` for a geography and a period, from the release. Throws IC_DASH_003/004/005 on bad input. */
export function dashboardView(release: Release, id: string, query: DashboardQuery): DashboardView {
  const def = dashboardDefinition(id);
  const geo = checkGeo(query.geo);
  const period = checkPeriod(release, query.period);
  const ctx = new Context(release, geo, period);
  const blocks: ViewBlock[] = [];
  const rows: ViewRow[] = [];
  const notes = [...def.notes];
  for (const block of def.blocks) {
    if (!ctx.publishes(block)) {
      notes.push(`« ${block.indicator} » est publié à partir de l'échelle du département.`);
      continue;
    }
    const { viewBlock, blockRows } = ctx.block(block, blocks.length);
    blocks.push(viewBlock);
    rows.push(...blockRows);
  }
  if (def.periodKind !== 'flow') notes.push(`Les stocks de demandes sont comptés au ${periodLabel(release.window, release.asOf).slice(3)}.`);
  return {
    id: def.id, title: def.title, description: def.description, notes, geo, geoLabel: geoLabel(geo), period,
    periodLabel: periodLabel(release.window, def.periodKind === 'stock' ? release.asOf : period), asOf: release.asOf, snapshotId: release.snapshotId,
    threshold: release.threshold, blocks, rows,
  };
}

class Context {
  constructor(readonly release: Release, readonly geo: string, readonly period: string) {}

  tableId(choice: TableChoice): string | null {
    const level = parseGeo(this.geo)!.level;
    return typeof choice === 'string' ? choice : level === 'EPCI' || level === 'COM' ? choice.coarse : choice.fine;
  }

  /** False when the block's table stops above this geography's level. */
  publishes(block: Block): boolean {
    return block.kind === 'ratio' || this.tableId(block.table) !== null;
  }

  table(choice: TableChoice): PublishedTable {
    const id = this.tableId(choice);
    const t = id === null ? undefined : this.release.tables.get(id);
    if (!t) throw error('DASH_RELEASE_CORRUPT', [`${this.release.dir} (${id})`]);
    return t;
  }

  /** The periods of a table's rows: the stock date, the rolling window only, or the chosen period (and its months). */
  periods(t: PublishedTable, series: boolean): { codes: string[]; series: boolean } {
    const dim = t.dimensions[0];
    if (dim.codes.length === 1) return { codes: [dim.codes[0]], series: false };
    if (!series) return { codes: [this.period], series: false };
    const months = monthsOf(this.release.window, this.period);
    return { codes: months.length > 1 ? [...months, this.period] : [this.period], series: months.length > 1 };
  }

  value(t: PublishedTable, coords: string[]): PublishedValue {
    return t.values.get(cellKey(coords)) ?? 0; // absent cells of a table are zero cells
  }

  cell(t: PublishedTable, coords: string[]): ViewCell {
    const categories = Object.fromEntries(t.dimensions.slice(2).map((d, i) => [d.name, coords[2 + i]]));
    return { measure: t.measure, period: coords[0], geo: coords[1], categories, value: this.value(t, coords) };
  }

  row(block: number, t: PublishedTable, measure: string, derived: boolean, coords: string[], value: ViewValue, unit: Unit): ViewRow {
    const categories: Record<string, string> = {};
    const labels: Record<string, string> = {};
    t.dimensions.slice(2).forEach((d, i) => {
      categories[d.name] = coords[2 + i];
      labels[d.name] = categoryLabel(d.name, coords[2 + i]);
    });
    return {
      block, measure, table: t.id, derived, period: coords[0], periodLabel: periodLabel(this.release.window, coords[0]),
      geo: coords[1], geoLabel: geoLabel(coords[1]), categories, labels, value, unit,
    };
  }

  block(block: Block, i: number): { viewBlock: ViewBlock; blockRows: ViewRow[] } {
    switch (block.kind) {
      case 'cells': return this.cells(block, i);
      case 'mean': return this.mean(block, i);
      case 'median': return this.median(block, i);
      case 'ratio': return this.ratio(block, i);
    }
  }

  cells(block: Extract<Block, { kind: 'cells' }>, i: number) {
    const t = this.table(block.table);
    const { codes: periods, series } = this.periods(t, block.series ?? false);
    const combos = categoryCombos(t);
    const blockRows = periods.flatMap((p) => combos.map((c) => {
      const coords = [p, this.geo, ...c];
      return this.row(i, t, t.measure, false, coords, this.value(t, coords), 'nombre');
    }));
    return { viewBlock: this.viewBlock(block, t, 'nombre', series), blockRows };
  }

  mean(block: Extract<Block, { kind: 'mean' }>, i: number) {
    const t = this.table(block.table);
    const [p] = this.periods(t, false).codes;
    const coords = [p, this.geo, ...t.dimensions.slice(2).map((d) => d.root)];
    const count = this.value(t, coords);
    const days = t.waitDays?.get(cellKey(coords)) ?? 0;
    let value: ViewValue;
    if (count === 's' || days === 's') value = 's';
    else if (count === 0) value = null;
    else value = round1(block.unit === 'mois' ? days / count / 30.4375 : days / count);
    const row = { ...this.row(i, t, 'mean_wait', true, coords, value, block.unit), inputs: [this.cell(t, coords)] };
    return { viewBlock: { ...this.viewBlock(block, t, block.unit, false), categories: [] }, blockRows: [row] };
  }

  median(block: Extract<Block, { kind: 'median' }>, i: number) {
    const t = this.table(block.table);
    const [p] = this.periods(t, false).codes;
    const coords = [p, this.geo, ...t.dimensions.slice(2).map((d) => d.root)];
    const count = this.value(t, coords);
    const value: ViewValue = count === 's' ? 's' : count === 0 ? null : t.medians?.get(cellKey([p, this.geo])) ?? 's';
    const row = { ...this.row(i, t, 'median_wait', true, coords, value, 'mois'), inputs: [this.cell(t, coords)] };
    return { viewBlock: { ...this.viewBlock(block, t, 'mois', false), categories: [] }, blockRows: [row] };
  }

  ratio(block: Extract<Block, { kind: 'ratio' }>, i: number) {
    const num = this.table(block.numerator);
    const den = this.table(block.denominator);
    const [pNum] = this.periods(num, false).codes;
    const [pDen] = this.periods(den, false).codes;
    const cats = block.byCategory ? categoryCombos(den) : [den.dimensions.slice(2).map((d) => d.root)];
    const geos = block.children ? [this.geo, ...childrenOf(num.dimensions[1], this.geo)] : [this.geo];
    const blockRows = geos.flatMap((g) => cats.map((c) => {
      const n = this.value(num, [pNum, g, ...c]);
      const d = this.value(den, [pDen, g, ...c]);
      const value: ViewValue = n === 's' || d === 's' ? 's' : d === 0 ? null : round1(n / d);
      const inputs = [this.cell(num, [pNum, g, ...c]), this.cell(den, [pDen, g, ...c])];
      return { ...this.row(i, den, 'ratio', true, [pDen, g, ...c], value, 'ratio'), inputs };
    }));
    const viewBlock = this.viewBlock({ indicator: block.indicator, kind: 'ratio' }, den, 'ratio', false);
    if (!block.byCategory) viewBlock.categories = [];
    return { viewBlock, blockRows };
  }

  viewBlock(block: { indicator: string; kind: Block['kind'] }, t: PublishedTable, unit: Unit, series: boolean): ViewBlock {
    return {
      indicator: block.indicator, kind: block.kind, unit, table: t.id, series,
      categories: t.dimensions.slice(2).map((d) => ({ name: d.name, title: categoryTitle(d.name) })),
    };
  }
}

/** Every combination of each category dimension's leaves and its total (groups are left to the long form). */
function categoryCombos(t: PublishedTable): string[][] {
  let combos: string[][] = [[]];
  for (const dim of t.dimensions.slice(2)) {
    const totals = new Set(dim.relations.map((r) => r.total));
    const shown = [...dim.codes.filter((c) => !totals.has(c)), dim.root ?? TOTAL];
    combos = combos.flatMap((c) => shown.map((code) => [...c, code]));
  }
  return combos;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
