// PLAI and PLUS income ceilings (etl/reference/plafonds-ressources.json, with its official source) and the position of a
// household against them: the resource class of the aggregated universe. Annual resources are the monthly
// resources of the extract × 12; the young-couple rule (sum of ages ≤ 55) is not applied, the extract carrying only
// the applicant's birth date.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export type CeilingZone = 'PARIS' | 'IDF' | 'AUTRES';

interface CeilingTable {
  PARIS: number[]; IDF: number[]; AUTRES: number[];
  per_extra_person: Record<CeilingZone, number>;
}

export interface Ceilings {
  in_force_from: string;
  source: string;
  PLAI: CeilingTable;
  PLUS: CeilingTable;
  paris_limitrophes: { communes: string[] };
}

export const CEILINGS = require('./reference/plafonds-ressources.json') as Ceilings;

const PARIS_ZONE = new Set(CEILINGS.paris_limitrophes.communes);

export function ceilingZone(commune: string, region: string): CeilingZone {
  if (PARIS_ZONE.has(commune)) return 'PARIS';
  return region === '11' ? 'IDF' : 'AUTRES';
}

/**
 * Household category of the regulation, uncapped (7 = six persons plus one): the household size, one more for a
 * single adult with dependants (a lone parent of one child is in category 3), one more when someone is disabled.
 */
export function ceilingCategory(size: number, adults: number, children: number, handicap: boolean): number {
  return Math.max(1, size + (adults === 1 && children > 0 ? 1 : 0) + (handicap ? 1 : 0));
}

/** The same rule over the columns of the detailed `requests` table, for the loader. */
export const CEILING_CATEGORY_SQL =
  'greatest(1, household_size + CASE WHEN adults = 1 AND children > 0 THEN 1 ELSE 0 END + CASE WHEN handicap THEN 1 ELSE 0 END)';

export function annualCeiling(kind: 'PLAI' | 'PLUS', zone: CeilingZone, category: number): number {
  const table = CEILINGS[kind];
  const base = table[zone][Math.min(category, 6) - 1];
  return base + Math.max(0, category - 6) * table.per_extra_person[zone];
}

export type ResourceClass = 'PLAI' | 'PLUS' | 'HPLUS';

export function resourceClassOf(monthly: number, zone: CeilingZone, category: number): ResourceClass {
  const annual = monthly * 12;
  if (annual <= annualCeiling('PLAI', zone, category)) return 'PLAI';
  return annual <= annualCeiling('PLUS', zone, category) ? 'PLUS' : 'HPLUS';
}

/** Rows (zone, category 1–6, plai, plus, plai_extra, plus_extra) for a DuckDB lookup table. */
export function ceilingRows(): [CeilingZone, number, number, number, number, number][] {
  const rows: [CeilingZone, number, number, number, number, number][] = [];
  for (const zone of ['PARIS', 'IDF', 'AUTRES'] as const) {
    for (let cat = 1; cat <= 6; cat++) {
      rows.push([zone, cat, CEILINGS.PLAI[zone][cat - 1], CEILINGS.PLUS[zone][cat - 1],
        CEILINGS.PLAI.per_extra_person[zone], CEILINGS.PLUS.per_extra_person[zone]]);
    }
  }
  return rows;
}
