// A load killed with SIGKILL in the middle leaves the snapshot being served exactly as it was; the next load
// clears what the killed one left and publishes normally.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { loadExtract } from '../../etl/index.ts';
import { currentSnapshot, openDetailed, snapshotsDir } from '../../universes/index.ts';
import { TINY, loadInto } from './helpers/load.ts';

const BIN = fileURLToPath(new URL('../../bin/infocentre.js', import.meta.url));
const digest = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');

t.test('kill -9 during a load leaves the previous snapshot serving and intact', async (t) => {
  const { dataDir } = await loadInto(t, TINY);
  const before = (await currentSnapshot(dataDir))!;
  const hashes = { detailed: await digest(before.detailed), aggregated: await digest(before.aggregated), report: await digest(before.report) };

  const child = spawn(process.execPath, [BIN, 'load', TINY, '--data-dir', dataDir], { stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  // Wait until the child is building its snapshot, then kill it without warning.
  const deadline = Date.now() + 60_000;
  let building: string | undefined;
  while (!building && Date.now() < deadline) {
    building = (await readdir(snapshotsDir(dataDir))).find((n) => n.endsWith('.building'));
    if (!building) await sleep(10);
  }
  t.ok(building, 'the child started building a snapshot');
  await sleep(150);
  child.kill('SIGKILL');
  t.equal(await exited, 'SIGKILL', 'the child was killed');

  const after = (await currentSnapshot(dataDir))!;
  t.equal(after.id, before.id, 'CURRENT still names the previous snapshot');
  t.equal(await digest(after.detailed), hashes.detailed, 'detailed universe unchanged');
  t.equal(await digest(after.aggregated), hashes.aggregated, 'aggregated universe unchanged');
  t.equal(await digest(after.report), hashes.report, 'report unchanged');
  const u = await openDetailed(after.detailed);
  const [count] = await u.sql<{ n: number }>('SELECT count(*) AS n FROM requests');
  u.close();
  t.ok(count.n > 3000, 'and still readable');

  const report = await loadExtract({ dir: TINY, dataDir });
  t.not(report.snapshot, before.id, 'the next load publishes a new snapshot');
  t.equal(report.previousSnapshot, before.id);
  const left = await readdir(snapshotsDir(dataDir));
  t.notOk(left.some((n) => n.endsWith('.building')), 'the killed build was cleared');
  t.notOk(existsSync(join(dataDir, 'load.lock')), 'no lock left');
  t.ok(left.includes(before.id), 'the previous snapshot is kept');
});
