// The release worker thread: computes (or finds cached) the release of the data folder's current snapshot and says
// how it went. The engine's LPs hold a thread for seconds at a time; on this thread they do not hold the server's.
import { parentPort, workerData } from 'node:worker_threads';
import { getRelease } from './release.ts';

const { dataDir } = workerData as { dataDir: string };
try {
  const release = await getRelease(dataDir);
  parentPort!.postMessage({ ok: true, snapshotId: release.snapshotId, cells: release.stats.cells });
} catch (err) {
  const code = (err as { code?: unknown }).code;
  parentPort!.postMessage({ ok: false, code: typeof code === 'string' ? code : undefined, message: err instanceof Error ? err.message : String(err) });
}
