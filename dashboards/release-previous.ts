// While a new snapshot's release is computed (minutes at national scale, after every `infocentre load`), the served
// dashboards keep showing the release of the latest other snapshot that has one (the previous load) instead of
// answering IC_DASH_009 until the new one is ready. A release is served whole: every view, source line and « Données
// du » then carries that snapshot's date, and nothing mixes two snapshots. It was published already, so serving it
// again discloses nothing new.
//
// `releaseBefore` finds, the same way, the release a new one is kept consistent with (release-carry.ts).
import { snapshotIds, snapshotPaths, snapshotsDir } from '../universes/index.ts';
import { readRelease } from './release-cache.ts';
import type { Release } from './release.ts';

/** One slot: the earlier release served for the current snapshot (a national release holds hundreds of MB). */
let slot: { key: string; release: Promise<Release | undefined> } | undefined;

/** The release of the latest snapshot other than `currentId` with a cached release at `threshold`; undefined if none. */
export function previousRelease(dataDir: string, currentId: string, threshold?: number): Promise<Release | undefined> {
  const key = `${snapshotsDir(dataDir)}|${currentId}|${threshold ?? ''}`;
  if (slot?.key !== key) {
    const release = latestOther(dataDir, currentId, threshold);
    slot = { key, release };
    release.catch(() => { if (slot?.key === key) slot = undefined; });
  }
  return slot.release;
}

/** Lets the earlier release go once the current one is served. */
export function forgetPreviousRelease(): void {
  slot = undefined;
}

function latestOther(dataDir: string, currentId: string, threshold?: number): Promise<Release | undefined> {
  // A stand-in, not the release anyone asked for: an unreadable one is passed over.
  return latestCached(dataDir, (id) => id !== currentId, threshold, true);
}

/**
 * The release published before snapshot `id`: that of the latest earlier snapshot with a cached release (a snapshot
 * whose release was never computed published nothing). A new release is kept consistent with it (release-carry.ts).
 */
export function releaseBefore(dataDir: string, id: string, threshold?: number): Promise<Release | undefined> {
  // An unreadable one is not passed over: the new release must not contradict what it published.
  return latestCached(dataDir, (other) => other < id, threshold, false);
}

async function latestCached(
  dataDir: string, among: (id: string) => boolean, threshold: number | undefined, passUnreadable: boolean,
): Promise<Release | undefined> {
  // readRelease checks that a cache belongs to its snapshot and its catalogue.
  for (const id of (await snapshotIds(dataDir)).filter(among).reverse()) {
    const read = readRelease(snapshotPaths(dataDir, id), threshold);
    const release = await (passUnreadable ? read.catch(() => undefined) : read);
    if (release) return release;
  }
  return undefined;
}
