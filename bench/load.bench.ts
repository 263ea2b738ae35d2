// Generation and load of the national-size extract (about 3.8 M requests and 0.43 M attributions), each phase in
// its own process so that its peak RSS (DuckDB's native memory included) is its own. Target: load ≥ 250 000 rows/s,
// peak RSS ≤ 4 GiB on 2 cores. Data goes to bench/out/ (gitignored) and is removed afterwards.
// The machine's 2 cores are shared: each phase also reports the CPU time it used (DuckDB's threads included) and the
// load average around it, so that a wall time inflated by other work can be told apart from a slower program.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateFixtures, loadExtract } from '../etl/index.ts';
import { markdownTable, peakRssMiB, timed } from './measure.ts';

const here = dirname(fileURLToPath(import.meta.url));
const extract = join(here, 'out', 'national-extract');
const dataDir = join(here, 'out', 'national-data');
const phase = process.argv[2];

const cpuSeconds = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };

if (phase === 'generate') {
  const load = loadavg()[0];
  const { value, seconds } = await timed(() => generateFixtures({ size: 'national', seed: 1, out: extract }));
  const rows = value.requests + value.attributions;
  process.stdout.write(JSON.stringify({
    rows, requests: value.requests, attributions: value.attributions, seconds, rss: peakRssMiB(), cpu: cpuSeconds(), load: [load, loadavg()[0]],
  }));
} else if (phase === 'load') {
  const load = loadavg()[0];
  const steps: Record<string, [wall: number, cpu: number]> = {};
  let last = [performance.now() / 1000, cpuSeconds()], current = '';
  const mark = () => {
    const now = [performance.now() / 1000, cpuSeconds()];
    if (current) steps[current] = [now[0] - last[0], now[1] - last[1]];
    last = now;
  };
  const { value, seconds } = await timed(() => loadExtract({ dir: extract, dataDir, progress: (step) => { mark(); current = step; } }));
  mark();
  const rows = value.files.reduce((s, f) => s + f.read, 0);
  process.stdout.write(JSON.stringify({ rows, seconds, rss: peakRssMiB(), cpu: cpuSeconds(), load: [load, loadavg()[0]], steps }));
} else {
  const run = (name: string) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status !== 0) throw new Error(`${name} failed (${r.status})`);
    return JSON.parse(r.stdout) as { rows: number; seconds: number; rss: number; cpu: number; load: [number, number]; steps?: Record<string, [number, number]> };
  };
  rmSync(dataDir, { recursive: true, force: true });
  try {
    const gen = run('generate');
    const load = run('load');
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    const loads = ([start, end]: [number, number]) => `${start.toFixed(1)} → ${end.toFixed(1)}`;
    process.stdout.write(`## Load (national extract)\n\n${markdownTable(
      ['phase', 'rows', 'seconds', 'rows/s', 'CPU seconds', 'peak RSS (MiB)', 'load average (start → end)', 'target'],
      [
        ['fixtures --size national', fmt(gen.rows), gen.seconds.toFixed(1), fmt(gen.rows / gen.seconds), gen.cpu.toFixed(1), fmt(gen.rss), loads(gen.load), '—'],
        ['load', fmt(load.rows), load.seconds.toFixed(1), fmt(load.rows / load.seconds), load.cpu.toFixed(1), fmt(load.rss), loads(load.load), '≥ 250 000 rows/s, ≤ 4 096 MiB'],
      ])}\n\nLoad steps, wall (CPU) seconds: ${Object.entries(load.steps ?? {}).map(([k, [wall, cpu]]) => `${k} ${wall.toFixed(1)} (${cpu.toFixed(1)})`).join(', ')}\n`);
  } finally {
    rmSync(extract, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}
