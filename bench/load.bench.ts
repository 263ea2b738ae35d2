// Generation and load of the national-size extract (about 3.8 M requests and 0.43 M attributions), each phase in
// its own process so that its peak RSS (DuckDB's native memory included) is its own. Target: load ≥ 250 000 rows/s,
// peak RSS ≤ 4 GiB on 2 cores. Data goes to bench/out/ (gitignored) and is removed afterwards.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateFixtures, loadExtract } from '../etl/index.ts';
import { markdownTable, peakRssMiB, timed } from './measure.ts';

const here = dirname(fileURLToPath(import.meta.url));
const extract = join(here, 'out', 'national-extract');
const dataDir = join(here, 'out', 'national-data');
const phase = process.argv[2];

if (phase === 'generate') {
  const { value, seconds } = await timed(() => generateFixtures({ size: 'national', seed: 1, out: extract }));
  const rows = value.requests + value.attributions;
  process.stdout.write(JSON.stringify({ rows, requests: value.requests, attributions: value.attributions, seconds, rss: peakRssMiB() }));
} else if (phase === 'load') {
  const steps: Record<string, number> = {};
  let last = performance.now(), current = '';
  const { value, seconds } = await timed(() => loadExtract({
    dir: extract, dataDir,
    progress: (step) => { const now = performance.now(); if (current) steps[current] = (now - last) / 1000; current = step; last = now; },
  }));
  steps[current] = (performance.now() - last) / 1000;
  const rows = value.files.reduce((s, f) => s + f.read, 0);
  process.stdout.write(JSON.stringify({ rows, seconds, rss: peakRssMiB(), steps }));
} else {
  const run = (name: string) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status !== 0) throw new Error(`${name} failed (${r.status})`);
    return JSON.parse(r.stdout) as { rows: number; seconds: number; rss: number; steps?: Record<string, number> };
  };
  rmSync(dataDir, { recursive: true, force: true });
  try {
    const gen = run('generate');
    const load = run('load');
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    process.stdout.write(`## Load (national extract)\n\n${markdownTable(
      ['phase', 'rows', 'seconds', 'rows/s', 'peak RSS (MiB)', 'target'],
      [
        ['fixtures --size national', fmt(gen.rows), gen.seconds.toFixed(1), fmt(gen.rows / gen.seconds), fmt(gen.rss), '—'],
        ['load', fmt(load.rows), load.seconds.toFixed(1), fmt(load.rows / load.seconds), fmt(load.rss), '≥ 250 000 rows/s, ≤ 4 096 MiB'],
      ])}\n\nLoad steps (s): ${Object.entries(load.steps ?? {}).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}\n`);
  } finally {
    rmSync(extract, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}
