// `infocentre check` on good and bad files, through the command line as a CI pipeline runs it (exit codes 0, 1, 2).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { checkLongForm, officialFromLongForms, protectLongForm } from '../../disclosure/index.ts';
import { InfocentreError } from '../../registry/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'check-'));
const table = (name: string) => readFileSync(new URL(`./tables/${name}`, import.meta.url), 'utf8');

/** The command line, as a CI pipeline runs it (a few cases: each run loads the geography and the LP solver). */
function cli(file: string, ...flags: string[]): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, ['bin/infocentre.js', 'check', file, ...flags], { encoding: 'utf8' });
  return { status: run.status, out: run.stdout + run.stderr };
}

/** The same verdict through the library call, rendered as the command renders it. */
async function check(file: string, ...flags: string[]): Promise<{ status: number; out: string }> {
  const against = flags[0] === '--against' ? officialFromLongForms(readdirSync(flags[1]).map((n) => ({ name: n, text: readFileSync(join(flags[1], n), 'utf8') }))) : undefined;
  try {
    const r = await checkLongForm(readFileSync(file, 'utf8'), { name: file, against });
    return { status: r.ok ? 0 : 1, out: r.problems.map((p) => `${file}${p.line ? `:${p.line}` : ''}: [${p.code}] ${p.message}`).join('\n') };
  } catch (err) {
    if (err instanceof InfocentreError) return { status: 2, out: `[${err.code}] ${err.message}` };
    throw err;
  }
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const good = (await protectLongForm(table('protect-2d.csv'), undefined, { dataDate: '2026-10-31', editionDate: '2026-11-02' })).text;
const lines = good.split('\n');
const replace = (from: string, to: string) => {
  t.ok(good.includes(`\n${from}\n`), `the protected table has the line ${from}`);
  return good.replace(`\n${from}\n`, `\n${to}\n`);
};

t.test('a protected table is clean: exit 0', async (t) => {
  const r = cli(write('good.csv', good));
  t.equal(r.status, 0, r.out);
  t.match(r.out, /conforme \(24 cellules, 6 masquées, seuil 10\)/);
});

t.test('a published value from 1 to 9: exit 1, with its line and cell', async (t) => {
  const r = cli(write('small.csv', replace('count;COM:45234;T3;s', 'count;COM:45234;T3;3')));
  t.equal(r.status, 1);
  t.match(r.out, /small\.csv:25: \[IC_DISC_201\] Ligne 25 \(geo=COM:45234 × typology=T3\) : valeur publiée 3, entre 1 et 9/);
  t.match(r.out, /IC_DISC_207\] Ligne 24 \(geo=COM:45234 × typology=T2\) : cellule masquée recalculable : elle vaut forcément 55/, 'and its partner is now recomputable');
});

t.test('a suppressed cell recomputable from the published ones: exit 1', async (t) => {
  const r = await check(write('recomputable.csv', replace('count;COM:45234;T2;s', 'count;COM:45234;T2;55')));
  t.equal(r.status, 1);
  t.match(r.out, /\[IC_DISC_207\] Ligne 25 \(geo=COM:45234 × typology=T3\) : cellule masquée recalculable : elle vaut forcément 3/);
});

t.test('a remainder of unlisted cells provably from 1 to 9: exit 1', async (t) => {
  // The file publishes the commune's total and two typologies, and leaves the third out: 98 − 40 − 55 = 3.
  const text = 'measure;geo;typology;value\ncount;COM:45234;_T;98\ncount;COM:45234;T1;40\ncount;COM:45234;T2;55\n'
    + `${lines.at(-2)}\n`;
  const r = await check(write('remainder.csv', text));
  t.equal(r.status, 1);
  t.match(r.out, /Cellule non publiée \(geo=COM:45234 × typology=autres que ceux listés sous _T\) : cellule masquée recalculable : elle vaut forcément 3/);
  const fine = await check(write('remainder-ok.csv', text.replace(';98\n', ';118\n')));
  t.equal(fine.status, 0, `a remainder of 23 is no problem: ${fine.out}`);
});

t.test('the source line: missing, malformed, impossible date, not last', async (t) => {
  const missing = await check(write('missing.csv', lines.slice(0, -2).join('\n') + '\n'));
  t.equal(missing.status, 1);
  t.match(missing.out, /\[IC_DISC_202\] La ligne de source obligatoire est absente/);
  const malformed = await check(write('malformed.csv', good.replace('Source : GIP SNE - Infocentre NUNIQUE SNE', 'Source : SNE')));
  t.equal(malformed.status, 1);
  t.match(malformed.out, /malformed\.csv:26: \[IC_DISC_203\]/);
  const date = await check(write('date.csv', good.replace('éditées le 02/11/2026', 'éditées le 31/11/2026')));
  t.equal(date.status, 1);
  t.match(date.out, /IC_DISC_203\] Ligne 26 : ligne de source mal formée ou date impossible/);
  const first = await check(write('first.csv', [lines[0], lines.at(-2), ...lines.slice(1, -2)].join('\n') + '\n'));
  t.equal(first.status, 1);
  t.match(first.out, /first\.csv:2: \[IC_DISC_204\] Ligne 2 : la ligne de source doit être la dernière/);
});

t.test('personal data: a column named after it, or values that look like NUD or NIR', async (t) => {
  const body = '1850578006084';
  const nir = body + String(97 - Number(BigInt(body) % 97n)).padStart(2, '0');
  const named = lines.map((l, i) => (i === 0 ? l.replace(';value', ';Prénom;value') : i < lines.length - 2 ? l.replace(/;([^;]*)$/, ';Camille;$1') : l));
  const r = await check(write('names.csv', named.join('\n')));
  t.equal(r.status, 1);
  t.match(r.out, /\[IC_DISC_205\] Colonne « Prénom » : donnée à caractère personnel \(nom ou prénom\)/);
  const ids = lines.map((l, i) => (i === 0 ? l.replace(';value', ';dossier;value') : i === 1 ? l.replace(/;([^;]*)$/, ';1110318016982G1104;$1')
    : i === 2 ? l.replace(/;([^;]*)$/, `;${nir};$1`) : i < lines.length - 2 ? l.replace(/;([^;]*)$/, ';X;$1') : l));
  const v = await check(write('ids.csv', ids.join('\n')));
  t.equal(v.status, 1);
  t.match(v.out, /ids\.csv:2: \[IC_DISC_206\] Ligne 2, colonne dossier : la valeur « 1110318016982G1104 » ressemble à un numéro unique de demande \(NUD\)/);
  t.match(v.out, /ids\.csv:3: \[IC_DISC_206\] .* ressemble à un numéro de sécurité sociale \(NIR\)/);
});

t.test('unusable input: exit 2 with the line', async (t) => {
  const bad = cli(write('bad-value.csv', replace('count;COM:45234;T3;s', 'count;COM:45234;T3;trois')));
  t.equal(bad.status, 2);
  t.match(bad.out, /\[IC_DISC_104\] Fichier .*bad-value\.csv, ligne 25 : valeur « trois » invalide/);
  const header = await check(write('bad-header.csv', good.replace('measure;geo;typology;value', 'measure;geo;typology;count')));
  t.equal(header.status, 2);
  t.match(header.out, /IC_DISC_102/);
  const geo = await check(write('bad-geo.csv', replace('count;COM:45234;T3;s', 'count;45234;T3;s')));
  t.equal(geo.status, 2);
  t.match(geo.out, /IC_DISC_105\] .*ligne 25 : code géographique « 45234 » mal formé/);
  t.equal(cli(join(dir, 'absent.csv')).status, 2, 'a file that cannot be read');
});

t.test('several files at once: each reported, the worst exit code wins, an unusable one does not stop the others', async (t) => {
  const clean = write('several-good.csv', good);
  const small = write('several-small.csv', replace('count;COM:45234;T3;s', 'count;COM:45234;T3;3'));
  const both = cli(clean, small);
  t.equal(both.status, 1, both.out);
  t.match(both.out, /several-good\.csv : conforme/);
  t.match(both.out, /several-small\.csv:25: \[IC_DISC_201\]/);
  const withBad = cli(clean, join(dir, 'absent.csv'), small);
  t.equal(withBad.status, 2, 'a file that cannot be read makes it 2');
  t.match(withBad.out, /absent\.csv: \[IC_CLI_\d+\]/);
  t.match(withBad.out, /several-small\.csv:25: \[IC_DISC_201\]/, 'the file after it still checked');
  const json = cli(clean, small, '--json');
  const reports = JSON.parse(json.out) as { file: string; ok: boolean }[];
  t.same(reports.map((r) => [r.file, r.ok]), [[clean, true], [small, false]], '--json: one report per file');
});

t.test('--against the official release (a folder of long-form files)', async (t) => {
  // The official release: Loiret communes, one of them (45028) member of the CC des Terres du Val de Loire
  // (EPCI 200070183, across the Loiret / Loir-et-Cher border) with only 5 requests.
  const official = await protectLongForm([
    'measure;period;geo;value',
    'requests_active;2026-10-31;COM:45028;5',
    'requests_active;2026-10-31;COM:45203;50',
    'requests_active;2026-10-31;COM:45234;30',
    'requests_active;2026-10-31;COM:45147;12',
  ].join('\n'), undefined, { dataDate: '2026-10-31', editionDate: '2026-11-02' });
  const release = join(dir, 'release');
  mkdirSync(release);
  writeFileSync(join(release, 'stock_communes.csv'), official.text);
  t.match(official.text, /COM:45028;s\n/);
  const source = official.text.trimEnd().split('\n').at(-1)!;

  const same = await check(write('same.csv', official.text), '--against', release);
  t.equal(same.status, 0, `the release's own table agrees with it: ${same.out}`);

  const differs = cli(write('differs.csv', official.text.replace('COM:45203;50', 'COM:45203;52')), '--against', release);
  t.equal(differs.status, 1);
  t.match(differs.out, /\[IC_DISC_208\] Ligne \d+ \(period=2026-10-31 × geo=COM:45203\) : 52 ici, 50 dans la diffusion officielle \(table stock_communes\)/);

  const partner = /requests_active;2026-10-31;(COM:(?!45028)\d+);s/.exec(official.text)![1];
  const truth = { 'COM:45203': 50, 'COM:45234': 30, 'COM:45147': 12 }[partner];
  const unsuppressed = await check(write('unsuppressed.csv', `measure;period;geo;value\nrequests_active;2026-10-31;${partner};${truth}\n${source}\n`), '--against', release);
  t.equal(unsuppressed.status, 1);
  t.match(unsuppressed.out, new RegExp(`${truth} ici, s dans la diffusion officielle`));

  // The EPCI's figure is right (55 = 5 + 50, its other communes have no request), and harmless on its own; with the
  // release, 45028 = 55 − 50 − (its other communes) is at most 5.
  const epci = await check(write('epci.csv', `measure;period;geo;value\nrequests_active;2026-10-31;EPCI:200070183;55\n${source}\n`), '--against', release);
  t.equal(epci.status, 1, epci.out);
  t.match(epci.out, /\[IC_DISC_209\] Avec la diffusion officielle, la cellule masquée period=2026-10-31 × geo=COM:45028 \(table stock_communes\) devient : cellule masquée dont on peut prouver qu'elle vaut au plus 5/);
  t.equal((await check(write('epci-alone.csv', `measure;period;geo;value\nrequests_active;2026-10-31;EPCI:200070183;55\n${source}\n`))).status, 0, 'without --against nothing links it');

  const other = await check(write('other-date.csv', official.text.replace('Données du : 31/10/2026', 'Données du : 30/09/2026')), '--against', release);
  t.equal(other.status, 1);
  t.match(other.out, /\[IC_DISC_210\] La ligne de source date les données du 2026-09-30 ; la diffusion officielle est celle du 2026-10-31/);
});

t.test('--against: a file of two measures takes each measure\'s dimensions and linked codes from that measure\'s tables', async (t) => {
  const source = 'Source : GIP SNE - Infocentre NUNIQUE SNE (univers agrégé). Données du : 31/10/2026 éditées le 02/11/2026';
  const stockRows = [['FR', 120], ['REG:24', 120], ['DEP:41', 120], ['COM:41001', 's'], ['COM:41002', 's'], ['COM:41003', 100]];
  const stock = `measure;period;geo;value\n${stockRows.map(([g, v]) => `requests_active;2026-10-31;${g};${v}`).join('\n')}\n${source}\n`;
  const attributions = `measure;period;geo;value\n${['FR', 'REG:24', 'DEP:41'].map((g) => `attributions;12M;${g};30`).join('\n')}\n${source}\n`;
  // The stock table comes first: its period (root 2026-10-31) is not that of attributions (root 12M), and its
  // communes are none of the attributions' (a département is their finest level).
  const against = officialFromLongForms([{ name: 'stock.csv', text: stock }, { name: 'attributions.csv', text: attributions }]);
  const file = `measure;period;geo;value\nrequests_active;2026-10-31;DEP:41;120\nattributions;12M;DEP:41;30\n${source}\n`;
  const report = await checkLongForm(file, { name: 'anciennete-delais-DEP41.csv', against });
  t.same(report.problems, [], 'both figures found in the release');
  t.ok(report.ok);
  t.equal(report.audited, 0, 'no commune of the stock linked to the attributions: nothing to solve');
});
