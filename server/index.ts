// Public surface of the server.
//
// Building and serving
//   const app = await buildApp({ dataDir, now?, config?, logger? });   // Fastify instance, not listening
//   await app.inject({ method: 'GET', url: '/auth/me', headers: { authorization: `Bearer ${token}` } });
//   const server = await listen({ dataDir, port, host });              // listens, graceful shutdown on SIGINT/SIGTERM
//
// Adding routes (dashboards, exports, web page): write a plugin (FastifyPluginAsync) and add one line to
// server/routes/index.ts (`{ plugin, prefix }`). Inside it, use the zod type provider
// (`root.withTypeProvider<ZodTypeProvider>()`); errors thrown as InfocentreError (registry/errors.ts) are answered
// `{ code, message, hint }` with their status; zod validation errors become IC_SRV_001 (400) with a French reason.
//
// Authentication and roles (decorations of the app, visible in every route plugin)
//   app.authenticate                  onRequest/preHandler hook: 401 for a missing, expired, tampered, revoked or
//                                     `alg: none` token; reads `Authorization: Bearer <jwt>` or the `ic_session`
//                                     cookie (httpOnly, SameSite=Strict) that POST /auth/login sets for the web page.
//   app.requireRole('viewer' | 'exporter' | 'analyst' | 'admin')
//                                     preHandler after authenticate: 403 (journaled) unless the role grants it.
//                                     viewer: dashboards; exporter: viewer + exports; analyst: viewer + detailed
//                                     universe; admin: accounts, alerts, journal only (no data).
//   request.user: SessionUser         { username, fullName, organisation, role, territory, jti, exp }; territory is
//                                     the habilitation, e.g. ['DEP:45', 'EPCI:200070183', 'COM:41018'] or ['FR'].
//   territoryCovers(user.territory, geoRef) / territoryIntersects(...) / territoryCommunes(territory)
//                                     decide whether a dashboard's geography (universes' GeoRef) is within it.
//
// Journal (exports must be journaled, before the bytes leave)
//   await request.audit('dashboard.export', { params: { dashboard, geo, period, format } });
//   await app.journal.append({ actor, action, outcome: 'ok' | 'denied' | 'failed', ip, params, nuds });
//                                     both throw IC_SRV_004 (503) when the journal cannot be written: let it propagate.
//
// Data-quality alerts (to show on dashboards and print in exports of a period)
//   const alerts = await app.alerts.inForce('2026-10-01', '2026-10-31');   // ISO dates, inclusive, overlapping
//   exportView(view, format, { alerts: alerts.map(alertText) })
//   GET /alerts?from=&to= for the web page (any authenticated user).
//
// Login flow for the web page: POST /auth/login {username, password} → { status: 'ok', token } or a step
// { status: 'password-change' | 'totp' | 'totp-enrol', challenge, totp? } answered by POST /auth/password
// { challenge, currentPassword, newPassword } or POST /auth/totp { challenge, code }; POST /auth/logout; GET /auth/me
// (role, territory and `can: { dashboards, exports, detailed, admin }`).
export { buildApp, type BuildOptions } from './app.ts';
export { listen, type ListenOptions } from './listen.ts';
export { parseServerConfig, type ServerConfig, type ServerConfigInput } from './config.ts';
export type { SessionUser, AuditDetails, TokenPayload } from './types.ts';
export { ROLES, grants, totpMandatory, type Role } from './accounts/roles.ts';
export { parseTerritory, territoryCovers, territoryIntersects, territoryCommunes, isNational, type Territory } from './accounts/territory.ts';
export { AccountStore, publicAccount, type Account, type PublicAccount } from './accounts/store.ts';
export { addAccount, disableAccount, resetAccount, listAccounts, setAccessHours, type NewAccount } from './accounts/admin.ts';
export { parseAccessHours, formatAccessHours, withinAccessHours, type AccessHours } from './accounts/hours.ts';
export { checkPasswordPolicy, PASSWORD_POLICY_TEXT } from './accounts/password.ts';
export { totpCode } from './accounts/totp.ts';
export { Journal, type JournalFilter, type VerifyReport, type PurgeReport } from './journal/journal.ts';
export type { JournalEvent, JournalEntry, Outcome } from './journal/entry.ts';
export { AlertStore, alertText, ALERT_KINDS, type Alert, type AlertKind } from './alerts/store.ts';
export { systemPaths } from './system/paths.ts';
export { decryptEnvelope, ENVELOPE_MAGIC } from './detailed/envelope.ts';
export { purgeRadiated, type RadiatedPurgeReport } from './detailed/purge.ts';
export { routePlugins, type RoutePlugin } from './routes/index.ts';
