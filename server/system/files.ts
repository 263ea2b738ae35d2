// The server's own files in data/system/ (accounts, journal, alerts, keys). They are shared between the running
// server and the admin CLI (`infocentre users add` may run while the server serves), so every read-modify-write
// takes a cross-process lock file and every rewrite goes through write-temporary + fsync + rename: a reader sees the
// old file or the new one, never half of one. DuckDB is not used here because it locks a database file to a single
// process, which would forbid exactly that sharing.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { error } from '../../registry/index.ts';

/** Files written here hold hashes, keys and personal data of agents: owner-only. */
export const PRIVATE_MODE = 0o600;

export async function ensureDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

/** `sync: false` skips the fsync, for files that may lag behind after a crash (the journal head). */
export async function writeAtomic(path: string, content: string | Uint8Array, options: { sync?: boolean } = {}): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fh = await inDir(path, () => open(tmp, 'w', PRIVATE_MODE));
  try {
    await fh.writeFile(content);
    if (options.sync !== false) await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
}

/**
 * Runs `create` (which creates a file next to `path`), creating the folder first only if it is missing: the journal
 * appends on every read of personal data, and a mkdir each time was a needless round trip to the thread pool.
 */
async function inDir<T>(path: string, create: () => Promise<T>): Promise<T> {
  try {
    return await create();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await ensureDir(dirname(path));
    return create();
  }
}

export async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

const LOCK_STALE_MS = 30_000;
const LOCK_WAIT_MS = 10_000;

/**
 * Runs `fn` holding `<path>.lock` (created exclusively). A lock older than 30 s, or whose owner process is gone,
 * is taken over: a crashed CLI must not block the server forever. Waiting more than 10 s is an error.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${path}.lock`;
  const started = Date.now();
  let owner: Promise<void> | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      const fh = await inDir(lock, () => open(lock, 'wx', PRIVATE_MODE));
      // Our pid (for a takeover if we die) is written while `fn` already runs: the journal waits for this lock on
      // every read of personal data. Meanwhile others see an empty lock, which they take over only after a second.
      owner = fh.writeFile(String(process.pid)).finally(() => fh.close());
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (await lockIsStale(lock)) {
        await rm(lock, { force: true });
        continue;
      }
      if (Date.now() - started > LOCK_WAIT_MS) throw error('SRV_SYSTEM_BUSY', [path, lock]);
      await new Promise((r) => setTimeout(r, Math.min(2 + attempt, 25)));
    }
  }
  try {
    return await fn();
  } finally {
    await owner?.catch(() => undefined);
    // unlink rather than rm: one system call, where rm looks at what the path is first.
    await unlink(lock).catch((err: NodeJS.ErrnoException) => { if (err.code !== 'ENOENT') throw err; });
  }
}

async function lockIsStale(lock: string): Promise<boolean> {
  try {
    const [info, owner] = await Promise.all([stat(lock), readFile(lock, 'utf8')]);
    if (Date.now() - info.mtimeMs > LOCK_STALE_MS) return true;
    const pid = Number(owner);
    if (!Number.isInteger(pid) || pid <= 0) return Date.now() - info.mtimeMs > 1000;
    if (pid === process.pid) return false;
    try {
      process.kill(pid, 0);
      return false;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'ESRCH';
    }
  } catch {
    return false;
  }
}

/** A random secret kept in a private file, created on first use (JWT signing key, journal MAC key). */
export async function secretFile(path: string, bytes = 32): Promise<Buffer> {
  return withFileLock(path, async () => {
    try {
      const hex = (await readFile(path, 'utf8')).trim();
      if (/^[0-9a-f]{64,}$/.test(hex)) return Buffer.from(hex, 'hex');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const secret = randomBytes(bytes);
    await writeAtomic(path, `${secret.toString('hex')}\n`);
    return secret;
  });
}
