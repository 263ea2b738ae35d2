// Lock files that say who holds them: a load of the data folder (load.lock), the computation of a snapshot's release
// (release.computing). The holder writes its process id, a token of its own and when it took the lock; a lock whose
// process is gone, or that names this process but predates it (a reused pid after a crash), is taken over. Threads of
// one process are told apart by the token: a lock another thread of this process holds is held.
import { randomUUID } from 'node:crypto';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';

export interface LockHolder {
  pid: number;
  token: string;
  startedAt: string;
}

const processStart = Date.now() - process.uptime() * 1000;
/** A lock file still empty may be another claim between its creation and its write: live for this long. */
const WRITING_MS = 5_000;

/** Whether a process still runs: EPERM means it exists under another user. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function alive(holder: LockHolder): boolean {
  if (Number.isNaN(holder.pid)) return true;
  if (holder.pid === process.pid) return Date.parse(holder.startedAt) >= processStart;
  return processAlive(holder.pid);
}

async function holderOf(path: string): Promise<LockHolder | undefined> {
  try {
    const holder = JSON.parse(await readFile(path, 'utf8')) as LockHolder;
    if (Number.isInteger(holder.pid) && typeof holder.startedAt === 'string') return holder;
  } catch {
    // unreadable: being written, or cut short by a crash; its age tells which
  }
  try {
    const { mtimeMs } = await stat(path);
    if (Date.now() - mtimeMs < WRITING_MS) return { pid: Number.NaN, token: '', startedAt: new Date(mtimeMs).toISOString() };
  } catch {
    // gone meanwhile
  }
  return undefined;
}

/** Who holds the lock file at `path` while alive (a process, another thread of this one), else undefined. */
export async function lockHolder(path: string): Promise<LockHolder | undefined> {
  const holder = await holderOf(path);
  return holder && alive(holder) ? holder : undefined;
}

/**
 * Takes the lock file at `path`, or calls `held` (which throws the caller's error) when a live process or another
 * thread holds it. Returns the function that lets it go (only if it is still this claim's).
 */
export async function takeLockFile(path: string, held: (holder: LockHolder) => never): Promise<() => Promise<void>> {
  const mine: LockHolder = { pid: process.pid, token: randomUUID(), startedAt: new Date().toISOString() };
  let holder: LockHolder | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, JSON.stringify(mine), { flag: 'wx' });
      return async () => {
        if ((await holderOf(path))?.token === mine.token) await rm(path, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    holder = await lockHolder(path);
    if (holder) held(holder);
    await rm(path, { force: true });
  }
  return held(holder ?? { pid: Number.NaN, token: '', startedAt: mine.startedAt });
}
