// Opening a universe and running typed queries on it. Kysely only compiles (its DuckDB drivers open a connection
// per query and close instances they do not own); the SQL runs on our own DuckDB connection.
import { DuckDBInstance, type DuckDBConnection, type DuckDBResultReader } from '@duckdb/node-api';
import {
  DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type Compilable,
} from 'kysely';
import type { AggregatedDB, DetailedDB } from './schema.ts';

export interface Universe<DB> {
  /** Builds queries; call `.compile()` and pass the result to `all`. */
  readonly q: Kysely<DB>;
  all<R>(query: Compilable<R>): Promise<R[]>;
  /** Raw SQL with `$1`-style parameters, for what Kysely cannot express (COPY, PRAGMA, DuckDB functions). */
  sql<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  readonly connection: DuckDBConnection;
  close(): void;
}

function compiler<DB>(): Kysely<DB> {
  return new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
}

const BIG_TYPES = new Set(['BIGINT', 'HUGEINT', 'UBIGINT', 'UHUGEINT']);

/** Rows as plain values: dates as `YYYY-MM-DD`, timestamps as text, 64-bit integers as numbers (counts fit). */
function plainRows<R>(result: DuckDBResultReader): R[] {
  const rows = result.getRowObjectsJson() as Record<string, unknown>[];
  const names = result.columnNames();
  const types = result.columnTypes();
  const big = names.filter((_, i) => BIG_TYPES.has(types[i].toString()));
  if (big.length > 0) {
    for (const row of rows) for (const name of big) if (row[name] !== null) row[name] = Number(row[name]);
  }
  return rows as R[];
}

export type OpenMode = 'read' | 'write';

export async function openUniverse<DB>(path: string, mode: OpenMode = 'read'): Promise<Universe<DB>> {
  const instance = await DuckDBInstance.create(path, {
    threads: '2',
    ...(mode === 'read' ? { access_mode: 'READ_ONLY' } : {}),
  });
  const connection = await instance.connect();
  const q = compiler<DB>();
  const sql = async <R>(text: string, params: unknown[] = []): Promise<R[]> =>
    plainRows<R>(await connection.runAndReadAll(text, params as never));
  return {
    q, connection, sql,
    all: async <R>(query: Compilable<R>) => {
      const compiled = query.compile();
      return sql<R>(compiled.sql, [...compiled.parameters]);
    },
    close: () => { connection.closeSync(); instance.closeSync(); },
  };
}

export const openDetailed = (path: string, mode: OpenMode = 'read') => openUniverse<DetailedDB>(path, mode);
export const openAggregated = (path: string, mode: OpenMode = 'read') => openUniverse<AggregatedDB>(path, mode);
