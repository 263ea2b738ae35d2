// While a new snapshot's release is computed (minutes at national scale, after every `infocentre load`), the served
// dashboards keep showing the release of the latest other snapshot that has one (the previous load) instead of
// answering IC_DASH_009 until the new one is ready. A release is served whole: every view, source line and « Données du » then carries
// that earlier snapshot's date, and nothing mixes two snapshots. It was published already, so serving it again
// discloses nothing new; the new release is protected with it carried over (disclosure/carry-over.ts).
import { readdir } from 'node:fs/promises';
import { snapshotPaths, snapshotsDir } from '../universes/index.ts';
import { readRelease, type Release } from './release.ts';

/** One slot: the earlier release served for the current snapshot (a national release holds hundreds of MB). */
let slot: { key: string; release: Promise<Release | undefined> } | undefined;

/** The release of the latest snapshot other than `currentId` with a cached release at `threshold`; undefined if none. */
export function previousRelease(dataDir: string, currentId: string, threshold?: number): Promise<Release | undefined> {
  const key = `${snapshotsDir(dataDir)}|${currentId}|${threshold ?? ''}`;
  if (slot?.key !== key) {
    const release = latestEarlier(dataDir, currentId, threshold);
    slot = { key, release };
    release.catch(() => { if (slot?.key === key) slot = undefined; });
  }
  return slot.release;
}

/** Lets the earlier release go once the current one is served. */
export function forgetPreviousRelease(): void {
  slot = undefined;
}

async function latestEarlier(dataDir: string, currentId: string, threshold?: number): Promise<Release | undefined> {
  let ids: string[];
  try {
    ids = await readdir(snapshotsDir(dataDir));
  } catch {
    return undefined;
  }
  // Snapshot ids are the times of their loads, so the last in order is the latest; builds in progress and hidden
  // entries are not snapshots, and readRelease checks that a cache belongs to its snapshot.
  for (const id of ids.filter((d) => d !== currentId && !d.includes('.')).sort().reverse()) {
    // An unreadable earlier cache is passed over: this is a stand-in, not the release anyone asked for.
    const release = await readRelease(snapshotPaths(dataDir, id), threshold).catch(() => undefined);
    if (release) return release;
  }
  return undefined;
}
