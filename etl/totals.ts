// Integrity check (seed 000): the aggregated universe must give the same totals as the detailed one, by commune,
// month, typology and motive. Run on a session where the detailed universe is the main database and the
// aggregated one is attached as `agg`. A failure names every check that disagrees; the load then publishes nothing.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { error } from '../registry/index.ts';

const RADIATED = `date_trunc('month', radiated_on)::DATE`;

/** [name, detailed query, aggregated query]: both return the same rows when the universes agree. */
const CHECKS: [string, string, string][] = [
  ['date des données',
    'SELECT as_of FROM snapshot', 'SELECT as_of FROM agg.snapshot'],
  ['demandes par commune',
    'SELECT first_commune, count(*) FROM requests GROUP BY 1', 'SELECT commune, sum(n) FROM agg.request_facts GROUP BY 1'],
  ['demandes par mois de dépôt, de radiation et motif',
    `SELECT date_trunc('month', filed_on)::DATE, ${RADIATED}, radiation_motive, count(*) FROM requests GROUP BY ALL`,
    'SELECT filed_month, radiated_month, radiation_motive, sum(n) FROM agg.request_facts GROUP BY ALL'],
  ['demandes par typologie, motif, logement actuel, situation professionnelle et indicateurs',
    'SELECT typology, reason, current_housing, employment, mutation, priority, handicap, count(*) FROM requests GROUP BY ALL',
    'SELECT typology, reason, current_housing, employment, mutation, priority, handicap, sum(n) FROM agg.request_facts GROUP BY ALL'],
  ['ancienneté cumulée des demandes',
    `SELECT sum(date_diff('day', filed_on, coalesce(radiated_on, (SELECT as_of FROM snapshot)))) FROM requests`,
    'SELECT sum(sum_wait_days) FROM agg.request_facts'],
  ['attributions par commune et mois',
    `SELECT commune, date_trunc('month', attributed_on)::DATE, count(*) FROM attributions GROUP BY ALL`,
    'SELECT commune, attributed_month, sum(n) FROM agg.attribution_facts GROUP BY ALL'],
  ['attributions par typologie et réservataire',
    'SELECT typology, reservation, count(*) FROM attributions GROUP BY ALL',
    'SELECT typology, reservation, sum(n) FROM agg.attribution_facts GROUP BY ALL'],
  ['délai cumulé des attributions',
    `SELECT sum(date_diff('day', r.filed_on, a.attributed_on)) FROM attributions a JOIN requests r USING (nud)`,
    'SELECT sum(sum_wait_days) FROM agg.attribution_facts'],
  ['référentiel géographique des communes',
    'SELECT DISTINCT first_commune FROM requests UNION SELECT DISTINCT commune FROM attributions',
    `SELECT commune FROM (SELECT commune FROM agg.request_facts UNION SELECT commune FROM agg.attribution_facts)
     WHERE commune IN (SELECT commune FROM agg.geo_commune)`],
];

export async function checkTotals(conn: DuckDBConnection): Promise<void> {
  const failed: string[] = [];
  for (const [name, detailed, aggregated] of CHECKS) {
    // Each side is computed once and compared both ways.
    const [[differences]] = (await conn.runAndReadAll(`
      WITH d AS MATERIALIZED (${detailed}), a AS MATERIALIZED (${aggregated})
      SELECT count(*) FROM ((FROM d EXCEPT ALL FROM a) UNION ALL (FROM a EXCEPT ALL FROM d))`)).getRows() as [[bigint]];
    if (differences > 0n) failed.push(`${name} : ${differences} écart(s)`);
  }
  if (failed.length > 0) throw error('ETL_TOTALS_MISMATCH', [failed.join(' ; ')], { failed });
}

/** Runs the integrity check on a snapshot on disk (both databases opened read-only). */
export async function verifySnapshot(paths: { detailed: string; aggregated: string }): Promise<void> {
  const instance = await DuckDBInstance.create(paths.detailed, { access_mode: 'READ_ONLY', threads: '2' });
  const conn = await instance.connect();
  try {
    await conn.run(`ATTACH '${paths.aggregated.replace(/'/g, "''")}' AS agg (READ_ONLY)`);
    await checkTotals(conn);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
