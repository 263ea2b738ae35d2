// What a snapshot's release keeps from the one published before it (issue 3, differences between two snapshots).
// Late registrations and corrections change figures of periods already over: January's 51 next to the 50 published
// last month isolates a request. Every cell of a period that meant the same days in the earlier release and was over
// by its date goes to the engine as published before (disclosure/carry-over.ts): republished only with the same
// value, suppressed otherwise, and never a complement.
//
// A period code is carried by its extent, not its name: `2026-Q4` of a snapshot of 31 October is October alone, and
// so is the `2026-Q4` of another snapshot of 31 October, but not that of a snapshot of 30 November. So:
// - a month, quarter, year or rolling `12M` is carried when every month it covers had ended by the earlier date and it
//   covers the same months in the new window (a reload of the same date carries everything; a later one carries the
//   months, quarters and years then over);
// - a stock, counted on one date, is carried when both snapshots have that date.
// The cache leaves zero cells out: they are declared (`zeroUnlisted`), so that a 0 that became 3 counts as changed.
// Each release carries the one before it, so a chain of snapshots stays consistent with every earlier one.
import type { PublishedTable as EngineTable } from '../disclosure/index.ts';
import { WAIT_DAYS } from './extract.ts';
import { monthsOf, ROLLING, type PeriodWindow } from './periods.ts';
import type { Release } from './release.ts';
import { cellCoords } from './rollup.ts';

function monthEnded(month: string, asOf: string): boolean {
  const lastDay = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
  return lastDay <= asOf;
}

/** The period codes of `before` that mean the same, over days already past, in `after`. */
export function carriedPeriods(before: PeriodWindow, after: PeriodWindow): Set<string> {
  const carried = new Set<string>();
  if (before.asOf === after.asOf) carried.add(before.asOf);
  const codes = new Set([...before.months, ...before.quarters, ...before.years, ROLLING]);
  for (const code of codes) {
    const months = monthsOf(before, code);
    if (months.length === 0 || !months.every((m) => monthEnded(m, before.asOf))) continue;
    if (monthsOf(after, code).join() === months.join()) carried.add(code);
  }
  return carried;
}

/** The earlier release's cells of carried periods, as the engine's `previous` (period is every table's first dimension). */
export function carriedFrom(previous: Release, window: PeriodWindow): EngineTable[] {
  const carried = carriedPeriods(previous.window, window);
  return [...previous.tables.values()].map((t) => {
    const codes = t.dimensions.map((d) => new Set(d.codes));
    const cells: EngineTable['cells'] = [];
    for (const [key, value] of t.values) {
      const coords = cellCoords(key);
      if (!carried.has(coords[0])) continue;
      const wait = t.waitDays?.get(key);
      cells.push({ coords, value, ...(wait === undefined ? {} : { magnitudes: { [WAIT_DAYS]: wait } }) });
    }
    const zeroUnlisted = (coords: string[]) => carried.has(coords[0]) && coords.every((c, i) => codes[i]?.has(c));
    return { id: t.id, measure: t.measure, dimensions: t.dimensions, cells, zeroUnlisted };
  });
}
