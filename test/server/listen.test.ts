// Over a real port: the listening server refuses anonymous calls, serves an authenticated analyst, answers the
// documentation and security headers, and admins post data-quality alerts that everyone reads.
import t from 'tap';
import { listen } from '../../server/index.ts';
import { clock, createUser, login, tempDataDir } from './helpers.ts';

t.test('real port', async (t) => {
  const dir = await tempDataDir(t, true);
  const c = clock();
  const { app, url } = await listen({ dataDir: dir, port: 0, now: c.now, logger: false });
  t.teardown(() => app.close());
  const secrets = new Map<string, string>();
  const analyst = await login(app, c, 'ana.loiret', await createUser(dir, c, 'ana.loiret', 'analyst', 'DEP:45'), secrets);
  const admin = await login(app, c, 'ad.min', await createUser(dir, c, 'ad.min', 'admin', 'FR'), secrets);
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  const anon = await fetch(`${url}/detailed/requests`);
  t.equal(anon.status, 401);
  t.equal((await anon.json()).code, 'IC_AUTH_001');
  t.equal(anon.headers.get('x-content-type-options'), 'nosniff');
  t.match(anon.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);

  const list = await fetch(`${url}/detailed/requests?limit=3`, { headers: auth(analyst) });
  t.equal(list.status, 200);
  const body = await list.json();
  t.equal(body.items.length, 3);
  const one = await fetch(`${url}/detailed/requests/${body.items[0].nud}`, { headers: auth(analyst) });
  t.equal(one.status, 200);
  t.equal(one.headers.get('cache-control'), 'no-store');

  const posted = await fetch(`${url}/alerts`, {
    method: 'POST', headers: { ...auth(admin), 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'dysfonctionnement', message: 'Radiations d\'octobre incomplètes dans le Loiret', from: '2026-10-01', to: '2026-10-31' }),
  });
  t.equal(posted.status, 201);
  const byAnalyst = await fetch(`${url}/alerts`, { method: 'POST', headers: { ...auth(analyst), 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'maintenance', message: 'xxx', from: '2026-10-01', to: '2026-10-02' }) });
  t.equal(byAnalyst.status, 403, 'only admins post alerts');
  const inOctober = await (await fetch(`${url}/alerts?from=2026-10-15&to=2026-10-15`, { headers: auth(analyst) })).json();
  t.equal(inOctober.alerts.length, 1);
  t.equal(inOctober.alerts[0].text, 'Dysfonctionnement (données du 01/10/2026 au 31/10/2026) : Radiations d\'octobre incomplètes dans le Loiret');
  const inJune = await (await fetch(`${url}/alerts?from=2026-06-01&to=2026-06-30`, { headers: auth(analyst) })).json();
  t.equal(inJune.alerts.length, 0, 'not in force for another period');
  t.same((await app.alerts.inForce('2026-09-01', '2026-10-01')).length, 1, 'E\'s function: overlapping periods');
  const bad = await fetch(`${url}/alerts`, { method: 'POST', headers: { ...auth(admin), 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'maintenance', message: 'xxx', from: '2026-10-05', to: '2026-10-02' }) });
  t.equal(bad.status, 400);

  const docs = await fetch(`${url}/docs/json`);
  t.equal(docs.status, 200);
  t.ok(Object.keys((await docs.json()).paths).includes('/detailed/requests/{nud}'));
});
