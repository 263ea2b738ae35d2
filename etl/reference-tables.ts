// The reference tables of a load (communes with their département, région, EPCI and income-ceiling zone; the income
// ceilings), in an in-memory database attached as `ref`. Unlike temporary tables, an attached database is seen by
// every connection of the loading instance, so the aggregated universe can be computed on a connection of its own.
import type { DuckDBConnection } from '@duckdb/node-api';
import { geography } from '../universes/index.ts';
import { ceilingRows, ceilingZone } from './ceilings.ts';

export async function referenceTables(conn: DuckDBConnection): Promise<void> {
  await conn.run(`ATTACH ':memory:' AS ref`);
  await conn.run('CREATE TABLE ref.geo (commune VARCHAR PRIMARY KEY, dep VARCHAR, reg VARCHAR, epci VARCHAR, zone VARCHAR)');
  const geo = await conn.createAppender('geo', 'main', 'ref');
  for (const c of geography().communes.values()) {
    geo.appendVarchar(c.code); geo.appendVarchar(c.dep); geo.appendVarchar(c.reg);
    if (c.epci === null) geo.appendNull(); else geo.appendVarchar(c.epci);
    geo.appendVarchar(ceilingZone(c.code, c.reg));
    geo.endRow();
  }
  geo.closeSync();
  await conn.run('CREATE TABLE ref.ceilings (zone VARCHAR, category INTEGER, plai INTEGER, plus INTEGER, plai_extra INTEGER, plus_extra INTEGER)');
  await conn.run(`INSERT INTO ref.ceilings VALUES ${ceilingRows().map((r) => `('${r[0]}', ${r.slice(1).join(', ')})`).join(', ')}`);
}
