// Checking a file on top of a release solves only what the file changes (novelty.ts): a copy of a release table
// changes nothing, a cell the release suppressed and the file publishes reopens its components.
import t from 'tap';
import { auditPublished, checkLongForm, officialFromLongForms, protectLongForm, type PublishedTable } from '../../disclosure/index.ts';

const csv = (await import('node:fs')).readFileSync(new URL('./tables/protect-2d.csv', import.meta.url), 'utf8');
const protectedText = (await protectLongForm(csv, undefined, { dataDate: '2026-10-31', editionDate: '2026-11-02' })).text;
const release = officialFromLongForms([{ name: 'release.csv', text: protectedText }]).tables;
const asFile = (text: string): PublishedTable[] =>
  officialFromLongForms([{ name: 'file.csv', text }]).tables.map((tb) => ({ ...tb, id: `fichier:${tb.id}` }));

t.test('a copy of a release table: no component to solve, and the audit passes', async (t) => {
  const full = await auditPublished([...release, ...asFile(protectedText)], { threshold: 10 });
  t.ok(full.suppressedChecked > 0, `the whole audit solves the release's suppressed cells (${full.suppressedChecked})`);
  const onTop = await auditPublished([...release, ...asFile(protectedText)], { threshold: 10, newFrom: release.length });
  t.equal(onTop.suppressedChecked, 0, 'on top of the release: nothing it changes');
  t.ok(onTop.ok);
});

t.test('one published figure of the release, in a table of its own with rests and linked codes: agreed, clean', async (t) => {
  const header = protectedText.split('\n')[0];
  const source = protectedText.trimEnd().split('\n').at(-1)!;
  const line = /^count;COM:\d+;T1;\d+$/m.exec(protectedText)![0];
  const against = officialFromLongForms([{ name: 'release.csv', text: protectedText }]);
  const report = await checkLongForm(`${header}\n${line}\n${source}\n`, { name: 'one.csv', against });
  t.same(report.problems, [], `${line}: nothing reported`);
  t.ok(report.ok);
});

t.test('a cell the release suppressed, published by the file: its components are solved and the leak found', async (t) => {
  const line = /^count;(COM:\d+;T\d);s$/m.exec(protectedText)!;
  const truth = new RegExp(`^${line[1]};(\\d+)$`, 'm').exec(csv)![1];
  const header = protectedText.split('\n')[0];
  const source = protectedText.trimEnd().split('\n').at(-1)!;
  const file = asFile(`${header}\ncount;${line[1]};${truth}\n${source}\n`);
  const onTop = await auditPublished([...release, ...file], { threshold: 10, newFrom: release.length });
  t.ok(onTop.suppressedChecked > 0, `solved: ${onTop.suppressedChecked} suppressed cells`);
  t.notOk(onTop.ok, 'a partner of the published cell is recomputable, or the cell is small');
});

t.test('a zero for a commune the release does not list (its files leave zeros out): nothing new, nothing to solve', async (t) => {
  const lines = protectedText.trimEnd().split('\n');
  const withZero = [...lines.slice(0, -1), 'count;COM:45001;T1;0', 'count;COM:45001;_T;0', lines.at(-1)!].join('\n') + '\n';
  const report = await checkLongForm(withZero, { name: 'with-zero.csv', against: officialFromLongForms([{ name: 'release.csv', text: protectedText }]) });
  t.same(report.problems, []);
  t.equal(report.audited, 0, 'the département\'s relation is the release\'s once the zero commune is left out');
});
