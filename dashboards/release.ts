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
// The cache (release-cache.ts) is written to a temporary folder renamed into place, so a crash never leaves half a
// release; a manifest that does not match the snapshot is ignored and the release recomputed.
//
// A release is kept consistent with the one published before it (release-carry.ts): a figure of a period already
// over is never published with two values by two snapshots.
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AGGREGATED_UNIVERSE_NAME, DEFAULT_OPTIONS, formatLongForm, protect, todayInParis,
  type Dimension, type ProtectedTable, type PublishedValue, type ReleaseStats, type Table,
} from '../disclosure/index.ts';
import { error } from '../registry/index.ts';
import { currentSnapshot, openAggregated, siblingSnapshot, type SnapshotPaths } from '../universes/index.ts';
import { releaseInBackground } from './release-background.ts';
import { readRelease, writeRelease } from './release-cache.ts';
import { carriedFrom, earlierTruth, echoedPeriods, withoutEchoes } from './release-carry.ts';
import { releaseBefore } from './release-previous.ts';
import { claimRelease, refuseWhileComputed, releasePending } from './release-lock.ts';
import { RELEASE_TABLES, type Measure, type ReleaseTableSpec } from './catalogue.ts';
import { buildTable, communeRefs, snapshotDate, type BuiltTable, WAIT_DAYS } from './extract.ts';
import { periodWindow, type EchoPeriod, type PeriodWindow } from './periods.ts';
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
  /** The snapshot whose release this one was kept consistent with (release-carry.ts); absent for a first release. */
  carriedFrom?: string;
}

/** A release just computed: with its long form per table, as the engine wrote it. */
export interface ComputedRelease extends Release {
  longForms: Map<string, string>;
}

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
  /**
   * The release published before this snapshot's: its cells of periods that mean the same days now and were over
   * then are republished as they were or suppressed (release-carry.ts). `getRelease` finds it (releaseBefore).
   */
  previous?: Release;
}

/** Builds the snapshot's release from its aggregated universe (no cache involved): every table protected together. */
export async function computeRelease(snapshot: SnapshotPaths, options: ReleaseOptions = {}): Promise<ComputedRelease> {
  const threshold = options.threshold ?? DEFAULT_OPTIONS.threshold;
  const editionDate = options.editionDate ?? todayInParis();
  const { previous } = options;
  const { asOf, window, echoes, built } = await buildTables(snapshot.aggregated, { earlierWindow: previous?.window });
  const previousTruth = previous && await earlierTables(siblingSnapshot(snapshot, previous.snapshotId), previous, window);
  const engine = await protect(built.map((b) => b.table), {
    threshold, source: { universe: AGGREGATED_UNIVERSE_NAME, dataDate: asOf, editionDate },
    ...(previous ? { previous: carriedFrom(previous, window, echoes) } : {}),
    ...(previousTruth ? { previousTruth } : {}),
  });
  const byId = new Map(engine.tables.map((p) => [p.table.id, withoutEchoes(p)]));
  const tables = new Map<string, PublishedTable>();
  const longForms = new Map<string, string>();
  for (const b of built) {
    const p = byId.get(b.table.id);
    if (!p) throw error('DASH_RELEASE_CORRUPT', [`${snapshot.id} (${b.table.id} absent)`]);
    tables.set(b.table.id, published(RELEASE_TABLES.find((s) => s.id === b.table.id)!, p, b.medians));
    longForms.set(b.table.id, formatLongForm([p], engine.sourceLine!));
  }
  return {
    snapshotId: snapshot.id, asOf, builtAt: new Date().toISOString(), threshold, window, tables,
    dir: join(snapshot.dir, 'release'), stats: engine.stats, editionDate, longForms,
    ...(options.previous ? { carriedFrom: options.previous.snapshotId } : {}),
  };
}

/**
 * Every release table of a universe, true values; with the window of the release before it, its echoed periods
 * (release-carry.ts) as hidden codes.
 */
async function buildTables(
  path: string, { earlierWindow, medians = true }: { earlierWindow?: PeriodWindow; medians?: boolean } = {},
): Promise<{ asOf: string; window: PeriodWindow; echoes: EchoPeriod[]; built: BuiltTable[] }> {
  const u = await openAggregated(path);
  try {
    const asOf = await snapshotDate(u);
    const window = periodWindow(asOf);
    const refs = await communeRefs(u);
    const echoes = earlierWindow ? echoedPeriods(earlierWindow, window) : [];
    const built: BuiltTable[] = [];
    for (const spec of RELEASE_TABLES) built.push(await buildTable(u, spec, window, refs, { echoes, medians }));
    return { asOf, window, echoes, built };
  } finally {
    u.close();
  }
}

/**
 * The tables the earlier release was computed from, true values, named as the new release names its periods
 * (release-carry.ts, earlierTruth): with them the engine skips what did not change. Undefined when that snapshot's
 * universe is gone (retention) or holds another date: everything is then solved again, which costs time, not safety.
 */
async function earlierTables(earlier: SnapshotPaths, previous: Release, window: PeriodWindow): Promise<Table[] | undefined> {
  try {
    await access(earlier.aggregated);
  } catch {
    return undefined;
  }
  const { asOf, built } = await buildTables(earlier.aggregated, { medians: false });
  // Not the universe that release was computed from: its truth cannot be used (the release itself still can).
  if (asOf !== previous.asOf) return undefined;
  return earlierTruth(built.map((b) => b.table), previous.window, window);
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
    const previous = options.previous ?? await releaseBefore(dataDir, snapshot.id, options.threshold);
    const release = await computeRelease(snapshot, { ...options, ...(previous ? { previous } : {}) });
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
