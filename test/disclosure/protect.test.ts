// `infocentre protect` on hand-made tables: the documented result, or a clear error.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { checkLongForm, parseHierarchyFile, protectLongForm, readLongForm, type PublishedValue } from '../../disclosure/index.ts';
import { InfocentreError } from '../../registry/index.ts';

const data = (name: string) => readFileSync(new URL(`./tables/${name}`, import.meta.url), 'utf8');
const dates = { dataDate: '2026-10-31', editionDate: '2026-11-02' };

/** Published value of each row of a protected long form, by `geo|…` key. */
function values(text: string): Map<string, PublishedValue> {
  const lf = readLongForm(text, { values: 'published' });
  return new Map(lf.rows.map((r) => [r.codes.join('|'), r.value]));
}

async function errorOf(fn: () => Promise<unknown>): Promise<InfocentreError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof InfocentreError) return err;
    throw err;
  }
  throw new Error('no error thrown');
}

t.test('two dimensions: margins added, small cells and their partners suppressed, audit passes, check passes', async (t) => {
  const r = await protectLongForm(data('protect-2d.csv'), undefined, { ...dates, source: 'enquête logement 2026' });
  const v = values(r.text);
  // FR, REG:24, DEP:45 and the three communes, each with _T, T1, T2, T3.
  t.equal(v.size, 24);
  t.equal(v.get('FR|_T'), 220);
  t.equal(v.get('DEP:45|T3'), 59);
  t.equal(v.get('COM:45234|_T'), 98);
  t.equal(v.get('COM:45234|T3'), 's', '3 requests: primary');
  t.equal(v.get('COM:45147|T2'), 's', '4 requests: primary');
  t.ok(r.release.audit.ok);
  t.equal(r.release.stats.primary, 2);
  t.ok(r.release.stats.complementary >= 2, 'each primary cell needs partners in its row and its column');
  // No published value 1–9, ever.
  for (const x of v.values()) t.notOk(typeof x === 'number' && x > 0 && x < 10);
  const lines = r.text.trimEnd().split('\n');
  t.equal(lines[0], 'measure;geo;typology;value');
  t.equal(lines.at(-1), 'Source : GIP SNE - Infocentre NUNIQUE SNE (enquête logement 2026). Données du : 31/10/2026 éditées le 02/11/2026');
  const check = await checkLongForm(r.text, { name: 'out.csv' });
  t.same(check.problems, [], 'the protected table passes check');
});

t.test('three dimensions with a hierarchy file: every margin computed, the 3 × 2 cell protected', async (t) => {
  const r = await protectLongForm(data('protect-3d.csv'), data('protect-3d-h.csv'), dates);
  const v = values(r.text);
  t.equal(v.get('2026-10-31|FR|T1|A_LT50'), 83, 'inner margin of the age hierarchy');
  t.equal(v.get('2026-10-31|FR|_T|_T'), 247);
  t.equal(v.size, 60, 'FR, REG:24, DEP:41, DEP:45 × _T, T1, T2 × 5 age codes');
  t.equal(v.get('2026-10-31|DEP:45|T1|A_GE50'), 's');
  t.equal(v.get('2026-10-31|DEP:41|T1|A30_49'), 's');
  t.ok(r.release.audit.ok);
  t.match(r.text, /^measure;period;geo;typology;age_class;value\n/);
  const hierarchies = parseHierarchyFile(data('protect-3d-h.csv'));
  t.same((await checkLongForm(r.text, { name: 'out.csv', hierarchies })).problems, []);
  const flat = await checkLongForm(r.text, { name: 'out.csv' });
  t.equal(flat.problems.length, 1, 'without the hierarchy, A_LT50 is taken for a part of _T: one inconsistency reported');
  t.match(flat.problems[0].message, /incompatibles/);
});

t.test('a deep custom hierarchy (four levels): margins at every level', async (t) => {
  const r = await protectLongForm(data('protect-deep.csv'), data('protect-deep-h.csv'), dates);
  const v = values(r.text);
  t.equal(v.get('COM:45234|COUPLE_CHILD'), 35);
  t.equal(v.get('COM:45234|COUPLE'), 70);
  t.equal(v.get('COM:45234|WITH_OTHERS'), 134);
  t.equal(v.get('COM:45234|ALL'), 254);
  t.equal(v.get('COM:45234|COUPLE_2PLUS'), 's', '7 requests');
  t.equal(v.get('DEP:45|ALL'), 367);
  t.ok(r.release.audit.ok);
});

t.test('given margins that disagree: an error naming the cells', async (t) => {
  const e = await errorOf(() => protectLongForm(data('protect-bad-margin.csv'), undefined, dates));
  t.equal(e.code, 'IC_DISC_006');
  t.match(e.message, /DEP:45 × T2 = 30 au lieu de 32/);
});

t.test('a non-integer value: an error with its line', async (t) => {
  const e = await errorOf(() => protectLongForm(data('protect-non-integer.csv'), undefined, { ...dates, inputName: 'IN.csv' }));
  t.equal(e.code, 'IC_DISC_104');
  t.match(e.message, /IN\.csv, ligne 3 : valeur « 12,5 »/);
});

t.test('an unknown geography code: an error with its line', async (t) => {
  const e = await errorOf(() => protectLongForm(data('protect-unknown-geo.csv'), undefined, dates));
  t.equal(e.code, 'IC_DISC_105');
  t.match(e.message, /ligne 4 : code géographique « COM:45999 » inconnu/);
});

t.test('hierarchy file errors name their line', async (t) => {
  const twoRoots = 'dimension;code;parent\nage;_T;\nage;A;_T\nage;B;\n';
  t.match((await errorOf(() => protectLongForm(data('protect-2d.csv'), twoRoots))).message, /ligne 2 : la dimension age a 2 racine/);
  const cycle = 'dimension;code;parent\nage;_T;\nage;A;B\nage;B;A\n';
  t.match((await errorOf(() => protectLongForm(data('protect-2d.csv'), cycle))).message, /ligne 3 : cycle dans age/);
  const unknown = 'dimension;code;parent\ntypology;_T;\ntypology;T1;_T\ntypology;T2;_T\n';
  const e = await errorOf(() => protectLongForm(data('protect-2d.csv'), unknown, { inputName: 'IN.csv' }));
  t.equal(e.code, 'IC_DISC_111');
  t.match(e.message, /IN\.csv, ligne 4 : le code « T3 »/);
});

t.test('the command line: protected file written, report on stderr, exit 2 on bad input', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'protect-'));
  const out = join(dir, 'out.csv');
  const input = new URL('./tables/protect-2d.csv', import.meta.url).pathname;
  const ok = spawnSync(process.execPath, ['bin/infocentre.js', 'protect', input, '--out', out, '--source', 'test', '--data-date', '2026-10-31'], { encoding: 'utf8' });
  t.equal(ok.status, 0, ok.stderr);
  t.match(ok.stderr, /masquées : 6 \(primaires 2, secondaires 4\)/);
  t.match(ok.stderr, /audit : conforme/);
  t.match(readFileSync(out, 'utf8'), /\(test\)\. Données du : 31\/10\/2026 éditées le \d{2}\/\d{2}\/\d{4}\n$/);
  const stdout = spawnSync(process.execPath, ['bin/infocentre.js', 'protect', input], { encoding: 'utf8' });
  t.match(stdout.stdout, /^measure;geo;typology;value\ncount;FR;_T;220\n/);
  const bad = spawnSync(process.execPath, ['bin/infocentre.js', 'protect', new URL('./tables/protect-unknown-geo.csv', import.meta.url).pathname], { encoding: 'utf8' });
  t.equal(bad.status, 2);
  t.match(bad.stderr, /IC_DISC_105/);
  const missing = spawnSync(process.execPath, ['bin/infocentre.js', 'protect', join(dir, 'nope.csv')], { encoding: 'utf8' });
  t.equal(missing.status, 2);
  t.match(missing.stderr, /IC_CLI_101/);
});
