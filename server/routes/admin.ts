// /admin (role admin, TOTP mandatory): accounts, organisations' access hours, journal search and verification.
// Admins never see request data here; every action is journaled (the journal search itself too).
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addAccount, disableAccount, listAccounts, resetAccount, USERNAME_PATTERN } from '../accounts/admin.ts';
import { parseAccessHours } from '../accounts/hours.ts';
import { setAccessHours } from '../accounts/admin.ts';
import { ROLES } from '../accounts/roles.ts';
import { IsoDate, NudSchema } from './params.ts';
import { restrictTo } from '../plugins/auth.ts';

const AccountOut = z.object({
  username: z.string(), fullName: z.string(), organisation: z.string(), role: z.enum(ROLES), territory: z.array(z.string()),
  totp: z.boolean(), mustChangePassword: z.boolean(), locked: z.boolean(), lockedUntil: z.string().nullable(),
  disabled: z.string().nullable(), createdAt: z.string(), lastLoginAt: z.string().nullable(),
});
const Issued = z.object({ account: AccountOut, password: z.string().describe('Mot de passe provisoire, affiché une seule fois, à changer à la première connexion') });
const UserParam = z.strictObject({ username: z.string().regex(USERNAME_PATTERN, 'identifiant prenom.nom') });

export const adminRoutes: FastifyPluginAsync = async (root) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  restrictTo(app, 'admin');
  const by = (u: { username: string }) => u.username;

  app.get('/users', {
    schema: { summary: 'Liste des comptes', response: { 200: z.object({ accounts: z.array(AccountOut) }) } },
  }, async (request) => {
    const accounts = await listAccounts(app.accounts);
    await request.audit('users.list');
    return { accounts };
  });

  app.post('/users', {
    schema: {
      summary: 'Crée un compte nominatif (mot de passe provisoire aléatoire affiché une fois)',
      body: z.strictObject({
        username: z.string().regex(USERNAME_PATTERN, 'identifiant prenom.nom'), fullName: z.string().min(1).max(120),
        organisation: z.string().min(1).max(120), role: z.enum(ROLES), territory: z.array(z.string().max(20)).min(1).max(200),
      }),
      response: { 201: Issued },
    },
  }, async (request, reply) => {
    const issued = await addAccount(app.accounts, request.body, by(request.user), app.now());
    await request.audit('users.add', { params: { username: request.body.username, role: request.body.role, territory: issued.account.territory, organisation: request.body.organisation } });
    return reply.code(201).send(issued);
  });

  app.post('/users/:username/disable', {
    schema: { summary: 'Désactive un compte (ses jetons sont révoqués)', params: UserParam, response: { 200: AccountOut } },
  }, async (request) => {
    const account = await disableAccount(app.accounts, request.params.username, by(request.user), app.now());
    await request.audit('users.disable', { params: { username: request.params.username } });
    return account;
  });

  app.post('/users/:username/reset', {
    schema: {
      summary: 'Nouveau mot de passe provisoire (déverrouille et réactive ; clearTotp pour un téléphone perdu)',
      params: UserParam, body: z.strictObject({ clearTotp: z.boolean().default(false) }).default({ clearTotp: false }),
      response: { 200: Issued },
    },
  }, async (request) => {
    const issued = await resetAccount(app.accounts, request.params.username, app.now(), { clearTotp: request.body.clearTotp });
    await request.audit('users.reset', { params: { username: request.params.username, clearTotp: request.body.clearTotp } });
    return issued;
  });

  app.put('/organisations/:organisation/hours', {
    schema: {
      summary: 'Heures d\'accès d\'un organisme ("lun-ven 08:00-19:00", heure de Paris) ou null pour lever la restriction',
      params: z.strictObject({ organisation: z.string().min(1).max(120) }),
      body: z.strictObject({ hours: z.string().max(40).nullable() }),
      response: { 200: z.object({ organisation: z.string(), hours: z.string().nullable() }) },
    },
  }, async (request) => {
    const hours = request.body.hours === null ? null : parseAccessHours(request.body.hours);
    await setAccessHours(app.accounts, request.params.organisation, hours);
    await request.audit('organisations.hours', { params: { organisation: request.params.organisation, hours: request.body.hours } });
    return { organisation: request.params.organisation, hours: request.body.hours };
  });

  app.get('/journal', {
    schema: {
      summary: 'Recherche dans le journal des accès (plus récent d\'abord)',
      querystring: z.strictObject({
        actor: z.string().max(64).optional(), action: z.string().max(64).optional(),
        outcome: z.enum(['ok', 'denied', 'failed']).optional(), nud: NudSchema.optional(),
        from: IsoDate.optional(), to: IsoDate.optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100), offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
      }),
      response: { 200: z.object({ total: z.number(), entries: z.array(z.record(z.string(), z.unknown())) }) },
    },
  }, async (request) => {
    const q = request.query;
    const result = await app.journal.search({
      ...q, from: q.from ? new Date(`${q.from}T00:00:00Z`) : undefined, to: q.to ? new Date(`${q.to}T00:00:00Z`) : undefined,
    });
    await request.audit('journal.search', { params: { ...q }, });
    return { total: result.total, entries: result.entries as unknown as Record<string, unknown>[] };
  });

  app.get('/journal/verify', {
    schema: {
      summary: 'Vérifie le chaînage du journal (entrées supprimées, modifiées ou insérées)',
      response: { 200: z.object({ ok: z.boolean(), entries: z.number(), firstSeq: z.number().nullable(), lastSeq: z.number().nullable(), problems: z.array(z.string()) }) },
    },
  }, async (request) => {
    const report = await app.journal.verify();
    await request.audit('journal.verify', { params: { ok: report.ok } });
    return { ok: report.ok, entries: report.entries, firstSeq: report.firstSeq, lastSeq: report.lastSeq, problems: report.problems };
  });
};
