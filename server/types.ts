// Types the server adds to Fastify: the authenticated user on `request.user`, the decorations of the app, and the
// request's journal helper. See server/index.ts for how route plugins use them.
import type { preHandlerAsyncHookHandler } from 'fastify';
import type { AccountStore } from './accounts/store.ts';
import type { Role } from './accounts/roles.ts';
import type { Territory } from './accounts/territory.ts';
import type { AlertStore } from './alerts/store.ts';
import type { ServerConfig } from './config.ts';
import type { Outcome } from './journal/entry.ts';
import type { Journal } from './journal/journal.ts';
import type { Revocations } from './accounts/revocations.ts';

/** The person behind a valid session token, as the account stands now (not as it stood at login). */
export interface SessionUser {
  username: string;
  fullName: string;
  organisation: string;
  role: Role;
  /** Habilitation: units the user may see (`DEP:45`, `EPCI:200070183`, `COM:45234`, `REG:11`, `FR`). */
  territory: Territory;
  /** Token id (for logout) and expiry (seconds since the epoch). */
  jti: string;
  exp: number;
}

export type LoginStep = 'password' | 'totp' | 'totp-enrol';

export interface TokenPayload {
  sub: string;
  scope: 'session' | 'challenge';
  /** For a challenge: the step it opens. */
  step?: LoginStep;
  jti: string;
  iat?: number;
  exp?: number;
}

export interface AuditDetails {
  outcome?: Outcome; // default ok
  params?: Record<string, unknown>;
  nuds?: readonly string[];
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: TokenPayload;
    user: SessionUser;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    config: ServerConfig;
    dataDir: string;
    /** The server's clock (injectable in tests). */
    now(): Date;
    accounts: AccountStore;
    journal: Journal;
    alerts: AlertStore;
    revocations: Revocations;
    /** preHandler: refuses (401) a missing, malformed, expired, tampered, revoked or `alg: none` token. */
    authenticate: preHandlerAsyncHookHandler;
    /** preHandler (after authenticate): refuses (403, journaled) a user whose role does not grant `role`. */
    requireRole(role: Role): preHandlerAsyncHookHandler;
  }
  interface FastifyRequest {
    /** Journals an action of the authenticated user, durably, before the answer; throws IC_SRV_004 if it cannot. */
    audit(action: string, details?: AuditDetails): Promise<void>;
  }
}
