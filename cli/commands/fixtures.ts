// `infocentre fixtures --size tiny|small|national --seed N --out DIR [--as-of JJ/MM/AAAA]`: writes a deterministic
// synthetic registry extract (same size and seed, same bytes).
import type { Command } from 'commander';
import { FIXTURE_SIZES, generateFixtures, type FixtureSize } from '../../fixtures/index.ts';
import { parseFrenchDate } from '../../etl/index.ts';
import { fail } from '../../registry/index.ts';
import { parseInteger } from '../input.ts';

export function registerFixtures(root: Command): void {
  root.command('fixtures')
    .description('Génère un extrait synthétique déterministe (demandes.csv, attributions.csv) sur la géographie réelle')
    .option('--size <size>', 'tiny | small | national', 'tiny')
    .option('--seed <n>', 'graine du générateur (même graine, mêmes octets)', '1')
    .requiredOption('--out <dir>', 'dossier où écrire l\'extrait')
    .option('--as-of <date>', 'date de l\'extrait JJ/MM/AAAA', '31/10/2026')
    .action(async (opts: { size: string; seed: string; out: string; asOf: string }) => {
      if (!FIXTURE_SIZES.includes(opts.size as FixtureSize)) fail('CLI_BAD_OPTION', `--size ${opts.size} (tiny, small ou national)`);
      const seed = parseInteger('--seed', opts.seed, 0, 0xffffffff);
      const asOf = parseFrenchDate(opts.asOf);
      if (!asOf) fail('CLI_BAD_OPTION', `--as-of ${opts.asOf} (JJ/MM/AAAA)`);
      const s = await generateFixtures({ size: opts.size as FixtureSize, seed, out: opts.out, asOf });
      process.stdout.write(
        `Extrait ${s.size} (graine ${s.seed}, données du ${opts.asOf}) écrit dans ${s.dir} : ${s.requests} demandes ` +
        `(${s.active} actives, ${s.radiated} radiées), ${s.attributions} attributions, ${s.communes} communes\n`);
    });
}
