// Dashboards at national scale: release computation (extraction, margins, protection by the engine, cache write)
// with its peak memory, cache load, dashboard latency p50/p95 cold and warm, and PNG render time.
// Targets (issue 5, issue 3): release ≤ 60 s, every dashboard p95 ≤ 50 ms warm, PNG ≤ 300 ms.
//
// Data: `INFOCENTRE_BENCH_DATA` names a data dir with a loaded snapshot; otherwise the ETL's national fixture, loaded
// once into bench/out/server-national and shared with the server bench. A release cached in the snapshot is served
// as is (INFOCENTRE_BENCH_RECOMPUTE=1 recomputes it); else it is computed here and cached for the next run.
import { performance } from 'node:perf_hooks';
import {
  computeRelease, dashboardView, exportView, forgetReleases, getRelease, listDashboards, readRelease, writeRelease,
} from '../dashboards/index.ts';
import { RELEASE_TABLES } from '../dashboards/catalogue.ts';
import { buildTable, communeRefs, periodWindow, snapshotDate } from '../dashboards/extract.ts';
import { currentSnapshot, openAggregated } from '../universes/index.ts';
import { fixtureDataDir } from './fixture-data.ts';
import { markdownTable, peakRssMiB, percentile, timed } from './measure.ts';

function ms(x: number): string {
  return x.toFixed(1);
}

async function main(): Promise<void> {
  const dataDir = await fixtureDataDir('national', process.env.INFOCENTRE_BENCH_DATA);
  const out: string[] = ['## Dashboards (bench/dashboards.bench.ts)', ''];
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
    // Per table, after the engine's margins (every EPCI, every level): a cell shared by two tables counts twice.
    let suppressed = 0;
    let published = 0;
    for (const t of release.value.tables.values()) {
      for (const v of t.values.values()) {
        published++;
        if (v === 's') suppressed++;
      }
    }
    out.push(`Suppressed cells, summed over the tables: ${suppressed.toLocaleString('en')} of ${published.toLocaleString('en')}; ${release.value.stats.suppressed.toLocaleString('en')} distinct cells of ${release.value.stats.cells.toLocaleString('en')}.`);
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
  process.stdout.write(`${out.join('\n')}\n`);
}

await main();
