// `infocentre protect IN.csv [--hierarchy H.csv] [--threshold 10] [--out OUT.csv] [--source NAME]`: protects a table
// in the long form with the disclosure engine (margins computed, primary and complementary suppression, LP audit) and
// writes it in the long form with the source line; the report goes to stderr, the table to OUT.csv or stdout.
import { rename, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { protectLongForm } from '../../disclosure/index.ts';
import { fail } from '../../registry/index.ts';
import { parseIsoDate, parseThreshold, readText } from '../input.ts';

interface ProtectFlags {
  hierarchy?: string;
  threshold: string;
  out?: string;
  source?: string;
  dataDate?: string;
  measure?: string;
}

export function registerProtect(root: Command): void {
  root.command('protect')
    .description('Protège une table au format long (secret statistique : seuil, masquage secondaire, audit) et l\'écrit au format long avec la ligne de source')
    .argument('<IN.csv>', 'table au format long : une colonne par dimension, value (effectif entier)')
    .option('--hierarchy <H.csv>', 'hiérarchies des dimensions autres que geo : dimension;code;parent')
    .option('--threshold <n>', 'seuil du secret statistique', '10')
    .option('--out <OUT.csv>', 'fichier de sortie (sinon la sortie standard)')
    .option('--source <nom>', 'univers ou source nommé dans la ligne de source', 'univers agrégé')
    .option('--data-date <AAAA-MM-JJ>', '« Données du » de la ligne de source : date des données (défaut : aujourd\'hui)')
    .option('--measure <nom>', 'mesure des lignes quand le fichier n\'a pas de colonne measure', 'count')
    .action(async (input: string, flags: ProtectFlags) => {
      const threshold = parseThreshold(flags.threshold);
      const source = flags.source ?? 'univers agrégé';
      if (/[()\r\n]/.test(source) || source.trim() === '') fail('CLI_BAD_OPTION', `--source « ${source} » (sans parenthèses ni retour à la ligne)`);
      const dataDate = flags.dataDate === undefined ? undefined : parseIsoDate('--data-date', flags.dataDate).toISOString().slice(0, 10);
      const csv = await readText(input);
      const hierarchy = flags.hierarchy === undefined ? undefined : await readText(flags.hierarchy);
      const result = await protectLongForm(csv, hierarchy, {
        threshold, source: source.trim(), dataDate, measure: flags.measure, inputName: input, hierarchyName: flags.hierarchy,
      });
      if (flags.out) {
        const tmp = `${flags.out}.${process.pid}.tmp`; // never leave a half-written table behind
        await writeFile(tmp, result.text);
        await rename(tmp, flags.out);
      } else process.stdout.write(result.text);
      const { stats, audit } = result.release;
      process.stderr.write([
        `infocentre protect : ${input}${flags.out ? ` → ${flags.out}` : ''}`,
        `  cellules (marges comprises) : ${stats.cells}`,
        `  masquées : ${stats.suppressed} (primaires ${stats.primary}, secondaires ${stats.complementary}), effectif masqué ${stats.suppressedTotal}`,
        `  temps : ${stats.seconds.toFixed(2)} s dont audit ${stats.auditSeconds.toFixed(2)} s (${stats.lps} programmes linéaires)`,
        `  audit : ${audit.ok ? 'conforme' : `NON conforme (${audit.findings.length} constat(s))`} — seuil ${threshold}, aucune cellule masquée recalculable ni prouvée sous le seuil`,
        `  ligne de source : données du ${result.sourceLine.dataDate}${flags.dataDate ? '' : ' (aujourd\'hui par défaut : précisez --data-date)'}, éditées le ${result.sourceLine.editionDate}`,
        '',
      ].join('\n'));
      if (!audit.ok) process.exitCode = 1;
    });
}
