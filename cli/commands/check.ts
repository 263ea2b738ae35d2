// `infocentre check FILE.csv [FILE.csv…] [--against DATA_DIR] [--threshold 10] [--hierarchy H.csv] [--json]`: may
// these tables in the long form be published? For CI pipelines (docs/check.md). Exit 0 when every file is clean, 1
// when problems are found (listed one per line on stdout: file:line: [code] message, then what to do), 2 when a file
// is unusable (said on stderr; the other files are still checked). Several files share one reading of the release.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { cellCoords, getRelease } from '../../dashboards/index.ts';
import { checkLongForm, officialFromLongForms, parseHierarchyFile, type OfficialRelease, type PublishedTable } from '../../disclosure/index.ts';
import { error, InfocentreError } from '../../registry/index.ts';
import { currentSnapshot } from '../../universes/index.ts';
import { parseThreshold, readText } from '../input.ts';

interface CheckFlags {
  against?: string;
  threshold: string;
  hierarchy?: string;
  json?: boolean;
}

/**
 * The official release to compare with: DATA_DIR is a data folder (its current snapshot's release, computed and
 * cached if needed), or a folder of long-form files (`infocentre release --out DIR`, or a snapshot's release/long/).
 */
async function officialRelease(dir: string, threshold: number): Promise<OfficialRelease> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw error('CLI_UNREADABLE', [dir, 'dossier introuvable']);
  if (await currentSnapshot(dir)) {
    const release = await getRelease(dir, { threshold });
    const tables: PublishedTable[] = [...release.tables.values()].map((t) => ({
      id: t.id, measure: t.measure, dimensions: t.dimensions,
      cells: [...t.values].map(([key, value]) => ({ coords: cellCoords(key), value })),
    }));
    return { asOf: release.asOf, tables };
  }
  for (const folder of [dir, join(dir, 'long')]) {
    const names = (await readdir(folder).catch(() => [] as string[])).filter((n) => n.toLowerCase().endsWith('.csv')).sort();
    if (names.length === 0) continue;
    const files = await Promise.all(names.map(async (n) => ({ name: n, text: await readText(join(folder, n)) })));
    return officialFromLongForms(files);
  }
  throw error('CLI_UNREADABLE', [dir, 'ni instantané courant (fichier CURRENT) ni fichiers .csv au format long']);
}

export function registerCheck(root: Command): void {
  root.command('check')
    .description('Vérifie qu\'une table au format long peut être diffusée (secret statistique, audit, ligne de source, données personnelles, accord avec la diffusion officielle)')
    .argument('<FILE.csv...>', 'tables au format long : measure;period;geo;<dimensions>;value, ligne de source en dernier')
    .option('--against <DATA_DIR>', 'compare à la diffusion officielle : dossier de données (instantané courant) ou dossier de fichiers au format long')
    .option('--threshold <n>', 'seuil du secret statistique', '10')
    .option('--hierarchy <H.csv>', 'hiérarchies des dimensions autres que geo et period : dimension;code;parent')
    .option('--json', 'rapport en JSON sur la sortie standard (un tableau de rapports pour plusieurs fichiers)')
    .action(async (files: string[], flags: CheckFlags) => {
      const threshold = parseThreshold(flags.threshold);
      const hierarchies = flags.hierarchy ? parseHierarchyFile(await readText(flags.hierarchy), flags.hierarchy) : undefined;
      const against = flags.against ? await officialRelease(flags.against, threshold) : undefined;
      const reports: object[] = [];
      let worst = 0;
      for (const file of files) {
        try {
          const report = await checkLongForm(await readText(file), { name: file, threshold, hierarchies, against });
          reports.push({ file, ...report });
          worst = Math.max(worst, report.ok ? 0 : 1);
          if (!flags.json) process.stdout.write(`${reportLines(file, report, threshold, against !== undefined).join('\n')}\n`);
        } catch (err) {
          // An unusable file is said and the others still checked: a pipeline learns about every file at once.
          if (!(err instanceof InfocentreError) || files.length === 1) throw err;
          process.stderr.write(`infocentre: ${file}: [${err.code}] ${err.message}\n  ${err.hint}\n`);
          reports.push({ file, error: { code: err.code, message: err.message, hint: err.hint } });
          worst = 2;
        }
      }
      if (flags.json) process.stdout.write(`${JSON.stringify(files.length === 1 ? reports[0] : reports, null, 2)}\n`);
      process.exitCode = worst;
    });
}

function reportLines(file: string, report: Awaited<ReturnType<typeof checkLongForm>>, threshold: number, against: boolean): string[] {
  const lines = report.problems.map((p) => `${file}${p.line ? `:${p.line}` : ''}: [${p.code}] ${p.message}\n  → ${p.hint}`);
  lines.push(report.ok
    ? `${file} : conforme (${report.rows} cellules, ${report.suppressed} masquées, seuil ${threshold}${against ? ', accord avec la diffusion officielle' : ''}).`
    : `${file} : ${report.problems.length} problème(s) ; ne pas diffuser en l'état.`);
  return lines;
}
