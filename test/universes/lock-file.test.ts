// Lock files that say who holds them: held while their process (or another thread of this one) lives, taken over
// once it is gone, and let go only by their own claim.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockHolder, takeLockFile, type LockHolder } from '../../universes/index.ts';

const dir = await mkdtemp(join(tmpdir(), 'ic-lock-'));
t.teardown(() => rm(dir, { recursive: true, force: true }));
const path = join(dir, 'x.lock');

class Held extends Error {
  constructor(readonly holder: LockHolder) {
    super('held');
  }
}
const held = (holder: LockHolder): never => {
  throw new Held(holder);
};
const holderOfRejection = async (claim: Promise<unknown>): Promise<LockHolder | undefined> => {
  try {
    await claim;
    return undefined;
  } catch (err) {
    return err instanceof Held ? err.holder : undefined;
  }
};
/** The pid of a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

t.test('a second claim, even from this process, is refused with the holder; once let go the lock is free', async (t) => {
  const letGo = await takeLockFile(path, held);
  const holder = await holderOfRejection(takeLockFile(path, held));
  t.equal(holder?.pid, process.pid, 'the holder is named');
  await letGo();
  const again = await takeLockFile(path, held);
  await again();
  await t.rejects(readFile(path), 'no file left');
});

t.test('a lock of a dead process, or of this pid before this process started, is taken over', async (t) => {
  await writeFile(path, JSON.stringify({ pid: deadPid(), token: 'old', startedAt: new Date().toISOString() }));
  const letGo = await takeLockFile(path, held);
  t.equal(JSON.parse(await readFile(path, 'utf8')).pid, process.pid, 'taken over from a dead process');
  await letGo();
  await writeFile(path, JSON.stringify({ pid: process.pid, token: 'old', startedAt: '2000-01-01T00:00:00Z' }));
  const mine = await takeLockFile(path, held);
  t.equal(JSON.parse(await readFile(path, 'utf8')).pid, process.pid, 'a reused pid is not a live holder');
  await mine();
});

t.test('an unreadable lock is held while it may still be being written, taken over afterwards', async (t) => {
  await writeFile(path, '');
  t.ok(await holderOfRejection(takeLockFile(path, held)), 'just created: held');
  const old = new Date(Date.now() - 60_000);
  await utimes(path, old, old);
  const letGo = await takeLockFile(path, held);
  await letGo();
});

t.test('letting go never removes another claim\'s lock', async (t) => {
  const letGo = await takeLockFile(path, held);
  const theirs = JSON.stringify({ pid: process.ppid, token: 'theirs', startedAt: new Date().toISOString() });
  await writeFile(path, theirs);
  await letGo();
  t.equal(await readFile(path, 'utf8'), theirs, 'the other claim stays');
  await rm(path);
});

t.test('the holder of a lock is named while it lives, and nobody once it is gone', async (t) => {
  t.equal(await lockHolder(path), undefined, 'no file: nobody');
  const letGo = await takeLockFile(path, held);
  t.equal((await lockHolder(path))?.pid, process.pid, 'this process');
  await letGo();
  await writeFile(path, JSON.stringify({ pid: deadPid(), token: 'old', startedAt: new Date().toISOString() }));
  t.equal(await lockHolder(path), undefined, 'a dead process holds nothing');
  await rm(path);
});
