// The mandatory source line is exact in every export, parsed back from each format; the PNG has the asked width.
// (`check` on every dashboard's long-form export runs through the routes: test/server/dashboards.test.ts.)
import t from 'tap';
import { tableFromIPC } from 'apache-arrow';
import { parseSourceLine } from '../../disclosure/index.ts';
import { dashboardView, exportView, type DashboardView } from '../../dashboards/index.ts';
import { pngSize, svgTexts } from './helpers/formats.ts';
import { EDITION, handMadeRelease, SOURCE_LINE } from './helpers/release.ts';

const ALERT = 'Données de mars 2026 incomplètes pour le Loiret';
const text = (b: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(b);

t.test('source line and alerts in every format', async (t) => {
  const { release } = await handMadeRelease();
  const view: DashboardView = dashboardView(release, 'radiations', { geo: 'DEP:45', period: '2026' });
  const opts = { editionDate: EDITION, alerts: [ALERT], width: 640 };

  const csv = await exportView(view, 'csv', opts);
  const csvText = text(csv.bytes);
  t.ok(csvText.startsWith('\uFEFF'), 'CSV starts with a BOM');
  const lines = csvText.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  t.equal(lines.at(-1), SOURCE_LINE, 'CSV: source line last');
  t.ok(parseSourceLine(lines.at(-1)!));
  t.ok(lines.includes(`Alerte : ${ALERT}`), 'CSV: alert');
  t.match(lines[0], /^Indicateur;Territoire;Code géographique;Période;/);
  t.ok(lines.slice(1, -2).every((l) => l.split(';').length === lines[0].split(';').length), 'CSV rows are rectangular');
  t.equal(csv.contentType, 'text/csv; charset=utf-8');
  t.match(csv.filename, /^radiations_DEP-45_2026\.csv$/);

  const long = text((await exportView(view, 'long', opts)).bytes).trimEnd().split('\n');
  t.equal(long[0], 'measure;period;geo;motive;value');
  t.equal(long.at(-1), SOURCE_LINE, 'long form: source line last');
  t.ok(long.slice(1, -1).every((l) => /^radiations;\d{4}(-\d{2})?;DEP:45;[A-Z_]+;(\d+|s)$/.test(l)), 'long form rows');

  const json = JSON.parse(text((await exportView(view, 'json', opts)).bytes));
  t.equal(json.source, SOURCE_LINE, 'JSON: source field');
  t.same(json.alerts, [ALERT]);
  t.ok(json.rows.some((r: { value: unknown }) => r.value === 's') || json.rows.length > 0);

  const arrow = tableFromIPC((await exportView(view, 'arrow', opts)).bytes);
  t.equal(arrow.schema.metadata.get('source'), SOURCE_LINE, 'Arrow: schema metadata');
  t.same(JSON.parse(arrow.schema.metadata.get('alerts')!), [ALERT]);
  t.equal(arrow.numRows, view.rows.length);

  const spec = JSON.parse(text((await exportView(view, 'vega-lite', opts)).bytes));
  t.equal(spec.description.split('\n').at(-1), SOURCE_LINE, 'spec: description ends with the source line');
  t.notOk(JSON.stringify(spec).includes('"url"'), 'spec carries inline data only');

  const svg = text((await exportView(view, 'svg', opts)).bytes);
  const texts = svgTexts(svg);
  t.ok(texts.includes(SOURCE_LINE), 'SVG: source line as a text of the footer');
  t.ok(texts.includes(`Alerte : ${ALERT}`), 'SVG: alert in the footer');
  t.match(svg, /^<svg[^>]* width="640"/);

  const png = pngSize((await exportView(view, 'png', opts)).bytes);
  t.equal(png.width, 640, 'a well-formed PNG of the requested width');
  t.ok(png.height > 100, 'and a real height');
});

t.test('suppressed cells are s in the CSV and an explicit mark in the chart, never zero', async (t) => {
  const { release } = await handMadeRelease();
  const view = dashboardView(release, 'radiations', { geo: 'DEP:45', period: '2026' });
  const suppressed = view.rows.filter((r) => r.value === 's');
  t.ok(suppressed.length > 0, 'the view has suppressed cells');
  const csv = text((await exportView(view, 'csv', { editionDate: EDITION })).bytes).split('\r\n');
  t.equal(csv.filter((l) => l.endsWith(';s;nombre')).length, suppressed.length);
  const spec = JSON.parse(text((await exportView(view, 'vega-lite', { editionDate: EDITION })).bytes));
  const data = spec.vconcat[0].vconcat.flatMap((c: { data: { values: { secret: boolean; value: number | null }[] } }) => c.data.values);
  t.ok(data.filter((d: { secret: boolean }) => d.secret).every((d: { value: unknown }) => d.value === null), 'no bar for s');
  const svg = text((await exportView(view, 'svg', { editionDate: EDITION, width: 800 })).bytes);
  t.ok(svgTexts(svg).some((s) => s.startsWith('s : secret statistique')), 'legend of s in the image');
});

t.test('bad format and width are refused', async (t) => {
  const { release } = await handMadeRelease();
  const view = dashboardView(release, 'radiations', { geo: 'FR' });
  await t.rejects(exportView(view, 'xlsx'), { code: 'IC_DASH_006' });
  await t.rejects(exportView(view, 'png', { width: 10 }), { code: 'IC_DASH_007' });
});
