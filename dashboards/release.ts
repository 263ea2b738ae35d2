// The snapshot's release: every release table (catalogue.ts) protected TOGETHER by the disclosure engine, once per
// snapshot, and cached in data/snapshots/<id>/release/ so that serving a dashboard is a lookup.
//
// release/
//   manifest.json        snapshot id and date, build time, edition date, threshold, engine statistics, the tables
//   <table>.json         dimensions and published cells: [coords…, value, wait-days value?, median?]
//   long/<table>.csv     the long form (issue 3) written by the engine's own writer, source line last (edited the day
//                        the release was computed), for `check --against` and `infocentre release`
//
// Only published values are cached (never the true count of a suppressed cell), so the long form is written from the
// engine's output when the release is computed, not rebuilt from the cache.
//
// The cache is written to a temporary folder renamed into place, so a crash never leaves half a release; a
// manifest that does not match the snapshot is ignored and the release recomputed.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AGGREGATED_UNIVERSE_NAME, DEFAULT_OPTIONS, formatLongForm, protect, todayInParis,
  type Dimension, type ProtectedTable, type PublishedValue, type ReleaseStats, type Table,
} from '../disclosure/index.ts';
import { error } from '../registry/index.ts';
import { currentSnapshot, openAggregated, type SnapshotPaths } from '../universes/index.ts';
import { releaseInBackground } from './release-background.ts';
import { claimRelease, refuseWhileComputed, releasePending } from './release-lock.ts';
import { RELEASE_TABLES, type Measure, type ReleaseTableSpec } from './catalogue.ts';
import { buildTable, communeRefs, snapshotDate, type BuiltTable, WAIT_DAYS } from './extract.ts';
import { periodWindow, type PeriodWindow } from './periods.ts';
import { cellKey } from './rollup.ts';

export interface PublishedTable {
  id: string;
  measure: Measure;
  dimensions: Dimension[];
  /** cellKey(coords) → published count; absent keys of known codes are zero cells. */
  values: Map<string, PublishedValue>;
  /** cellKey(coords) → published sum of waiting days (mean waits are derived from it). */
  waitDays?: Map<string, PublishedValue>;
  /** cellKey([period, geo]) → median wait in months, only where the count cell is published. */
  medians?: Map<string, number>;
}

export interface Release {
  snapshotId: string;
  asOf: string; // ISO snapshot date ("Données du")
  builtAt: string; // ISO timestamp
  threshold: number;
  window: PeriodWindow;
  tables: Map<string, PublishedTable>;
  dir: string; // the release/ folder
  /** The engine's figures for this release (cells, primary / complementary suppressions, time). */
  stats: ReleaseStats;
  /** "éditées le" of the release's long-form files (ISO). */
  editionDate: string;
}

/** A release just computed: with its long form per table, as the engine wrote it. */
export interface ComputedRelease extends Release {
  longForms: Map<string, string>;
}

interface Manifest {
  format: 2;
  snapshotId: string;
  asOf: string;
  builtAt: string;
  editionDate: string;
  threshold: number;
  stats: ReleaseStats;
  tables: { id: string; measure: Measure; file: string; longForm: string; cells: number; suppressed: number }[];
}

type CachedCell = [...string[], PublishedValue, PublishedValue | null, number | null];

export interface ReleaseOptions {
  threshold?: number;
  /** Recompute even when a valid cache exists. */
  rebuild?: boolean;
  /** Edition date of the long-form files (default: today in Paris). */
  editionDate?: string;
  /**
   * Without a cached release, compute it on a worker thread (release-background.ts) and throw IC_DASH_009 meanwhile,
   * instead of computing it on this thread: the server's event loop must keep answering.
   */
  background?: boolean;
}

/** Builds the snapshot's release from its aggregated universe (no cache involved): every table protected together. */
export async function computeRelease(snapshot: SnapshotPaths, options: ReleaseOptions = {}): Promise<ComputedRelease> {
  const threshold = options.threshold ?? DEFAULT_OPTIONS.threshold;
  const editionDate = options.editionDate ?? todayInParis();
  const u = await openAggregated(snapshot.aggregated);
  let built: BuiltTable[];
  let asOf: string;
  try {
    asOf = await snapshotDate(u);
    const window = periodWindow(asOf);
    const refs = await communeRefs(u);
    built = [];
    for (const spec of RELEASE_TABLES) built.push(await buildTable(u, spec, window, refs));
  } finally {
    u.close();
  }
  const engine = await protect(built.map((b) => b.table), {
    threshold, source: { universe: AGGREGATED_UNIVERSE_NAME, dataDate: asOf, editionDate },
  });
  const byId = new Map(engine.tables.map((p) => [p.table.id, p]));
  const tables = new Map<string, PublishedTable>();
  const longForms = new Map<string, string>();
  for (const b of built) {
    const p = byId.get(b.table.id);
    if (!p) throw error('DASH_RELEASE_CORRUPT', [`${snapshot.id} (${b.table.id} absent)`]);
    tables.set(b.table.id, published(RELEASE_TABLES.find((s) => s.id === b.table.id)!, p, b.medians));
    longForms.set(b.table.id, formatLongForm([p], engine.sourceLine!));
  }
  return {
    snapshotId: snapshot.id, asOf, builtAt: new Date().toISOString(), threshold, window: periodWindow(asOf), tables,
    dir: join(snapshot.dir, 'release'), stats: engine.stats, editionDate, longForms,
  };
}

function published(spec: ReleaseTableSpec, p: ProtectedTable, medians?: Map<string, number>): PublishedTable {
  const values = new Map<string, PublishedValue>();
  const wait = spec.waitDays ? p.magnitudes[WAIT_DAYS] : undefined;
  const waitDays = wait ? new Map<string, PublishedValue>() : undefined;
  p.table.cells.forEach((cell, i) => {
    const key = cellKey(cell.coords);
    values.set(key, p.values[i]);
    if (waitDays && wait) waitDays.set(key, wait[i]);
  });
  const out: PublishedTable = { id: spec.id, measure: spec.measure, dimensions: p.table.dimensions, values };
  if (waitDays) out.waitDays = waitDays;
  if (medians) out.medians = publishedMedians(p.table, values, medians);
  return out;
}

/** A median is published only where its count cell (categories at their totals) is published and non-zero. */
function publishedMedians(table: Table, values: Map<string, PublishedValue>, medians: Map<string, number>): Map<string, number> {
  const roots = table.dimensions.slice(2).map((d) => d.root);
  const out = new Map<string, number>();
  for (const [key, median] of medians) {
    const count = values.get(cellKey([...key.split('\u0001'), ...roots]));
    if (typeof count === 'number' && count > 0 && Number.isFinite(median)) out.set(key, median);
  }
  return out;
}

// ---- cache -----------------------------------------------------------------------------------------------------

/** Writes the release folder (cache + long form) atomically. */
export async function writeRelease(release: ComputedRelease): Promise<void> {
  const tmp = `${release.dir}.${process.pid}.tmp`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(join(tmp, 'long'), { recursive: true });
  const manifest: Manifest = {
    format: 2, snapshotId: release.snapshotId, asOf: release.asOf, builtAt: release.builtAt,
    editionDate: release.editionDate, threshold: release.threshold, stats: release.stats, tables: [],
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

// ---- the served release ----------------------------------------------------------------------------------------

const inFlight = new Map<string, Promise<Release>>();

/**
 * The release of the snapshot being served in `dataDir`: from memory, else from its cache on disk, else computed
 * (protected together) and cached. Concurrent callers share one computation. Throws IC_CLI_002 when no snapshot.
 */
export async function getRelease(dataDir: string, options: ReleaseOptions = {}): Promise<Release> {
  const snapshot = await currentSnapshot(dataDir);
  if (!snapshot) throw error('CLI_NO_SNAPSHOT', [dataDir]);
  const key = `${snapshot.dir}|${options.threshold ?? DEFAULT_OPTIONS.threshold}`;
  if (options.rebuild) inFlight.delete(key);
  let pending = inFlight.get(key);
  if (!pending) {
    pending = loadOrCompute(dataDir, snapshot, options);
    inFlight.set(key, pending);
    pending.catch(() => inFlight.delete(key));
  }
  return pending;
}

async function loadOrCompute(dataDir: string, snapshot: SnapshotPaths, options: ReleaseOptions): Promise<Release> {
  if (!options.rebuild) {
    const cached = await readRelease(snapshot, options.threshold);
    if (cached) return cached;
  }
  if (options.background) {
    await refuseWhileComputed(snapshot); // by our worker or another process: start nothing more
    const run = releaseInBackground(dataDir, snapshot);
    throw run.failed ?? releasePending(snapshot, { pid: process.pid, startedAt: run.startedAt.toISOString() });
  }
  const letGo = await claimRelease(snapshot);
  try {
    // Another process may have finished it between the cache miss and the claim.
    const cached = options.rebuild ? undefined : await readRelease(snapshot, options.threshold);
    if (cached) return cached;
    const release = await computeRelease(snapshot, options);
    await writeRelease(release);
    const { longForms: _written, ...served } = release;
    return served;
  } finally {
    await letGo();
  }
}

/** Forgets releases held in memory (tests, or after a new snapshot is published). */
export function forgetReleases(): void {
  inFlight.clear();
}
