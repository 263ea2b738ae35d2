// `npm run bench [-- name…]`: runs every bench/<name>.bench.ts (or the named ones) in its own Node process, so each
// reports its own peak memory, one after the other so they do not compete for the two cores. Each bench prints a
// Markdown section; the sections are gathered in bench/out/results.md, from which docs/benchmarks.md is written.
// Each bench has a wall-time budget (BENCH_BUDGET_S, default 30 min), so a bench that does not scale yet is reported,
// not waited for.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const all = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort();
const chosen = wanted.length === 0 ? all : all.filter((f) => wanted.includes(f.replace(/\.bench\.ts$/, '')));
if (chosen.length === 0) {
  process.stderr.write(`no bench matches ${wanted.join(', ')}; available: ${all.map((f) => f.replace(/\.bench\.ts$/, '')).join(', ')}\n`);
  process.exit(2);
}

/** Wall-time budget per bench: a bench that does not finish is stopped and reported as such. */
const budgetSeconds = Number(process.env.BENCH_BUDGET_S ?? 1800);

const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const sections = [`# Benchmark run ${new Date().toISOString()}\n\nMachine: ${machine}\n`];
let failed = 0;
for (const file of chosen) {
  process.stderr.write(`\n== ${file}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(here, file)], {
    stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 * 2 ** 20,
    timeout: budgetSeconds * 1000, killSignal: 'SIGKILL',
  });
  process.stdout.write(run.stdout ?? '');
  sections.push(run.stdout ?? '');
  if (run.signal === 'SIGKILL') {
    // What a bench printed before the budget ran out is kept: each prints its sections as soon as measured.
    failed++;
    const note = `\n**${file} did not finish within ${budgetSeconds} s (BENCH_BUDGET_S); figures above are the parts that did.**\n`;
    process.stdout.write(note);
    sections.push(note);
  } else if (run.status !== 0) {
    failed++;
    sections.push(`\n**${file} failed with exit code ${run.status}.**\n`);
  }
}
mkdirSync(join(here, 'out'), { recursive: true });
writeFileSync(join(here, 'out', 'results.md'), sections.join('\n'));
process.stderr.write(`\nresults written to bench/out/results.md\n`);
process.exit(failed === 0 ? 0 : 1);
