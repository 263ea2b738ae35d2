// Statements of the detailed universe prepared once per connection and SQL text: the NUD lookup is the hot path of
// the detailed routes, and planning its statement cost about as much as running it.
import type { DuckDBPreparedStatement, DuckDBValue } from '@duckdb/node-api';
import type { DetailedDB, Universe } from '../../universes/index.ts';

const statementsOf = new WeakMap<Universe<DetailedDB>, Map<string, DuckDBPreparedStatement>>();

/** Rows of `sql` run with `params` (dates as `YYYY-MM-DD`; the statements run here return no 64-bit integers). */
export async function runPrepared<R>(u: Universe<DetailedDB>, sql: string, params: DuckDBValue[]): Promise<R[]> {
  let statements = statementsOf.get(u);
  if (!statements) statementsOf.set(u, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) {
    statement = await u.connection.prepare(sql);
    statements.set(sql, statement);
  }
  statement.bind(params);
  return (await statement.runAndReadAll()).getRowObjectsJson() as R[];
}

/** Drops the statements prepared on `u` (before the tables they name are dropped). */
export function forgetPrepared(u: Universe<DetailedDB>): void {
  for (const statement of statementsOf.get(u)?.values() ?? []) statement.destroySync();
  statementsOf.delete(u);
}
