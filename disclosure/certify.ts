// Cheap certificates before any LP (truth known). A certificate is an explicit perturbation δ of the suppressed
// cells that keeps every published cell and every relation exact (checked relation by relation, whatever the
// tables and hierarchies) and every cell ≥ 0: truth + δ is a table the attacker cannot exclude, so it proves how far
// a cell can move. Shapes come from the tables' structure: a pair of codes of one dimension that balance each other
// (two siblings, or a code and its total), crossed with such a pair of a second dimension — the classic
// rectangle, e.g. (commune A − twin commune B) × (T2 + total). Several rectangles through the same cell whose
// decreasing cells are disjoint add up, which is how a small commune reaches the threshold with the help of a few
// small neighbours. Cells this cannot settle go to the LP (attack.ts), which is exact.
import type { FullTable } from './aggregate.ts';
import type { Problem } from './problem.ts';

/** What a cell still needs: to go up by `up`, down by `down`, or move at all (`move`, by at least `step`). */
export interface Needs {
  up: Float64Array;
  down: Float64Array;
  move: Uint8Array;
}

interface DimPairs {
  asPart: Int32Array[]; // per code: relations where it is a part
  asTotal: Int32Array[]; // per code: relations where it is the total
}

const pairsCache = new WeakMap<FullTable, DimPairs[]>();

function dimPairs(t: FullTable): DimPairs[] {
  let cached = pairsCache.get(t);
  if (cached) return cached;
  cached = t.layout.dims.map((dl) => {
    const n = dl.dim.codes.length;
    const part: number[][] = Array.from({ length: n }, () => []);
    const total: number[][] = Array.from({ length: n }, () => []);
    // Smaller relations first: siblings there are likelier to share every other relation (twins).
    const order = dl.relations.map((r, i) => i).sort((a, b) => dl.relations[a].parts.length - dl.relations[b].parts.length);
    for (const r of order) {
      const rel = dl.relations[r];
      total[rel.total].push(r);
      for (const c of rel.parts) part[c].push(r);
    }
    return { asPart: part.map((x) => Int32Array.from(x)), asTotal: total.map((x) => Int32Array.from(x)) };
  });
  pairsCache.set(t, cached);
  return cached;
}

const MAX_SHAPES = 400;

export class Certifier {
  private readonly sums = new Map<number, number>();

  constructor(
    private readonly p: Problem,
    private readonly variable: (id: number) => boolean,
    private readonly values: Float64Array,
    private readonly step: number,
  ) {}

  /** Tries to settle cell `id`'s needs; clears what it proves. */
  certify(id: number, i: number, needs: Needs): void {
    const { p } = this;
    const t = p.tables[p.owner[id]];
    const g = p.global[p.owner[id]];
    const k = p.ownerIndex[id];
    const { layout } = t;
    const pairs = dimPairs(t);
    const codes: number[] = [];
    for (let d = 0; d < layout.sizes.length; d++) codes[d] = Math.floor(k / layout.strides[d]) % layout.sizes[d];
    let upLeft = needs.up[i];
    const usedDown = new Set<number>(); // cells already lowered by an earlier shape
    let shapes = 0;
    const cells: number[] = [];
    const signs: number[] = [];
    const tryShape = (): boolean => {
      if (++shapes > MAX_SHAPES) return false;
      for (const c of cells) if (!this.variable(c)) return true;
      if (!this.balanced(cells, signs)) return true;
      // Down by D: cells with sign +1 (other than the cell itself) lose D too.
      let downCap = Number.POSITIVE_INFINITY;
      let upCap = Number.POSITIVE_INFINITY;
      for (let j = 1; j < cells.length; j++) {
        const v = this.values[cells[j]];
        if (signs[j] > 0) downCap = Math.min(downCap, v);
        else upCap = Math.min(upCap, usedDown.has(cells[j]) ? 0 : v);
      }
      if (needs.down[i] > 0 && downCap >= needs.down[i]) needs.down[i] = 0;
      if (needs.move[i] && ((downCap >= this.step && this.values[id] >= this.step) || upCap >= this.step)) needs.move[i] = 0;
      if (upLeft > 0 && upCap > 0) {
        upLeft -= upCap;
        for (let j = 1; j < cells.length; j++) if (signs[j] < 0) usedDown.add(cells[j]);
        if (upLeft <= 0) needs.up[i] = 0;
      }
      return needs.up[i] > 0 || needs.down[i] > 0 || needs.move[i] === 1;
    };
    const partners = (d: number, a: number, fn: (a2: number, sign: number) => boolean): boolean => {
      const rels = layout.dims[d].relations;
      for (const r of pairs[d].asPart[a]) {
        const rel = rels[r];
        if (!fn(rel.total, 1)) return false;
        for (const b of rel.parts) if (b !== a && !fn(b, -1)) return false;
      }
      for (const r of pairs[d].asTotal[a]) for (const b of rels[r].parts) if (!fn(b, 1)) return false;
      return true;
    };
    const dims = layout.sizes.length;
    for (let d1 = 0; d1 < dims; d1++) {
      const s1 = layout.strides[d1];
      const goOn = partners(d1, codes[d1], (a2, sign1) => {
        const r1 = k + (a2 - codes[d1]) * s1;
        if (!this.variable(g[r1])) return true;
        cells.length = 0; signs.length = 0;
        cells.push(id, g[r1]); signs.push(1, sign1);
        if (!tryShape()) return false;
        for (let d2 = 0; d2 < dims; d2++) {
          if (d2 === d1) continue;
          const s2 = layout.strides[d2];
          const more = partners(d2, codes[d2], (b2, sign2) => {
            const r2 = k + (b2 - codes[d2]) * s2;
            const r12 = r1 + (b2 - codes[d2]) * s2;
            cells.length = 0; signs.length = 0;
            cells.push(id, g[r1], g[r2], g[r12]); signs.push(1, sign1, sign2, sign1 * sign2);
            return tryShape();
          });
          if (!more) return false;
        }
        return true;
      });
      if (!goOn) break;
    }
    if (upLeft <= 0) needs.up[i] = 0;
  }

  /** Every relation touching the shape still adds up once δ is applied. */
  private balanced(cells: number[], signs: number[]): boolean {
    const { cellConsOff, cellCons, cons } = this.p;
    const sums = this.sums;
    sums.clear();
    for (let j = 0; j < cells.length; j++) {
      const id = cells[j];
      for (let q = cellConsOff[id]; q < cellConsOff[id + 1]; q++) {
        const c = cellCons[q];
        const coef = cons.cells[cons.off[c]] === id ? -1 : 1;
        sums.set(c, (sums.get(c) ?? 0) + coef * signs[j]);
      }
    }
    for (const v of sums.values()) if (v !== 0) return false;
    return true;
  }
}
