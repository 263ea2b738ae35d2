// `infocentre release [--data-dir D] --out DIR`: writes every table of the served snapshot's release in the long
// form (one `<table>.csv` each, source line last), computing and caching the release first if needed. The files are
// the release's own, as the disclosure engine wrote them: `check --against` compares with exactly what was published.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { getRelease, releaseLongForm } from '../../dashboards/index.ts';
import { message } from '../../registry/index.ts';
import { dataDirOption, parseThreshold } from '../input.ts';

export function registerRelease(root: Command): void {
  root.command('release')
    .description('Écrit chaque table de la diffusion protégée de l\'instantané courant au format long (un fichier par table)')
    .addOption(dataDirOption())
    .requiredOption('--out <dir>', 'dossier où écrire les fichiers')
    .option('--threshold <n>', 'seuil du secret statistique', '10')
    .action(async (opts: { dataDir: string; out: string; threshold: string }) => {
      const threshold = parseThreshold(opts.threshold);
      const release = await getRelease(opts.dataDir, { threshold });
      const out = resolve(opts.out);
      await mkdir(out, { recursive: true });
      for (const t of release.tables.values()) {
        await writeFile(join(out, `${t.id}.csv`), await releaseLongForm(release, t.id));
      }
      const { stats, carriedFrom } = release;
      const lines = [
        message('RELEASE_WRITTEN', release.tables.size, out, release.snapshotId, release.asOf),
        message('RELEASE_STATS', stats.cells, stats.suppressed, stats.primary, stats.complementary, stats.rounds, stats.lps, stats.seconds.toFixed(1)),
        ...(carriedFrom ? [message('RELEASE_CARRIED', carriedFrom, stats.unchanged ?? 0)] : []),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
