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
import type { PublishedTable as EngineTable, ProtectedTable, Table } from '../disclosure/index.ts';
import { WAIT_DAYS } from './extract.ts';
import { monthsOf, ROLLING, type EchoPeriod, type PeriodWindow } from './periods.ts';
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
  for (const code of periodCodes(before)) {
    const months = pastMonths(before, code);
    if (months && monthsOf(after, code).join() === months.join()) carried.add(code);
  }
  return carried;
}

/**
 * The periods of `before` over by its date whose code means other months in `after` (its rolling `12M`, a quarter or
 * year it saw end on a month's last day) while all their months are still in `after`'s window: each is the sum of
 * months the new release protects, so what was published for it binds them. `12M` of 30 September minus `12M` of 31
 * October is September 2025 minus October 2026: with October 2026 published, September 2025 would come out.
 */
export function echoedPeriods(before: PeriodWindow, after: PeriodWindow): EchoPeriod[] {
  const carried = carriedPeriods(before, after);
  const echoes: EchoPeriod[] = [];
  for (const code of periodCodes(before)) {
    const months = pastMonths(before, code);
    if (!months || months.length < 2 || carried.has(code) || !months.every((m) => after.months.includes(m))) continue;
    echoes.push({ code: `${code}${ECHO_MARK}${before.asOf}`, months });
  }
  return echoes;
}

/** Marks an echo's code (`12M@2026-09-30`): no published period has it. */
const ECHO_MARK = '@';

export function isEcho(code: string): boolean {
  return code.includes(ECHO_MARK);
}

function periodCodes(window: PeriodWindow): string[] {
  return [...window.months, ...window.quarters, ...window.years, ROLLING];
}

/** The months `code` covers in `window` when every one of them is over by its date; undefined otherwise. */
function pastMonths(window: PeriodWindow, code: string): string[] | undefined {
  const months = monthsOf(window, code);
  return months.length > 0 && months.every((m) => monthEnded(m, window.asOf)) ? months : undefined;
}

/**
 * The earlier release's cells of carried and echoed periods, as the engine's `previous` (period is every table's first
 * dimension; an echoed period under its echo code).
 */
export function carriedFrom(previous: Release, window: PeriodWindow, echoes: readonly EchoPeriod[]): EngineTable[] {
  const carried = carriedPeriods(previous.window, window);
  const echoOf = new Map(echoes.map((e) => [e.code.slice(0, e.code.indexOf(ECHO_MARK)), e.code]));
  const fromEcho = new Map(echoes.map((e) => [e.code, e.code.slice(0, e.code.indexOf(ECHO_MARK))]));
  /** The earlier release's code for a period of the new one, when it is carried or echoed. */
  const earlierCode = (code: string) => (carried.has(code) ? code : fromEcho.get(code));
  return [...previous.tables.values()].map((t) => {
    const codes = t.dimensions.map((d) => new Set(d.codes));
    const cells: EngineTable['cells'] = [];
    for (const [key, value] of t.values) {
      const coords = cellCoords(key);
      const period = carried.has(coords[0]) ? coords[0] : echoOf.get(coords[0]);
      if (period === undefined) continue;
      coords[0] = period;
      const wait = t.waitDays?.get(key);
      cells.push({ coords, value, ...(wait === undefined ? {} : { magnitudes: { [WAIT_DAYS]: wait } }) });
    }
    const zeroUnlisted = (coords: string[]) => {
      const period = earlierCode(coords[0]);
      return period !== undefined && codes[0].has(period) && coords.every((c, i) => i === 0 || codes[i]?.has(c));
    };
    return { id: t.id, measure: t.measure, dimensions: t.dimensions, cells, zeroUnlisted };
  });
}

/**
 * The earlier release's tables with their true values, as the engine's `previousTruth`: a carried period keeps its
 * code, any other takes the code an echo of it would have (`12M@2026-10-31`), which is the new release's echo when
 * there is one and no code of the new release otherwise.
 */
export function earlierTruth(tables: Table[], before: PeriodWindow, after: PeriodWindow): Table[] {
  const carried = carriedPeriods(before, after);
  const named = (code: string) => (carried.has(code) ? code : `${code}${ECHO_MARK}${before.asOf}`);
  return tables.map((t) => {
    const [period, ...others] = t.dimensions;
    const dimension = {
      ...period, root: named(period.root), codes: period.codes.map(named),
      relations: period.relations.map((r) => ({ total: named(r.total), parts: r.parts.map(named) })),
    };
    return { ...t, dimensions: [dimension, ...others], cells: t.cells.map((c) => ({ ...c, coords: [named(c.coords[0]), ...c.coords.slice(1)] })) };
  });
}

/** The table as published: echo cells were only there for the engine to see, and were published before (or not). */
export function withoutEchoes(p: ProtectedTable): ProtectedTable {
  const [period, ...others] = p.table.dimensions;
  if (!period.codes.some(isEcho)) return p;
  const keep = p.table.cells.map((c) => !isEcho(c.coords[0]));
  const kept = <T>(xs: T[]) => xs.filter((_, i) => keep[i]);
  const dimension = { ...period, codes: period.codes.filter((c) => !isEcho(c)), relations: period.relations.filter((r) => !isEcho(r.total)) };
  return {
    table: { ...p.table, dimensions: [dimension, ...others], cells: kept(p.table.cells) },
    values: kept(p.values),
    magnitudes: Object.fromEntries(Object.entries(p.magnitudes).map(([name, xs]) => [name, kept(xs)])),
  };
}
