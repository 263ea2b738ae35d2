// The release computed on a worker thread, for a process that serves meanwhile (`infocentre start`, and the server
// whenever the snapshot it serves has no cached release yet, e.g. after `infocentre load`): requests get IC_DASH_009
// (being computed) until it is cached, then the dashboards as usual. The engine's LPs hold a thread for seconds at
// a time; on a worker they do not hold the server's event loop.
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { InfocentreError } from '../registry/index.ts';
import { releasePending } from './release-lock.ts';
import type { SnapshotPaths } from '../universes/index.ts';

export interface BackgroundRelease {
  snapshotId: string;
  cells: number;
}

export interface BackgroundRun {
  promise: Promise<BackgroundRelease>;
  startedAt: Date;
  /** The engine's error, kept FAILURE_KEPT_MS from when it failed. */
  failed?: Error;
  failedAt?: number;
}

/** After a failure, requests are told why for this long before a new attempt starts. */
const FAILURE_KEPT_MS = 60_000;
const runs = new Map<string, BackgroundRun>();

/**
 * The worker computing (or finding cached) the release of `snapshot` in `dataDir`, started on first call and shared
 * by later ones; resolves once the release is cached, rejects with the engine's error. A worker that finds another
 * process computing the release is forgotten at once: that process writes the cache.
 */
export function releaseInBackground(dataDir: string, snapshot: SnapshotPaths): BackgroundRun {
  const key = `${resolve(dataDir)}|${snapshot.id}`;
  const known = runs.get(key);
  if (known && !(known.failedAt && Date.now() - known.failedAt > FAILURE_KEPT_MS)) return known;
  const run: BackgroundRun = { startedAt: new Date(), promise: compute(dataDir, snapshot) };
  // Once cached, the release is read from the snapshot: a run kept after success would answer "being computed"
  // forever should the cache go missing.
  run.promise.then(() => runs.delete(key), (err: Error) => {
    if (err instanceof InfocentreError && err.code === 'IC_DASH_009') runs.delete(key);
    else Object.assign(run, { failed: err, failedAt: Date.now() });
  });
  runs.set(key, run);
  return run;
}

function compute(dataDir: string, snapshot: SnapshotPaths): Promise<BackgroundRelease> {
  return new Promise((done, fail) => {
    const worker = new Worker(new URL('./release-worker.js', import.meta.url), { workerData: { dataDir } });
    // Stopping the server must not wait for minutes of LPs: the lock file it leaves names a dead process.
    worker.unref();
    type Reply = { ok: true } & BackgroundRelease | { ok: false; code?: string; message: string };
    worker.once('message', (reply: Reply) => {
      if (reply.ok) done({ snapshotId: reply.snapshotId, cells: reply.cells });
      else if (reply.code === 'IC_DASH_009') fail(releasePending(snapshot, { pid: Number.NaN, startedAt: '' }));
      else fail(new Error(reply.message));
    });
    worker.once('error', fail);
    worker.once('exit', (code) => fail(new Error(`le fil de calcul de la diffusion s'est arrêté (code ${code})`)));
  });
}
