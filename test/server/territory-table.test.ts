// The habilitation of the detailed queries through temporary tables of the connection: a lookup or a count sees
// exactly the requests with a wished commune in the territory, also after the tables are started afresh (past 256
// distinct lists the tables and the statements prepared on them are dropped and rebuilt on demand).
import t from 'tap';
import { territoryCommunes } from '../../server/index.ts';
import { count, lookup } from '../../server/detailed/queries.ts';
import { territoryTable } from '../../server/detailed/territory-table.ts';
import { currentSnapshot, openDetailed } from '../../universes/index.ts';
import { loadInto, TINY } from '../etl/helpers/load.ts';

t.test('lookups and counts stay within the territory, before and after the tables are rebuilt', async (t) => {
  const { dataDir } = await loadInto(t, TINY);
  const u = await openDetailed((await currentSnapshot(dataDir))!.detailed);
  t.teardown(() => u.close());
  const loiret = [...territoryCommunes(['DEP:45'])];
  const [inside] = await u.sql<{ nud: string }>("SELECT nud FROM request_choices GROUP BY nud HAVING bool_or(commune LIKE '45%') ORDER BY nud LIMIT 1");
  const [outside] = await u.sql<{ nud: string }>("SELECT nud FROM request_choices GROUP BY nud HAVING NOT bool_or(commune LIKE '45%') ORDER BY nud LIMIT 1");
  const [{ n: expected }] = await u.sql<{ n: number }>("SELECT count(DISTINCT nud)::INTEGER AS n FROM request_choices WHERE commune LIKE '45%'");
  t.ok(inside && outside && expected > 0, 'the fixture has requests in and out of the Loiret');

  const check = async (when: string) => {
    const found = await lookup(u, inside.nud, loiret);
    t.equal(found?.request.nud, inside.nud, `${when}: a request of the territory is found`);
    t.ok(found!.choices.some((c) => c.commune.startsWith('45')), `${when}: with its wished communes`);
    t.equal(await lookup(u, outside.nud, loiret), undefined, `${when}: a request outside is not`);
    t.equal((await lookup(u, outside.nud, null))?.request.nud, outside.nud, `${when}: a national habilitation sees it`);
    t.equal(await count(u, { communes: loiret }), expected, `${when}: the count is the territory's`);
  };
  await check('first use');
  for (let i = 0; i < 300; i++) await territoryTable(u, [`${String(10000 + i)}`]);
  await check('after the tables were rebuilt');
  t.equal(await lookup(u, inside.nud, ['2A004']), undefined, 'another territory (Ajaccio) gets its own table');
});
