// The tiny extract loads entirely; the aggregated universe holds no personal column, agrees with the detailed one,
// classes resources as the ceilings say; a tampered aggregated table is caught by the integrity check.
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { annualCeiling, ceilingCategory, ceilingZone, resourceClassOf, verifySnapshot } from '../../etl/index.ts';
import {
  PERSONAL_COLUMNS, currentSnapshot, geography, openAggregated, openDetailed, openUniverse,
} from '../../universes/index.ts';
import { TINY, loadInto, tempDataDir } from './helpers/load.ts';

const { dataDir, report } = await loadInto(t, TINY);
const snap = (await currentSnapshot(dataDir))!;

t.test('the tiny extract loads without rejecting anything, as of its latest date', async (t) => {
  t.equal(report.asOf, '2026-10-31');
  t.equal(report.asOfFrom, 'extract');
  for (const f of report.files) {
    t.equal(f.rejected, 0, `${f.file}: nothing rejected`);
    t.equal(f.read, f.loaded);
  }
  t.ok(report.files[0].loaded > 3000, 'a few thousand requests');
});

t.test('the aggregated universe holds no personal column and no NUD-shaped value', async (t) => {
  const u = await openAggregated(snap.aggregated);
  t.teardown(() => u.close());
  const columns = await u.sql<{ table_name: string; column_name: string; data_type: string }>(
    'SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_catalog = current_database()');
  const personal = new Set<string>(PERSONAL_COLUMNS);
  t.same(columns.filter((c) => personal.has(c.column_name)), [], 'no personal column');
  for (const c of columns.filter((c) => c.data_type === 'VARCHAR')) {
    const [hit] = await u.sql<{ n: number }>(
      `SELECT count(*) AS n FROM "${c.table_name}" WHERE regexp_full_match("${c.column_name}", '[0-9]{3}[0-9]{4}[0-9]{6}[0-9A-Z]{5}')`);
    t.equal(hit.n, 0, `${c.table_name}.${c.column_name}: no NUD`);
  }
  const [facts] = await u.sql<{ n: number; groups: number }>('SELECT sum(n) AS n, count(*) AS groups FROM request_facts');
  t.equal(facts.n, report.files[0].loaded, 'every request counted once');
  t.ok(facts.groups < facts.n, 'grouped');
  const [snapshot] = await u.sql<{ as_of: string }>('SELECT as_of FROM snapshot');
  t.equal(snapshot.as_of, '2026-10-31', 'carries the snapshot date');
});

t.test('resource classes follow the PLAI/PLUS ceilings, in SQL as in TypeScript', async (t) => {
  t.equal(ceilingCategory(1, 1, 0, false), 1);
  t.equal(ceilingCategory(2, 1, 1, false), 3, 'a lone parent with one child is in category 3');
  t.equal(ceilingCategory(2, 2, 0, true), 3, 'disability moves up one category');
  t.equal(ceilingCategory(8, 2, 6, false), 8);
  t.equal(annualCeiling('PLAI', 'AUTRES', 1), 11_531);
  t.equal(annualCeiling('PLUS', 'PARIS', 8), 75_523 + 2 * 8_416, 'beyond category 6, per extra person');
  t.equal(resourceClassOf(960, 'AUTRES', 1), 'PLAI', '11 520 € a year is under 11 531 €');
  t.equal(resourceClassOf(961, 'AUTRES', 1), 'PLUS');
  t.equal(resourceClassOf(2_010, 'PARIS', 1), 'HPLUS', '24 120 € is over the Paris PLUS ceiling of 24 116 €');
  t.equal(ceilingZone('92012', '11'), 'PARIS');
  t.equal(ceilingZone('91228', '11'), 'IDF');
  t.equal(ceilingZone('45234', '24'), 'AUTRES');

  const d = await openDetailed(snap.detailed);
  t.teardown(() => d.close());
  const rows = await d.sql<{ first_commune: string; monthly_resources: number; household_size: number; adults: number; children: number; handicap: boolean }>(
    'SELECT first_commune, monthly_resources, household_size, adults, children, handicap FROM requests');
  const expected: Record<string, number> = {};
  const g = geography();
  for (const r of rows) {
    const zone = ceilingZone(r.first_commune, g.communes.get(r.first_commune)!.reg);
    const cls = resourceClassOf(r.monthly_resources, zone, ceilingCategory(r.household_size, r.adults, r.children, r.handicap));
    expected[cls] = (expected[cls] ?? 0) + 1;
  }
  const a = await openAggregated(snap.aggregated);
  t.teardown(() => a.close());
  const got = Object.fromEntries((await a.sql<{ c: string; n: number }>('SELECT resource_class AS c, sum(n)::INTEGER AS n FROM request_facts GROUP BY 1'))
    .map((r) => [r.c, r.n]));
  t.same(got, expected);
  const plai = (expected.PLAI ?? 0) / rows.length;
  t.ok(plai > 0.65 && plai < 0.8, `about 73 % under the PLAI ceiling (${(plai * 100).toFixed(1)} %)`);
});

t.test('the integrity check passes on the loaded snapshot and catches a tampered aggregated table', async (t) => {
  await verifySnapshot(snap);
  const copy = join(await tempDataDir(t), 'tampered');
  await mkdir(copy);
  const paths = { detailed: join(copy, 'detailed.duckdb'), aggregated: join(copy, 'aggregated.duckdb') };
  await copyFile(snap.detailed, paths.detailed);
  await copyFile(snap.aggregated, paths.aggregated);
  const u = await openUniverse(paths.aggregated, 'write');
  await u.sql(`UPDATE request_facts SET n = n + 1 WHERE rowid = (SELECT min(rowid) FROM request_facts)`);
  u.close();
  await t.rejects(verifySnapshot(paths), { code: 'IC_ETL_008' });
  const u2 = await openUniverse(paths.aggregated, 'write');
  await u2.sql(`UPDATE request_facts SET n = n - 1 WHERE rowid = (SELECT min(rowid) FROM request_facts)`);
  await u2.sql(`DELETE FROM attribution_facts WHERE rowid = (SELECT min(rowid) FROM attribution_facts)`);
  u2.close();
  await t.rejects(verifySnapshot(paths), { code: 'IC_ETL_008', message: /attributions/ });
});
