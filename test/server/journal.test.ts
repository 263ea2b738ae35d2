// The access journal: hash chain verified, tampering detected (altered, deleted, inserted, truncated), purge by
// retention keeps the chain verifiable, and the server fails closed when the journal cannot be written.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Journal, systemPaths } from '../../server/index.ts';
import { app, bearer, clock, createUser, login, tempDataDir } from './helpers.ts';

async function filled(t: Parameters<typeof tempDataDir>[0], n: number, c = clock('2025-01-01T00:00:00Z')) {
  const dir = await tempDataDir(t, false);
  const journal = await Journal.open(dir, c.now);
  for (let i = 0; i < n; i++) {
    await journal.append({ actor: 'ana.loiret', action: 'detailed.lookup', outcome: 'ok', params: { nud: `0450124${String(i).padStart(6, '0')}GDPUB` }, nuds: [`0450124${String(i).padStart(6, '0')}GDPUB`] });
    c.advance(30 * 86_400); // one entry a month
  }
  return { dir, journal, path: systemPaths(dir).journal, c };
}

const lines = async (path: string) => (await readFile(path, 'utf8')).trimEnd().split('\n');
const save = (path: string, ls: string[]) => writeFile(path, `${ls.join('\n')}\n`);

t.test('an intact journal verifies', async (t) => {
  const { journal } = await filled(t, 5);
  const report = await journal.verify();
  t.ok(report.ok, report.problems.join('; '));
  t.equal(report.entries, 5);
  t.equal(report.lastSeq, 5);
});

t.test('tampering is detected', async (t) => {
  const cases: [string, (ls: string[]) => string[], RegExp][] = [
    ['altered parameter', (ls) => { ls[2] = ls[2].replace('GDPUB"}', 'GDPUC"}'); return ls; }, /contenu modifié/],
    ['altered actor', (ls) => { ls[1] = ls[1].replace('"actor":"ana.loiret"', '"actor":"x.y"'); return ls; }, /contenu modifié/],
    ['deleted middle entry', (ls) => ls.filter((_, i) => i !== 2), /supprimée/],
    ['swapped entries', (ls) => [ls[0], ls[2], ls[1], ...ls.slice(3)], /n° 3|chaînage/],
    ['deleted last entries', (ls) => ls.slice(0, 3), /fin du journal supprimée/],
    ['garbage line', (ls) => [...ls.slice(0, 2), 'hello', ...ls.slice(2)], /illisible/],
  ];
  for (const [name, change, problem] of cases) {
    const { journal, path } = await filled(t, 5);
    await save(path, change(await lines(path)));
    const report = await journal.verify();
    t.notOk(report.ok, name);
    t.match(report.problems.join('\n'), problem, name);
  }
  const { dir, path } = await filled(t, 3);
  await save(path, (await lines(path)).map((l, i) => (i === 1 ? l.replace('"outcome":"ok"', '"outcome":"denied"') : l)));
  const cli = spawnSync(process.execPath, [join(import.meta.dirname, '../../bin/infocentre.js'), 'journal', 'verify', '--data-dir', dir], { encoding: 'utf8' });
  t.equal(cli.status, 1, 'infocentre journal verify exits 1');
  t.match(cli.stdout, /JOURNAL ALTÉRÉ/);
});

t.test('purge removes exactly the entries older than the retention and keeps the chain verifiable', async (t) => {
  const { journal, path, c } = await filled(t, 24); // 2025-01-01 … about 23 months later
  const all = (await lines(path)).map((l) => JSON.parse(l));
  const before = new Date(c.now().getTime() - 365 * 86_400_000);
  const expected = all.filter((e) => Date.parse(e.at) < before.getTime()).length;
  const report = await journal.purge(before);
  t.equal(report.removed, expected, `${expected} entries older than ${before.toISOString()}`);
  const kept = (await lines(path)).map((l) => JSON.parse(l));
  t.equal(kept[0].kind, 'anchor');
  t.same(kept.slice(1).map((e) => e.seq), all.slice(expected).map((e) => e.seq), 'the younger entries are kept untouched');
  t.ok(kept.slice(1).every((e) => Date.parse(e.at) >= before.getTime()));
  t.ok((await journal.verify()).ok, 'verifies after purge');
  await journal.append({ actor: 'x.y', action: 'login', outcome: 'ok' });
  const after = await journal.verify();
  t.ok(after.ok, 'and after further appends');
  t.equal(after.lastSeq, 25);
  t.equal((await journal.purge(before)).removed, 0, 'a second purge removes nothing');
  // The anchor is sealed too.
  const ls = await lines(path);
  ls[0] = ls[0].replace(/"removed":\d+/, '"removed":1');
  await save(path, ls);
  t.notOk((await journal.verify()).ok, 'an altered anchor is detected');
  await t.rejects(journal.purge(new Date()), { code: 'IC_SRV_013' }, 'a broken journal is not purged');
});

t.test('fail closed: no personal data leaves when the journal cannot be written', async (t) => {
  const dir = await tempDataDir(t, true);
  const c = clock();
  const a = await app(t, dir, c);
  const token = await login(a, c, 'ana.loiret', await createUser(dir, c, 'ana.loiret', 'analyst', 'DEP:45'), new Map());
  const list = await a.inject({ url: '/detailed/requests?limit=1', headers: bearer(token) });
  t.equal(list.statusCode, 200);
  const nud = list.json().items[0].nud;
  const { journal: path } = systemPaths(dir);
  await rename(path, `${path}.moved`);
  await mkdir(path); // appending to a directory fails
  const r = await a.inject({ url: `/detailed/requests/${nud}`, headers: bearer(token) });
  t.equal(r.statusCode, 503);
  t.equal(r.json().code, 'IC_SRV_004');
  t.notOk(r.body.includes(nud), 'the request data did not leave');
  const s = await a.inject({ url: '/detailed/requests?limit=5', headers: bearer(token) });
  t.equal(s.statusCode, 503);
  t.notOk(s.body.includes('last_name'));
});

t.test('admins search the journal (and the search is journaled)', async (t) => {
  const dir = await tempDataDir(t, false);
  const c = clock();
  const a = await app(t, dir, c);
  const admin = await login(a, c, 'ad.min', await createUser(dir, c, 'ad.min', 'admin', 'FR'), new Map());
  await a.inject({ method: 'POST', url: '/auth/login', payload: { username: 'ghost.user', password: 'nope' } });
  const r = await a.inject({ url: '/admin/journal?action=login&outcome=failed', headers: bearer(admin) });
  t.equal(r.statusCode, 200);
  t.equal(r.json().total, 1);
  t.equal(r.json().entries[0].params.username, 'ghost.user');
  const again = await a.inject({ url: '/admin/journal?action=journal.search', headers: bearer(admin) });
  t.equal(again.json().total, 1, 'the first search was journaled');
  const v = await a.inject({ url: '/admin/journal/verify', headers: bearer(admin) });
  t.equal(v.json().ok, true);
});

t.test('concurrent appends are written together, each on the chain once, and a second journal sees them', async (t) => {
  const c = clock('2025-01-01T00:00:00Z');
  const dir = await tempDataDir(t, false);
  const journal = await Journal.open(dir, c.now);
  const other = await Journal.open(dir, c.now); // another process's view of the same file (the CLI)
  const nuds = Array.from({ length: 40 }, (_, i) => `0450124${String(i).padStart(6, '0')}GDPUB`);
  const entries = await Promise.all(nuds.map((nud, i) => (i % 4 === 3 ? other : journal)
    .append({ actor: 'ana.loiret', action: 'detailed.lookup', outcome: 'ok', params: { nud }, nuds: [nud] })));
  t.same(entries.map((e) => e.seq).sort((a, b) => a - b), nuds.map((_, i) => i + 1), 'every append has its own number');
  t.same(entries.map((e) => e.nuds), nuds.map((n) => [n]), 'each append resolves with its own entry');
  await other.close(); // waits for its head
  const report = await journal.verify();
  t.ok(report.ok, report.problems.join('; '));
  t.equal(report.entries, 40);
  const head = JSON.parse(await readFile(systemPaths(dir).journalHead, 'utf8'));
  t.equal(head.seq, 40, 'the head follows the last entry');
  await journal.close();
  await journal.append({ actor: 'x.y', action: 'login', outcome: 'ok' });
  t.equal((await other.verify()).lastSeq, 41, 'a closed journal reopens its file on the next append');
});
