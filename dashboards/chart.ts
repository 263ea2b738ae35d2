// The Vega-Lite spec of a dashboard view: one chart per block, suppressed cells drawn as an explicit "s" (secret
// statistique) and never as a zero bar, and a footer laid out by Vega itself with the legend of `s`, the alerts in
// force and the mandatory source line. Data is inline only: the spec never names a URL or a file.
import type { TopLevelSpec } from 'vega-lite';
import type { DashboardView, ViewBlock, ViewRow } from './view.ts';

const SECRET_LEGEND = 's : secret statistique (valeur masquée pour protéger les personnes, jamais un zéro)';
const FONT = 'DejaVu Sans';
/** Units drawn in a by-territory chart at most. */
const MAX_UNITS = 30;

export interface ChartOptions {
  sourceLine: string;
  alerts?: string[];
  width?: number; // layout width in pixels (the image is scaled to the requested width when rendered)
}

interface Datum {
  x: string;
  series: string | null;
  value: number | null;
  text: string;
  secret: boolean;
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(value).replace(/\u202f/g, '\u00a0');
}

function displayValue(row: ViewRow): string {
  if (row.value === 's') return 's';
  if (row.value === null) return 'n.d.';
  return formatNumber(row.value);
}

const isTotal = (row: ViewRow) => Object.values(row.categories).some((c) => c === '_T');

/** The rows a block's chart draws, and what goes on each axis. */
function chartData(view: DashboardView, block: ViewBlock, rows: ViewRow[]): { data: Datum[]; series: boolean; xIsPeriod: boolean } {
  const cats = block.categories.map((c) => c.name);
  let shown = rows;
  let x: (r: ViewRow) => string;
  let series: ((r: ViewRow) => string) | undefined;
  if (block.series) {
    shown = rows.filter((r) => r.period !== view.period && (cats.length === 0 || !isTotal(r)));
    x = (r) => r.periodLabel;
    if (cats.length > 0) series = (r) => r.labels[cats[0]];
  } else if (block.kind === 'ratio' && cats.length === 0) {
    x = (r) => r.geoLabel;
  } else if (cats.length === 0) {
    x = () => block.indicator;
  } else {
    const leaves = rows.filter((r) => !isTotal(r));
    shown = leaves.length > 0 && block.kind !== 'ratio' ? leaves : rows;
    x = (r) => r.labels[cats[0]];
    if (cats.length > 1) series = (r) => r.labels[cats[1]];
  }
  if (block.kind === 'ratio' && cats.length === 0 && shown.length > MAX_UNITS) {
    // A département holds hundreds of communes: the chart keeps the unit itself and the highest ratios (the table
    // and the exports keep every row).
    const [self, ...children] = shown;
    const rank = (r: ViewRow) => (typeof r.value === 'number' ? r.value : -1);
    shown = [self, ...children.sort((a, b) => rank(b) - rank(a)).slice(0, MAX_UNITS - 1)];
  }
  const data = shown.map((r) => ({
    x: x(r), series: series ? series(r) : null, value: typeof r.value === 'number' ? r.value : null,
    text: displayValue(r), secret: r.value === 's',
  }));
  return { data, series: series !== undefined, xIsPeriod: block.series };
}

function blockChart(view: DashboardView, block: ViewBlock, rows: ViewRow[], width: number): Record<string, unknown> {
  const { data, series, xIsPeriod } = chartData(view, block, rows);
  const unit = block.unit === 'nombre' ? '' : ` (${block.unit})`;
  const value = { field: 'value', type: 'quantitative', title: `${block.indicator}${unit}`, stack: series ? 'zero' : null };
  // Explicit domains keep the reading order of the rows (a layered chart would otherwise merge and re-sort them).
  const unique = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))];
  const category = { field: 'x', type: 'nominal', title: null, axis: { labelLimit: 260 }, scale: { domain: unique(data.map((d) => d.x)) } };
  const color = series
    ? {
      color: {
        field: 'series', type: 'nominal', scale: { domain: unique(data.map((d) => d.series)) },
        title: xIsPeriod ? block.categories[0]?.title : block.categories[1]?.title, legend: { labelLimit: 320 },
      },
    }
    : {};
  const [pos, cat] = xIsPeriod ? ['y', 'x'] : ['x', 'y'];
  const size = xIsPeriod ? { width, height: 220 } : { width, height: { step: 18 } };
  return {
    title: {
      text: block.indicator, anchor: 'start', fontSize: 13,
      ...(data.length < rows.length && block.kind === 'ratio' ? { subtitle: `Les ${MAX_UNITS - 1} territoires au ratio le plus élevé (toutes les lignes dans le tableau)` } : {}),
    },
    ...size,
    data: { values: data },
    layer: [
      { mark: { type: 'bar', tooltip: true }, encoding: { [pos]: value, [cat]: category, ...color } },
      {
        transform: [{ filter: 'datum.secret' }],
        mark: { type: 'text', text: 's', fontWeight: 'bold', color: '#b00020', align: xIsPeriod ? 'center' : 'left', dx: xIsPeriod ? 0 : 4, dy: xIsPeriod ? -6 : 0 },
        encoding: { [pos]: { datum: 0, type: 'quantitative' }, [cat]: category },
      },
    ],
  };
}

/** The full spec: title, one chart per block, footer with the `s` legend, alerts and the source line. */
export function chartSpec(view: DashboardView, options: ChartOptions): TopLevelSpec {
  const layout = Math.max(options.width ?? 800, 720);
  const inner = layout - 300;
  const charts = view.blocks.map((b, i) => blockChart(view, b, view.rows.filter((r) => r.block === i), inner));
  const footer = [SECRET_LEGEND, ...(options.alerts ?? []).map((a) => `Alerte : ${a}`), options.sourceLine];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `${view.title} - ${view.geoLabel} - ${view.periodLabel}\n${options.sourceLine}`,
    config: { font: FONT, view: { stroke: null }, title: { font: FONT }, axis: { labelFont: FONT, titleFont: FONT }, legend: { labelFont: FONT, titleFont: FONT } },
    title: { text: footer, orient: 'bottom', anchor: 'start', fontSize: 10, fontWeight: 'normal', offset: 16 },
    vconcat: [{
      title: { text: view.title, subtitle: `${view.geoLabel} - ${view.periodLabel}`, anchor: 'start', fontSize: 16 },
      vconcat: charts,
    }],
  } as unknown as TopLevelSpec;
}
