// The release cache: data/snapshots/<id>/release/ (layout in release.ts), written to a temporary folder renamed into
// place, so a crash never leaves half a release; a manifest that does not match the snapshot or the catalogue is
// ignored (the release is then recomputed). Only published values are cached, never the true count of a suppressed
// cell.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_OPTIONS, type Dimension, type PublishedValue, type ReleaseStats } from '../disclosure/index.ts';
import { error } from '../registry/index.ts';
import type { SnapshotPaths } from '../universes/index.ts';
import { RELEASE_TABLES, type Measure } from './catalogue.ts';
import { periodWindow } from './periods.ts';
import type { ComputedRelease, PublishedTable, Release } from './release.ts';
import { cellKey } from './rollup.ts';

interface Manifest {
  format: 2;
  snapshotId: string;
  asOf: string;
  builtAt: string;
  editionDate: string;
  threshold: number;
  stats: ReleaseStats;
  /** The snapshot whose release this one was kept consistent with (release-carry.ts); absent for a first release. */
  carriedFrom?: string;
  tables: { id: string; measure: Measure; file: string; longForm: string; cells: number; suppressed: number }[];
}

type CachedCell = [...string[], PublishedValue, PublishedValue | null, number | null];

/** Writes the release folder (cache + long form) atomically. */
export async function writeRelease(release: ComputedRelease): Promise<void> {
  const tmp = `${release.dir}.${process.pid}.tmp`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(join(tmp, 'long'), { recursive: true });
  const manifest: Manifest = {
    format: 2, snapshotId: release.snapshotId, asOf: release.asOf, builtAt: release.builtAt,
    editionDate: release.editionDate, threshold: release.threshold, stats: release.stats,
    ...(release.carriedFrom ? { carriedFrom: release.carriedFrom } : {}), tables: [],
  };
  for (const t of release.tables.values()) {
    const cells: CachedCell[] = [];
    let suppressed = 0;
    for (const [key, value] of t.values) {
      if (value === 's') suppressed++;
      const coords = key.split('\u0001');
      const median = coords.length >= 2 ? t.medians?.get(cellKey(coords.slice(0, 2))) : undefined;
      cells.push([...coords, value, t.waitDays?.get(key) ?? null, median ?? null] as CachedCell);
    }
    const file = `${t.id}.json`;
    await writeFile(join(tmp, file), JSON.stringify({ id: t.id, measure: t.measure, dimensions: t.dimensions, cells }));
    const longForm = join('long', `${t.id}.csv`);
    const text = release.longForms.get(t.id);
    if (text === undefined) throw error('DASH_RELEASE_CORRUPT', [`${release.snapshotId} (${t.id} sans forme longue)`]);
    await writeFile(join(tmp, longForm), text);
    manifest.tables.push({ id: t.id, measure: t.measure, file, longForm, cells: t.values.size, suppressed });
  }
  await writeFile(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2));
  await rm(release.dir, { recursive: true, force: true });
  await rename(tmp, release.dir);
}

/** Reads a cached release; undefined when there is none or it is for another snapshot or another catalogue. */
export async function readRelease(snapshot: SnapshotPaths, threshold = DEFAULT_OPTIONS.threshold): Promise<Release | undefined> {
  const dir = join(snapshot.dir, 'release');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
  const wanted = RELEASE_TABLES.map((s) => s.id).join(',');
  if (manifest.format !== 2 || manifest.snapshotId !== snapshot.id || manifest.threshold !== threshold
    || manifest.tables.map((t) => t.id).join(',') !== wanted) return undefined;
  const tables = new Map<string, PublishedTable>();
  for (const entry of manifest.tables) {
    try {
      tables.set(entry.id, fromCache(JSON.parse(await readFile(join(dir, entry.file), 'utf8'))));
    } catch {
      throw error('DASH_RELEASE_CORRUPT', [dir]);
    }
  }
  return {
    snapshotId: manifest.snapshotId, asOf: manifest.asOf, builtAt: manifest.builtAt, threshold: manifest.threshold,
    window: periodWindow(manifest.asOf), tables, dir, stats: manifest.stats, editionDate: manifest.editionDate,
    ...(manifest.carriedFrom ? { carriedFrom: manifest.carriedFrom } : {}),
  };
}

function fromCache(raw: { id: string; measure: Measure; dimensions: Dimension[]; cells: CachedCell[] }): PublishedTable {
  const spec = RELEASE_TABLES.find((s) => s.id === raw.id)!;
  const n = raw.dimensions.length;
  const values = new Map<string, PublishedValue>();
  const waitDays = spec.waitDays ? new Map<string, PublishedValue>() : undefined;
  const medians = spec.medianWait ? new Map<string, number>() : undefined;
  for (const cell of raw.cells) {
    const coords = cell.slice(0, n) as string[];
    const key = cellKey(coords);
    values.set(key, cell[n] as PublishedValue);
    if (waitDays && cell[n + 1] !== null) waitDays.set(key, cell[n + 1] as PublishedValue);
    if (medians && cell[n + 2] !== null) medians.set(cellKey(coords.slice(0, 2)), cell[n + 2] as number);
  }
  return { id: raw.id, measure: raw.measure, dimensions: raw.dimensions, values, ...(waitDays ? { waitDays } : {}), ...(medians ? { medians } : {}) };
}

/** A table's long form as the release published it (source line last), for `infocentre release` and `check`. */
export async function releaseLongForm(release: Release, tableId: string): Promise<string> {
  try {
    return await readFile(join(release.dir, 'long', `${tableId}.csv`), 'utf8');
  } catch {
    throw error('DASH_RELEASE_CORRUPT', [`${release.dir} (${tableId})`]);
  }
}
