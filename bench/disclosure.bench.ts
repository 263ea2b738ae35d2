// Disclosure engine at national scale: the commune × typology table of requests with every margin (France,
// régions, départements, EPCI, communes × C, T1…T5, T6P, _T), protected then audited independently.
// Counts are generated (seeded): about 2.6 M requests spread over the real communes in proportion to population,
// a little more than proportionally in towns, as social housing demand is.
import { audit, protect, type Dimension, type Table } from '../disclosure/index.ts';
import { geography } from '../universes/index.ts';
import { markdownTable, peakRssMiB, timed } from './measure.ts';

const TYPOLOGIES = ['C', 'T1', 'T2', 'T3', 'T4', 'T5', 'T6P'];
const SHARES = [0.02, 0.12, 0.3, 0.3, 0.17, 0.06, 0.03];
const REQUESTS = 2_600_000;

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function poisson(r: () => number, mean: number): number {
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(r)));
  let k = 0;
  let p = Math.exp(-mean);
  let s = p;
  const u = r();
  while (u > s && k < 1000) {
    k++;
    p *= mean / k;
    s += p;
  }
  return k;
}

function gaussian(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** The generated table; `region` keeps one région's communes (requests scaled to its population share). */
export function nationalTable(seed = 2026, region?: string): Table {
  const g = geography();
  const r = prng(seed);
  const all = [...g.communes.values()];
  const communes = region ? all.filter((c) => c.reg === region) : all;
  const popShare = communes.reduce((a, c) => a + c.population, 0) / all.reduce((a, c) => a + c.population, 0);
  const weights = communes.map((c) => Math.pow(Math.max(c.population, 1), 1.15));
  const sum = weights.reduce((a, b) => a + b, 0);
  const cells: Table['cells'] = [];
  const used = new Set<string>();
  communes.forEach((c, i) => {
    const n = poisson(r, (REQUESTS * popShare * weights[i]) / sum);
    if (n === 0) return;
    used.add(c.code);
    let left = n;
    let share = 1;
    TYPOLOGIES.forEach((ty, j) => {
      const k = j === TYPOLOGIES.length - 1 ? left : binomial(r, left, SHARES[j] / share);
      share -= SHARES[j];
      left -= k;
      if (k > 0) cells.push({ coords: [`COM:${c.code}`, ty], count: k });
    });
  });
  return { id: 'stock_typology', measure: 'requests_active', dimensions: [geoDimension(used), typologyDimension()], cells };
}

function binomial(r: () => number, n: number, p: number): number {
  if (p >= 1) return n;
  if (n > 60) return Math.min(n, Math.max(0, Math.round(n * p + Math.sqrt(n * p * (1 - p)) * gaussian(r))));
  let k = 0;
  for (let i = 0; i < n; i++) if (r() < p) k++;
  return k;
}

function typologyDimension(): Dimension {
  return { name: 'typology', root: '_T', codes: ['_T', ...TYPOLOGIES], relations: [{ total: '_T', parts: TYPOLOGIES }] };
}

/** Both geographic hierarchies over the communes that have requests. */
function geoDimension(used: Set<string>): Dimension {
  const g = geography();
  const byDep = new Map<string, string[]>();
  const byEpci = new Map<string, string[]>();
  const depsOfReg = new Map<string, Set<string>>();
  for (const code of [...used].sort()) {
    const c = g.communes.get(code)!;
    (byDep.get(c.dep) ?? byDep.set(c.dep, []).get(c.dep)!).push(`COM:${code}`);
    if (c.epci) (byEpci.get(c.epci) ?? byEpci.set(c.epci, []).get(c.epci)!).push(`COM:${code}`);
    (depsOfReg.get(c.reg) ?? depsOfReg.set(c.reg, new Set()).get(c.reg)!).add(c.dep);
  }
  const regs = [...depsOfReg.keys()].sort();
  const relations = [
    { total: 'FR', parts: regs.map((x) => `REG:${x}`) },
    ...regs.map((x) => ({ total: `REG:${x}`, parts: [...depsOfReg.get(x)!].sort().map((d) => `DEP:${d}`) })),
    ...[...byDep].map(([d, parts]) => ({ total: `DEP:${d}`, parts })),
    ...[...byEpci].map(([e, parts]) => ({ total: `EPCI:${e}`, parts })),
  ];
  const codes = ['FR', ...regs.map((x) => `REG:${x}`), ...[...byDep.keys()].map((d) => `DEP:${d}`),
    ...[...byEpci.keys()].map((e) => `EPCI:${e}`), ...[...used].sort().map((c) => `COM:${c}`)];
  return { name: 'geo', root: 'FR', codes, relations, unitLevel: true };
}

async function run(region: string | undefined): Promise<boolean> {
  const table = nationalTable(2026, region);
  const leaves = table.cells.reduce((s, c) => s + c.count, 0);
  const p = await timed(() => protect([table]));
  const a = await timed(() => audit(p.value));
  const s = p.value.stats;
  const rows: (string | number)[][] = [
    ['requests (generated)', leaves.toLocaleString('en')],
    ['cells (with margins)', s.cells.toLocaleString('en')],
    ['primary', s.primary.toLocaleString('en')],
    ['complementary', s.complementary.toLocaleString('en')],
    ['suppressed', `${s.suppressed.toLocaleString('en')} (${s.suppressedTotal.toLocaleString('en')} requests)`],
    ['protection time (s)', p.seconds.toFixed(2)],
    ['  of which LP rounds / LPs', `${s.rounds} / ${s.lps}`],
    ['independent audit time (s)', `${a.seconds.toFixed(2)} (${a.value.lps} LPs, ${a.value.ok ? 'passes' : `${a.value.findings.length} findings`})`],
    ['peak RSS (MiB)', peakRssMiB().toFixed(0)],
  ];
  process.stdout.write(`## Disclosure engine: ${region ? `région ${region}` : 'national'} commune × typology\n\n${markdownTable(['', 'value'], rows)}\n\n`);
  return a.value.ok;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // `--region 24` runs one région only (Centre-Val de Loire: 1 750 communes); by default région 24 first, then the
  // whole country, each section printed as soon as it is measured.
  const at = process.argv.indexOf('--region');
  const regions = at > 0 ? [process.argv[at + 1]] : ['24', undefined];
  for (const region of regions) if (!(await run(region))) process.exit(1);
}
