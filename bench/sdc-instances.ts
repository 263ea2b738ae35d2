// Seeded instances shaped like sdcTable's usual test problems (issue 6), and a national-size one in the long form.
//
// sdcTable-like: two hierarchical dimensions, area Total > 13 groups > 101 leaves and category Total > 5 groups > 45
// leaves, so (1 + 13 + 101) × (1 + 5 + 45) = 5 865 cells with margins. Leaf counts are Poisson with a log-normal mean
// (median m, sd 1.1 in log): m = 40 gives about 500 cells from 1 to 9, m = 12 about 1 800.
import type { Dimension, Relation, Table } from '../disclosure/index.ts';
import { geography } from '../universes/index.ts';

/** Small, fast, seeded generator (xorshift-multiply on a 32-bit state). */
export function seeded(seed: number): () => number {
  let s = (seed * 2654435761) >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

export function poisson(r: () => number, mean: number): number {
  if (mean > 60) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(r)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = r();
  while (p > limit) {
    k++;
    p *= r();
  }
  return k;
}

/** Log-normal mean with the given median and log-sd, then a Poisson draw. */
export function lognormalPoisson(r: () => number, median: number, sdLog: number): number {
  return poisson(r, median * Math.exp(sdLog * normal(r)));
}

/** A two-level hierarchy: Total > groups > leaves, leaves spread as evenly as possible over the groups. */
function hierarchy(name: string, prefix: string, groups: number, leaves: number): { dim: Dimension; leaves: string[] } {
  const groupCodes = Array.from({ length: groups }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}`);
  const leafCodes = Array.from({ length: leaves }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}.${String(i + 1).padStart(3, '0')}`);
  const relations: Relation[] = [{ total: 'Total', parts: groupCodes }];
  groupCodes.forEach((g, i) => {
    relations.push({ total: g, parts: leafCodes.filter((_, j) => Math.floor((j * groups) / leaves) === i) });
  });
  return { dim: { name, root: 'Total', codes: ['Total', ...groupCodes, ...leafCodes], relations }, leaves: leafCodes };
}

export interface SdcInstance {
  name: string;
  table: Table;
  reference: { suppressed: number; note: string };
}

export function sdcLikeInstance(median: number, seed: number): Table {
  const r = seeded(seed);
  const area = hierarchy('area', 'A', 13, 101);
  const category = hierarchy('category', 'C', 5, 45);
  const cells: Table['cells'] = [];
  for (const a of area.leaves) {
    for (const c of category.leaves) {
      const n = lognormalPoisson(r, median, 1.1);
      if (n > 0) cells.push({ coords: [a, c], count: n });
    }
  }
  return { id: `sdc_median_${median}`, measure: 'count', dimensions: [area.dim, category.dim], cells };
}

const TYPOLOGIES = ['C', 'T1', 'T2', 'T3', 'T4', 'T5', 'T6P'];

/**
 * The national table as `infocentre protect` reads it: every commune × 7 typologies, leaf counts only (the command
 * computes every margin, both geographic hierarchies included since every EPCI is mentioned). A commune's demand
 * grows with its population; typologies share it unevenly.
 */
export function nationalLongForm(seed: number): string {
  const r = seeded(seed);
  const g = geography();
  const shares = [0.02, 0.12, 0.3, 0.3, 0.17, 0.06, 0.03];
  const lines = ['geo;typology;value'];
  for (const c of g.communes.values()) {
    const base = 0.075 * Math.pow(Math.max(c.population, 1), 0.97);
    TYPOLOGIES.forEach((ty, j) => {
      const n = poisson(r, base * shares[j] * Math.exp(0.5 * normal(r)));
      if (n > 0) lines.push(`COM:${c.code};${ty};${n}`);
    });
  }
  // EPCI rows with a zero count would be inconsistent; mention them through their `_T` margin computed later: an
  // EPCI is mentioned by one of its rows with the exact sum, so the second hierarchy is declared and checked.
  const byEpci = new Map<string, number[]>();
  for (const line of lines.slice(1)) {
    const [geo, ty, v] = line.split(';');
    const epci = g.communes.get(geo.slice(4))!.epci;
    if (!epci) continue;
    const sums = byEpci.get(epci) ?? new Array<number>(TYPOLOGIES.length).fill(0);
    sums[TYPOLOGIES.indexOf(ty)] += Number(v);
    byEpci.set(epci, sums);
  }
  for (const [epci, sums] of byEpci) lines.push(`EPCI:${epci};_T;${sums.reduce((a, b) => a + b, 0)}`);
  return `${lines.join('\n')}\n`;
}
