// Builds the Fastify app (not listening: see listen.ts). Order matters: errors and security first, then the shared
// services (accounts, journal, alerts) and authentication, then the documentation, then every route plugin of
// routes/index.ts, each in its own encapsulated context.
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { resolve } from 'node:path';
import { AccountStore } from './accounts/store.ts';
import { Revocations } from './accounts/revocations.ts';
import { AlertStore } from './alerts/store.ts';
import { parseServerConfig, type ServerConfigInput } from './config.ts';
import { Journal } from './journal/journal.ts';
import { authPlugin } from './plugins/auth.ts';
import { docsPlugin } from './plugins/docs.ts';
import { errorsPlugin } from './plugins/errors.ts';
import { securityPlugin } from './plugins/security.ts';
import { routePlugins } from './routes/index.ts';
import { ensureDir, secretFile } from './system/files.ts';
import { systemPaths } from './system/paths.ts';
import './types.ts';

export interface BuildOptions {
  dataDir: string;
  /** The clock, for tests (lockout, inactivity, access hours, TOTP, token expiry, journal timestamps). */
  now?: () => Date;
  config?: ServerConfigInput;
  /** Fastify logger: false in tests; by default structured JSON on stdout at config.logLevel. */
  logger?: boolean;
}

/** Logs carry the route pattern, never the URL (it may hold a NUD or a name), nor headers or bodies. */
function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: ['req.headers', 'headers', '*.authorization', '*.cookie', '*.password', '*.token'], censor: '[masqué]' },
    serializers: {
      req: (req: { method: string; id: string; routeOptions?: { url?: string } }) => ({
        id: req.id, method: req.method, route: req.routeOptions?.url ?? '(aucune route)',
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const config = parseServerConfig(options.config);
  const dataDir = resolve(options.dataDir);
  const now = options.now ?? (() => new Date());
  const paths = systemPaths(dataDir);
  await ensureDir(paths.dir);

  const app = Fastify({
    logger: options.logger === false ? false : loggerOptions(config.logLevel),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.decorate('config', config);
  app.decorate('dataDir', dataDir);
  app.decorate('now', now);
  app.decorate('accounts', new AccountStore(paths.accounts));
  const journal = await Journal.open(dataDir, now);
  app.decorate('journal', journal);
  app.addHook('onClose', () => journal.close());
  app.decorate('alerts', new AlertStore(paths.alerts, now));
  app.decorate('revocations', await Revocations.load(paths.revoked));

  await app.register(errorsPlugin);
  await app.register(securityPlugin);
  await app.register(rateLimit, { global: false });
  await app.register(authPlugin, { jwtKey: await secretFile(paths.jwtKey, 64), fakeClock: options.now !== undefined });
  if (config.docs) await app.register(docsPlugin);
  for (const { plugin, prefix } of routePlugins) await app.register(plugin, prefix ? { prefix } : {});
  return app;
}
