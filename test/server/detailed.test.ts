// The detailed universe within the habilitation: an analyst of département 45 cannot read, list, count or export any
// request outside 45, whatever the route or trick, and each attempt is journaled; viewers get 403; malformed
// parameters get a 400 with a reason; extractions are encrypted, sanitised and carry the source line.
import t from 'tap';
import { readFile } from 'node:fs/promises';
import { tableFromIPC } from 'apache-arrow';
import { currentSnapshot, openDetailed } from '../../universes/index.ts';
import { decryptEnvelope, systemPaths } from '../../server/index.ts';
import { sanitiseCell } from '../../server/detailed/export.ts';
import { app, bearer, clock, createUser, login, tempDataDir } from './helpers.ts';

const dir = await tempDataDir(t, true);
const c = clock();
const a = await app(t, dir, c, { maxPageSize: 100, maxExportRows: 5000 });
const secrets = new Map<string, string>();
const analyst = await login(a, c, 'ana.loiret', await createUser(dir, c, 'ana.loiret', 'analyst', 'DEP:45'), secrets);
const viewer = await login(a, c, 'vi.loiret', await createUser(dir, c, 'vi.loiret', 'viewer', 'DEP:45'), secrets);

// The truth, straight from the universe: which requests have a wished commune in 45, which have none.
const snap = (await currentSnapshot(dir))!;
const u = await openDetailed(snap.detailed);
const in45 = new Set((await u.sql<{ nud: string }>("SELECT DISTINCT nud FROM request_choices WHERE commune LIKE '45%'")).map((r) => r.nud));
const outside = (await u.sql<{ nud: string }>("SELECT nud FROM requests WHERE nud NOT IN (SELECT nud FROM request_choices WHERE commune LIKE '45%') ORDER BY nud")).map((r) => r.nud);
const crossing = (await u.sql<{ nud: string }>("SELECT nud FROM requests WHERE first_commune LIKE '41%' AND nud IN (SELECT nud FROM request_choices WHERE commune LIKE '45%') ORDER BY nud LIMIT 1")).map((r) => r.nud);
u.close();
t.ok(in45.size > 100 && outside.length > 100, `fixture has ${in45.size} requests wished in 45 and ${outside.length} outside`);

const journalLines = async () => (await readFile(systemPaths(dir).journal, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));

t.test('lookup by NUD: inside answers, outside is indistinguishable from absent, both journaled', async (t) => {
  const inside = [...in45][0];
  const r = await a.inject({ url: `/detailed/requests/${inside}`, headers: bearer(analyst) });
  t.equal(r.statusCode, 200);
  t.equal(r.json().request.nud, inside);
  t.ok(r.json().choices.some((ch: { commune: string }) => ch.commune.startsWith('45')));
  t.equal(r.headers['cache-control'], 'no-store');
  if (crossing.length) {
    const x = await a.inject({ url: `/detailed/requests/${crossing[0]}`, headers: bearer(analyst) });
    t.equal(x.statusCode, 200, 'a request of 41 that also wishes a commune of 45 is visible');
  }
  for (const nud of outside.slice(0, 5)) {
    const o = await a.inject({ url: `/detailed/requests/${nud}`, headers: bearer(analyst) });
    t.equal(o.statusCode, 404, `outside request ${nud} is not shown`);
    t.equal(o.json().code, 'IC_SRV_006');
    t.notOk(o.body.includes('last_name'));
  }
  const absent = await a.inject({ url: '/detailed/requests/0451299999999GDPUB', headers: bearer(analyst) });
  t.same(absent.json().code, 'IC_SRV_006', 'absent NUD: the same answer');
  const entries = (await journalLines()).filter((e) => e.action === 'detailed.lookup');
  t.ok(entries.some((e) => e.outcome === 'ok' && e.nuds?.[0] === inside), 'granted lookup journaled with its NUD');
  for (const nud of outside.slice(0, 5)) t.ok(entries.some((e) => e.outcome === 'denied' && e.params.nud === nud), `refused lookup of ${nud} journaled`);
});

t.test('search, count and pagination never leave the territory', async (t) => {
  const seen = new Set<string>();
  let after: string | undefined;
  let total = -1;
  for (let pages = 0; pages < 1000; pages++) {
    const r = await a.inject({ url: `/detailed/requests?limit=100${after ? `&after=${after}` : ''}`, headers: bearer(analyst) });
    t.equal(r.statusCode, 200);
    const body = r.json();
    total = body.total;
    for (const item of body.items) seen.add(item.nud);
    if (!body.next) break;
    after = body.next;
  }
  t.equal(total, in45.size, 'the count is the territory\'s, not the country\'s');
  t.same([...seen].sort(), [...in45].sort(), 'paging through every page yields exactly the requests wished in 45');

  // Cursor trick: start right before an outside NUD; nothing outside comes back.
  const trick = await a.inject({ url: `/detailed/requests?limit=100&after=${outside[0].slice(0, 17)}0`, headers: bearer(analyst) });
  t.notOk(trick.json().items.some((i: { nud: string }) => !in45.has(i.nud)), 'cursor placed among outside NUDs');
  const items = (await a.inject({ url: '/detailed/requests?limit=5', headers: bearer(analyst) })).json().items;
  t.notOk('handicap_nature' in items[0], 'lists carry no health data');

  for (const geo of ['DEP:41', 'COM:41018', 'EPCI:200070183', 'REG:24']) {
    const r = await a.inject({ url: `/detailed/requests?geo=${geo}`, headers: bearer(analyst) });
    if (geo === 'DEP:41' || geo === 'COM:41018') {
      t.equal(r.statusCode, 403, `${geo} is outside`);
      t.equal(r.json().code, 'IC_AUTH_008');
    } else {
      t.equal(r.statusCode, 200, `${geo} overlaps 45: narrowed to its part in 45`);
      t.notOk(r.json().items.some((i: { nud: string }) => !in45.has(i.nud)));
    }
  }
  const denied = (await journalLines()).filter((e) => e.action === 'detailed.search' && e.outcome === 'denied');
  t.ok(denied.some((e) => e.params.geo === 'DEP:41'), 'refused search journaled');
});

t.test('extractions: encrypted, only the territory, sanitised, with the source line', async (t) => {
  const r = await a.inject({ method: 'POST', url: '/detailed/extractions', headers: bearer(analyst), payload: { format: 'csv', status: 'active' } });
  t.equal(r.statusCode, 200);
  const key = r.headers['x-infocentre-key'] as string;
  t.match(key, /^[0-9a-f]{64}$/);
  t.equal(r.rawPayload.subarray(0, 4).toString(), 'ICX1');
  t.notOk(r.rawPayload.includes(Buffer.from('nud;')), 'the body is not readable without the key');
  t.throws(() => decryptEnvelope(r.rawPayload, 'ab'.repeat(32)), { code: 'IC_SRV_011' }, 'a wrong key fails');
  const csv = decryptEnvelope(r.rawPayload, key).toString('utf8');
  t.ok(csv.startsWith('\uFEFFnud;'));
  const lines = csv.trim().split('\n');
  t.match(lines[lines.length - 1], /^Source : GIP SNE - Infocentre NUNIQUE SNE \(univers détaillé\)\. Données du : \d\d\/\d\d\/\d{4} éditées le 23\/11\/2026$/);
  const nuds = lines.slice(1, -1).map((l) => l.split(';')[0]);
  t.equal(Number(r.headers['x-infocentre-rows']), nuds.length);
  t.ok(nuds.length > 0 && nuds.every((n) => in45.has(n)), `${nuds.length} extracted requests, all wished in 45`);
  t.notOk(csv.includes('handicap_nature'));
  const entry = (await journalLines()).filter((e) => e.action === 'detailed.export').pop();
  t.equal(entry.params.sha256, r.headers['x-infocentre-sha256']);
  t.equal(entry.nudCount ?? entry.nuds.length, nuds.length, 'the journal records which requests left');

  const arrow = await a.inject({ method: 'POST', url: '/detailed/extractions', headers: bearer(analyst), payload: { format: 'arrow', typology: 'T3', columns: ['last_name', 'handicap', 'household_size'] } });
  t.equal(arrow.statusCode, 200);
  const table = tableFromIPC(decryptEnvelope(arrow.rawPayload, arrow.headers['x-infocentre-key'] as string));
  t.same(table.schema.fields.map((f) => f.name), ['nud', 'last_name', 'household_size', 'handicap', 'wished_communes']);
  t.match(table.schema.metadata.get('source'), /univers détaillé/);
  t.ok(table.numRows > 0 && [...table.getChild('nud')!].every((n) => in45.has(String(n))));

  const out = await a.inject({ method: 'POST', url: '/detailed/extractions', headers: bearer(analyst), payload: { format: 'csv', geo: 'DEP:41' } });
  t.equal(out.statusCode, 403);
  const big = await a.inject({ method: 'POST', url: '/detailed/extractions', headers: bearer(analyst), payload: { format: 'csv', columns: ['handicap_nature'] } });
  t.equal(big.statusCode, 400, 'the nature of a handicap cannot be extracted');

  t.equal(sanitiseCell('=HYPERLINK("http://x")'), '\'=HYPERLINK("http://x")');
  t.equal(sanitiseCell('+33 6'), "'+33 6");
  t.equal(sanitiseCell('@SUM(A1)'), "'@SUM(A1)");
  t.equal(sanitiseCell('-2+3'), "'-2+3");
  t.equal(sanitiseCell('Dupont'), 'Dupont');
  t.equal(sanitiseCell(true), 'O');
});

t.test('viewers and admins get 403 on every detailed route, journaled', async (t) => {
  const nud = [...in45][0];
  const routes = [
    { method: 'GET' as const, url: `/detailed/requests/${nud}` },
    { method: 'GET' as const, url: '/detailed/requests' },
    { method: 'POST' as const, url: '/detailed/extractions', payload: { format: 'csv' } },
  ];
  const admin = await login(a, c, 'ad.min', await createUser(dir, c, 'ad.min', 'admin', 'FR'), secrets);
  for (const token of [viewer, admin]) {
    for (const r of routes) {
      const res = await a.inject({ ...r, headers: bearer(token) });
      t.equal(res.statusCode, 403, `${r.method} ${r.url}`);
      t.equal(res.json().code, 'IC_AUTH_007');
    }
  }
  const denied = (await journalLines()).filter((e) => e.action === 'access.denied' && e.actor === 'vi.loiret');
  t.equal(denied.length, 3);
});

t.test('malformed parameters: 400 with the reason', async (t) => {
  const cases: [string, RegExp][] = [
    ['/detailed/requests?limit=100000', /limit : au plus 100/],
    ['/detailed/requests?limit=-1', /limit : au moins 1/],
    ["/detailed/requests?typology=T1'%20OR%201=1--", /typology : valeur parmi/],
    ['/detailed/requests?geo=DEP:99', /geo : territoire inconnu/],
    ['/detailed/requests?geo=DEP:45;DROP%20TABLE%20requests', /geo/],
    ['/detailed/requests?name=a%25', /name/],
    ["/detailed/requests?name=x'%20OR%20'1'='1", /name/],
    ['/detailed/requests?after=1%20OR%201=1', /after : format invalide/],
    ['/detailed/requests?filedFrom=2026-02-30', /filedFrom : date inexistante/],
    ['/detailed/requests?commune=45234', /paramètre\(s\) inconnu\(s\) : commune/],
    ['/detailed/requests/045%27%20OR%201=1', /nud : format invalide/],
  ];
  for (const [url, reason] of cases) {
    const r = await a.inject({ url, headers: bearer(analyst) });
    t.equal(r.statusCode, 400, url);
    t.equal(r.json().code, 'IC_SRV_001');
    t.match(r.json().message, reason, url);
  }
});
