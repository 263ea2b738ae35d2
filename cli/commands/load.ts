// `infocentre load DIR [--data-dir data] [--as-of JJ/MM/AAAA]`: loads a registry extract into a new snapshot and
// publishes it; prints the load report. A progress bar is drawn only when stderr is a terminal.
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { formatReport, loadExtract, LOAD_STEPS, type LoadStep } from '../../etl/index.ts';
import { dataDirOption, parseInteger } from '../input.ts';

export function registerLoad(root: Command): void {
  root.command('load')
    .description('Charge un extrait du registre (demandes.csv, attributions.csv) dans un nouvel instantané des deux univers')
    .argument('<dir>', 'dossier de l\'extrait')
    .addOption(dataDirOption())
    .option('--as-of <date>', 'date des données JJ/MM/AAAA (par défaut : la date la plus récente de l\'extrait)')
    .option('--keep <n>', 'nombre d\'instantanés conservés', '5')
    .action(async (dir: string, opts: { dataDir: string; asOf?: string; keep: string }) => {
      const keep = parseInteger('--keep', opts.keep, 1);
      const bar = process.stderr.isTTY
        ? new SingleBar({ format: 'Chargement [{bar}] {value}/{total} {step}', stream: process.stderr }, Presets.shades_classic)
        : undefined;
      bar?.start(LOAD_STEPS.length, 0, { step: '' });
      try {
        const report = await loadExtract({
          dir, dataDir: opts.dataDir, asOf: opts.asOf, keep,
          progress: (step: LoadStep, index: number) => bar?.update(index, { step }),
        });
        bar?.update(LOAD_STEPS.length, { step: 'terminé' });
        bar?.stop();
        process.stdout.write(`${formatReport(report)}\n`);
      } catch (err) {
        bar?.stop();
        throw err;
      }
    });
}
