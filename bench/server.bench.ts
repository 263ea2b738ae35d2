// Server at national scale: NUD lookup latency over loopback HTTP (journal write with fdatasync included), for an
// analyst of a département and one of a région (the habilitation is a semi-join in the SQL), and aggregated dashboard
// throughput under load (autocannon, 10 connections, loopback). Targets (issue 4): lookup p95 ≤ 20 ms,
// ≥ 1 000 dashboard req/s.
//
// Data: `INFOCENTRE_BENCH_DATA` names a data dir with a loaded national snapshot (e.g. the one `npm run bench -- load`
// builds); otherwise the national fixture is generated and loaded into bench/out/server-national (kept for the next
// run). The server's own files (accounts, journal) go to a temporary data dir whose snapshots/ links to that one.
import { createRequire } from 'node:module';
import { copyFile, mkdir, mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { generateFixtures, loadExtract } from '../etl/index.ts';
import { AccountStore, addAccount, listen, systemPaths, totpCode } from '../server/index.ts';
import { currentSnapshot, openDetailed } from '../universes/index.ts';
import { markdownTable, peakRssMiB, percentile } from './measure.ts';

const here = dirname(fileURLToPath(import.meta.url));

// autocannon ships no type declarations: the part of its API used here.
interface LoadResult { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number }
const autocannon = createRequire(import.meta.url)('autocannon') as (options: {
  url: string; connections: number; duration: number; headers: Record<string, string>;
}) => Promise<LoadResult>;

async function nationalDataDir(): Promise<string> {
  if (process.env.INFOCENTRE_BENCH_DATA) return resolve(process.env.INFOCENTRE_BENCH_DATA);
  const dir = join(here, 'out', 'server-national');
  if (await currentSnapshot(dir)) return dir;
  const extract = join(here, 'out', 'server-national-extract');
  process.stderr.write('generating and loading the national fixture (several minutes)…\n');
  await generateFixtures({ size: 'national', seed: 1, out: extract });
  await loadExtract({ dir: extract, dataDir: dir });
  await rm(extract, { recursive: true, force: true });
  return dir;
}

const source = await nationalDataDir();
const snap = (await currentSnapshot(source))!;
const dataDir = await mkdtemp(join(tmpdir(), 'ic-server-bench-'));
await symlink(join(source, 'snapshots'), join(dataDir, 'snapshots'));
await copyFile(join(source, 'CURRENT'), join(dataDir, 'CURRENT'));

// NUDs to look up, sampled before the server opens the universe.
const u = await openDetailed(snap.detailed);
const [{ n: requests }] = await u.sql<{ n: number }>('SELECT count(*) AS n FROM requests');
const sample = async (where: string) => (await u.sql<{ nud: string }>(
  `SELECT nud FROM (SELECT DISTINCT nud FROM request_choices WHERE ${where}) ORDER BY hash(nud) LIMIT 300`)).map((r) => r.nud);
const deps45 = await sample("commune LIKE '45%'");
const idf = await sample("substr(commune, 1, 2) IN ('75', '77', '78', '91', '92', '93', '94', '95')");
u.close();
const fileSize = (await stat(snap.detailed)).size;

let clock = Date.now();
const now = () => new Date(clock);
const { app, url } = await listen({
  dataDir, port: 0, now, logger: false,
  config: { detailedRateLimit: { max: 1_000_000, windowSeconds: 60 }, loginRateLimit: { max: 1000, windowSeconds: 60 } },
});

const store = new AccountStore(systemPaths(dataDir).accounts);
async function session(username: string, role: string, territory: string): Promise<string> {
  const { password } = await addAccount(store, { username, fullName: username, organisation: 'Bench', role, territory }, 'bench', now());
  const post = (path: string, body: object) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
  let answer = await post('/auth/login', { username, password });
  const strong = 'Bench-Mot-De-Passe-2026!';
  answer = await post('/auth/password', { challenge: answer.challenge, currentPassword: password, newPassword: strong });
  if (answer.status === 'totp-enrol') {
    clock += 30_000;
    answer = await post('/auth/totp', { challenge: answer.challenge, code: totpCode(answer.totp.secret, username, now()) });
  }
  return answer.token;
}

async function lookups(token: string, nuds: string[]) {
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

const rows: (string | number)[][] = [];
for (const [name, territory, nuds] of [['DEP:45', 'DEP:45', deps45], ['Île-de-France (REG:11)', 'REG:11', idf]] as const) {
  const token = await session(`ana.${territory.replace(':', '').toLowerCase()}`, 'analyst', territory);
  const { times, ok } = await lookups(token, nuds);
  rows.push([`lookup by NUD, analyst of ${name}`, times.length, `${ok}/${nuds.length}`, percentile(times, 50).toFixed(1), percentile(times, 95).toFixed(1), percentile(times, 99).toFixed(1)]);
}

process.stderr.write(`lookups: ${JSON.stringify(rows)}\n`);

// Aggregated throughput: the dashboards route when it answers within 10 minutes (the first call computes the
// snapshot's protected release if it is not cached yet), else the lightest authenticated route we have.
const viewer = await session('vi.bench', 'viewer', 'FR');
let target = '/alerts';
const dashboard = '/api/dashboards/stock-typologie?geo=FR';
const warm = performance.now();
try {
  const r = await fetch(`${url}${dashboard}`, { headers: { authorization: `Bearer ${viewer}` }, signal: AbortSignal.timeout(600_000) });
  if (r.status === 200) target = dashboard;
  else process.stderr.write(`${dashboard}: ${r.status} ${(await r.text()).slice(0, 200)}\n`);
} catch (err) {
  process.stderr.write(`${dashboard}: ${(err as Error).message}\n`);
}
const firstCall = (performance.now() - warm) / 1000;
const load = await autocannon({ url: `${url}${target}`, connections: 10, duration: 10, headers: { authorization: `Bearer ${viewer}` } });

await app.close();
await rm(dataDir, { recursive: true, force: true });

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
process.stdout.write(`## Server (national scale)\n\nDetailed universe: ${fmt(requests)} requests (${(fileSize / 2 ** 20).toFixed(0)} MiB), snapshot ${snap.id}. `
  + `Lookups over loopback HTTP, one at a time, journal entry written and fdatasync'd before each answer (first 20 discarded as warm-up).\n\n`
  + `${markdownTable(['measure', 'n', 'found', 'p50 ms', 'p95 ms', 'p99 ms'], rows)}\n\n`
  + `Throughput of \`GET ${target}\`${target === '/alerts' ? ' (the dashboards route did not answer in time: lightest authenticated route, token verification and account check included)' : ` (first call ${firstCall.toFixed(1)} s, release included; then warm)`}: `
  + `autocannon, 10 connections, 10 s: **${fmt(load.requests.average)} req/s** average (p50 latency ${load.latency.p50} ms, p99 ${load.latency.p99} ms, `
  + `${load.non2xx} non-2xx, ${load.errors} errors). Peak RSS ${fmt(peakRssMiB())} MiB.\n\n`);
