// Authentication and authorisation for every route: the session token (HS256 JWT, short-lived, revocable) is read
// from `Authorization: Bearer` or from the `ic_session` cookie (httpOnly, SameSite=Strict) the web page uses; the
// account is re-read on each request, so a disabled account, a reset password, expired access hours or a changed
// habilitation take effect at once. Also decorates `request.audit` (journal, fail closed).
import fastifyCookie from '@fastify/cookie';
import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { error } from '../../registry/index.ts';
import { formatAccessHours, withinAccessHours } from '../accounts/hours.ts';
import { grants, type Role } from '../accounts/roles.ts';
import type { Account, AccountsFile } from '../accounts/store.ts';
import type { AuditDetails, SessionUser, TokenPayload } from '../types.ts';
import { shared } from './shared.ts';

export const SESSION_COOKIE = 'ic_session';

/**
 * Every route of a plugin for one role and above. Both checks run on request, before validation: someone without
 * the role learns nothing of the parameters, and is journaled as denied.
 */
export function restrictTo(app: FastifyInstance, role: Role): void {
  app.addHook('onRequest', app.authenticate);
  app.addHook('onRequest', app.requireRole(role));
}

export interface AuthOptions {
  jwtKey: Buffer;
  /** True when the clock is injected (tests): token times then follow it instead of the system clock. */
  fakeClock: boolean;
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer ([A-Za-z0-9_\-.]{10,4096})$/.exec(header);
    return m ? m[1] : '';
  }
  return request.cookies?.[SESSION_COOKIE];
}

/** Refuses an account that may not act now: disabled, or outside its organisation's access hours. */
export function checkAccountUsable(file: AccountsFile, account: Account, now: Date): void {
  if (account.disabled) {
    throw error('AUTH_DISABLED', [account.disabled.reason === 'inactivity' ? 'inactivité prolongée' : 'par un administrateur']);
  }
  const hours = file.organisations[account.organisation]?.accessHours;
  if (hours && !withinAccessHours(hours, now)) throw error('AUTH_OUTSIDE_HOURS', [formatAccessHours(hours), account.organisation]);
}

export const authPlugin = shared('infocentre-auth', async (app: FastifyInstance, options: AuthOptions) => {
  await app.register(fastifyCookie);
  await app.register(fastifyJwt, {
    secret: options.jwtKey,
    sign: { algorithm: 'HS256' },
    verify: { algorithms: ['HS256'] },
  });

  /** Verifies signature, algorithm and expiry, and the claims' shape; undefined for anything wrong. */
  function verifyToken(token: string): TokenPayload | undefined {
    try {
      const payload = options.fakeClock
        ? app.jwt.verify<TokenPayload>(token, { clockTimestamp: app.now().getTime() })
        : app.jwt.verify<TokenPayload>(token);
      if (typeof payload.sub !== 'string' || typeof payload.jti !== 'string' || typeof payload.exp !== 'number') return undefined;
      return payload;
    } catch {
      return undefined;
    }
  }
  app.decorate('verifyToken', verifyToken);

  app.decorateRequest('audit', async function audit(this: FastifyRequest, action: string, details: AuditDetails = {}) {
    await app.journal.append({
      actor: this.user?.username ?? null, action, outcome: details.outcome ?? 'ok', ip: this.ip,
      params: details.params, nuds: details.nuds,
    });
  });

  app.decorate('authenticate', async function authenticate(request: FastifyRequest) {
    const token = bearerToken(request);
    if (token === undefined) throw error('AUTH_MISSING_TOKEN');
    const payload = token === '' ? undefined : verifyToken(token);
    if (!payload || payload.scope !== 'session' || app.revocations.has(payload.jti)) throw error('AUTH_INVALID_TOKEN');
    const file = await app.accounts.read();
    const account = Object.hasOwn(file.accounts, payload.sub) ? file.accounts[payload.sub] : undefined;
    if (!account || (payload.iat ?? 0) < account.tokensValidAfter || account.mustChangePassword) throw error('AUTH_INVALID_TOKEN');
    checkAccountUsable(file, account, app.now());
    request.user = {
      username: account.username, fullName: account.fullName, organisation: account.organisation, role: account.role,
      territory: account.territory, jti: payload.jti, exp: payload.exp!,
    } satisfies SessionUser;
  });

  app.decorate('requireRole', (role: Role) => async function requireRole(request: FastifyRequest) {
    if (!request.user) throw error('AUTH_MISSING_TOKEN');
    if (!grants(request.user.role, role)) {
      await request.audit('access.denied', {
        outcome: 'denied', params: { route: request.routeOptions.url, method: request.method, required: role },
      });
      throw error('AUTH_FORBIDDEN_ROLE', [request.user.role, role]);
    }
  });
});

declare module 'fastify' {
  interface FastifyInstance {
    /** Verifies any token of this server (session or login challenge); undefined when invalid. */
    verifyToken(token: string): TokenPayload | undefined;
  }
}
