// Accounts and authentication: first-login change, password policy, lockout, TOTP where mandatory, logout,
// inactivity, access hours, and refusal of missing / expired / tampered / alg:none / challenge tokens on every route.
import t from 'tap';
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { AccountStore, setAccessHours, parseAccessHours, systemPaths, totpCode } from '../../server/index.ts';
import { app, bearer, clock, createUser, login, STRONG, tempDataDir } from './helpers.ts';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

t.test('first login: the temporary password only opens the password change', async (t) => {
  const dir = await tempDataDir(t, false);
  const c = clock();
  const a = await app(t, dir, c);
  const pw = await createUser(dir, c, 'jean.dupont', 'viewer', 'DEP:45');
  const r = await a.inject({ method: 'POST', url: '/auth/login', payload: { username: 'jean.dupont', password: pw } });
  t.equal(r.statusCode, 200);
  const { status, challenge, token } = r.json();
  t.equal(status, 'password-change');
  t.equal(token, undefined, 'no session with a temporary password');
  t.equal((await a.inject({ url: '/auth/me', headers: bearer(challenge) })).statusCode, 401, 'a challenge is not a session');

  const weak = await a.inject({ method: 'POST', url: '/auth/password', payload: { challenge, currentPassword: pw, newPassword: 'motdepasse12' } });
  t.equal(weak.statusCode, 400);
  t.equal(weak.json().code, 'IC_AUTH_009');
  t.match(weak.json().message, /12 caractères/);
  const same = await a.inject({ method: 'POST', url: '/auth/password', payload: { challenge, currentPassword: pw, newPassword: 'Jean.Dupont-2026!x' } });
  t.equal(same.statusCode, 400, 'a password containing the username is refused');

  const ok = await a.inject({ method: 'POST', url: '/auth/password', payload: { challenge, currentPassword: pw, newPassword: STRONG } });
  t.equal(ok.statusCode, 200);
  t.equal(ok.json().status, 'ok', 'viewer: TOTP optional, session right after the change');
  const replay = await a.inject({ method: 'POST', url: '/auth/password', payload: { challenge, currentPassword: STRONG, newPassword: 'Autre-Mot-De-Passe-9!' } });
  t.equal(replay.statusCode, 401, 'a challenge token is single-use');
  t.equal((await a.inject({ method: 'POST', url: '/auth/login', payload: { username: 'jean.dupont', password: pw } })).statusCode, 401, 'the temporary password no longer works');
  const me = await a.inject({ url: '/auth/me', headers: bearer(ok.json().token) });
  t.equal(me.statusCode, 200);
  t.same(me.json().can, { dashboards: true, exports: false, detailed: false, admin: false });
});

t.test('lockout after repeated failures, same answer for unknown users', async (t) => {
  const dir = await tempDataDir(t, false);
  const c = clock();
  const a = await app(t, dir, c, { maxFailedLogins: 3, lockoutMinutes: 15 });
  const pw = await createUser(dir, c, 'paul.martin', 'viewer', 'DEP:45');
  const unknown = await a.inject({ method: 'POST', url: '/auth/login', payload: { username: 'nobody.here', password: 'x' } });
  const wrong = await a.inject({ method: 'POST', url: '/auth/login', payload: { username: 'paul.martin', password: 'x' } });
  t.equal(unknown.statusCode, 401);
  t.same(unknown.json(), wrong.json(), 'unknown user and wrong password look the same');
  await a.inject({ method: 'POST', url: '/auth/login', payload: { username: 'paul.martin', password: 'y' } });
  const third = await a.inject({ method: 'POST', url: '/auth/login', payload: { username: 'paul.martin', password: 'z' } });
  t.equal(third.statusCode, 423, 'locked at the third failure');
  const right = await a.inject({ method: 'POST', url: '/auth/login', payload: { username: 'paul.martin', password: pw } });
  t.equal(right.statusCode, 423, 'even the right password is refused while locked');
  t.equal(right.json().code, 'IC_AUTH_004');
  c.advance(16 * 60);
  const after = await a.inject({ method: 'POST', url: '/auth/login', payload: { username: 'paul.martin', password: pw } });
  t.equal(after.statusCode, 200, 'unlocked after the lockout period');
  const journal = await readFile(systemPaths(dir).journal, 'utf8');
  t.equal(journal.match(/"action":"login","outcome":"failed"/g)?.length, 4, 'every failure is journaled');
  t.match(journal, /"outcome":"denied","ip":"[^"]+","params":\{"reason":"locked"\}/);
});

t.test('TOTP is mandatory for analysts and admins, checked, and never replayed', async (t) => {
  const dir = await tempDataDir(t, false);
  const c = clock();
  const a = await app(t, dir, c);
  const pw = await createUser(dir, c, 'ana.lyste', 'analyst', 'DEP:45');
  let r = await a.inject({ method: 'POST', url: '/auth/login', payload: { username: 'ana.lyste', password: pw } });
  r = await a.inject({ method: 'POST', url: '/auth/password', payload: { challenge: r.json().challenge, currentPassword: pw, newPassword: STRONG } });
  t.equal(r.json().status, 'totp-enrol', 'analyst must enrol before any session');
  t.equal(r.json().token, undefined);
  const { secret } = r.json().totp;
  const enrolChallenge = r.json().challenge;
  const bad = await a.inject({ method: 'POST', url: '/auth/totp', payload: { challenge: enrolChallenge, code: '000000' } });
  t.equal(bad.statusCode, 401);
  t.equal(bad.json().code, 'IC_AUTH_010');
  const code = totpCode(secret, 'ana.lyste', c.now());
  r = await a.inject({ method: 'POST', url: '/auth/totp', payload: { challenge: enrolChallenge, code } });
  t.equal(r.json().status, 'ok');

  r = await a.inject({ method: 'POST', url: '/auth/login', payload: { username: 'ana.lyste', password: STRONG } });
  t.equal(r.json().status, 'totp', 'password alone is not enough any more');
  const replay = await a.inject({ method: 'POST', url: '/auth/totp', payload: { challenge: r.json().challenge, code } });
  t.equal(replay.statusCode, 401, 'the same code is not accepted twice');
  c.advance(30);
  r = await a.inject({ method: 'POST', url: '/auth/login', payload: { username: 'ana.lyste', password: STRONG } });
  const ok = await a.inject({ method: 'POST', url: '/auth/totp', payload: { challenge: r.json().challenge, code: totpCode(secret, 'ana.lyste', c.now()) } });
  t.equal(ok.json().status, 'ok');
  t.notOk(JSON.stringify(await readFile(systemPaths(dir).journal, 'utf8')).includes(STRONG), 'passwords never reach the journal');
});

t.test('logout revokes the token; disable and reset void sessions', async (t) => {
  const dir = await tempDataDir(t, false);
  const c = clock();
  const a = await app(t, dir, c);
  const secrets = new Map<string, string>();
  const pw = await createUser(dir, c, 'vi.ewer', 'viewer', 'DEP:45');
  const token = await login(a, c, 'vi.ewer', pw, secrets);
  t.equal((await a.inject({ method: 'POST', url: '/auth/logout', headers: bearer(token) })).statusCode, 200);
  t.equal((await a.inject({ url: '/auth/me', headers: bearer(token) })).statusCode, 401, 'revoked on logout');

  const admin = await login(a, c, 'ad.min', await createUser(dir, c, 'ad.min', 'admin', 'FR'), secrets);
  const t2 = await login(a, c, 'vi.ewer', STRONG, secrets);
  const dis = await a.inject({ method: 'POST', url: '/admin/users/vi.ewer/disable', headers: bearer(admin) });
  t.equal(dis.statusCode, 200);
  const refused = await a.inject({ url: '/auth/me', headers: bearer(t2) });
  t.equal(refused.statusCode, 403);
  t.equal(refused.json().code, 'IC_AUTH_005');
  const reset = await a.inject({ method: 'POST', url: '/admin/users/vi.ewer/reset', headers: bearer(admin), payload: {} });
  t.equal(reset.statusCode, 200);
  t.equal((await a.inject({ url: '/auth/me', headers: bearer(t2) })).statusCode, 401, 'old session void after reset');
  const again = await a.inject({ method: 'POST', url: '/auth/login', payload: { username: 'vi.ewer', password: reset.json().password } });
  t.equal(again.json().status, 'password-change', 'reset password must be changed at next login');
});

t.test('inactivity disables the account; access hours are enforced in Paris time', async (t) => {
  const dir = await tempDataDir(t, false);
  const c = clock('2026-01-05T09:00:00Z');
  const a = await app(t, dir, c, { inactivityDays: 30 });
  const secrets = new Map<string, string>();
  const token = await login(a, c, 'in.actif', await createUser(dir, c, 'in.actif', 'viewer', 'DEP:45'), secrets);
  t.ok(token);
  c.advance(31 * 86_400);
  const r = await a.inject({ method: 'POST', url: '/auth/login', payload: { username: 'in.actif', password: STRONG } });
  t.equal(r.statusCode, 403);
  t.match(r.json().message, /inactivité/);

  const store = new AccountStore(systemPaths(dir).accounts);
  await setAccessHours(store, 'Mairie 45', parseAccessHours('lun-ven 08:00-19:00'));
  c.set('2026-03-02T17:50:00Z'); // Monday 18:50 in Paris
  const agent = await login(a, c, 'ag.ent', await createUser(dir, c, 'ag.ent', 'viewer', 'COM:45234', 'Mairie 45'), secrets);
  t.equal((await a.inject({ url: '/auth/me', headers: bearer(agent) })).statusCode, 200);
  c.set('2026-03-02T18:05:00Z'); // Monday 19:05 in Paris (winter time, UTC+1)
  const late = await a.inject({ url: '/auth/me', headers: bearer(agent) });
  t.equal(late.statusCode, 403, 'a valid token is refused outside the access hours');
  t.equal(late.json().code, 'IC_AUTH_006');
  c.set('2026-03-07T09:00:00Z'); // Saturday
  t.equal((await a.inject({ method: 'POST', url: '/auth/login', payload: { username: 'ag.ent', password: STRONG } })).statusCode, 403);
});

t.test('every protected route refuses missing, expired, tampered, alg:none and challenge tokens', async (t) => {
  const dir = await tempDataDir(t, false);
  const c = clock();
  const a = await app(t, dir, c, { tokenTtlSeconds: 600 });
  const secrets = new Map<string, string>();
  const good = await login(a, c, 'ad.min', await createUser(dir, c, 'ad.min', 'admin', 'FR'), secrets);
  const [h, p] = good.split('.');
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
  const key = Buffer.from((await readFile(systemPaths(dir).jwtKey, 'utf8')).trim(), 'hex');
  const sign = (header: object, body: object, k = key) => {
    const data = `${b64(header)}.${b64(body)}`;
    return `${data}.${createHmac('sha256', k).update(data).digest('base64url')}`;
  };
  const bad: Record<string, string> = {
    tampered: `${h}.${b64({ ...payload, sub: 'someone.else' })}.${good.split('.')[2]}`,
    'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${p}.`,
    'alg none, no dot': `${b64({ alg: 'none', typ: 'JWT' })}.${p}`,
    'other key': sign({ alg: 'HS256', typ: 'JWT' }, payload, Buffer.alloc(64, 1)),
    expired: sign({ alg: 'HS256', typ: 'JWT' }, { ...payload, iat: payload.iat - 3600, exp: payload.iat - 60 }),
    challenge: sign({ alg: 'HS256', typ: 'JWT' }, { ...payload, scope: 'challenge', step: 'totp' }),
    garbage: 'not-a-token-at-all',
  };
  const doc = (await a.inject({ url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
  const open = new Set(['POST /auth/login', 'POST /auth/totp', 'POST /auth/password']);
  let checked = 0;
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const method of Object.keys(methods)) {
      if (open.has(`${method.toUpperCase()} ${path}`)) continue;
      const url = path.replace('{nud}', '0450124000123GDPUB').replace('{username}', 'ad.min')
        .replace('{id}', '00000000-0000-4000-8000-000000000000').replace('{organisation}', 'DDT 45');
      const missing = await a.inject({ method: method.toUpperCase() as 'GET', url, payload: method === 'get' || method === 'delete' ? undefined : {} });
      t.equal(missing.statusCode, 401, `${method} ${path} without token`);
      for (const [name, token] of Object.entries(bad)) {
        const r = await a.inject({ method: method.toUpperCase() as 'GET', url, headers: bearer(token), payload: method === 'get' || method === 'delete' ? undefined : {} });
        t.equal(r.statusCode, 401, `${method} ${path} with ${name} token`);
      }
      checked++;
    }
  }
  t.ok(checked >= 12, `${checked} protected routes checked`);
  t.equal((await a.inject({ url: '/auth/me', headers: bearer(good) })).statusCode, 200, 'the genuine token still works');
  c.advance(601);
  t.equal((await a.inject({ url: '/auth/me', headers: bearer(good) })).statusCode, 401, 'and expires');
});
