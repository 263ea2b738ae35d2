// `infocentre serve [--port 3000] [--host 127.0.0.1] [--data-dir data]`: serves the API, the documentation (/docs)
// and the web page until SIGINT/SIGTERM (graceful shutdown).
import type { Command } from 'commander';
import { fail } from '../../registry/index.ts';
import { listen } from '../../server/index.ts';

export function registerServe(root: Command): void {
  root.command('serve')
    .description('Démarre le serveur (API, documentation /docs, page web)')
    .option('--port <n>', 'port d\'écoute', '3000')
    .option('--host <host>', 'adresse d\'écoute (127.0.0.1 : derrière un proxy HTTPS)', '127.0.0.1')
    .option('--data-dir <dir>', 'dossier des données', 'data')
    .option('--inactivity-days <n>', 'jours sans connexion avant désactivation d\'un compte', '90')
    .option('--token-minutes <n>', 'durée de vie d\'un jeton de session (minutes)', '15')
    .option('--secure-cookies', 'cookies de session « Secure » (service en HTTPS)')
    .option('--trust-proxy', 'adresse du client lue dans X-Forwarded-For (derrière un proxy de confiance)')
    .action(async (opts: { port: string; host: string; dataDir: string; inactivityDays: string; tokenMinutes: string; secureCookies?: boolean; trustProxy?: boolean }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) fail('CLI_BAD_OPTION', `--port ${opts.port}`);
      const { url } = await listen({
        dataDir: opts.dataDir, port, host: opts.host, handleSignals: true,
        config: {
          inactivityDays: Number(opts.inactivityDays), tokenTtlSeconds: Number(opts.tokenMinutes) * 60,
          secureCookies: opts.secureCookies === true, trustProxy: opts.trustProxy === true,
        },
      });
      process.stderr.write(`Infocentre prêt sur ${url} (documentation : ${url}/docs)\n`);
    });
}
