// /auth: login in steps (password, forced change, TOTP enrolment or code), logout, who am I, voluntary password
// change and optional TOTP enrolment. Every success, failure and refusal is journaled before the answer. Unknown
// usernames and wrong passwords get the same answer after the same work (argon2 on a decoy hash).
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { error, InfocentreError } from '../../registry/index.ts';
import { inactiveTooLong, nextStep } from '../accounts/login.ts';
import { checkPasswordPolicy, decoyHash, hashPassword, verifyPassword } from '../accounts/password.ts';
import { grants, ROLES } from '../accounts/roles.ts';
import { publicAccount, type Account } from '../accounts/store.ts';
import { checkTotp, newTotpSecret, totpUri } from '../accounts/totp.ts';
import { checkAccountUsable, SESSION_COOKIE } from '../plugins/auth.ts';
import type { LoginStep, TokenPayload } from '../types.ts';

const Username = z.string().min(1).max(64);
const Password = z.string().min(1).max(256);
const Code = z.string().regex(/^[0-9]{6}$/, 'six chiffres');
const Challenge = z.string().min(10).max(4096);

const SessionAnswer = z.object({
  status: z.literal('ok'),
  token: z.string(),
  expiresAt: z.string(),
  user: z.object({ username: z.string(), fullName: z.string(), organisation: z.string(), role: z.enum(ROLES), territory: z.array(z.string()) }),
});
const ChallengeAnswer = z.object({
  status: z.enum(['password-change', 'totp', 'totp-enrol']),
  challenge: z.string(),
  expiresAt: z.string(),
  /** Only for totp-enrol: the secret to add to an authenticator app, shown until enrolment succeeds. */
  totp: z.object({ secret: z.string(), uri: z.string() }).optional(),
});
const StepAnswer = z.union([SessionAnswer, ChallengeAnswer]);

const STATUS: Record<LoginStep, z.infer<typeof ChallengeAnswer>['status']> = {
  password: 'password-change', totp: 'totp', 'totp-enrol': 'totp-enrol',
};

export const authRoutes: FastifyPluginAsync = async (root) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const cfg = app.config;
  const loginLimit = { rateLimit: { max: cfg.loginRateLimit.max, timeWindow: cfg.loginRateLimit.windowSeconds * 1000 } };
  const seconds = () => Math.floor(app.now().getTime() / 1000);

  const journal = (request: FastifyRequest, actor: string | null, action: string, outcome: 'ok' | 'denied' | 'failed', params: Record<string, unknown> = {}) =>
    app.journal.append({ actor, action, outcome, ip: request.ip, params });

  /** Counts a failed factor (password or TOTP code); locks the account at the limit. */
  async function recordFailure(request: FastifyRequest, username: string, factor: string): Promise<never> {
    const locked = await app.accounts.update((file) => {
      const a = file.accounts[username];
      a.failedLogins += 1;
      if (a.failedLogins < cfg.maxFailedLogins) return undefined;
      a.failedLogins = 0;
      a.lockedUntil = new Date(app.now().getTime() + cfg.lockoutMinutes * 60_000).toISOString();
      return a.lockedUntil;
    });
    await journal(request, username, 'login', 'failed', { factor, ...(locked ? { lockedUntil: locked } : {}) });
    if (locked) throw error('AUTH_LOCKED', [locked]);
    throw factor === 'totp' ? error('AUTH_BAD_TOTP') : error('AUTH_BAD_CREDENTIALS');
  }

  /** Refusals after the password was right: disabled, inactive, outside hours. Journaled. */
  async function checkUsable(request: FastifyRequest, account: Account): Promise<void> {
    const now = app.now();
    if (!account.disabled && inactiveTooLong(account, now, cfg.inactivityDays)) {
      await app.accounts.update((file) => {
        file.accounts[account.username].disabled = { at: now.toISOString(), reason: 'inactivity', by: 'system' };
      });
      account = (await app.accounts.get(account.username))!;
    }
    const file = await app.accounts.read();
    try {
      checkAccountUsable(file, account, now);
    } catch (err) {
      await journal(request, account.username, 'login', 'denied', { reason: (err as InfocentreError).code });
      throw err;
    }
  }

  function checkLock(account: Account): void {
    if (account.lockedUntil && Date.parse(account.lockedUntil) > app.now().getTime()) throw error('AUTH_LOCKED', [account.lockedUntil]);
  }

  /** Answers the next step for an account whose previous factors are done. */
  async function advance(request: FastifyRequest, reply: FastifyReply, username: string, totpDone: boolean) {
    let account = (await app.accounts.get(username))!;
    const step = nextStep(account, totpDone);
    if (step === 'session') {
      const jti = randomUUID();
      const token = app.jwt.sign({ sub: username, scope: 'session', jti, iat: seconds() } satisfies TokenPayload, { expiresIn: `${cfg.tokenTtlSeconds}s` });
      const at = app.now();
      await app.accounts.update((file) => {
        Object.assign(file.accounts[username], { lastLoginAt: at.toISOString(), failedLogins: 0, lockedUntil: null });
      });
      await journal(request, username, 'login', 'ok', { step: 'session' });
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true, sameSite: 'strict', secure: cfg.secureCookies, path: '/', maxAge: cfg.tokenTtlSeconds,
      });
      return {
        status: 'ok' as const, token, expiresAt: new Date(at.getTime() + cfg.tokenTtlSeconds * 1000).toISOString(),
        user: { username, fullName: account.fullName, organisation: account.organisation, role: account.role, territory: [...account.territory] },
      };
    }
    let totp: { secret: string; uri: string } | undefined;
    if (step === 'totp-enrol') {
      if (!account.totpPending) {
        await app.accounts.update((file) => {
          file.accounts[username].totpPending = { secret: newTotpSecret(), createdAt: app.now().toISOString() };
        });
        account = (await app.accounts.get(username))!;
      }
      totp = { secret: account.totpPending!.secret, uri: totpUri(account.totpPending!.secret, username) };
    }
    const challenge = app.jwt.sign(
      { sub: username, scope: 'challenge', step, jti: randomUUID(), iat: seconds() } satisfies TokenPayload,
      { expiresIn: `${cfg.challengeTtlSeconds}s` },
    );
    await journal(request, username, 'login', 'ok', { step });
    return {
      status: STATUS[step], challenge,
      expiresAt: new Date(app.now().getTime() + cfg.challengeTtlSeconds * 1000).toISOString(), ...(totp ? { totp } : {}),
    };
  }

  /** Checks and consumes a challenge token for one of `steps`; returns the account it belongs to. */
  async function consumeChallenge(challenge: string, steps: LoginStep[]): Promise<{ account: Account; payload: TokenPayload }> {
    const payload = app.verifyToken(challenge);
    if (!payload || payload.scope !== 'challenge' || !steps.includes(payload.step!) || app.revocations.has(payload.jti)) {
      throw error('AUTH_BAD_CHALLENGE', ['jeton d\'étape invalide, expiré ou déjà utilisé']);
    }
    const account = await app.accounts.get(payload.sub);
    if (!account || (payload.iat ?? 0) < account.tokensValidAfter) throw error('AUTH_BAD_CHALLENGE', ['compte modifié depuis']);
    checkLock(account);
    return { account, payload };
  }

  const burn = (payload: TokenPayload) => app.revocations.revoke(payload.jti, payload.exp!, seconds());

  app.post('/login', {
    config: loginLimit,
    schema: {
      summary: 'Connexion : identifiant et mot de passe (étape 1)',
      security: [],
      body: z.strictObject({ username: Username, password: Password }),
      response: { 200: StepAnswer },
    },
  }, async (request, reply) => {
    const { username, password } = request.body;
    const account = await app.accounts.get(username);
    if (!account) {
      await verifyPassword(await decoyHash(), password);
      await journal(request, null, 'login', 'failed', { username: username.slice(0, 64), reason: 'unknown' });
      throw error('AUTH_BAD_CREDENTIALS');
    }
    try {
      checkLock(account);
    } catch (err) {
      await journal(request, username, 'login', 'denied', { reason: 'locked' });
      throw err;
    }
    if (!(await verifyPassword(account.passwordHash, password))) await recordFailure(request, username, 'password');
    await checkUsable(request, account);
    return advance(request, reply, username, false);
  });

  app.post('/password', {
    config: loginLimit,
    schema: {
      summary: 'Changement de mot de passe : obligatoire à la première connexion (avec le jeton d\'étape), ou volontaire (avec le jeton de session)',
      body: z.strictObject({ challenge: Challenge.optional(), currentPassword: Password, newPassword: Password }),
      response: { 200: z.union([StepAnswer, z.object({ status: z.literal('password-changed') })]) },
    },
  }, async (request, reply) => {
    const { challenge, currentPassword, newPassword } = request.body;
    let account: Account;
    let payload: TokenPayload | undefined;
    if (challenge !== undefined) {
      ({ account, payload } = await consumeChallenge(challenge, ['password']));
    } else {
      await app.authenticate.call(app, request, reply);
      account = (await app.accounts.get(request.user.username))!;
    }
    if (!(await verifyPassword(account.passwordHash, currentPassword))) await recordFailure(request, account.username, 'password');
    try {
      checkPasswordPolicy(newPassword, account.username);
      if (await verifyPassword(account.passwordHash, newPassword)) throw error('AUTH_WEAK_PASSWORD', ['identique au mot de passe actuel']);
    } catch (err) {
      await journal(request, account.username, 'password.change', 'denied', { reason: (err as InfocentreError).message });
      throw err;
    }
    const passwordHash = await hashPassword(newPassword);
    await app.accounts.update((file) => {
      Object.assign(file.accounts[account.username], {
        passwordHash, mustChangePassword: false, passwordChangedAt: app.now().toISOString(), tokensValidAfter: seconds(),
      });
    });
    await journal(request, account.username, 'password.change', 'ok');
    if (payload) {
      await burn(payload);
      return advance(request, reply, account.username, false);
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { status: 'password-changed' as const };
  });

  app.post('/totp', {
    config: loginLimit,
    schema: {
      summary: 'Connexion : code TOTP (ou premier code après enrôlement) (dernière étape)',
      security: [],
      body: z.strictObject({ challenge: Challenge, code: Code }),
      response: { 200: StepAnswer },
    },
  }, async (request, reply) => {
    const { account, payload } = await consumeChallenge(request.body.challenge, ['totp', 'totp-enrol']);
    const now = app.now();
    const enrolling = payload.step === 'totp-enrol';
    const secret = enrolling ? account.totpPending?.secret : account.totp?.secret;
    if (!secret) throw error('AUTH_TOTP_NOT_ENROLLING');
    const counter = checkTotp(secret, account.username, request.body.code, now, account.totp?.lastCounter ?? -1);
    if (counter === undefined) await recordFailure(request, account.username, 'totp');
    await app.accounts.update((file) => {
      const a = file.accounts[account.username];
      a.totp = { secret: secret!, enabledAt: enrolling ? now.toISOString() : a.totp!.enabledAt, lastCounter: counter! };
      a.totpPending = null;
    });
    if (enrolling) await journal(request, account.username, 'totp.enrol', 'ok');
    await burn(payload);
    return advance(request, reply, account.username, true);
  });

  app.post('/logout', {
    onRequest: app.authenticate,
    schema: { summary: 'Déconnexion : le jeton est révoqué', response: { 200: z.object({ status: z.literal('logged-out') }) } },
  }, async (request, reply) => {
    await app.revocations.revoke(request.user.jti, request.user.exp, seconds());
    await request.audit('logout');
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { status: 'logged-out' as const };
  });

  app.get('/me', {
    onRequest: app.authenticate,
    schema: {
      summary: 'Le compte connecté, son rôle, son habilitation et ce qu\'ils permettent',
      response: {
        200: z.object({
          username: z.string(), fullName: z.string(), organisation: z.string(), role: z.enum(ROLES),
          territory: z.array(z.string()), totp: z.boolean(), expiresAt: z.string(), lastLoginAt: z.string().nullable(),
          can: z.object({ dashboards: z.boolean(), exports: z.boolean(), detailed: z.boolean(), admin: z.boolean() }),
        }),
      },
    },
  }, async (request) => {
    const u = request.user;
    const account = publicAccount((await app.accounts.get(u.username))!);
    return {
      username: u.username, fullName: u.fullName, organisation: u.organisation, role: u.role, territory: [...u.territory],
      totp: account.totp, expiresAt: new Date(u.exp * 1000).toISOString(), lastLoginAt: account.lastLoginAt,
      can: { dashboards: grants(u.role, 'viewer'), exports: grants(u.role, 'exporter'), detailed: grants(u.role, 'analyst'), admin: grants(u.role, 'admin') },
    };
  });

  app.post('/totp/setup', {
    onRequest: app.authenticate,
    schema: {
      summary: 'Enrôlement TOTP volontaire (rôles où il est facultatif) : secret à confirmer par un code',
      response: { 200: z.object({ secret: z.string(), uri: z.string() }) },
    },
  }, async (request) => {
    const secret = newTotpSecret();
    await app.accounts.update((file) => {
      file.accounts[request.user.username].totpPending = { secret, createdAt: app.now().toISOString() };
    });
    await request.audit('totp.setup');
    return { secret, uri: totpUri(secret, request.user.username) };
  });

  app.post('/totp/confirm', {
    onRequest: app.authenticate,
    config: loginLimit,
    schema: {
      summary: 'Confirme l\'enrôlement TOTP avec un premier code',
      body: z.strictObject({ code: Code }),
      response: { 200: z.object({ status: z.literal('totp-enabled') }) },
    },
  }, async (request) => {
    const account = (await app.accounts.get(request.user.username))!;
    if (!account.totpPending) throw error('AUTH_TOTP_NOT_ENROLLING');
    const counter = checkTotp(account.totpPending.secret, account.username, request.body.code, app.now(), account.totp?.lastCounter ?? -1);
    if (counter === undefined) await recordFailure(request, account.username, 'totp');
    await app.accounts.update((file) => {
      const a = file.accounts[account.username];
      a.totp = { secret: a.totpPending!.secret, enabledAt: app.now().toISOString(), lastCounter: counter! };
      a.totpPending = null;
    });
    await request.audit('totp.enrol');
    return { status: 'totp-enabled' as const };
  });
};
