// Server at national scale, served by its own process (as `infocentre serve` runs it) and driven over loopback HTTP:
//   1. NUD lookup latency, one request at a time, for an analyst of a département and one of a région (the
//      habilitation is part of the SQL), journal entry on disk (O_DSYNC write) before each answer;
//   2. aggregated dashboard throughput under load (autocannon, 10 connections): one dashboard, then a mix of every
//      dashboard over several geographies, as a national viewer.
// Targets (issue 4): lookup p95 ≤ 20 ms, ≥ 1 000 dashboard req/s.
//
// Data: `INFOCENTRE_BENCH_DATA` names a data dir with a loaded national snapshot; otherwise the national fixture is
// generated and loaded into bench/out/server-national (kept for the next run, reloaded when it lacks the detailed
// universe's indexes, i.e. was loaded by an older ETL). The server's own files (accounts, journal) go to a temporary
// data dir whose snapshots/ links to that one.
//
// Dashboards need the snapshot's protected release. It is computed by the dashboards' getRelease in a child process
// (cached in the snapshot for the next run) within `INFOCENTRE_BENCH_RELEASE_BUDGET` seconds per attempt (default
// 1200: the national release takes about 13 min on two cores): the national snapshot first, then, when its release
// does not finish in time, the generated `small` fixture (bench/out/server-small), then the committed `tiny` extract
// of fixtures/tiny (bench/out/server-tiny). The output says which one was measured and why.
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { copyFile, mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { getRelease } from '../dashboards/index.ts';
import { AccountStore, addAccount, listen, systemPaths, totpCode } from '../server/index.ts';
import { currentSnapshot, openDetailed } from '../universes/index.ts';
import { fixtureDataDir } from './fixture-data.ts';
import { markdownTable, percentile } from './measure.ts';

// ---- the server process -------------------------------------------------------------------------------------------

interface Served { url: string; stop: () => Promise<void>; peakRssMiB: () => Promise<number> }

async function serve(dataDir: string): Promise<Served> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', dataDir], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const url = await new Promise<string>((ok, fail) => {
    child.once('message', (m) => ok((m as { url: string }).url));
    child.once('exit', (code) => fail(new Error(`server process exited with code ${code}`)));
  });
  return {
    url,
    stop: () => new Promise((ok) => { child.once('exit', () => ok()); child.disconnect(); }),
    // VmHWM: the server process's peak resident memory.
    peakRssMiB: async () => {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
    },
  };
}

// ---- data ---------------------------------------------------------------------------------------------------------

/** A data dir for one server run: its own system files, the snapshots of `source`. */
async function serverDataDir(source: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ic-server-bench-'));
  await symlink(join(source, 'snapshots'), join(dir, 'snapshots'));
  await copyFile(join(source, 'CURRENT'), join(dir, 'CURRENT'));
  return dir;
}

/**
 * Computes (or finds cached) the protected release of `dataDir` as the server does (getRelease), in a child process
 * stopped after `budget` seconds; the child also stops if this process dies (a bench out of its own budget is
 * killed). Returns the seconds it took, or why there is no release.
 */
async function releaseWithin(dataDir: string, budget: number): Promise<{ seconds?: number; reason?: string }> {
  const start = performance.now();
  const child = fork(fileURLToPath(import.meta.url), ['--release', dataDir], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-2000); });
  const timer = setTimeout(() => child.kill('SIGKILL'), budget * 1000);
  const code = await new Promise<number | null>((ok) => child.once('exit', (c) => ok(c)));
  clearTimeout(timer);
  const seconds = (performance.now() - start) / 1000;
  if (code === 0) return { seconds };
  return { reason: code === null ? `not finished within ${budget} s` : `failed (exit ${code}): ${stderr.trim().split('\n').pop()}` };
}

// ---- sessions and measures ----------------------------------------------------------------------------------------

async function session(dataDir: string, url: string, username: string, role: string, territory: string): Promise<string> {
  const store = new AccountStore(systemPaths(dataDir).accounts);
  const { password } = await addAccount(store, { username, fullName: username, organisation: 'Bench', role, territory }, 'bench', new Date());
  const post = (path: string, body: object) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
  let answer = await post('/auth/login', { username, password });
  answer = await post('/auth/password', { challenge: answer.challenge, currentPassword: password, newPassword: 'Bench-Mot-De-Passe-2026!' });
  if (answer.status === 'totp-enrol') {
    answer = await post('/auth/totp', { challenge: answer.challenge, code: totpCode(answer.totp.secret, username, new Date()) });
  }
  if (typeof answer.token !== 'string') throw new Error(`login of ${username} failed: ${JSON.stringify(answer)}`);
  return answer.token;
}

async function lookups(url: string, token: string, nuds: string[]) {
  const times: number[] = [];
  let ok = 0;
  for (const nud of nuds) {
    const start = performance.now();
    const r = await fetch(`${url}/detailed/requests/${nud}`, { headers: { authorization: `Bearer ${token}` } });
    await r.arrayBuffer();
    times.push(performance.now() - start);
    if (r.status === 200) ok++;
  }
  return { times: times.slice(20).sort((a, b) => a - b), ok };
}

// autocannon ships no type declarations: the part of its API used here.
interface LoadResult {
  requests: { average: number }; latency: { p50: number; p97_5: number; p99: number }; non2xx: number; errors: number; duration: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: {
  url: string; connections: number; duration: number; headers: Record<string, string>; requests?: { path: string }[];
}) => Promise<LoadResult>;

// ---- the bench ----------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const ms = (n: number) => n.toFixed(1);
  const load = () => loadavg().map((l) => l.toFixed(1)).join(' / ');
  const budget = Number(process.env.INFOCENTRE_BENCH_RELEASE_BUDGET ?? 1200);
  // Each part is printed as soon as measured (bench/run.ts keeps what was printed when a bench runs out of time).
  const print = (text: string) => process.stdout.write(`${text}\n`);
  print(`## Server (national scale)\n\nMachine: ${cpus().length} cores, load average at start ${load()} (1 / 5 / 15 min).\n`);

  const national = await fixtureDataDir('national', process.env.INFOCENTRE_BENCH_DATA);
  const snap = (await currentSnapshot(national))!;

  // NUDs to look up, sampled before the server opens the universe.
  const u = await openDetailed(snap.detailed);
  const [{ n: requests }] = await u.sql<{ n: number }>('SELECT count(*) AS n FROM requests');
  const sample = async (where: string) => (await u.sql<{ nud: string }>(
    `SELECT nud FROM (SELECT DISTINCT nud FROM request_choices WHERE ${where}) ORDER BY hash(nud) LIMIT 300`)).map((r) => r.nud);
  const dep45 = await sample("commune LIKE '45%'");
  const idf = await sample("substr(commune, 1, 2) IN ('75', '77', '78', '91', '92', '93', '94', '95')");
  u.close();
  const fileSize = (await stat(snap.detailed)).size;

  // 1. Lookups.
  const dataDir = await serverDataDir(national);
  let server = await serve(dataDir);
  const rows: (string | number)[][] = [];
  for (const [name, territory, nuds] of [['DEP:45', 'DEP:45', dep45], ['Île-de-France (REG:11)', 'REG:11', idf]] as const) {
    const token = await session(dataDir, server.url, `ana.${territory.replace(':', '').toLowerCase()}`, 'analyst', territory);
    const { times, ok } = await lookups(server.url, token, nuds);
    rows.push([`lookup by NUD, analyst of ${name}`, times.length, `${ok}/${nuds.length}`, ms(percentile(times, 50)), ms(percentile(times, 95)), ms(percentile(times, 99)), ms(times[times.length - 1])]);
    process.stderr.write(`lookups ${name}: ${JSON.stringify(rows.at(-1))} (load ${load()})\n`);
  }
  print(`Detailed universe: ${fmt(requests)} requests (${(fileSize / 2 ** 20).toFixed(0)} MiB), snapshot ${snap.id}. `
    + `Lookups over loopback HTTP, one at a time, each journaled (entry written with O_DSYNC, i.e. on disk) before the answer; `
    + `first 20 discarded as warm-up. Load average after: ${load()}.\n\n`
    + `${markdownTable(['measure', 'n', 'found', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'], rows)}\n`);
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });

  // 2. Dashboards: the first of national, small, tiny whose release can be had within the budget.
  const scales = [
    { name: 'national', label: 'national', dir: async () => national },
    { name: 'small', label: 'the generated `small` fixture (97 901 requests)', dir: () => fixtureDataDir('small') },
    { name: 'tiny', label: 'the committed `tiny` extract (4 104 requests, Loiret and Loir-et-Cher)', dir: () => fixtureDataDir('tiny') },
  ];
  const missed: string[] = [];
  let chosen: { name: string; label: string; seconds: number; dir: string } | undefined;
  for (const scale of scales) {
    const dir = await scale.dir();
    process.stderr.write(`computing the ${scale.name} release (budget ${budget} s)…\n`);
    const release = await releaseWithin(dir, budget);
    if (release.seconds !== undefined) {
      chosen = { ...scale, seconds: release.seconds, dir };
      break;
    }
    process.stderr.write(`${scale.name} release: ${release.reason}\n`);
    missed.push(`the ${scale.name} release ${release.reason}`);
  }
  if (!chosen) {
    print(`**Dashboard throughput not measured**: ${missed.join('; ')}.\n`);
    return;
  }
  const servedDir = await serverDataDir(chosen.dir);
  server = await serve(servedDir);
  const scale = chosen.name;
  const releaseNote = `${chosen.name === 'national' ? '' : `**measured on ${chosen.label}, not at national scale** (${missed.join('; ')}); `}`
    + `release ready in ${chosen.seconds.toFixed(1)} s (computed, or read from its cache)`;

  const viewer = await session(servedDir, server.url, 'vi.bench', 'viewer', 'FR');
  const auth = { authorization: `Bearer ${viewer}` };
  const list = await (await fetch(`${server.url}/api/dashboards`, { headers: auth })).json() as { dashboards: { id: string }[] };
  const geos = ['FR', 'REG:24', 'DEP:45', 'DEP:75', 'EPCI:244500468', 'COM:45234'];
  const paths = list.dashboards.flatMap((d) => geos.map((g) => `/api/dashboards/${d.id}?geo=${g}`));
  // First call of each view (cold: nothing of it cached yet), which also checks every view answers.
  const cold: number[] = [];
  for (const path of paths) {
    const start = performance.now();
    const r = await fetch(`${server.url}${path}`, { headers: auth });
    await r.arrayBuffer();
    cold.push(performance.now() - start);
    if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
  }
  cold.sort((a, b) => a - b);
  const one = `/api/dashboards/${list.dashboards[0].id}?geo=FR`;
  const runs: (string | number)[][] = [];
  for (const [name, requests] of [[`\`GET ${one}\``, [{ path: one }]], [`mix: ${list.dashboards.length} dashboards × ${geos.length} geographies`, paths.map((path) => ({ path }))]] as const) {
    const r = await autocannon({ url: server.url, connections: 10, duration: 10, headers: auth, requests: [...requests] });
    runs.push([name, `**${fmt(r.requests.average)}**`, r.latency.p50, r.latency.p97_5, r.latency.p99, r.non2xx, r.errors]);
    process.stderr.write(`throughput ${name}: ${JSON.stringify(runs.at(-1))} (load ${load()})\n`);
  }
  const rss = await server.peakRssMiB();
  await server.stop();
  await rm(servedDir, { recursive: true, force: true });

  print(`Dashboards (${scale}): ${releaseNote}. As a national viewer, autocannon on loopback, 10 connections, 10 s each, `
    + `server in its own process. Cold first call of each of the ${paths.length} views: p50 ${ms(percentile(cold, 50))} ms, `
    + `max ${ms(cold[cold.length - 1])} ms. Load average after: ${load()}. Server peak RSS ${fmt(rss)} MiB.\n\n`
    + `${markdownTable(['load', 'req/s', 'p50 ms', 'p97.5 ms', 'p99 ms', 'non-2xx', 'errors'], runs)}\n`);
}

// ---- entry point --------------------------------------------------------------------------------------------------

if (process.argv[2] === '--serve') {
  // Child mode: serve the data dir on a free loopback port, report the URL, stop when the parent goes away. Logs as
  // `infocentre serve` does (a line per request, to the parent's /dev/null), so their cost is measured too.
  const { app, url } = await listen({
    dataDir: process.argv[3], port: 0,
    // One analyst sends hundreds of lookups a minute here: the per-account limit of the detailed routes is lifted.
    config: { detailedRateLimit: { max: 1_000_000, windowSeconds: 60 }, loginRateLimit: { max: 1000, windowSeconds: 60 } },
  });
  process.send!({ url });
  process.on('disconnect', () => { void app.close().then(() => process.exit(0)); });
} else if (process.argv[2] === '--release') {
  // Child mode: the release of the data dir, computed and cached by the dashboards' own code.
  process.on('disconnect', () => process.exit(1));
  await getRelease(process.argv[3]);
  process.exit(0);
} else {
  await main();
}
