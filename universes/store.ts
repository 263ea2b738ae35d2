// Where the universes live on disk and how a snapshot becomes the one being served.
//
// data/
//   CURRENT                      id of the snapshot being served (replaced atomically by rename)
//   snapshots/<id>/detailed.duckdb
//   snapshots/<id>/aggregated.duckdb
//   snapshots/<id>/report.json   load report; quarantine/ holds rejected rows
//   system/                      accounts, access journal, alerts (owned by the server)
//
// A load writes a new snapshot folder and only then switches CURRENT, so an interrupted load never touches the
// snapshot being served.
import { mkdir, open, readdir, readFile, rename } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

export interface SnapshotPaths {
  id: string;
  dir: string;
  detailed: string;
  aggregated: string;
  report: string;
  quarantine: string;
}

export function snapshotsDir(dataDir: string): string {
  return join(resolve(dataDir), 'snapshots');
}

/** Suffix of a snapshot folder a load is still building (etl/snapshot-dir.ts): not a snapshot yet. */
export const BUILDING_SUFFIX = '.building';

/** Ids of the finished snapshots, oldest first (an id is the time of its load); none when nothing was loaded. */
export async function snapshotIds(dataDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(snapshotsDir(dataDir));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names.filter((n) => !n.endsWith(BUILDING_SUFFIX) && !n.startsWith('.')).sort();
}

export function systemDir(dataDir: string): string {
  return join(resolve(dataDir), 'system');
}

export function snapshotPaths(dataDir: string, id: string): SnapshotPaths {
  return pathsIn(join(snapshotsDir(dataDir), id), id);
}

/** Snapshot `id` of the same data directory as `snapshot`. */
export function siblingSnapshot(snapshot: SnapshotPaths, id: string): SnapshotPaths {
  return pathsIn(join(dirname(snapshot.dir), id), id);
}

function pathsIn(dir: string, id: string): SnapshotPaths {
  return {
    id, dir,
    detailed: join(dir, 'detailed.duckdb'),
    aggregated: join(dir, 'aggregated.duckdb'),
    report: join(dir, 'report.json'),
    quarantine: join(dir, 'quarantine'),
  };
}

/** The snapshot being served, or undefined when nothing was ever loaded. */
export async function currentSnapshot(dataDir: string): Promise<SnapshotPaths | undefined> {
  try {
    const id = (await readFile(join(resolve(dataDir), 'CURRENT'), 'utf8')).trim();
    return id ? snapshotPaths(dataDir, id) : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Makes `id` the served snapshot: write a temporary pointer, flush it, rename it over CURRENT. */
export async function publishSnapshot(dataDir: string, id: string): Promise<void> {
  const root = resolve(dataDir);
  await mkdir(root, { recursive: true });
  const tmp = join(root, `CURRENT.${process.pid}.tmp`);
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(`${id}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, join(root, 'CURRENT'));
}
