// The communes a detailed query may touch, held in a temporary table of the universe's connection so that queries
// semi-join on it instead of binding the whole list each time. Created on first use and kept while the connection
// lives (temporary tables are per connection and in memory, so the read-only universe file is never written); a
// table's name derives from its content, so a list is never confused with another.
import { createHash } from 'node:crypto';
import { listValue } from '@duckdb/node-api';
import type { DetailedDB, Universe } from '../../universes/index.ts';
import { forgetPrepared } from './prepared.ts';

/** Habilitations are few; lists narrowed by a search area are many: past this count the tables start afresh. */
const MAX_TABLES = 256;

const tablesOf = new WeakMap<Universe<DetailedDB>, Set<string>>();

/** The name of a temporary table of `communes` (column `commune`) on `u`'s connection; null for a national scope. */
export async function territoryTable(u: Universe<DetailedDB>, communes: readonly string[] | null): Promise<string | null> {
  if (communes === null) return null;
  let tables = tablesOf.get(u);
  if (!tables) tablesOf.set(u, (tables = new Set()));
  const name = `territory_${createHash('sha256').update(communes.join('\n')).digest('hex').slice(0, 32)}`;
  if (tables.has(name)) return name;
  if (tables.size >= MAX_TABLES) {
    forgetPrepared(u);
    for (const old of tables) await u.sql(`DROP TABLE IF EXISTS temp.${old}`);
    tables.clear();
  }
  await u.sql(`CREATE OR REPLACE TEMP TABLE ${name} AS SELECT DISTINCT unnest($1::VARCHAR[]) AS commune`, [listValue([...communes])]);
  tables.add(name);
  return name;
}
