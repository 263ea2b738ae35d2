// The aggregated universe, computed from the detailed one inside the same DuckDB session (the aggregated database
// is attached as `agg`): classes instead of exact values, months instead of dates, counts and summed waits, and
// never a personal column.
import { CEILING_CATEGORY_SQL } from './ceilings.ts';

/** Full years between a birth date and the snapshot date. */
const ageAt = (asOf: string) =>
  `(${asOf.replace(/-/g, '')} - (year(birth_date) * 10000 + month(birth_date) * 100 + day(birth_date))) // 10000`;

const ageClass = (age: string) => `CASE WHEN ${age} < 25 THEN 'Y_LT25' WHEN ${age} < 35 THEN 'Y25T34' WHEN ${age} < 45 THEN 'Y35T44'
  WHEN ${age} < 55 THEN 'Y45T54' WHEN ${age} < 65 THEN 'Y55T64' ELSE 'Y_GE65' END`;

const HOUSEHOLD_CLASS = `CASE WHEN adults = 1 AND children = 0 THEN 'SEUL' WHEN adults = 1 THEN 'MONO'
  WHEN adults = 2 AND marital_status IN ('M', 'P', 'U') AND children = 0 THEN 'COUPLE'
  WHEN adults = 2 AND marital_status IN ('M', 'P', 'U') THEN 'COUPLE_ENF' ELSE 'AUTRE' END`;

const HOUSEHOLD_SIZE = `CASE WHEN household_size >= 6 THEN 'P6P' ELSE 'P' || household_size END`;

const DALO_IN_FORCE = `dalo IN ('ACTIF', 'ACTREL')`;

/** Whole months from filing to a date. */
const wholeMonths = (from: string, to: string) =>
  `(year(${to}) * 12 + month(${to})) - (year(${from}) * 12 + month(${from})) - CASE WHEN day(${to}) < day(${from}) THEN 1 ELSE 0 END`;

export function requestFactsSql(asOf: string): string {
  return `
INSERT INTO agg.request_facts
WITH classed AS (
  SELECT r.*, g.zone, ${CEILING_CATEGORY_SQL} AS category
  FROM requests r JOIN ref.geo g ON g.commune = r.first_commune
), positioned AS (
  SELECT x.* EXCLUDE (zone, category),
    CASE WHEN monthly_resources * 12 <= c.plai + greatest(0, x.category - 6) * c.plai_extra THEN 'PLAI'
         WHEN monthly_resources * 12 <= c.plus + greatest(0, x.category - 6) * c.plus_extra THEN 'PLUS'
         ELSE 'HPLUS' END AS resource_class
  FROM classed x JOIN ref.ceilings c ON c.zone = x.zone AND c.category = least(x.category, 6)
)
SELECT first_commune, date_trunc('month', filed_on)::DATE, date_trunc('month', radiated_on)::DATE, radiation_motive, typology,
  ${ageClass(ageAt(asOf))}, ${HOUSEHOLD_CLASS}, ${HOUSEHOLD_SIZE}, resource_class, reason, current_housing, employment,
  mutation, ${DALO_IN_FORCE}, priority, handicap,
  count(*)::INTEGER, sum(date_diff('day', filed_on, coalesce(radiated_on, DATE '${asOf}')))::BIGINT
FROM positioned
GROUP BY ALL`;
}

export const ATTRIBUTION_FACTS_SQL = `
INSERT INTO agg.attribution_facts
SELECT a.commune, date_trunc('month', a.attributed_on)::DATE, a.typology, a.reservation, r.mutation, r.${DALO_IN_FORCE}, r.priority,
  ${wholeMonths('r.filed_on', 'a.attributed_on')},
  count(*)::INTEGER, sum(date_diff('day', r.filed_on, a.attributed_on))::BIGINT
FROM attributions a JOIN requests r USING (nud)
GROUP BY ALL`;
