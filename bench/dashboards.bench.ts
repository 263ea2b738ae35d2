// Dashboards at national scale: release computation (extraction, margins, protection by the engine, cache write)
// with its peak memory, cache load, dashboard latency p50/p95 cold and warm, and PNG render time.
// Targets (issue 5, issue 3): release ≤ 60 s, every dashboard p95 ≤ 50 ms warm, PNG ≤ 300 ms.
//
// Data: the ETL's national fixture when `INFOCENTRE_BENCH_DATA` names a loaded data dir (an empty or new dir gets the
// generated universe and keeps it for the next run); otherwise a national aggregated universe is generated here in DuckDB (every real commune, about 2.7 M requests weighted by population,
// calibrated on domain.md), which exercises the same code at the same scale. A release cached in the snapshot is
// served as is (INFOCENTRE_BENCH_RECOMPUTE=1 recomputes it).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  computeRelease, dashboardView, exportView, forgetReleases, getRelease, listDashboards, readRelease, writeRelease,
} from '../dashboards/index.ts';
import { RELEASE_TABLES } from '../dashboards/catalogue.ts';
import { buildTable, communeRefs, periodWindow, snapshotDate } from '../dashboards/extract.ts';
import {
  AGGREGATED_DDL, codes, currentSnapshot, geography, openAggregated, publishSnapshot, snapshotPaths,
} from '../universes/index.ts';
import { markdownTable, peakRssMiB, percentile, timed } from './measure.ts';

const list = (values: readonly string[]) => `[${values.map((v) => `'${v}'`).join(', ')}]`;
const pickSql = (values: readonly string[]) => `${list(values)}[1 + floor(random() * ${values.length})::INT]`;

async function generateNational(dataDir: string): Promise<void> {
  const id = 'national-bench';
  const paths = snapshotPaths(dataDir, id);
  await import('node:fs/promises').then((fs) => fs.mkdir(paths.dir, { recursive: true }));
  const u = await openAggregated(paths.aggregated, 'write');
  try {
    await u.sql(AGGREGATED_DDL);
    await u.sql(`INSERT INTO snapshot VALUES (DATE '2026-10-31', now()::TIMESTAMP, 'national-bench')`);
    const communes = [...geography().communes.values()];
    for (let i = 0; i < communes.length; i += 2000) {
      const values = communes.slice(i, i + 2000).map((c) =>
        `('${c.code}', '${c.dep}', '${c.reg}', ${c.epci ? `'${c.epci}'` : 'NULL'}, ${c.population})`);
      await u.sql(`CREATE TABLE IF NOT EXISTS pop (commune VARCHAR, dep VARCHAR, reg VARCHAR, epci VARCHAR, population INTEGER)`);
      await u.sql(`INSERT INTO pop VALUES ${values.join(',')}`);
    }
    await u.sql('INSERT INTO geo_commune SELECT commune, dep, reg, epci FROM pop');
    await u.sql('SELECT setseed(0.42)');
    // one row per request, then grouped: 4 % of the population has a request, denser in big cities
    await u.sql(`CREATE TEMP TABLE req AS
      SELECT commune, filed, CASE WHEN random() < 0.45 THEN least(filed + 1 + floor(random() * 30)::INT, 81) END AS radiated,
        ${pickSql(Object.keys(codes.typology))} AS typology, ${pickSql(Object.keys(codes.ageClass))} AS age_class,
        ${pickSql(Object.keys(codes.householdClass))} AS household_class, ${pickSql(Object.keys(codes.householdSize))} AS household_size,
        ${pickSql(['PLAI', 'PLAI', 'PLAI', 'PLUS', 'HPLUS'])} AS resource_class, ${pickSql(Object.keys(codes.reason))} AS reason,
        ${pickSql(Object.keys(codes.currentHousing))} AS current_housing, ${pickSql(Object.keys(codes.employment))} AS employment,
        random() < 0.32 AS mutation, random() < 0.04 AS dalo, random() < 0.2 AS priority, random() < 0.08 AS handicap,
        ${pickSql(Object.keys(codes.reservation))} AS reservation, random() AS r
      FROM (SELECT commune, greatest(81 - floor(random() * random() * 120)::INT, 0) AS filed
            FROM pop, range(CAST(round(population * 0.04 * (CASE WHEN population > 20000 THEN 1.5 ELSE 0.7 END)) AS BIGINT)))`);
    const month = (col: string) => `make_date(2020 + (${col} // 12)::INT, 1 + (${col} % 12)::INT, 1)`;
    await u.sql(`INSERT INTO request_facts
      SELECT commune, ${month('greatest(filed, 0)')}, CASE WHEN radiated IS NOT NULL THEN ${month('radiated')} END,
        CASE WHEN radiated IS NULL THEN NULL WHEN r < 0.25 THEN 'RADATT' ELSE ${pickSql(['RADREN', 'RADREN', 'RADREN', 'RADABA', 'RADIRR', 'RADCON'])} END,
        typology, age_class, household_class, household_size, resource_class, reason, current_housing, employment,
        mutation, dalo, priority, handicap, count(*), sum(30 * (coalesce(radiated, 81) - greatest(filed, 0)))
      FROM req GROUP BY ALL`);
    await u.sql(`INSERT INTO attribution_facts
      SELECT commune, ${month('radiated')}, typology, reservation, mutation, dalo, priority, radiated - greatest(filed, 0),
        count(*), sum(30 * (radiated - greatest(filed, 0)))
      FROM req WHERE radiated IS NOT NULL AND r < 0.25 GROUP BY ALL`);
    await u.sql('DROP TABLE pop');
  } finally {
    u.close();
  }
  await publishSnapshot(dataDir, id);
}

function ms(x: number): string {
  return x.toFixed(1);
}

async function main(): Promise<void> {
  const given = process.env.INFOCENTRE_BENCH_DATA;
  const dataDir = given ?? await mkdtemp(join(tmpdir(), 'infocentre-bench-dash-'));
  const out: string[] = ['## Dashboards (bench/dashboards.bench.ts)', ''];
  try {
    if (!await currentSnapshot(dataDir)) {
      const gen = await timed(() => generateNational(dataDir));
      out.push(`National aggregated universe generated in ${gen.seconds.toFixed(1)} s (every real commune, ~4 % of the population).`, '');
    }
    const snapshot = (await currentSnapshot(dataDir))!;

    // extraction + margins, table by table (the part before the engine)
    const u = await openAggregated(snapshot.aggregated);
    const asOf = await snapshotDate(u);
    const [{ n: requests }] = await u.sql<{ n: number }>('SELECT sum(n)::BIGINT AS n FROM request_facts');
    const window = periodWindow(asOf);
    const refs = await communeRefs(u);
    const rows: (string | number)[][] = [];
    let totalCells = 0;
    const extractStart = performance.now();
    for (const spec of RELEASE_TABLES) {
      const { value, seconds } = await timed(() => buildTable(u, spec, window, refs));
      totalCells += value.table.cells.length;
      rows.push([spec.id, value.table.dimensions.map((d) => d.codes.length).join(' × '), value.table.cells.length, ms(seconds * 1000)]);
    }
    const extractSeconds = (performance.now() - extractStart) / 1000;
    u.close();
    out.push(`${requests.toLocaleString('en')} requests, ${refs.size} communes; ${RELEASE_TABLES.length} release tables, ${totalCells.toLocaleString('en')} cells with margins, built in ${extractSeconds.toFixed(1)} s.`, '');
    out.push(markdownTable(['table', 'codes per dimension', 'cells', 'build ms'], rows), '');
    process.stderr.write(`${out.join('\n')}\n`); // progress: the engine's part follows

    // the whole release, protected together by the engine; a release already cached in the snapshot (hours at
    // national scale) is reported from its manifest and served as is, unless INFOCENTRE_BENCH_RECOMPUTE=1
    let load = process.env.INFOCENTRE_BENCH_RECOMPUTE === '1' ? undefined : await timed(() => readRelease(snapshot));
    if (load?.value) {
      const { stats, builtAt } = load.value;
      out.push(`Release read from the snapshot's cache (computed ${builtAt}): protection ${stats.seconds.toFixed(0)} s, of which ${stats.auditSeconds.toFixed(0)} s in ${stats.rounds} rounds of attack and repair (${stats.lps.toLocaleString('en')} LPs); ${stats.cells.toLocaleString('en')} distinct cells, ${stats.primary.toLocaleString('en')} primary and ${stats.complementary.toLocaleString('en')} complementary suppressions.`);
    } else {
      const release = await timed(() => computeRelease(snapshot));
      const write = await timed(() => writeRelease(release.value));
      out.push(`Release (extraction + protection of all tables together): **${release.seconds.toFixed(1)} s**, cache written in ${write.seconds.toFixed(1)} s; peak RSS ${peakRssMiB().toFixed(0)} MiB.`);
      let suppressed = 0;
      for (const t of release.value.tables.values()) for (const v of t.values.values()) if (v === 's') suppressed++;
      out.push(`Suppressed cells: ${suppressed.toLocaleString('en')} of ${totalCells.toLocaleString('en')}.`);
      load = await timed(() => readRelease(snapshot));
    }
    out.push(`Cache load: ${load.seconds.toFixed(2)} s.`, '');

    // latency: cold = first view of a dashboard for a geography, warm = repeated views
    forgetReleases();
    const served = await getRelease(dataDir);
    const geos = ['FR', 'REG:11', 'DEP:45', 'DEP:75', 'EPCI:244500468', 'COM:45234', 'COM:45070', 'COM:75056'];
    const periods = [undefined, '2026', '2026-Q3', '2026-10'];
    const lat: (string | number)[][] = [];
    for (const d of listDashboards()) {
      const cold: number[] = [];
      const warm: number[] = [];
      for (const geo of geos) {
        for (const period of periods) {
          let start = performance.now();
          dashboardView(served, d.id, { geo, period });
          cold.push(performance.now() - start);
          for (let i = 0; i < 5; i++) {
            start = performance.now();
            dashboardView(served, d.id, { geo, period });
            warm.push(performance.now() - start);
          }
        }
      }
      cold.sort((a, b) => a - b);
      warm.sort((a, b) => a - b);
      lat.push([d.id, ms(percentile(cold, 50)), ms(percentile(cold, 95)), ms(percentile(warm, 50)), ms(percentile(warm, 95))]);
    }
    out.push(markdownTable(['dashboard', 'cold p50 ms', 'cold p95 ms', 'warm p50 ms', 'warm p95 ms'], lat), '');

    const png: number[] = [];
    for (const d of listDashboards()) {
      const view = dashboardView(served, d.id, { geo: 'DEP:45', period: '2026' });
      const start = performance.now();
      await exportView(view, 'png', { width: 1000 });
      png.push(performance.now() - start);
    }
    png.sort((a, b) => a - b);
    out.push(`PNG render (1000 px, view → spec → SVG → PNG), over the ${png.length} dashboards: p50 ${ms(percentile(png, 50))} ms, p95 ${ms(percentile(png, 95))} ms, max ${ms(png.at(-1)!)} ms.`, '');
  } finally {
    if (!given) await rm(dataDir, { recursive: true, force: true });
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

await main();
