// Issue 5's "done when", through the real app on the committed `tiny` fixture (Loiret and Loir-et-Cher, 4 104
// requests) and its release, protected by the real disclosure engine: every dashboard for France, a département and a
// small commune renders without a count of 1 to 9; each of its exports carries the source line exactly, parsed back
// from the CSV, the long form, the JSON, the Arrow schema metadata, the Vega-Lite spec and the SVG text; the PNG is a
// well-formed image of the requested width; and the `check` command (its library call) passes on the long-form export.
import { tableFromIPC } from 'apache-arrow';
import t from 'tap';
import { listDashboards } from '../../dashboards/index.ts';
import { parseSourceLine } from '../../disclosure/index.ts';
import { checkPasses } from '../dashboards/helpers/check.ts';
import { pngSize, svgTexts } from '../dashboards/helpers/formats.ts';
import { SOURCE_LINE, suppressedCommune } from '../dashboards/helpers/release.ts';
import { sharedRelease } from '../dashboards/helpers/shared-release.ts';
import { app, bearer, clock, createUser, login } from './helpers.ts';

// This file may be the one computing the fixture's release (shared-release.ts): about 2.5 minutes on a loaded 2-core
// machine, then a minute of checks and renders.
t.setTimeout(600_000);

// The edition date of the source lines is the server's day: 23/11/2026 in Paris.
const c = clock('2026-11-23T09:00:00Z');
const { dataDir, release } = await sharedRelease(t, 'tiny');
const server = await app(t, dataDir, c);
const exporter = await login(server, c, 'export.national', await createUser(dataDir, c, 'export.national', 'exporter', 'FR'), new Map());
const get = (url: string) => server.inject({ method: 'GET', url, headers: bearer(exporter) });
const text = (b: Buffer) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(b);

const GEOS = ['FR', 'DEP:45', suppressedCommune(release, '45')];
/** Image widths asked for, one per geography: narrow, default and print. */
const WIDTHS = [480, 1000, 1800];
const isSmallCount = (v: unknown) => typeof v === 'number' && v >= 1 && v <= 9;

t.test('the fixture\'s snapshot is the one the source line names', async (t) => {
  t.equal(release.asOf, '2026-10-31');
  t.same(parseSourceLine(SOURCE_LINE), { universe: 'univers agrégé', dataDate: '2026-10-31', editionDate: '2026-11-23' });
});

for (const d of listDashboards()) {
  t.test(`${d.id}: France, a département and a small commune, every export`, async (t) => {
    for (const [i, geo] of GEOS.entries()) {
      const q = `geo=${geo}&period=12M`;
      const at = `${d.id} ${geo}`;
      const view = await get(`/api/dashboards/${d.id}?${q}`);
      t.equal(view.statusCode, 200, `${at}: ${view.body.slice(0, 200)}`);
      const v = view.json() as { geo: string; rows: { derived: boolean; value: unknown }[]; source: string; spec: { description: string } };
      t.equal(v.geo, geo);
      t.ok(v.rows.length > 0, `${at}: rows`);
      t.same(v.rows.filter((r) => !r.derived && isSmallCount(r.value)), [], `${at}: no count 1–9 shown`);
      t.equal(v.source, SOURCE_LINE, `${at}: the view's source line`);

      const csv = await get(`/api/dashboards/${d.id}/exports/csv?${q}`);
      t.equal(csv.statusCode, 200);
      t.ok(csv.body.startsWith('\uFEFF'), `${at}: CSV with a BOM`);
      const lines = csv.body.slice(1).trimEnd().split('\r\n');
      t.equal(lines.at(-1), SOURCE_LINE, `${at}: CSV source line, last`);
      const header = lines[0].split(';');
      const [value, unit] = [header.indexOf('Valeur'), header.indexOf('Unité')];
      const rows = lines.slice(1, -1).map((l) => l.split(';'));
      t.equal(rows.length, v.rows.length, `${at}: one CSV line per row`);
      t.same(rows.filter((f) => f[unit] === 'nombre' && /^[1-9]$/.test(f[value])), [], `${at}: no count 1–9 in the CSV`);

      const long = await get(`/api/dashboards/${d.id}/exports/long?${q}`);
      t.equal(long.body.trimEnd().split('\n').at(-1), SOURCE_LINE, `${at}: long form source line, last`);
      await checkPasses(t, long.body, d.id, geo);

      const json = JSON.parse(text((await get(`/api/dashboards/${d.id}/exports/json?${q}`)).rawPayload));
      t.equal(json.source, SOURCE_LINE, `${at}: JSON source field`);
      t.same(json.rows.filter((r: { unit: string; value: unknown }) => r.unit === 'nombre' && isSmallCount(r.value)), [], `${at}: no count 1–9 in the JSON`);

      const arrow = tableFromIPC((await get(`/api/dashboards/${d.id}/exports/arrow?${q}`)).rawPayload);
      t.equal(arrow.schema.metadata.get('source'), SOURCE_LINE, `${at}: Arrow schema metadata`);
      t.equal(arrow.numRows, v.rows.length, `${at}: one Arrow row per row`);

      const spec = JSON.parse(text((await get(`/api/dashboards/${d.id}/exports/vega-lite?${q}`)).rawPayload));
      t.equal(spec.description.split('\n').at(-1), SOURCE_LINE, `${at}: the spec's description ends with the source line`);

      const width = WIDTHS[i];
      const svg = await get(`/api/dashboards/${d.id}/exports/svg?${q}&width=${width}`);
      t.match(svg.body, new RegExp(`^<svg[^>]* width="${width}"`), `${at}: SVG ${width} wide`);
      t.ok(svgTexts(svg.body).includes(SOURCE_LINE), `${at}: SVG source line, a text of its footer`);

      const png = await get(`/api/dashboards/${d.id}/exports/png?${q}&width=${width}`);
      t.equal(png.headers['content-type'], 'image/png');
      const size = pngSize(png.rawPayload);
      t.equal(size.width, width, `${at}: PNG ${width} pixels wide`);
      t.ok(size.height > 100, `${at}: PNG of a real height (${size.height})`);
    }
  });
}
