// Exports of a dashboard view, each as bytes + content type + file name, for the server's routes (role `exporter`,
// journaled by the server). Every export carries the mandatory source line (seed 000) and the data-quality alerts in
// force for the period:
//   csv        humans: UTF-8 with BOM, `;`, French labels and decimal commas, suppressed as `s`; alerts then the
//              source line as the last lines
//   long       the long form `check` reads: cells of the release only, source line last (derived ratios, means and
//              medians are not cells: the published cells they are computed from are listed in their place)
//   arrow      Arrow IPC stream; source line and alerts in the schema metadata (`source`, `alerts`)
//   json       the view with `source` and `alerts` fields
//   vega-lite  the chart spec; source line as the last line of `description` and in the footer
//   svg, png   the chart rendered on the server at the chosen width, footer with `s` legend, alerts and source line
import { RecordBatch, Schema, Table, tableFromArrays, tableToIPC } from 'apache-arrow';
import { todayInParis } from '../disclosure/index.ts';
import { error } from '../registry/index.ts';
import { categoryTitle } from './categories.ts';
import { chartSpec, formatNumber } from './chart.ts';
import { sourceLineFor } from './source-line.ts';
import { renderPng, renderSvg } from './render.ts';
import type { DashboardView, ViewCell, ViewRow } from './view.ts';

export const EXPORT_FORMATS = ['csv', 'long', 'arrow', 'json', 'vega-lite', 'svg', 'png'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  /** Data-quality alerts in force for the view's period, as their French text (supplied by the server). */
  alerts?: string[];
  /** "éditées le" date, ISO; default today in Paris. */
  editionDate?: string;
  /** Image width in pixels for svg and png (320 to 4000); default 1000. */
  width?: number;
}

export interface ExportFile {
  bytes: Uint8Array;
  contentType: string;
  filename: string;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  long: 'text/csv; charset=utf-8',
  arrow: 'application/vnd.apache.arrow.stream',
  json: 'application/json; charset=utf-8',
  'vega-lite': 'application/vnd.vegalite.v6+json; charset=utf-8',
  svg: 'image/svg+xml; charset=utf-8',
  png: 'image/png',
};

const EXTENSIONS: Record<ExportFormat, string> = {
  csv: 'csv', long: 'long.csv', arrow: 'arrow', json: 'json', 'vega-lite': 'vl.json', svg: 'svg', png: 'png',
};

function isExportFormat(format: string): format is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(format);
}

function exportFilename(view: DashboardView, format: ExportFormat): string {
  return `${view.id}_${view.geo.replace(':', '-')}_${view.period}.${EXTENSIONS[format]}`;
}

/** One export of a view. Throws IC_DASH_006 for an unknown format, IC_DASH_007 for a bad width. */
export async function exportView(view: DashboardView, format: string, options: ExportOptions = {}): Promise<ExportFile> {
  if (!isExportFormat(format)) throw error('DASH_BAD_FORMAT', [format]);
  const source = sourceLineFor(view.asOf, options.editionDate ?? todayInParis());
  const alerts = options.alerts ?? [];
  const text = (s: string) => new TextEncoder().encode(s);
  let bytes: Uint8Array;
  switch (format) {
    case 'csv': bytes = text(humanCsv(view, source, alerts)); break;
    case 'long': bytes = text(longCsv(view, source)); break;
    case 'arrow': bytes = arrowIpc(view, source, alerts); break;
    case 'json': bytes = text(JSON.stringify(jsonExport(view, source, alerts), null, 2)); break;
    case 'vega-lite': bytes = text(JSON.stringify(chartSpec(view, { sourceLine: source, alerts, width: options.width }), null, 2)); break;
    case 'svg': bytes = text(await svgOf(view, source, alerts, options.width ?? 1000)); break;
    case 'png': {
      const width = options.width ?? 1000;
      bytes = renderPng(await svgOf(view, source, alerts, width), width);
      break;
    }
  }
  return { bytes, contentType: CONTENT_TYPES[format], filename: exportFilename(view, format) };
}

function svgOf(view: DashboardView, source: string, alerts: string[], width: number): Promise<string> {
  return renderSvg(chartSpec(view, { sourceLine: source, alerts, width }), width);
}

/** Category dimensions used by any row or cell, in order of first appearance. */
function categoryNames(rows: { categories: Record<string, string> }[]): string[] {
  const names: string[] = [];
  for (const row of rows) for (const name of Object.keys(row.categories)) if (!names.includes(name)) names.push(name);
  return names;
}

const csvField = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

function frenchValue(row: ViewRow): string {
  if (row.value === 's') return 's';
  if (row.value === null) return '';
  return formatNumber(row.value).replace(/\u00a0/g, '');
}

function humanCsv(view: DashboardView, source: string, alerts: string[]): string {
  const cats = categoryNames(view.rows);
  const header = ['Indicateur', 'Territoire', 'Code géographique', 'Période', ...cats.map(categoryTitle), 'Valeur', 'Unité'];
  const lines = [header.map(csvField).join(';')];
  for (const row of view.rows) {
    const fields = [
      view.blocks[row.block].indicator, row.geoLabel, row.geo, row.periodLabel,
      ...cats.map((c) => row.labels[c] ?? ''), frenchValue(row), row.unit,
    ];
    lines.push(fields.map(csvField).join(';'));
  }
  for (const a of alerts) lines.push(csvField(`Alerte : ${a}`));
  lines.push(source);
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The long form of the view's release cells; a dimension a table lacks is its total `_T` (the linking rule). */
function longCsv(view: DashboardView, source: string): string {
  const cells = view.rows.flatMap((r): Pick<ViewRow, keyof ViewCell>[] => (r.derived ? r.inputs ?? [] : [r]));
  const cats = categoryNames(cells);
  const lines = [['measure', 'period', 'geo', ...cats, 'value'].join(';')];
  const seen = new Set<string>();
  for (const r of cells) {
    const line = [r.measure, r.period, r.geo, ...cats.map((c) => r.categories[c] ?? '_T'), String(r.value)].join(';');
    if (!seen.has(line)) lines.push(line);
    seen.add(line);
  }
  lines.push(source);
  return `${lines.join('\n')}\n`;
}

function arrowIpc(view: DashboardView, source: string, alerts: string[]): Uint8Array {
  const cats = categoryNames(view.rows);
  const columns: Record<string, string[] | (number | null)[]> = {
    indicator: view.rows.map((r) => view.blocks[r.block].indicator),
    measure: view.rows.map((r) => r.measure),
    geo: view.rows.map((r) => r.geo),
    geo_label: view.rows.map((r) => r.geoLabel),
    period: view.rows.map((r) => r.period),
    period_label: view.rows.map((r) => r.periodLabel),
  };
  for (const c of cats) {
    columns[c] = view.rows.map((r) => r.categories[c] ?? '_T');
    columns[`${c}_label`] = view.rows.map((r) => r.labels[c] ?? 'Ensemble');
  }
  columns.value = view.rows.map((r) => (typeof r.value === 'number' ? r.value : null));
  columns.status = view.rows.map((r) => (r.value === 's' ? 's' : r.value === null ? 'n.d.' : 'publié'));
  columns.unit = view.rows.map((r) => r.unit);
  const plain = tableFromArrays(columns as never);
  const metadata = new Map([
    ['source', source], ['alerts', JSON.stringify(alerts)], ['dashboard', view.id], ['title', view.title],
  ]);
  const schema = new Schema(plain.schema.fields, metadata);
  return tableToIPC(new Table(schema, plain.batches.map((b) => new RecordBatch(schema, b.data))), 'stream');
}

function jsonExport(view: DashboardView, source: string, alerts: string[]) {
  return {
    dashboard: view.id, title: view.title, description: view.description,
    geo: view.geo, geoLabel: view.geoLabel, period: view.period, periodLabel: view.periodLabel, asOf: view.asOf,
    notes: view.notes, alerts, source,
    blocks: view.blocks,
    rows: view.rows.map((r) => ({
      indicator: view.blocks[r.block].indicator, measure: r.measure, geo: r.geo, geoLabel: r.geoLabel, period: r.period,
      periodLabel: r.periodLabel, categories: r.categories, labels: r.labels, value: r.value, unit: r.unit,
    })),
  };
}
