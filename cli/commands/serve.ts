// `infocentre serve [--port 3000] [--host 127.0.0.1] [--data-dir data]`: serves the API, the documentation (/docs)
// and the web page until SIGINT/SIGTERM (graceful shutdown).
import type { Command } from 'commander';
import { listen } from '../../server/index.ts';
import { dataDirOption, hostOption, listenAddress, parseInteger, portOption, type ListenFlags } from '../input.ts';

interface ServeFlags extends ListenFlags {
  inactivityDays: string;
  tokenMinutes: string;
  secureCookies?: boolean;
  trustProxy?: boolean;
}

export function registerServe(root: Command): void {
  root.command('serve')
    .description('Démarre le serveur (API, documentation /docs, page web)')
    .addOption(portOption()).addOption(hostOption()).addOption(dataDirOption())
    .option('--inactivity-days <n>', 'jours sans connexion avant désactivation d\'un compte', '90')
    .option('--token-minutes <n>', 'durée de vie d\'un jeton de session (minutes)', '15')
    .option('--secure-cookies', 'cookies de session « Secure » (service en HTTPS)')
    .option('--trust-proxy', 'adresse du client lue dans X-Forwarded-For (derrière un proxy de confiance)')
    .action(async (opts: ServeFlags) => {
      const address = listenAddress(opts);
      const inactivityDays = parseInteger('--inactivity-days', opts.inactivityDays, 1);
      const tokenMinutes = parseInteger('--token-minutes', opts.tokenMinutes, 1);
      const { url } = await listen({
        ...address, handleSignals: true,
        config: {
          inactivityDays, tokenTtlSeconds: tokenMinutes * 60,
          secureCookies: opts.secureCookies === true, trustProxy: opts.trustProxy === true,
        },
      });
      process.stderr.write(`Infocentre prêt sur ${url} (documentation : ${url}/docs)\n`);
    });
}
