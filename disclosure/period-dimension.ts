// The `period` dimension of a table in the long form, when no hierarchy file describes it. The infocentre publishes
// only predefined periods (months `2026-10`, quarters `2026-Q3`, years `2026`, the rolling `12M`, or a stock date
// `2026-10-31`), whose additive relations follow from their codes: a quarter is the sum of its months, a year of its
// quarters (or of its months when the table has no quarter of that year), `12M` of the twelve months ending with the
// data date's month (or with the latest month of the table). Relations are declared among the mentioned periods only.
//
// Root: `_T` when the table has it, otherwise `12M` (as in the release tables), otherwise the only period that is part
// of nothing. A table with several unrelated periods (stock dates, years without months) has no natural total: the
// dimension then gets a hidden root `_T` (`hidden` true) that is the sum of its top periods, never written out.
import { partialRelation, type Unlisted } from './dimension-closure.ts';
import type { Dimension, Relation } from './model.ts';

export const PERIOD_DIMENSION = 'period';
export const TOTAL_CODE = '_T';
export const ROLLING = '12M';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const YEAR = /^\d{4}$/;

/** The year a month, quarter or year belongs to; undefined for 12M, _T or a stock date (they span no one year). */
export function periodYear(code: string): string | undefined {
  return MONTH.test(code) || QUARTER.test(code) || YEAR.test(code) ? code.slice(0, 4) : undefined;
}

function monthsOfQuarter(q: string): string[] {
  const [y, n] = [q.slice(0, 4), Number(q.slice(6))];
  return [1, 2, 3].map((i) => `${y}-${String((n - 1) * 3 + i).padStart(2, '0')}`);
}

function rollingMonths(last: string): string[] {
  const index = Number(last.slice(0, 4)) * 12 + Number(last.slice(5, 7)) - 1;
  const out: string[] = [];
  for (let i = index - 11; i <= index; i++) out.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  return out;
}

export interface PeriodDimension {
  dimension: Dimension;
  hidden: boolean; // the root `_T` was added and is not to be written out
}

export function periodDimension(mentioned: Iterable<string>, unlisted: Unlisted = 'zero', dataDate?: string): PeriodDimension {
  const codes = [...new Set(mentioned)];
  const present = new Set(codes);
  const has = (c: string) => present.has(c);
  const relations: Relation[] = [];
  const months = codes.filter((c) => MONTH.test(c)).sort();
  for (const q of codes.filter((c) => QUARTER.test(c))) {
    const r = partialRelation(q, monthsOfQuarter(q), has, unlisted);
    if (r) relations.push(r);
  }
  for (const y of codes.filter((c) => YEAR.test(c))) {
    const quarters = [1, 2, 3, 4].map((n) => `${y}-Q${n}`);
    const r = partialRelation(y, quarters, has, unlisted)
      ?? partialRelation(y, Array.from({ length: 12 }, (_, i) => `${y}-${String(i + 1).padStart(2, '0')}`), has, unlisted);
    if (r) relations.push(r);
  }
  if (has(ROLLING)) {
    const last = dataDate ? dataDate.slice(0, 7) : months.at(-1);
    const r = last ? partialRelation(ROLLING, rollingMonths(last), has, unlisted) : undefined;
    if (r) relations.push(r);
  }
  if (has(TOTAL_CODE)) {
    const parts = new Set(relations.flatMap((r) => r.parts));
    const tops = codes.filter((c) => c !== TOTAL_CODE && c !== ROLLING && !parts.has(c));
    if (tops.length > 0) relations.push({ total: TOTAL_CODE, parts: tops });
  }
  const rests = relations.flatMap((r) => r.parts.filter((p) => !present.has(p)));
  const parts = new Set(relations.flatMap((r) => r.parts));
  const tops = codes.filter((c) => !parts.has(c));
  let root: string;
  let hidden = false;
  if (has(TOTAL_CODE)) root = TOTAL_CODE;
  else if (has(ROLLING)) root = ROLLING;
  else if (tops.length === 1) root = tops[0];
  else {
    root = TOTAL_CODE;
    hidden = true;
    if (unlisted === 'zero') relations.push({ total: TOTAL_CODE, parts: tops });
  }
  const ordered = [root, ...codes.filter((c) => c !== root).sort(byPeriod), ...rests];
  return { dimension: { name: PERIOD_DIMENSION, root, codes: ordered, relations }, hidden };
}

/** 12M first, then years, quarters, months, dates, anything else: the order the release files use. */
function byPeriod(a: string, b: string): number {
  const rank = (c: string) => (c === ROLLING ? 0 : YEAR.test(c) ? 1 : QUARTER.test(c) ? 2 : MONTH.test(c) ? 3 : 4);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}
