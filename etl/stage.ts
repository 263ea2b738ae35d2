// Staging: each file read by DuckDB as text (all_varchar), only the columns of the format (the NIR and unknown
// columns are never selected), into temporary tables of the loading connection. Rows with a wrong number of fields
// are set aside by the CSV reader itself (store_rejects) with their line number.
import type { DuckDBConnection } from '@duckdb/node-api';
import { error } from '../registry/index.ts';
import type { FileHeader } from './preflight.ts';

const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

export interface Staged {
  /** Rows the CSV reader could not split into the header's columns: line and raw text (NIR-like numbers masked). */
  parserRejects: number;
}

/** Masks anything shaped like a NIR (13 digits, Corsica 2A/2B, optional 2-digit key) in a raw line kept for quarantine. */
export const NIR_MASK_SQL = (col: string) =>
  `regexp_replace(${col}, '(^|[^0-9])[12][0-9]{2}(0[1-9]|1[0-2]|[2-9][0-9])(2A|2B|[0-9]{2})[0-9]{6}([0-9]{2})?([^0-9]|$)', '\\1[NIR masqué]\\5', 'g')`;

export async function stage(
  conn: DuckDBConnection, file: FileHeader, table: 'req' | 'att', wanted: readonly string[],
): Promise<Staged> {
  const columns = `{${file.columns.map((c) => `${sqlText(c)}: 'VARCHAR'`).join(', ')}}`;
  try {
    await conn.run(`
      CREATE TEMP TABLE ${table}_staged AS
      SELECT ${wanted.map(ident).join(', ')}
      FROM read_csv(${sqlText(file.path)}, delim = ';', quote = '"', escape = '"', header = true, auto_detect = false,
        columns = ${columns}, store_rejects = true, rejects_table = '${table}_rejects', rejects_scan = '${table}_scan',
        null_padding = false, strict_mode = true)`);
  } catch (err) {
    throw error('ETL_UNREADABLE', [file.name, (err as Error).message.split('\n')[0]]);
  }
  const [[rejects]] = (await conn.runAndReadAll(`SELECT count(*) FROM ${table}_rejects`)).getRows() as [[bigint]];
  // Line numbers: data rows follow the header in order; lines the reader rejected are skipped in the numbering.
  if (rejects === 0n) {
    await conn.run(`CREATE TEMP VIEW ${table}_raw AS SELECT rowid + 2 AS line, * FROM ${table}_staged`);
  } else {
    await conn.run(`
      CREATE TEMP TABLE ${table}_lines AS
      SELECT row_number() OVER (ORDER BY l) - 1 AS rid, l AS line
      FROM range(2, (SELECT count(*) FROM ${table}_staged) + ${rejects} + 2) t(l)
      WHERE l NOT IN (SELECT line FROM ${table}_rejects)`);
    await conn.run(`CREATE TEMP VIEW ${table}_raw AS SELECT m.line, s.* FROM (SELECT rowid AS rid, * FROM ${table}_staged) s JOIN ${table}_lines m USING (rid)`);
  }
  return { parserRejects: Number(rejects) };
}

/** The rejected lines of the CSV reader, as quarantine rows (line, reason, raw text with NIR-like numbers masked). */
export function parserRejectsSql(table: 'req' | 'att'): string {
  return `SELECT line::BIGINT AS ligne, 'nombre de champs incorrect : ' || error_message AS motif, ${NIR_MASK_SQL('csv_line')} AS ligne_brute
    FROM ${table}_rejects`;
}
