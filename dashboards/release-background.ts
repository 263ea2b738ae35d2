// The release computed on a worker thread, for a process that serves meanwhile (`infocentre start`): requests get
// IC_DASH_009 (being computed) until it is cached, then the dashboards as usual.
import { Worker } from 'node:worker_threads';

export interface BackgroundRelease {
  snapshotId: string;
  cells: number;
}

/** Resolves once the current snapshot's release is cached (computed or found); rejects with the engine's error. */
export function releaseInBackground(dataDir: string): Promise<BackgroundRelease> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./release-worker.js', import.meta.url), { workerData: { dataDir } });
    // Stopping the server must not wait for minutes of LPs: the lock file it leaves names a dead process.
    worker.unref();
    worker.once('message', (reply: { ok: true } & BackgroundRelease | { ok: false; message: string }) => {
      if (reply.ok) resolve({ snapshotId: reply.snapshotId, cells: reply.cells });
      else reject(new Error(reply.message));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`le fil de calcul de la diffusion s'est arrêté (code ${code})`)));
  });
}
