// Retention of requests' personal data: `purgeRadiated` removes exactly the requests radiated before the cut-off
// (and their wished communes and attributions), keeps everything else, and the running server sees the new file.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { currentSnapshot, openDetailed } from '../../universes/index.ts';
import { purgeRadiated } from '../../server/index.ts';
import { app, bearer, clock, createUser, login, tempDataDir } from './helpers.ts';

async function counts(path: string, cutoff: string) {
  const u = await openDetailed(path);
  const one = async (q: string) => Number(Object.values((await u.sql(q, [cutoff]))[0])[0]);
  const gone = 'SELECT nud FROM requests WHERE radiated_on < CAST($1 AS DATE)';
  const result = {
    requests: await one('SELECT count(*) FROM requests WHERE $1 IS NOT NULL'),
    old: await one(`SELECT count(*) FROM (${gone})`),
    oldChoices: await one(`SELECT count(*) FROM request_choices WHERE nud IN (${gone})`),
    oldAttributions: await one(`SELECT count(*) FROM attributions WHERE nud IN (${gone})`),
    choices: await one('SELECT count(*) FROM request_choices WHERE $1 IS NOT NULL'),
    attributions: await one('SELECT count(*) FROM attributions WHERE $1 IS NOT NULL'),
    kept: (await u.sql<{ nud: string }>('SELECT nud FROM requests WHERE radiated_on IS NULL OR radiated_on >= CAST($1 AS DATE) ORDER BY nud', [cutoff])).map((r) => r.nud),
    oldNud: (await u.sql<{ nud: string }>(`${gone} ORDER BY nud LIMIT 1`, [cutoff])).map((r) => r.nud)[0],
  };
  u.close();
  return result;
}

t.test('purge removes exactly the requests radiated more than a year ago', async (t) => {
  const dir = await tempDataDir(t, true);
  const c = clock('2026-11-23T09:00:00Z');
  const a = await app(t, dir, c);
  const token = await login(a, c, 'ana.nat', await createUser(dir, c, 'ana.nat', 'analyst', 'FR'), new Map());
  const path = (await currentSnapshot(dir))!.detailed;
  const cutoff = '2025-11-23';
  const before = await counts(path, cutoff);
  t.ok(before.old > 0, `${before.old} requests radiated before ${cutoff} in the fixture`);
  t.equal((await a.inject({ url: `/detailed/requests/${before.oldNud}`, headers: bearer(token) })).statusCode, 200, 'visible before the purge');

  const report = await purgeRadiated(dir, c.now(), 365);
  t.equal(report.cutoff, cutoff);
  t.same(report.snapshots.map((s) => [s.requests, s.choices, s.attributions]), [[before.old, before.oldChoices, before.oldAttributions]], 'the report says what was removed');

  const after = await counts(path, cutoff);
  t.equal(after.old, 0);
  t.equal(after.requests, before.requests - before.old);
  t.equal(after.choices, before.choices - before.oldChoices);
  t.equal(after.attributions, before.attributions - before.oldAttributions);
  t.same(after.kept, before.kept, 'every other request is kept');

  c.advance(2);
  await new Promise((r) => setTimeout(r, 1100)); // the server re-checks the file at most once a second
  t.equal((await a.inject({ url: `/detailed/requests/${before.oldNud}`, headers: bearer(token) })).statusCode, 404, 'the running server no longer shows it');
  const again = await purgeRadiated(dir, c.now(), 365);
  t.same(again.snapshots.map((s) => s.requests), [0], 'nothing left to purge');
});

t.test('infocentre purge reports what it removed', async (t) => {
  const dir = await tempDataDir(t, true);
  const cli = spawnSync(process.execPath, [join(import.meta.dirname, '../../bin/infocentre.js'), 'purge', '--data-dir', dir, '--now', '2026-11-23'], { encoding: 'utf8' });
  t.equal(cli.status, 0, cli.stderr);
  t.match(cli.stdout, /Demandes radiées avant le 2025-11-23 :\n {2}instantané \S+ : \d+ demande\(s\), \d+ commune\(s\) souhaitée\(s\), \d+ attribution\(s\) supprimée\(s\)/);
  t.match(cli.stdout, /Journal : 0 entrée\(s\)/);
});
