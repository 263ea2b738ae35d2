// While another process or thread computes the snapshot's release (`infocentre start` does it on a worker thread
// while serving), the dashboards say so with IC_DASH_009 instead of computing it a second time, and serve it as soon
// as it is cached; when an earlier snapshot has a release, that one is served meanwhile.
import { cp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { forgetReleases, getRelease, readRelease } from '../../dashboards/index.ts';
import { frenchOf } from '../../etl/index.ts';
import { currentSnapshot, publishSnapshot, snapshotPaths } from '../../universes/index.ts';
import { sharedRelease } from '../dashboards/helpers/shared-release.ts';
import { app, bearer, clock, createUser, login, tempDataDir } from './helpers.ts';

const c = clock('2026-11-23T09:00:00Z');
const { dataDir } = await sharedRelease(t, 'hand-made');
const snapshot = (await currentSnapshot(dataDir))!;
const server = await app(t, dataDir, c);
const token = await login(server, c, 'viewer.fr', await createUser(dataDir, c, 'viewer.fr', 'viewer', 'FR'), new Map());

t.test('a release being computed elsewhere: 503 IC_DASH_009, then the dashboard once it is cached', async (t) => {
  const cache = join(snapshot.dir, 'release');
  await rename(cache, `${cache}.aside`);
  // The test runner that started this file: a live process other than this one.
  const lock = join(snapshot.dir, 'release.computing');
  await writeFile(lock, JSON.stringify({ pid: process.ppid, token: 'elsewhere', startedAt: new Date().toISOString() }));
  forgetReleases();
  const pending = await server.inject({ method: 'GET', url: '/api/dashboards/stock-typologie?geo=FR', headers: bearer(token) });
  t.equal(pending.statusCode, 503);
  t.equal(pending.json().code, 'IC_DASH_009');
  t.match(pending.json().message, snapshot.id, 'names the snapshot');
  await t.rejects(getRelease(dataDir, { rebuild: true }), { code: 'IC_DASH_009' }, 'no second computation, even on demand');

  // The other computation ends: its cache appears and its lock goes.
  await rename(`${cache}.aside`, cache);
  await rm(lock);
  const served = await server.inject({ method: 'GET', url: '/api/dashboards/stock-typologie?geo=FR', headers: bearer(token) });
  t.equal(served.statusCode, 200, 'served from the cache');
});

t.test('a snapshot without a release: computed on a worker thread while the server answers, then served', async (t) => {
  // The committed `tiny` extract, loaded afresh: no release cached, its computation about 20 s on two cores.
  const fresh = await tempDataDir(t, true);
  const other = await app(t, fresh, c);
  const viewer = await login(other, c, 'viewer.fr', await createUser(fresh, c, 'viewer.fr', 'viewer', 'FR'), new Map());
  const url = '/api/dashboards/stock-typologie?geo=FR';
  const first = await other.inject({ method: 'GET', url, headers: bearer(viewer) });
  t.equal(first.statusCode, 503, 'being computed');
  t.equal(first.json().code, 'IC_DASH_009');
  let served = first;
  let answeredMeanwhile = 0;
  const deadline = Date.now() + 200_000;
  while (served.statusCode === 503 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    served = await other.inject({ method: 'GET', url, headers: bearer(viewer) });
    const me = await other.inject({ method: 'GET', url: '/auth/me', headers: bearer(viewer) });
    if (served.statusCode === 503 && me.statusCode === 200) answeredMeanwhile++;
  }
  t.equal(served.statusCode, 200, 'served once the worker has cached it');
  t.ok(answeredMeanwhile > 0, `the server kept answering meanwhile (${answeredMeanwhile} times)`);
});

t.test('a new snapshot being protected: the previous snapshot\'s release is served meanwhile, then the new one', async (t) => {
  const { dataDir: dir } = await sharedRelease(t, 'hand-made');
  const before = (await currentSnapshot(dir))!;
  const previous = (await readRelease(before))!;
  // A newer snapshot, without a release yet, whose release another process is computing.
  const next = snapshotPaths(dir, `${before.id}-2`);
  await cp(before.dir, next.dir, { recursive: true, filter: (src) => !src.startsWith(join(before.dir, 'release')) });
  const lock = join(next.dir, 'release.computing');
  await writeFile(lock, JSON.stringify({ pid: process.ppid, token: 'elsewhere', startedAt: new Date().toISOString() }));
  await publishSnapshot(dir, next.id);
  forgetReleases();

  const server = await app(t, dir, c);
  const viewer = await login(server, c, 'viewer.fr', await createUser(dir, c, 'viewer.fr', 'viewer', 'FR'), new Map());
  const url = '/api/dashboards/stock-typologie?geo=FR';
  const meanwhile = await server.inject({ method: 'GET', url, headers: bearer(viewer) });
  t.equal(meanwhile.statusCode, 200, 'served, not 503');
  t.equal(meanwhile.json().asOf, previous.asOf, 'with the previous snapshot\'s date');
  t.match(meanwhile.json().source, `Données du : ${frenchOf(previous.asOf)}`, 'in its source line too');
  const list = await server.inject({ method: 'GET', url: '/api/dashboards', headers: bearer(viewer) });
  t.equal(list.json().asOf, previous.asOf, 'the list of dashboards says the same date');

  // The other process ends: the new release (dated a day later) appears and its lock goes.
  const later = new Date(Date.parse(previous.asOf) + 86_400_000).toISOString().slice(0, 10);
  await cp(join(before.dir, 'release'), join(next.dir, 'release'), { recursive: true });
  const manifest = join(next.dir, 'release', 'manifest.json');
  await writeFile(manifest, JSON.stringify({ ...JSON.parse(await readFile(manifest, 'utf8')), snapshotId: next.id, asOf: later }));
  await rm(lock);
  await new Promise((resolve) => setTimeout(resolve, 1100)); // past the second the server reuses what it served
  const served = await server.inject({ method: 'GET', url, headers: bearer(viewer) });
  t.equal(served.statusCode, 200);
  t.equal(served.json().asOf, later, 'the new snapshot once its release is cached');
});
