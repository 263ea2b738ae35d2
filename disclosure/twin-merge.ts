// A certificate for whole hidden units, before any LP (truth known). Twins are leaf codes of a dimension that are
// parts of exactly the same relations in every table of a measure (two small communes of one EPCI and one
// département). When every cell of several twins is hidden, the table where all their data is moved onto one of
// them (the others empty) keeps every relation exact — each relation holds all of them or none — and every cell
// ≥ 0, so the attacker cannot exclude it: each of their cells can be empty, and can reach the sum of its twins' cells
// on the same line. This settles, in linear time, the bulk of a national release (tens of thousands of communes under
// 10 requests), which rectangle certificates cannot: a commune's total is shared by every table at commune level.
import { constraintFilter } from './components.ts';
import { forEachLine } from './layout.ts';
import type { Problem } from './problem.ts';

export interface TwinBounds {
  /** Per cell id: a value the cell can reach (NaN when no merge applies). */
  high: Float64Array;
  /** Per cell id: 1 when the cell can be empty. */
  canBeZero: Uint8Array;
}

interface Member {
  table: number;
  dim: number;
  code: number;
}

export function twinBounds(p: Problem, variable: (id: number) => boolean, values: Float64Array, measure: number): TwinBounds {
  const high = new Float64Array(p.n).fill(Number.NaN);
  const canBeZero = new Uint8Array(p.n);
  for (const candidates of twinClasses(p, measure).values()) {
    const units = candidates.filter((unit) => unit.every((m) => wholeLineHidden(p, m, variable)));
    if (units.length < 2) continue;
    const first = units[0];
    first.forEach((m, j) => {
      const layout = p.tables[m.table].layout;
      const g = p.global[m.table];
      const codes = units.map((unit) => unit[j].code);
      forEachLine(layout, m.dim, (base, stride) => {
        let sum = 0;
        for (const code of codes) sum += values[g[base + code * stride]];
        for (const code of codes) {
          const id = g[base + code * stride];
          canBeZero[id] = 1;
          if (!(high[id] >= sum)) high[id] = sum;
        }
      });
    });
  }
  return { high, canBeZero };
}

/** Twin classes depend on the tables only: computed once per problem and measure, not once per repair round. */
const classCache = new WeakMap<Problem, Map<number, Map<string, Member[][]>>>();

/**
 * Leaf codes grouped by their place in every relation of the tables the measure's relations come from. The key is a
 * code's measure, dimension name, and for each table holding it, the totals of the relations it is a part of, so two
 * codes share a key only when they are twins everywhere they appear.
 */
function twinClasses(p: Problem, measure: number): Map<string, Member[][]> {
  const byMeasure = classCache.get(p) ?? new Map<number, Map<string, Member[][]>>();
  classCache.set(p, byMeasure);
  let classes = byMeasure.get(measure);
  if (!classes) byMeasure.set(measure, (classes = computeTwinClasses(p, measure)));
  return classes;
}

function computeTwinClasses(p: Problem, measure: number): Map<string, Member[][]> {
  const applies = constraintFilter(p, measure);
  const relevant = new Set<number>();
  for (let c = 0; c < p.cons.table.length; c++) if (applies(c)) relevant.add(p.cons.table[c]);
  const keys = new Map<string, { key: string; members: Member[] }>();
  const poisoned = new Set<string>();
  p.tables.forEach((t, ti) => {
    if (!relevant.has(ti)) return;
    t.layout.dims.forEach((dl, d) => {
      const parents: number[][] = dl.dim.codes.map(() => []);
      for (const r of dl.relations) for (const part of r.parts) parents[part].push(r.total);
      dl.dim.codes.forEach((code, c) => {
        const identity = `${t.layout.table.measure}\u0001${dl.dim.name}\u0001${code}`;
        // A code that is a total anywhere (a département is a leaf of one table, the sum of its communes in another)
        // cannot move without breaking that sum.
        if (!dl.leaf[c] || parents[c].length === 0) {
          poisoned.add(identity);
          return;
        }
        const entry = keys.get(identity) ?? { key: '', members: [] };
        entry.key += `|${ti}:${parents[c].map((x) => dl.dim.codes[x]).sort().join(',')}`;
        entry.members.push({ table: ti, dim: d, code: c });
        keys.set(identity, entry);
      });
    });
  });
  // One unit per code, its members in table order: the key names the same tables in the same order for all.
  const classes = new Map<string, Member[][]>();
  for (const [identity, { key, members }] of keys) {
    if (poisoned.has(identity)) continue;
    const classKey = `${identity.slice(0, identity.lastIndexOf('\u0001'))}${key}`;
    const units = classes.get(classKey);
    if (units) units.push(members);
    else classes.set(classKey, [members]);
  }
  return classes;
}

function wholeLineHidden(p: Problem, m: Member, variable: (id: number) => boolean): boolean {
  const layout = p.tables[m.table].layout;
  const g = p.global[m.table];
  let hidden = true;
  forEachLine(layout, m.dim, (base, stride) => {
    if (hidden && !variable(g[base + m.code * stride])) hidden = false;
  });
  return hidden;
}
