// `infocentre start` (what `npm start` runs): the real product on a fresh machine. When the data folder has no
// snapshot yet it generates the `small` demo extract (three régions, about 100 000 requests), loads it, makes sure a
// demo account exists and serves at once, while a worker thread computes the snapshot's protected release (about
// five minutes on two cores the first time, cached per snapshot: later starts find it). Until it is ready the
// dashboards answer IC_DASH_009 (being computed); login, accounts and the detailed universe work meanwhile.
//
// The demo account gets a random provisional password, printed here, that only opens the password-change step of
// the first login: no default password survives first login. While nobody has logged in with it yet, each start
// issues a fresh one (the previous one cannot be shown again: only its hash is kept).
import type { Command } from 'commander';
import { join } from 'node:path';
import { releaseInBackground } from '../../dashboards/index.ts';
import { formatReport, loadExtract } from '../../etl/index.ts';
import { generateFixtures } from '../../fixtures/index.ts';
import { message } from '../../registry/index.ts';
import { AccountStore, addAccount, Journal, listAccounts, listen, resetAccount, systemPaths } from '../../server/index.ts';
import { currentSnapshot, type SnapshotPaths } from '../../universes/index.ts';
import { dataDirOption, hostOption, listenAddress, portOption, type ListenFlags } from '../input.ts';

const DEMO_USER = 'demo';
const DEMO_SEED = 1;

async function ensureSnapshot(dataDir: string): Promise<SnapshotPaths> {
  const existing = await currentSnapshot(dataDir);
  if (existing) return existing;
  const extract = join(dataDir, 'demo-extract');
  process.stderr.write(`${message('START_NO_DATA', dataDir)}\n`);
  await generateFixtures({ size: 'small', seed: DEMO_SEED, out: extract });
  const report = await loadExtract({ dir: extract, dataDir });
  process.stderr.write(`${formatReport(report)}\n`);
  return (await currentSnapshot(dataDir))!;
}

/** The demo login to print: a provisional password while the account was never used, else just its name. */
async function demoLogin(dataDir: string): Promise<string> {
  const store = new AccountStore(systemPaths(dataDir).accounts);
  const existing = (await listAccounts(store)).find((a) => a.username === DEMO_USER);
  const now = new Date();
  if (existing?.lastLoginAt) return message('START_DEMO_USED', DEMO_USER, DEMO_USER);
  const issued = existing
    ? await resetAccount(store, DEMO_USER, now)
    : await addAccount(store, {
      username: DEMO_USER, fullName: 'Compte de démonstration', organisation: 'Démonstration', role: 'exporter', territory: 'FR',
    }, 'infocentre start', now);
  const journal = await Journal.open(dataDir);
  try {
    await journal.append({ actor: 'infocentre start', action: existing ? 'users.reset' : 'users.add', outcome: 'ok', params: { username: DEMO_USER, role: 'exporter' } });
  } finally {
    await journal.close(); // the server opens its own; a handle left to the garbage collector warns and may lose the lock
  }
  return message('START_DEMO_LOGIN', DEMO_USER, issued.password);
}

export function registerStart(root: Command): void {
  root.command('start')
    .description('Démarrage de démonstration : génère et charge un jeu de données s\'il n\'y en a pas, puis sert l\'infocentre')
    .addOption(portOption()).addOption(hostOption()).addOption(dataDirOption())
    .action(async (opts: ListenFlags) => {
      const address = listenAddress(opts);
      const snapshot = await ensureSnapshot(opts.dataDir);
      const login = await demoLogin(opts.dataDir);
      const { url } = await listen({ ...address, handleSignals: true });
      process.stderr.write(`${message('START_READY', url, url, url)}\n${login}\n${message('START_RELEASE')}\n`);
      const started = Date.now();
      releaseInBackground(opts.dataDir, snapshot).promise.then(
        () => process.stderr.write(`${message('START_RELEASE_READY', ((Date.now() - started) / 1000).toFixed(1))}\n`),
        (err: Error) => process.stderr.write(`${message('START_RELEASE_FAILED', err.message)}\n`),
      );
    });
}
