// Differences between two snapshots through the dashboards' release (dashboards/release-carry.ts): a late registration
// in a month already over must not show as a change between the release published before and the next one, whether
// the next snapshot has the same date (a reload) or a later one.
import { DuckDBInstance } from '@duckdb/node-api';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { cellCoords, cellKey, getRelease, readRelease, type Release } from '../../dashboards/index.ts';
import { flowPeriodDimension, periodWindow } from '../../dashboards/periods.ts';
import { carriedPeriods, earlierTruth, echoedPeriods, isEcho } from '../../dashboards/release-carry.ts';
import { currentSnapshot, publishSnapshot, snapshotPaths, type SnapshotPaths } from '../../universes/index.ts';
import { sharedRelease } from './helpers/shared-release.ts';

// The release published first: the shared hand-made universe's, a snapshot of 31 October 2026.
const { dataDir: dir } = await sharedRelease(t, 'hand-made');
const a = (await currentSnapshot(dir))!;
const first = (await readRelease(a))!;

/** A copy of snapshot `from` as a new snapshot, its aggregated universe changed by `sql`, then served. */
async function nextSnapshot(from: SnapshotPaths, suffix: string, sql: string[]): Promise<void> {
  const to = snapshotPaths(dir, `${a.id}-${suffix}`);
  await cp(from.dir, to.dir, { recursive: true, filter: (src) => !src.startsWith(join(from.dir, 'release')) });
  const instance = await DuckDBInstance.create(to.aggregated);
  const conn = await instance.connect();
  for (const statement of sql) await conn.run(statement);
  conn.closeSync();
  instance.closeSync();
  await publishSnapshot(dir, to.id);
}

/**
 * One attribution registered late, in a month of 2026 already over whose attributions in France the first release
 * published (the hand-made universe is small: most months' are suppressed).
 */
function lateAttribution(): { month: string; sql: string } {
  const months = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09'];
  const month = months.find((m) => typeof first.tables.get('attributions_monthly_mutation')!.values.get(cellKey([m, 'FR', '_T'])) === 'number');
  if (!month) throw new Error('no month of 2026 with a published total of attributions');
  return { month, sql: `UPDATE attribution_facts SET n = n + 1 WHERE rowid = (SELECT min(rowid) FROM attribution_facts
    WHERE attributed_month = CAST('${month}-01' AS DATE))` };
}

/** Published values of carried-period cells that differ between two releases (an absent cell is a published 0). */
function differences(x: Release, y: Release): string[] {
  const carried = carriedPeriods(x.window, y.window);
  const out: string[] = [];
  for (const [id, tx] of x.tables) {
    const ty = y.tables.get(id)!;
    for (const key of new Set([...tx.values.keys(), ...ty.values.keys()])) {
      if (!carried.has(cellCoords(key)[0])) continue;
      const vx = tx.values.get(key) ?? 0;
      const vy = ty.values.get(key) ?? 0;
      if (vx !== vy && vx !== 's' && vy !== 's') out.push(`${id} ${cellCoords(key).join(' × ')}: ${vx} then ${vy}`);
    }
  }
  return out;
}

/** Cells published by both releases with the same value, among the carried periods. */
function republished(x: Release, y: Release): number {
  const carried = carriedPeriods(x.window, y.window);
  let same = 0;
  for (const [id, tx] of x.tables) {
    for (const [key, v] of tx.values) if (v !== 's' && carried.has(cellCoords(key)[0]) && y.tables.get(id)!.values.get(key) === v) same++;
  }
  return same;
}

// Three releases of the hand-made universe (about a minute each on 2 cores): more than the default 300 s under load.
t.setTimeout(900_000);
const late = lateAttribution();

t.test('a period is carried by its extent: over by the earlier date, and the same months in both windows', async (t) => {
  const october = periodWindow('2026-10-31');
  const same = carriedPeriods(october, october);
  for (const p of ['2026-10', '2026-Q3', '2026-Q4', '2026', '2025', '2024-01', '12M', '2026-10-31']) t.ok(same.has(p), `reload: ${p}`);
  const later = carriedPeriods(october, periodWindow('2026-11-30'));
  for (const p of ['2026-10', '2026-Q3', '2025', '2024-01']) t.ok(later.has(p), `a month later: ${p}`);
  for (const p of ['2026-Q4', '2026', '12M', '2026-10-31']) t.notOk(later.has(p), `a month later: not ${p}`);
  const midMonth = carriedPeriods(periodWindow('2026-10-15'), periodWindow('2026-10-31'));
  t.notOk(midMonth.has('2026-10'), 'a month is over on its last day only');
  t.ok(midMonth.has('2026-09') && midMonth.has('2026-Q3') && !midMonth.has('12M'), 'the months before it are');
  const nextYear = carriedPeriods(periodWindow('2026-12-31'), periodWindow('2027-01-31'));
  t.ok(nextYear.has('2026') && nextYear.has('2025') && !nextYear.has('2024'), 'a year out of the new window is not carried');
});

t.test('an earlier period whose code now means other months is echoed, with its months', async (t) => {
  const october = periodWindow('2026-10-31');
  t.same(echoedPeriods(october, october), [], 'a reload carries everything: no echo');
  const later = echoedPeriods(october, periodWindow('2026-11-30'));
  t.same(later.map((e) => e.code), ['2026@2026-10-31', '12M@2026-10-31'], 'the year to October and the rolling window');
  t.same(later[1].months, october.rolling);
  t.same(echoedPeriods(periodWindow('2026-10-15'), periodWindow('2026-10-31')).map((e) => e.code), [],
    'a period with a month not over (October on the 15th) is not echoed');
  t.ok(isEcho('12M@2026-10-31') && !isEcho('12M') && !isEcho('2026-10-31'));
});

t.test('the earlier truth names its periods as the new release does: carried ones as they are, the others as echoes', async (t) => {
  const october = periodWindow('2026-10-31');
  const november = periodWindow('2026-11-30');
  const period = flowPeriodDimension(october, true);
  const geo = { name: 'geo', root: 'FR', codes: ['FR'], relations: [] };
  const table = { id: 'flows', measure: 'requests', dimensions: [period, geo], cells: october.months.map((m) => ({ coords: [m, 'FR'], count: 1 })) };
  const [same] = earlierTruth([table], october, october);
  t.same(same.dimensions[0], period, 'a reload at the same date renames nothing');
  const [later] = earlierTruth([table], october, november);
  const codes = later.dimensions[0].codes;
  t.ok(codes.includes('2026-10') && codes.includes('2026-Q3') && codes.includes('2025'), 'periods over and the same carried');
  t.ok(codes.includes('12M@2026-10-31') && codes.includes('2026@2026-10-31') && codes.includes('2026-Q4@2026-10-31'), 'the others renamed');
  t.notOk(codes.includes('12M') || codes.includes('2026'), 'no code means other months now');
  t.equal(later.dimensions[0].root, '12M@2026-10-31');
  // The rolling window of October is the new release's echo, with the same months.
  const echo = echoedPeriods(october, november).find((e) => e.code === '12M@2026-10-31')!;
  t.same(later.dimensions[0].relations.find((r) => r.total === echo.code)!.parts, echo.months);
  t.same(later.cells.map((c) => c.coords[0]), october.months, 'cells of months carried keep their codes');
  t.same(later.dimensions.slice(1), [geo]);
});

t.test('a reload of the same date with a late attribution republishes every figure as it was, or suppresses it', async (t) => {
  await nextSnapshot(a, '2', [late.sql]);
  const second = await getRelease(dir, { threshold: 10 });
  t.equal(second.snapshotId, `${a.id}-2`);
  t.equal(second.carriedFrom, a.id, 'the release says which one it kept consistent with');
  // Built from the first snapshot's universe, the earlier truth lets the engine skip what the late attribution left alone.
  t.ok((second.stats.unchanged ?? 0) > 1000, `${second.stats.unchanged} hidden cells not solved again (of ${second.stats.suppressed})`);
  t.same(differences(first, second), [], 'nothing published differently');
  t.ok(republished(first, second) > 100, `most cells are republished identically (${republished(first, second)})`);
  // Cells the late attribution changed, published before, are suppressed now: France's attributions that month.
  const changed = [...first.tables].flatMap(([id, t0]) => [...t0.values].filter(([key, v]) => {
    const [period, geo, ...others] = cellCoords(key);
    return typeof v === 'number' && v > 0 && period === late.month && geo === 'FR' && t0.measure === 'attributions'
      && others.every((c) => c === '_T');
  }).map(([key]) => [id, key] as const));
  t.ok(changed.length > 0, `France's attributions of ${late.month} were published before (${changed.length} cells)`);
  for (const [id, key] of changed) t.equal(second.tables.get(id)!.values.get(key), 's', `${id} ${cellCoords(key).join(' × ')}`);
  t.equal((await readRelease(snapshotPaths(dir, second.snapshotId)))!.carriedFrom, a.id, 'the cache keeps it');
});

t.test('a snapshot a month later stays consistent with both releases before it', async (t) => {
  const previous = (await currentSnapshot(dir))!;
  const second = (await readRelease(previous))!;
  await nextSnapshot(previous, '3', [`UPDATE snapshot SET as_of = DATE '2026-11-30'`]);
  const third = await getRelease(dir, { threshold: 10 });
  t.equal(third.asOf, '2026-11-30');
  t.equal(third.carriedFrom, second.snapshotId);
  t.same(differences(second, third), [], 'nothing published differently from the release before');
  t.same(differences(first, third), [], 'nor from the one before that (the chain holds)');
  t.ok(republished(second, third) > 100, `most cells of closed periods are republished identically (${republished(second, third)})`);
  t.notOk([...third.tables.values()].some((x) => x.dimensions[0].codes.some(isEcho) || [...x.values.keys()].some((k) => isEcho(cellCoords(k)[0]))),
    'echoes are not published');
  // The sliding window: 12M of 31 October minus 12M of 30 November is November 2025 minus November 2026 (none here).
  // Without the echoes (release-carry.ts) this fails: radiations_monthly REG:11 × RADREN, November 2025 = 79 − 78 + 0.
  const exposed: string[] = [];
  let suppressedThen = 0;
  for (const [id, x] of third.tables) {
    if (!x.dimensions[0].codes.includes('2025-11')) continue;
    const before = second.tables.get(id)!;
    for (const [key, v] of x.values) {
      const [period, ...rest] = cellCoords(key);
      if (period !== '2025-11' || v !== 's') continue;
      const at = (r: Release, p: string) => r.tables.get(id)!.values.get(cellKey([p, ...rest])) ?? 0;
      if (before.values.get(key) === 's' && typeof at(second, '12M') === 'number') suppressedThen++;
      const [old12, new12, nov26] = [at(second, '12M'), at(third, '12M'), at(third, '2026-11')];
      // A hidden cell that comes out as 0 discloses nobody (docs/disclosure.md, requirement 3).
      if (typeof old12 === 'number' && typeof new12 === 'number' && typeof nov26 === 'number' && old12 - new12 + nov26 > 0) {
        exposed.push(`${id} ${rest.join(' × ')}: ${old12} − ${new12} + ${nov26}`);
      }
    }
  }
  t.ok(suppressedThen > 0, `November 2025 cells hidden beside a published 12M before (${suppressedThen}): the attack had material`);
  t.same(exposed, [], 'no hidden November 2025 cell with someone in it comes out of the two rolling windows');
});
