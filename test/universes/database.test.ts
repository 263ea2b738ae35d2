import t from 'tap';
import { AGGREGATED_DDL, openAggregated } from '../../universes/index.ts';

t.test('a compiled Kysely query runs on DuckDB and comes back as plain values', async (t) => {
  const u = await openAggregated(':memory:', 'write');
  t.teardown(() => u.close());
  await u.sql(AGGREGATED_DDL);
  await u.sql(`INSERT INTO snapshot VALUES (DATE '2026-10-31', TIMESTAMP '2026-11-23 10:00:00', 'tiny')`);
  const rows = await u.all(u.q.selectFrom('snapshot').select(['as_of', 'source']).where('source', '=', 'tiny'));
  t.same(rows, [{ as_of: '2026-10-31', source: 'tiny' }]);
  const [count] = await u.sql<{ c: number }>('SELECT count(*) AS c FROM snapshot');
  t.equal(count.c, 1, 'count(*) is a number, not a bigint');
});
