// Statements of the detailed universe prepared once per connection and SQL text: the NUD lookup is the hot path of
// the detailed routes, and planning its statements (binding the 30 columns of a request) cost about as much as
// running them.
import type { DuckDBPreparedStatement, DuckDBValue } from '@duckdb/node-api';
import type { Compilable } from 'kysely';
import type { DetailedDB, Universe } from '../../universes/index.ts';

const statementsOf = new WeakMap<Universe<DetailedDB>, Map<string, DuckDBPreparedStatement>>();

/** Rows of a query (dates as `YYYY-MM-DD`; the queries run here return no 64-bit integers). */
export async function allPrepared<R>(u: Universe<DetailedDB>, query: Compilable<R>): Promise<R[]> {
  const { sql, parameters } = query.compile();
  let statements = statementsOf.get(u);
  if (!statements) statementsOf.set(u, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) {
    statement = await u.connection.prepare(sql);
    statements.set(sql, statement);
  }
  statement.bind(parameters as DuckDBValue[]);
  return (await statement.runAndReadAll()).getRowObjectsJson() as R[];
}

/** Drops the statements prepared on `u` (before the tables they name are dropped). */
export function forgetPrepared(u: Universe<DetailedDB>): void {
  for (const statement of statementsOf.get(u)?.values() ?? []) statement.destroySync();
  statementsOf.delete(u);
}
