// `infocentre journal verify|search`: checks the hash chain of the access journal (exit code 1 when an entry was
// deleted, altered or inserted), or prints matching entries as JSON lines.
import type { Command } from 'commander';
import { Journal } from '../../server/index.ts';
import { dataDirOption, parseInteger, parseIsoDate } from '../input.ts';
import { operator } from '../operator.ts';

export function registerJournal(root: Command): void {
  const journal = root.command('journal').description('Journal des accès');

  journal.command('verify')
    .description('Vérifie le chaînage du journal des accès (code de sortie 1 si altéré)')
    .addOption(dataDirOption())
    .action(async (opts: { dataDir: string }) => {
      const report = await (await Journal.open(opts.dataDir)).verify();
      const range = report.lastSeq === null ? 'journal vide' : `entrées n° ${report.firstSeq ?? report.lastSeq} à ${report.lastSeq}`;
      const anchor = report.anchor ? ` ; ${report.anchor.removed} entrée(s) antérieure(s) au ${report.anchor.before.slice(0, 10)} purgée(s) le ${report.anchor.at.slice(0, 10)}` : '';
      if (report.ok) {
        process.stdout.write(`Journal intègre : ${report.entries} entrée(s), ${range}${anchor}. Dernier sceau : ${report.lastMac ?? '-'}\n`);
        return;
      }
      process.stdout.write(`JOURNAL ALTÉRÉ (${range}${anchor}) :\n${report.problems.map((p) => `  - ${p}\n`).join('')}`);
      process.exitCode = 1;
    });

  journal.command('search')
    .description('Affiche les entrées du journal qui correspondent (lignes JSON, plus récentes d\'abord)')
    .option('--actor <username>').option('--action <action>').option('--nud <nud>')
    .option('--from <date>', 'AAAA-MM-JJ').option('--to <date>', 'AAAA-MM-JJ (exclu)')
    .option('--limit <n>', 'nombre maximal', '100')
    .addOption(dataDirOption())
    .action(async (opts: { actor?: string; action?: string; nud?: string; from?: string; to?: string; limit: string; dataDir: string }) => {
      const limit = parseInteger('--limit', opts.limit, 1);
      const date = (s: string | undefined, flag: string) => (s === undefined ? undefined : parseIsoDate(flag, s));
      const from = date(opts.from, '--from');
      const to = date(opts.to, '--to');
      const j = await Journal.open(opts.dataDir);
      const { entries } = await j.search({ actor: opts.actor, action: opts.action, nud: opts.nud, from, to, limit, offset: 0 });
      await j.append({ actor: operator(), action: 'journal.search', outcome: 'ok', params: { actor: opts.actor, action: opts.action, nud: opts.nud, from: opts.from, to: opts.to } });
      process.stdout.write(entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
    });
}
