// The periods a snapshot publishes, and the additive relations among them.
//
// Only predefined periods exist (seed 000 and issue 3's differencing guard: no free date ranges): months `2026-10`,
// quarters `2026-Q3`, years `2026`, and the rolling `12M` (the twelve months ending with the snapshot's month).
// The window starts in January two years before the snapshot, so three calendar years are published, the last one
// to date. Every published period is a union of months, and every table that publishes a period declares how it
// adds up, so the engine protects the differences between overlapping periods (a year minus its rolling window).
import type { Dimension, Relation } from '../disclosure/index.ts';

export const ROLLING = '12M';

type PeriodKind = 'month' | 'quarter' | 'year' | 'rolling' | 'date';

export interface PeriodWindow {
  asOf: string; // ISO date of the snapshot
  months: string[]; // `YYYY-MM`, oldest first, ending with the snapshot's month
  quarters: string[]; // `YYYY-Qn` that intersect the window
  years: string[];
  rolling: string[]; // the twelve months of `12M`
}

const MONTH_NAMES = [
  'janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre',
];

function quarterOf(month: string): string {
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

function monthOfIndex(i: number): string {
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

export function periodWindow(asOf: string): PeriodWindow {
  const last = monthIndex(asOf.slice(0, 7));
  const first = (Math.floor(last / 12) - 2) * 12;
  const months: string[] = [];
  for (let i = first; i <= last; i++) months.push(monthOfIndex(i));
  const quarters = [...new Set(months.map(quarterOf))];
  const years = [...new Set(months.map((m) => m.slice(0, 4)))];
  return { asOf, months, quarters, years, rolling: months.slice(-12) };
}

function periodKind(code: string): PeriodKind | undefined {
  if (code === ROLLING) return 'rolling';
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(code)) return 'month';
  if (/^\d{4}-Q[1-4]$/.test(code)) return 'quarter';
  if (/^\d{4}$/.test(code)) return 'year';
  if (/^\d{4}-\d{2}-\d{2}$/.test(code)) return 'date';
  return undefined;
}

/** The months a published period covers, within the window (empty when it is not a period of the window). */
export function monthsOf(window: PeriodWindow, code: string): string[] {
  switch (periodKind(code)) {
    case 'month': return window.months.includes(code) ? [code] : [];
    case 'quarter': return window.months.filter((m) => quarterOf(m) === code);
    case 'year': return window.months.filter((m) => m.startsWith(code));
    case 'rolling': return window.rolling;
    default: return [];
  }
}

/** Every period a user may pick, newest first within each kind. */
export function publishedPeriods(window: PeriodWindow): string[] {
  return [ROLLING, ...[...window.years].reverse(), ...[...window.quarters].reverse(), ...[...window.months].reverse()];
}

function frenchDateShort(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

function monthLabel(month: string): string {
  return `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

/** French label of a period; partial periods (the current quarter and year) say up to when they run. */
export function periodLabel(window: PeriodWindow, code: string): string {
  const months = monthsOf(window, code);
  const partial = (n: number) => months.length > 0 && months.length < n && months.at(-1) === window.months.at(-1)
    ? ` (jusqu'au ${frenchDateShort(window.asOf)})` : '';
  switch (periodKind(code)) {
    case 'month': return monthLabel(code);
    case 'quarter': {
      const q = code.slice(6);
      return `${q === '1' ? '1er' : `${q}e`} trimestre ${code.slice(0, 4)}${partial(3)}`;
    }
    case 'year': return `Année ${code}${partial(12)}`;
    case 'rolling': return `12 derniers mois (${monthLabel(window.rolling[0])} à ${monthLabel(window.rolling[11])})`;
    case 'date': return `Au ${frenchDateShort(code)}`;
    default: return code;
  }
}

/** A period an earlier release published whose code means other months now (release-carry.ts): never published again. */
export interface EchoPeriod {
  code: string;
  months: string[];
}

/**
 * The period dimension of a flow table. Its root is `12M`, so a table without finer periods (`fine` false) is the
 * rolling-window slice of one that has them, and the two are linked cell by cell. A table with finer periods also
 * holds the `echoes` of an earlier release, each the sum of its months, so that the engine sees what it published.
 */
export function flowPeriodDimension(window: PeriodWindow, fine: boolean, echoes: readonly EchoPeriod[] = []): Dimension {
  if (!fine) return { name: 'period', root: ROLLING, codes: [ROLLING], relations: [] };
  const relations: Relation[] = [
    { total: ROLLING, parts: window.rolling },
    ...window.quarters.map((q) => ({ total: q, parts: window.months.filter((m) => quarterOf(m) === q) })),
    ...window.years.map((y) => ({ total: y, parts: window.quarters.filter((q) => q.startsWith(y)) })),
    ...echoes.map((e) => ({ total: e.code, parts: e.months })),
  ];
  return {
    name: 'period', root: ROLLING,
    codes: [ROLLING, ...window.years, ...window.quarters, ...window.months, ...echoes.map((e) => e.code)],
    relations,
  };
}

/** Stocks are counted at the snapshot date only: a single period, the date itself. */
export function stockPeriodDimension(window: PeriodWindow): Dimension {
  return { name: 'period', root: window.asOf, codes: [window.asOf], relations: [] };
}
