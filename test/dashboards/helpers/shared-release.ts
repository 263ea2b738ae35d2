// Protected releases shared by every test file of a run: the hand-made universe's (hand-made.ts) and the committed
// `tiny` fixture's, each computed by the real disclosure engine ONCE per code version, whichever test file asks first,
// and copied into a data dir of the asking test's own (tests may write there: accounts, journal, a removed file).
//
// Test files run in parallel processes, so the computation is done under a lock file holding the computing process's
// id: the others wait for it, and take over if that process died (a crash, a test timeout). Beside the data dir, the
// cache keeps the release as the engine's computation returned it (computed.json, written independently of the
// release's own cache format), so that the round trip through that format stays testable. The cache is keyed by the
// content of everything that shapes a universe or its release (code, fixture, dependency lock, Node version): change
// any of it and the release is computed again, never served stale. A cache only appears, by an atomic rename, once
// its release is complete.
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeRelease, getRelease, writeRelease, type PublishedTable, type Release } from '../../../dashboards/index.ts';
import type { PublishedValue } from '../../../disclosure/index.ts';
import { loadExtract } from '../../../etl/index.ts';
import { currentSnapshot, processAlive } from '../../../universes/index.ts';
import { TINY } from '../../etl/helpers/load.ts';
import { handMadeDataDir } from './hand-made.ts';

/** "éditées le" of the shared releases' own long-form files. */
export const EDITION = '2026-11-23';

const UNIVERSES = {
  'hand-made': (dataDir: string) => handMadeDataDir(dataDir),
  tiny: (dataDir: string) => loadExtract({ dir: TINY, dataDir }),
} satisfies Record<string, (dataDir: string) => Promise<unknown>>;
export type SharedUniverse = keyof typeof UNIVERSES;

const ROOT = join(import.meta.dirname, '../../..');
/** Everything a universe or its release depends on (a superset is harmless: it only costs a recomputation). */
const SOURCES = [
  'universes', 'disclosure', 'dashboards', 'etl', 'fixtures', 'registry', 'package-lock.json',
  'test/dashboards/helpers/hand-made.ts', 'test/dashboards/helpers/shared-release.ts', 'test/etl/helpers/load.ts',
];
const CACHE_PREFIX = 'infocentre-test-release-';
/** How long a failure to compute a release is reported to the test files asking for it, rather than retried. */
const FAILURE_KEPT_MS = 15 * 60_000;
/** Caches of other code versions are removed once unused for this long. */
const UNUSED_MS = 24 * 3600_000;

async function filesUnder(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  const out: string[] = [];
  for (const e of await readdir(path)) out.push(...await filesUnder(join(path, e)));
  return out;
}

async function sourceKey(): Promise<string> {
  const hash = createHash('sha256').update(process.version).update('\0');
  for (const source of SOURCES) {
    for (const file of (await filesUnder(join(ROOT, source))).sort()) {
      hash.update(file.slice(ROOT.length)).update('\0').update(await readFile(file)).update('\0');
    }
  }
  return hash.digest('hex').slice(0, 16);
}

const exists = (p: string) => stat(p).then(() => true, () => false);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


/** Takes the lock, or clears it when its owner is dead; false while another live process holds it. */
async function tryLock(lock: string): Promise<boolean> {
  try {
    await writeFile(lock, String(process.pid), { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const owner = Number(await readFile(lock, 'utf8').catch(() => ''));
  const age = Date.now() - ((await stat(lock).catch(() => undefined))?.mtimeMs ?? Date.now());
  // An empty lock is one being written, unless it stays empty (its writer died between creating and writing it).
  if (owner > 0 ? !processAlive(owner) : age > 10_000) await rm(lock, { force: true });
  return false;
}

/** Removes half-built folders of this cache (the lock is held) and what other code versions left, long unused. */
async function prune(universe: SharedUniverse, dir: string): Promise<void> {
  const mine = dir.slice(tmpdir().length + 1);
  for (const name of await readdir(tmpdir())) {
    const path = join(tmpdir(), name);
    if (name.startsWith(`${mine}.building-`)) await rm(path, { recursive: true, force: true });
    else if (name.startsWith(`${CACHE_PREFIX}${universe}-`) && !name.startsWith(mine)) {
      const s = await stat(path).catch(() => undefined);
      if (s && Date.now() - s.mtimeMs > UNUSED_MS) await rm(path, { recursive: true, force: true });
    }
  }
}

/** A release's tables as the engine's computation returned them, entries in their order. */
export interface ComputedTables {
  builtAt: string;
  tables: { id: string; values: [string, PublishedValue][]; waitDays?: [string, PublishedValue][]; medians?: [string, number][] }[];
}

function computedTables(release: Release): ComputedTables {
  const entries = <V>(m: Map<string, V> | undefined) => (m ? [...m] : undefined);
  return {
    builtAt: release.builtAt,
    tables: [...release.tables.values()].map((t: PublishedTable) => ({
      id: t.id, values: [...t.values], waitDays: entries(t.waitDays), medians: entries(t.medians),
    })),
  };
}

/** Computes `universe` and its release in `dir` (data/ and computed.json). */
async function build(universe: SharedUniverse, dir: string): Promise<void> {
  const dataDir = join(dir, 'data');
  await UNIVERSES[universe](dataDir);
  const release = await computeRelease((await currentSnapshot(dataDir))!, { editionDate: EDITION });
  await writeRelease(release);
  await writeFile(join(dir, 'computed.json'), JSON.stringify(computedTables(release)));
}

/** The cache folder of `universe` for this code version (data/ and computed.json; never to be written to). */
async function cachedDir(universe: SharedUniverse): Promise<string> {
  const dir = join(tmpdir(), `${CACHE_PREFIX}${universe}-${await sourceKey()}`);
  const lock = `${dir}.lock`;
  const failed = `${dir}.failed`;
  for (;;) {
    if (await exists(dir)) {
      const now = new Date();
      await utimes(dir, now, now); // in use: not pruned as unused
      return dir;
    }
    await rethrowRecentFailure(failed);
    if (!(await tryLock(lock))) {
      await sleep(500);
      continue;
    }
    try {
      if (await exists(dir)) continue; // finished by the previous holder just before the lock was taken
      await rethrowRecentFailure(failed);
      await prune(universe, dir);
      const building = await mkdtemp(`${dir}.building-`);
      try {
        await build(universe, building);
      } catch (err) {
        await writeFile(failed, err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err));
        throw err;
      }
      // Only a lock taken over from a process wrongly thought dead could have finished it meanwhile: keep that one.
      await rename(building, dir).catch(async (err) => {
        if (!(await exists(dir))) throw err;
        await rm(building, { recursive: true, force: true });
      });
    } finally {
      await rm(lock, { force: true });
    }
  }
}

/**
 * The engine is deterministic: when it has just failed on this code version, every test file waiting for the release
 * fails at once with its error instead of computing it again (minutes each). A later run tries again.
 */
async function rethrowRecentFailure(failed: string): Promise<void> {
  const s = await stat(failed).catch(() => undefined);
  if (!s) return;
  if (Date.now() - s.mtimeMs > FAILURE_KEPT_MS) {
    await rm(failed, { force: true });
    return;
  }
  throw new Error(`release computed by another test file failed on this code version: ${await readFile(failed, 'utf8')}`);
}

export interface SharedRelease {
  /** A data dir of the test's own, holding the universe and its release's cache. */
  dataDir: string;
  /** The release as that data dir serves it (read back from its cache on disk). */
  release: Release;
  /** The release as the engine computed it, before its cache was written. */
  computed: ComputedTables;
}

/** `universe` and its protected release, in a data dir of the test's own removed when the test ends. */
export async function sharedRelease(t: { teardown(fn: () => unknown): void }, universe: SharedUniverse): Promise<SharedRelease> {
  const cache = await cachedDir(universe);
  const dataDir = await mkdtemp(join(tmpdir(), `ic-${universe}-`));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  await cp(join(cache, 'data'), dataDir, { recursive: true });
  const computed = JSON.parse(await readFile(join(cache, 'computed.json'), 'utf8')) as ComputedTables;
  return { dataDir, release: await getRelease(dataDir), computed };
}
