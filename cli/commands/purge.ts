// `infocentre purge [--data-dir data] [--now ISO]`: applies the retention periods (seed 001). Removes journal entries
// older than the journal retention (an anchor keeps the rest verifiable) and the personal data of requests radiated
// more than the radiated-data retention ago from every snapshot's detailed universe; reports what it removed.
// Meant to run daily (cron, systemd timer); safe while the server runs.
import type { Command } from 'commander';
import { fail } from '../../registry/index.ts';
import { Journal, purgeRadiated } from '../../server/index.ts';
import { dataDirOption, parseInteger } from '../input.ts';
import { operator } from '../operator.ts';

export function registerPurge(root: Command): void {
  root.command('purge')
    .description('Purge le journal au-delà de sa durée de conservation et les données des demandes radiées depuis plus d\'un an')
    .addOption(dataDirOption())
    .option('--now <date>', 'date de référence (AAAA-MM-JJ ou ISO ; par défaut maintenant)')
    .option('--journal-days <n>', 'conservation du journal des accès, en jours', '365')
    .option('--radiated-days <n>', 'conservation des données après radiation, en jours', '365')
    .action(async (opts: { dataDir: string; now?: string; journalDays: string; radiatedDays: string }) => {
      const now = opts.now === undefined ? new Date() : new Date(opts.now);
      if (Number.isNaN(now.getTime())) fail('CLI_BAD_OPTION', `--now ${opts.now}`);
      const journalDays = parseInteger('--journal-days', opts.journalDays, 1);
      const radiatedDays = parseInteger('--radiated-days', opts.radiatedDays, 1);
      // Personal data first: a journal that fails verification (and is therefore kept) must not delay it.
      const r = await purgeRadiated(opts.dataDir, now, radiatedDays);
      process.stdout.write(`Demandes radiées avant le ${r.cutoff} :\n`);
      for (const s of r.snapshots) {
        process.stdout.write(s.skipped
          ? `  instantané ${s.snapshot} : ignoré, ${s.skipped}\n`
          : `  instantané ${s.snapshot} : ${s.requests} demande(s), ${s.choices} commune(s) souhaitée(s), ${s.attributions} attribution(s) supprimée(s)\n`);
      }
      const journal = await Journal.open(opts.dataDir, () => now);
      const j = await journal.purge(new Date(now.getTime() - journalDays * 86_400_000));
      await journal.append({ actor: operator(), action: 'purge', outcome: 'ok', params: { journal: j, radiated: r } });
      process.stdout.write(`Journal : ${j.removed} entrée(s) antérieure(s) au ${j.before.slice(0, 10)} supprimée(s).\n`);
      if (r.snapshots.some((s) => s.skipped)) process.exitCode = 1;
    });
}
