// Where a load builds its snapshot and how it becomes visible: a `<id>.building` folder that only a complete,
// checked build renames to `<id>`, a lock so that two loads never race, and pruning of old snapshots.
import { readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { error } from '../registry/index.ts';
import { BUILDING_SUFFIX, currentSnapshot, snapshotIds, snapshotsDir, takeLockFile } from '../universes/index.ts';

/** Sortable, unique snapshot id: UTC time to the millisecond. */
export function newSnapshotId(now = new Date()): string {
  return now.toISOString().replace(/[-:]/g, '').replace('.', '-').replace('Z', '');
}

/** Takes the load lock of a data folder; a lock left by a dead process (kill -9) is taken over. */
export function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const path = join(resolve(dataDir), 'load.lock');
  return takeLockFile(path, (holder) => {
    throw error('ETL_LOCKED', [resolve(dataDir), Number.isNaN(holder.pid) ? '?' : holder.pid, path]);
  });
}

/** Removes folders of builds that never finished (the lock is held, so no build is running). */
export async function removeUnfinishedBuilds(dataDir: string): Promise<void> {
  const dir = snapshotsDir(dataDir);
  const entries = await readdir(dir).catch(() => [] as string[]);
  for (const name of entries) if (name.endsWith(BUILDING_SUFFIX)) await rm(join(dir, name), { recursive: true, force: true });
}

/** Keeps the `keep` most recent snapshots and the one being served; older ones are deleted. */
export async function pruneSnapshots(dataDir: string, keep: number): Promise<string[]> {
  const served = (await currentSnapshot(dataDir))?.id;
  const ids = await snapshotIds(dataDir);
  const removed = ids.slice(0, Math.max(0, ids.length - keep)).filter((id) => id !== served);
  for (const id of removed) await rm(join(snapshotsDir(dataDir), id), { recursive: true, force: true });
  return removed;
}
