// Serving: builds the app, listens, and on SIGINT/SIGTERM stops accepting connections, lets requests in flight
// finish (their journal entries included) and closes the universes before exiting.
import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildOptions } from './app.ts';

export interface ListenOptions extends BuildOptions {
  port: number;
  host?: string;
  /** Install SIGINT/SIGTERM handlers (the CLI does; tests do not). */
  handleSignals?: boolean;
}

export async function listen(options: ListenOptions): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildApp(options);
  const url = await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  if (options.handleSignals) {
    let closing = false;
    const stop = (signal: string) => {
      if (closing) return;
      closing = true;
      app.log.info({ signal }, 'shutting down');
      const force = setTimeout(() => process.exit(1), 10_000);
      force.unref();
      app.close().then(() => process.exit(0), (err: unknown) => { app.log.error({ err }, 'shutdown failed'); process.exit(1); });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  }
  return { app, url };
}
