// While a new snapshot's release is computed (minutes at national scale, after every `infocentre load`), the served
// dashboards keep showing the release of the latest other snapshot that has one (the previous load) instead of
// answering IC_DASH_009 until the new one is ready. A release is served whole: every view, source line and « Données
// du » then carries that snapshot's date, and nothing mixes two snapshots. It was published already, so serving it
// again discloses nothing new.
import { snapshotIds, snapshotPaths, snapshotsDir } from '../universes/index.ts';
import { readRelease, type Release } from './release.ts';

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

async function latestOther(dataDir: string, currentId: string, threshold?: number): Promise<Release | undefined> {
  // readRelease checks that a cache belongs to its snapshot; an unreadable one is passed over: this is a stand-in,
  // not the release anyone asked for.
  for (const id of (await snapshotIds(dataDir)).filter((d) => d !== currentId).reverse()) {
    const release = await readRelease(snapshotPaths(dataDir, id), threshold).catch(() => undefined);
    if (release) return release;
  }
  return undefined;
}
