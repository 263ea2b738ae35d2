// Shared set-up of the server tests: a data dir with the committed tiny fixture loaded (Loiret 45 and Loir-et-Cher
// 41), an app with a clock the test moves, accounts created as an admin would, and the full login flow.
import type { FastifyInstance } from 'fastify';
import {
  AccountStore, addAccount, buildApp, systemPaths, totpCode, type ServerConfigInput,
} from '../../server/index.ts';
import { loadInto, tempDataDir as emptyDataDir, TINY } from '../etl/helpers/load.ts';

export const STRONG = 'Un-Mot-De-Passe-2026!';

export interface Clock { now: () => Date; set(iso: string): void; advance(seconds: number): void }

/** A weekday at 10:00 in Paris, well inside any access hours. */
export function clock(start = '2026-11-23T09:00:00Z'): Clock {
  let t = Date.parse(start);
  return { now: () => new Date(t), set: (iso) => { t = Date.parse(iso); }, advance: (s) => { t += s * 1000; } };
}

/** A data dir removed when the test ends, empty or with the tiny fixture loaded. */
export async function tempDataDir(t: { teardown(fn: () => unknown): void }, withFixture: boolean): Promise<string> {
  return withFixture ? (await loadInto(t, TINY)).dataDir : emptyDataDir(t);
}

export async function app(t: { teardown(fn: () => unknown): void }, dataDir: string, c: Clock, config: ServerConfigInput = {}): Promise<FastifyInstance> {
  const a = await buildApp({ dataDir, now: c.now, logger: false, config });
  t.teardown(() => a.close());
  return a;
}

export async function createUser(dataDir: string, c: Clock, username: string, role: string, territory: string, organisation = 'DDT 45'): Promise<string> {
  const store = new AccountStore(systemPaths(dataDir).accounts);
  const { password } = await addAccount(store, { username, fullName: username.replace('.', ' '), organisation, role, territory }, 'test', c.now());
  return password;
}

interface Answer { status: string; token?: string; challenge?: string; totp?: { secret: string } }

/** Logs in through every step (first-login change, TOTP enrolment or code); returns the session token. */
export async function login(a: FastifyInstance, c: Clock, username: string, password: string, totpSecrets: Map<string, string>): Promise<string> {
  let r = await a.inject({ method: 'POST', url: '/auth/login', payload: { username, password } });
  let body = r.json() as Answer;
  for (let i = 0; i < 4; i++) {
    if (r.statusCode !== 200) throw new Error(`login ${username}: ${r.statusCode} ${r.body}`);
    if (body.status === 'ok') return body.token!;
    if (body.status === 'password-change') {
      r = await a.inject({ method: 'POST', url: '/auth/password', payload: { challenge: body.challenge, currentPassword: password, newPassword: STRONG } });
      password = STRONG;
    } else {
      if (body.totp) totpSecrets.set(username, body.totp.secret);
      c.advance(30); // one code per 30-second step: a code is never accepted twice
      const code = totpCode(totpSecrets.get(username)!, username, c.now());
      r = await a.inject({ method: 'POST', url: '/auth/totp', payload: { challenge: body.challenge, code } });
    }
    body = r.json() as Answer;
  }
  throw new Error(`login ${username}: too many steps`);
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
