// Which rows are rejected, and why: `<t>_rejected` (rid, line, reasons) holds every row breaking a rule, then every
// otherwise valid row repeating the NUD of an earlier valid row (the first one loads); `<t>_valid` is the rest.
import type { DuckDBConnection } from '@duckdb/node-api';
import { duplicateReason, reasonsSql, type Rule } from './rules.ts';
import type { Table } from './stage.ts';

export async function rejectRows(conn: DuckDBConnection, t: Table, rules: readonly Rule[], duplicate: string): Promise<void> {
  await conn.run(`CREATE TEMP TABLE ${t}_rejected AS SELECT rid, line, ${reasonsSql(rules, 'mask')} AS reasons FROM ${t}_final WHERE mask <> 0`);
  await conn.run(`
    INSERT INTO ${t}_rejected
    WITH valid AS (SELECT rid, line, nud FROM ${t}_final WHERE mask = 0),
      first AS (SELECT nud, min(line) AS first_line FROM valid GROUP BY nud HAVING count(*) > 1)
    SELECT v.rid, v.line, '${duplicateReason(duplicate).replace(/'/g, "''")}' || f.first_line
    FROM valid v JOIN first f USING (nud) WHERE v.line > f.first_line`);
  await conn.run(`
    CREATE TEMP VIEW ${t}_valid AS
    SELECT * FROM (SELECT rowid AS rid, * FROM ${t}_checked) WHERE rid NOT IN (SELECT rid FROM ${t}_rejected)`);
}
