// Server settings, validated at the edge (options of `infocentre serve`, or of buildApp in tests and benches).
import { z } from 'zod';
import { error } from '../registry/index.ts';

const window = (max: number, seconds: number) =>
  z.object({ max: z.number().int().min(1), windowSeconds: z.number().int().min(1) }).default({ max, windowSeconds: seconds });

export const ServerConfigSchema = z.object({
  /** Lifetime of a session token; short, since a stolen token is valid until then unless its owner logs out. */
  tokenTtlSeconds: z.number().int().min(60).max(3600).default(900),
  /** Lifetime of the intermediate tokens of the login steps (password change, TOTP). */
  challengeTtlSeconds: z.number().int().min(30).max(900).default(300),
  maxFailedLogins: z.number().int().min(1).max(20).default(5),
  lockoutMinutes: z.number().int().min(1).max(24 * 60).default(15),
  /** Accounts without a connection for this many days are disabled at their next login attempt (seed 004). */
  inactivityDays: z.number().int().min(1).max(3650).default(90),
  /** Access journal retention (seed 001: one year). */
  journalRetentionDays: z.number().int().min(1).max(3650).default(365),
  /** Personal data of a request is kept this long after its radiation (seed 001: one year). */
  radiatedRetentionDays: z.number().int().min(1).max(3650).default(365),
  /** Per client address, on the login steps. */
  loginRateLimit: window(10, 60),
  /** Per account, on the detailed (nominative) routes. */
  detailedRateLimit: window(120, 60),
  maxPageSize: z.number().int().min(1).max(500).default(100),
  maxExportRows: z.number().int().min(1).max(1_000_000).default(20_000),
  /** Set when served over HTTPS (directly or behind a proxy): session cookies are then `Secure`. */
  secureCookies: z.boolean().default(false),
  trustProxy: z.boolean().default(false),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  docs: z.boolean().default(true),
});

export type ServerConfig = z.output<typeof ServerConfigSchema>;
export type ServerConfigInput = z.input<typeof ServerConfigSchema>;

export function parseServerConfig(input: ServerConfigInput = {}): ServerConfig {
  const parsed = ServerConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw error('SRV_BAD_CONFIG', [parsed.error.issues.map((i) => `${i.path.join('.')} : ${i.message}`).join(' ; ')]);
  }
  return parsed.data;
}
