// The dashboard routes on a small universe (communes of the Loiret 45, Tours in 37, Paris), through the real app: every dashboard for
// France, a département and a small commune without a count of 1 to 9 in the JSON, the CSV or the long form (which
// the `check` logic must pass), the habilitation enforced (a viewer of DEP:45 sees nothing of 37), exports for the
// exporter role only, each one journaled, alerts in force shown and printed, and the detailed universe never opened.
import { rm } from 'node:fs/promises';
import t from 'tap';
import { parseSourceLine } from '../../disclosure/source-line.ts';
import { listDashboards } from '../../dashboards/index.ts';
import { currentSnapshot } from '../../universes/index.ts';
import { checkPasses } from '../dashboards/helpers/check.ts';
import { pngSize } from '../dashboards/helpers/formats.ts';
import { suppressedCommune } from '../dashboards/helpers/release.ts';
import { sharedRelease } from '../dashboards/helpers/shared-release.ts';
import { app, bearer, clock, createUser, login } from './helpers.ts';

const c = clock('2026-11-23T09:00:00Z'); // a Monday, 10:00 in Paris
const EDITION = '23/11/2026';
const { dataDir, release } = await sharedRelease(t, 'hand-made'); // protected by the disclosure engine, as the routes serve it
const snapshot = (await currentSnapshot(dataDir))!;
// Aggregated routes must never need the nominative universe: take it away before the app starts.
await rm(snapshot.detailed, { force: true });

const server = await app(t, dataDir, c);
const secrets = new Map<string, string>();
const tokenOf = async (username: string, role: string, territory: string) =>
  login(server, c, username, await createUser(dataDir, c, username, role, territory), secrets);
const exporterFR = await tokenOf('export.national', 'exporter', 'FR');
const viewer45 = await tokenOf('viewer.loiret', 'viewer', 'DEP:45');
const admin = await tokenOf('admin.sne', 'admin', 'FR');

const get = (url: string, token: string) => server.inject({ method: 'GET', url, headers: bearer(token) });

const SMALL = suppressedCommune(release, '45'); // a commune of the Loiret whose stock total is secret

/** Counts of requests published in a view: the release's cells (ratios, means and medians are not counts). */
const counts = (rows: { derived: boolean; value: unknown }[]) => rows.filter((r) => !r.derived).map((r) => r.value);
const smallCount = (v: unknown) => typeof v === 'number' && v >= 1 && v <= 9;

t.test('every dashboard for France, a département and a small commune: no count 1–9 in JSON, CSV or long form', async (t) => {
  const dashboards = listDashboards();
  t.ok(dashboards.length >= 11, 'the predefined dashboards');
  let suppressedSeen = 0;
  for (const d of dashboards) {
    for (const geo of ['FR', 'DEP:45', SMALL]) {
      const q = `geo=${geo}&period=12M`;
      const r = await get(`/api/dashboards/${d.id}?${q}`, exporterFR);
      t.equal(r.statusCode, 200, `${d.id} ${geo}: ${r.body.slice(0, 200)}`);
      const view = r.json();
      t.equal(view.geo, geo);
      t.notOk(counts(view.rows).some(smallCount), `${d.id} ${geo}: no count 1–9 in the JSON`);
      suppressedSeen += view.rows.filter((row: { value: unknown }) => row.value === 's').length;
      t.equal(parseSourceLine(view.source)?.universe, 'univers agrégé', 'source line in the view');
      t.match(view.spec.description, view.source, 'source line in the chart spec');
      t.same(view.exports, ['csv', 'long', 'arrow', 'json', 'vega-lite', 'svg', 'png'], 'an exporter is offered every format');

      const csv = await get(`/api/dashboards/${d.id}/exports/csv?${q}`, exporterFR);
      t.equal(csv.statusCode, 200);
      t.match(csv.headers['content-disposition'], /^attachment; filename="[a-z-]+_[A-Z]+(-\w+)?_12M\.csv"$/);
      const lines = csv.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
      t.ok(csv.body.startsWith('\uFEFF'), 'CSV with BOM');
      t.equal(lines.at(-1), view.source.replace(/éditées le .*/, `éditées le ${EDITION}`), 'source line last in the CSV');
      const header = lines[0].split(';');
      const [value, unit] = [header.indexOf('Valeur'), header.indexOf('Unité')];
      const small = lines.slice(1, -1).map((l) => l.split(';')).filter((f) => f[unit] === 'nombre' && /^[1-9]$/.test(f[value]));
      t.same(small, [], `${d.id} ${geo}: no count 1–9 in the CSV`);

      const long = await get(`/api/dashboards/${d.id}/exports/long?${q}`, exporterFR);
      t.equal(long.statusCode, 200);
      await checkPasses(t, long.body, d.id, geo);
    }
  }
  t.ok(suppressedSeen > 0, 'suppressed cells are published as s');
});

t.test('a small commune shows its suppressed cells as s, never as zero', async (t) => {
  const view = (await get(`/api/dashboards/stock-typologie?geo=${SMALL}`, viewer45)).json();
  const total = view.rows.find((r: { categories: Record<string, string> }) => Object.values(r.categories).every((x) => x === '_T'));
  t.equal(total.value, 's');
});

t.test('territory: a viewer of DEP:45 sees the Loiret and its communes, nothing of 37, of the région or of France', async (t) => {
  const list = (await get('/api/dashboards', viewer45)).json();
  t.equal(list.defaultGeo, 'DEP:45', 'the dashboards open on the habilitation');
  t.ok(list.periods.some((p: { code: string }) => p.code === '2026-Q3'));
  const own = await get('/api/dashboards/demandes-nouvelles', viewer45);
  t.equal(own.statusCode, 200);
  t.equal(own.json().geo, 'DEP:45');
  t.equal((await get('/api/dashboards/demandes-nouvelles?geo=COM:45234&period=2026-10', viewer45)).statusCode, 200, 'Orléans');
  for (const geo of ['DEP:37', 'COM:37261', 'REG:24', 'FR', 'EPCI:243700754', 'EPCI:200070183']) {
    const r = await get(`/api/dashboards/stock-typologie?geo=${geo}`, viewer45);
    t.equal(r.statusCode, 403, geo);
    t.equal(r.json().code, 'IC_AUTH_008', `${geo} refused as outside the habilitation`);
    t.ok(r.json().hint, 'says what to do');
  }
  const denied = await server.journal.search({ actor: 'viewer.loiret', action: 'dashboard.view', outcome: 'denied', limit: 10, offset: 0 });
  t.equal(denied.total, 6, 'each attempt outside the territory is journaled');
  t.equal(denied.entries[0].params.reason, 'hors-territoire');

  const tours = (await get('/api/geo?q=tours', viewer45)).json();
  t.same(tours.options, [], 'the picker does not offer Tours (37)');
  const orl = (await get('/api/geo?q=orleans', viewer45)).json();
  t.ok(orl.options.some((o: { code: string }) => o.code === 'COM:45234'), 'Orléans, found without its accent');
  const byCode = (await get('/api/geo?q=45234', viewer45)).json();
  t.equal(byCode.options[0].code, 'COM:45234', 'found by its code');
  const all = (await get('/api/geo?limit=50', viewer45)).json();
  t.equal(all.options[0].code, 'DEP:45', 'the département first');
  t.notOk(all.options.some((o: { code: string }) => o.code === 'FR' || o.code.startsWith('REG:') || o.code.startsWith('COM:37')));
  const national = (await get('/api/geo?q=tours', exporterFR)).json();
  t.ok(national.options.some((o: { code: string }) => o.code === 'COM:37261'), 'a national habilitation finds Tours');
});

t.test('exports: exporter role only, every format with the source line, each journaled', async (t) => {
  const q = 'geo=DEP:45&period=2026';
  const refused = await get(`/api/dashboards/attributions/exports/csv?${q}`, viewer45);
  t.equal(refused.statusCode, 403);
  t.equal(refused.json().code, 'IC_AUTH_007', 'a viewer may not export');
  t.same((await get(`/api/dashboards/attributions?${q}`, viewer45)).json().exports, [], 'and is offered no export');
  t.equal((await get(`/api/dashboards/attributions/exports/csv?${q}`, admin)).statusCode, 403, 'nor an admin');
  t.equal((await server.inject({ method: 'GET', url: `/api/dashboards/attributions/exports/csv?${q}` })).statusCode, 401, 'nor anyone unauthenticated');

  const before = (await server.journal.search({ action: 'dashboard.export', outcome: 'ok', limit: 1, offset: 0 })).total;
  const json = await get(`/api/dashboards/attributions/exports/json?${q}`, exporterFR);
  t.equal(parseSourceLine(json.json().source)?.dataDate, release.asOf, 'JSON source field');
  const spec = await get(`/api/dashboards/attributions/exports/vega-lite?${q}`, exporterFR);
  t.ok(parseSourceLine(JSON.parse(spec.body).description.split('\n').at(-1)), 'spec description ends with the source line');
  const svg = await get(`/api/dashboards/attributions/exports/svg?${q}&width=900`, exporterFR);
  t.match(svg.headers['content-type'], /^image\/svg\+xml/);
  t.match(svg.body, 'Infocentre NUNIQUE SNE (univers agrégé)');
  const png = await get(`/api/dashboards/attributions/exports/png?${q}&width=640`, exporterFR);
  t.equal(pngSize(png.rawPayload).width, 640, 'a well-formed PNG of the requested width');
  const arrow = await get(`/api/dashboards/attributions/exports/arrow?${q}`, exporterFR);
  t.equal(arrow.headers['content-type'], 'application/vnd.apache.arrow.stream');
  t.ok(arrow.rawPayload.includes(Buffer.from('Infocentre NUNIQUE SNE')), 'Arrow metadata carries the source line');

  const after = await server.journal.search({ action: 'dashboard.export', outcome: 'ok', limit: 10, offset: 0 });
  t.equal(after.total - before, 5, 'one journal entry per export');
  const last = after.entries[0];
  t.equal(last.actor, 'export.national', 'who');
  t.match(last.params, { dashboard: 'attributions', geo: 'DEP:45', period: '2026', format: 'arrow' }, 'what');
  t.ok(Date.parse(last.at) > 0, 'when');
});

t.test('refused requests name their code and what to do', async (t) => {
  const cases: [string, number, string][] = [
    ['/api/dashboards/inconnu', 404, 'IC_DASH_003'],
    ['/api/dashboards/pression?geo=DEP:999', 400, 'IC_DASH_004'],
    ['/api/dashboards/pression?geo=DEP:45;DROP', 400, 'IC_SRV_001'],
    ['/api/dashboards/pression?period=2019', 400, 'IC_DASH_005'],
    ['/api/dashboards/pression?period=2026-13', 400, 'IC_SRV_001'],
    ['/api/dashboards/pression?period=2026-01-01..2026-02-01', 400, 'IC_SRV_001'],
    ['/api/dashboards/pression?geo=FR&evil=1', 400, 'IC_SRV_001'],
    ['/api/dashboards/pression/exports/png?width=100', 400, 'IC_SRV_001'],
    ['/api/dashboards/pression/exports/xlsx', 400, 'IC_SRV_001'],
    ['/api/geo?limit=100000', 400, 'IC_SRV_001'],
  ];
  for (const [url, status, code] of cases) {
    const r = await get(url, exporterFR);
    t.equal(r.statusCode, status, url);
    t.equal(r.json().code, code, url);
    t.ok(r.json().hint, `${url}: hint`);
  }
  t.equal((await server.inject({ method: 'GET', url: '/api/dashboards' })).json().code, 'IC_AUTH_001');
});

t.test('alerts in force for the period show on the view and in the exports, not on other periods', async (t) => {
  const posted = await server.inject({
    method: 'POST', url: '/alerts', headers: bearer(admin),
    payload: { kind: 'dysfonctionnement', message: 'Radiations d\'octobre incomplètes dans le Loiret', from: '2026-10-01', to: '2026-10-31' },
  });
  t.equal(posted.statusCode, 201);
  const october = (await get('/api/dashboards/radiations?geo=DEP:45&period=2026-10', exporterFR)).json();
  t.equal(october.alerts.length, 1);
  t.match(october.alerts[0], { kind: 'dysfonctionnement', label: 'Dysfonctionnement', text: /Radiations d'octobre incomplètes/ });
  const csv = (await get('/api/dashboards/radiations/exports/csv?geo=DEP:45&period=2026-10', exporterFR)).body;
  t.match(csv, /Alerte : Dysfonctionnement \(données du 01\/10\/2026 au 31\/10\/2026\)/);
  t.same((await get('/api/dashboards/radiations?geo=DEP:45&period=2025', exporterFR)).json().alerts, [], 'not in force for 2025');
  t.equal((await get('/api/dashboards/stock-typologie?geo=DEP:45', exporterFR)).json().alerts.length, 1, 'stocks at 31/10 are concerned');
});

t.test('the page and its libraries are served from the app itself, under the CSP', async (t) => {
  const page = await server.inject({ method: 'GET', url: '/' });
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-type'], /^text\/html/);
  t.match(page.headers['content-security-policy'], /script-src 'self'/);
  t.match(page.body, '<html lang="fr">');
  t.notMatch(page.body, /https?:\/\//, 'no third-party script or style');
  for (const url of ['/web/app.js', '/web/style.css', '/vendor/vega.min.js', '/vendor/vega-lite.min.js', '/vendor/vega-embed.min.js', '/vendor/vega-interpreter.js', '/vendor/vega-util/index.js']) {
    const r = await server.inject({ method: 'GET', url });
    t.equal(r.statusCode, 200, url);
  }
  t.equal((await server.inject({ method: 'GET', url: '/web/assets.ts' })).statusCode, 404, 'server code is not served');
  t.equal((await server.inject({ method: 'GET', url: '/vendor/../package.json' })).statusCode, 404);
});
