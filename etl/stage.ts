// Reading: each file read by DuckDB as text, only the columns of the format (the NIR and unknown columns are never
// selected), typed and checked against the read-time rules in the same pass, into a temporary table of the loading
// connection (`req_checked`, `att_checked`): the text values, the typed ones, and `mask`, the rules each row breaks.
// Rows with a wrong number of fields are set aside by the CSV reader itself (store_rejects) with their line number.
import type { DuckDBConnection } from '@duckdb/node-api';
import { error } from '../registry/index.ts';
import type { FileHeader } from './preflight.ts';
import { maskSql, type FileChecks, type Rule } from './rules.ts';

const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

export type Table = 'req' | 'att';

/** The NUD column of the extract, stored under the name the rules and the universes use. */
const NUD = 'numero_unique';
export const columnOf = (column: string) => (column === NUD ? 'nud' : ident(column));

export interface Staged {
  table: Table;
  /** Rows the CSV reader could not split into the header's columns: line and raw text (NIR-like numbers masked). */
  parserRejects: number;
}

/** Masks anything shaped like a NIR (13 digits, Corsica 2A/2B, optional 2-digit key) in a raw line kept for quarantine. */
export const NIR_MASK_SQL = (col: string) =>
  `regexp_replace(${col}, '(^|[^0-9])[12][0-9]{2}(0[1-9]|1[0-2]|[2-9][0-9])(2A|2B|[0-9]{2})[0-9]{6}([0-9]{2})?([^0-9]|$)', '\\1[NIR masqué]\\5', 'g')`;

/**
 * Reads `file` into `<table>_checked`: the `wanted` text columns, the typed values of `checks` and the mask of its
 * read-time rules. Rows keep the file's order (preserve_insertion_order), so a row's rowid gives its line.
 */
export async function stage(
  conn: DuckDBConnection, file: FileHeader, table: Table, wanted: readonly string[], checks: FileChecks,
): Promise<Staged> {
  const columns = `{${file.columns.map((c) => `${sqlText(c)}: 'VARCHAR'`).join(', ')}}`;
  const text = wanted.map((c) => (c === NUD ? `${ident(c)} AS nud` : ident(c))).join(', ');
  try {
    await conn.run(`
      CREATE TEMP TABLE ${table}_checked AS
      SELECT *, ${maskSql(checks.rules, 'read')} AS mask FROM (
        SELECT ${text}, ${checks.typed}
        FROM read_csv(${sqlText(file.path)}, delim = ';', quote = '"', escape = '"', header = true, auto_detect = false,
          columns = ${columns}, store_rejects = true, rejects_table = '${table}_rejects', rejects_scan = '${table}_scan',
          null_padding = false, strict_mode = true))`);
  } catch (err) {
    throw error('ETL_UNREADABLE', [file.name, (err as Error).message.split('\n')[0]]);
  }
  const [[rejects]] = (await conn.runAndReadAll(`SELECT count(*) FROM ${table}_rejects`)).getRows() as [[bigint]];
  if (rejects > 0n) {
    // Lines the reader rejected are skipped in the numbering of the rows it kept.
    await conn.run(`
      CREATE TEMP TABLE ${table}_lines AS
      SELECT row_number() OVER (ORDER BY l) - 1 AS rid, l AS line
      FROM range(2, (SELECT count(*) FROM ${table}_checked) + ${rejects} + 2) t(l)
      WHERE l NOT IN (SELECT line FROM ${table}_rejects)`);
  }
  return { table, parserRejects: Number(rejects) };
}

/**
 * `<table>_final`: every checked row with its `rid`, its `line` in the file, the `extra` columns the late rules
 * need (from `joins` on `c`, the checked row) and its complete mask.
 */
export async function finalView(conn: DuckDBConnection, staged: Staged, rules: readonly Rule[], extra: string, joins = ''): Promise<void> {
  const t = staged.table;
  const numbered = staged.parserRejects > 0;
  await conn.run(`
    CREATE OR REPLACE TEMP VIEW ${t}_final AS
    SELECT * REPLACE (mask | ${maskSql(rules, 'late')} AS mask) FROM (
      SELECT c.rowid AS rid, ${numbered ? 'm.line' : 'c.rowid + 2'} AS line, c.*, ${extra}
      FROM ${t}_checked c ${joins} ${numbered ? `JOIN ${t}_lines m ON m.rid = c.rowid` : ''})`);
}

/** The rejected lines of the CSV reader, as quarantine rows (line, reason, raw text with NIR-like numbers masked). */
export function parserRejectsSql(table: Table): string {
  return `SELECT line::BIGINT AS ligne, 'nombre de champs incorrect : ' || error_message AS motif, ${NIR_MASK_SQL('csv_line')} AS ligne_brute
    FROM ${table}_rejects`;
}
