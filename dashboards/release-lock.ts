// One computation of a snapshot's release at a time, across processes and threads: `infocentre start` computes it
// on a worker thread while the server answers, an operator may run `infocentre release` meanwhile, and each would
// otherwise spend minutes on the same LPs. Whoever computes holds release.computing in the snapshot's folder; the
// others get IC_DASH_009 (503, being computed, retry) instead of starting their own.
import { join } from 'node:path';
import { error, type InfocentreError } from '../registry/index.ts';
import { lockHolder, takeLockFile, type LockHolder, type SnapshotPaths } from '../universes/index.ts';

const lockOf = (snapshot: SnapshotPaths) => join(snapshot.dir, 'release.computing');

/** IC_DASH_009 for the snapshot's release, being computed by `holder` (a process, or a worker of this one). */
export function releasePending(snapshot: SnapshotPaths, holder: Pick<LockHolder, 'pid' | 'startedAt'>): InfocentreError {
  const since = Number.isNaN(Date.parse(holder.startedAt)) ? '?'
    : new Date(holder.startedAt).toLocaleTimeString('fr-FR', { timeZone: 'Europe/Paris' });
  return error('DASH_RELEASE_PENDING', [snapshot.id, since, Number.isNaN(holder.pid) ? '?' : String(holder.pid)]);
}

/** Takes the snapshot's release computation; IC_DASH_009 when a live process or thread holds it. */
export function claimRelease(snapshot: SnapshotPaths): Promise<() => Promise<void>> {
  return takeLockFile(lockOf(snapshot), (holder) => { throw releasePending(snapshot, holder); });
}

/** IC_DASH_009 when a live process or thread is computing the snapshot's release; nothing otherwise. */
export async function refuseWhileComputed(snapshot: SnapshotPaths): Promise<void> {
  const holder = await lockHolder(lockOf(snapshot));
  if (holder) throw releasePending(snapshot, holder);
}
