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
  ancestors: Set<number>[]; // per code: every total above it, through every hierarchy
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
    const ancestors: Set<number>[] = new Array(n);
    const up = (c: number): Set<number> => {
      if (ancestors[c]) return ancestors[c];
      const set = new Set<number>();
      ancestors[c] = set;
      for (const r of part[c]) {
        const t = dl.relations[r].total;
        set.add(t);
        for (const a of up(t)) set.add(a);
      }
      return set;
    };
    for (let c = 0; c < n; c++) up(c);
    return { asPart: part.map((x) => Int32Array.from(x)), asTotal: total.map((x) => Int32Array.from(x)), ancestors };
  });
  pairsCache.set(t, cached);
  return cached;
}

/** Balanced shapes a cell may try (each checked against every relation it touches). */
const MAX_SHAPES = 40;
/**
 * Shapes tried per cell, most of them stopping at a published cell: a commune has hundreds of siblings, and what
 * the first few dozen shapes cannot settle the block LPs do faster (national table: round 1 went from 79 s to 36 s
 * with a cap of 200, same failures; since the LPs re-solve by the primal simplex, 6.5 s with 50 against 7.7–8.2 s
 * with 200, about as many failures).
 */
const MAX_ATTEMPTS = 50;

export class Certifier {
  private readonly sums: Float64Array;
  private readonly touched: number[] = [];
  // The cell being certified and its search so far: fields rather than closures, which would be made again for
  // every cell (and under tsx each one costs a call that names it: half a second on the national table).
  private id = 0;
  private i = 0;
  private needs!: Needs;
  private g!: Int32Array;
  private k = 0;
  private layout!: FullTable['layout'];
  private pairs!: DimPairs[];
  private readonly codes: number[] = [];
  private upLeft = 0;
  private readonly usedDown = new Set<number>(); // cells already lowered by an earlier shape
  private shapes = 0;
  private attempts = 0;
  private readonly cells: number[] = [];
  private readonly signs: number[] = [];
  /** The first dimension's vector while the second dimension's are crossed with it. */
  private v1: number[] = [];
  private d1 = 0;

  constructor(
    private readonly p: Problem,
    private readonly variable: (id: number) => boolean,
    private readonly values: Float64Array,
    private readonly step: number,
  ) {
    this.sums = new Float64Array(p.cons.off.length - 1);
  }

  /** Tries to settle cell `id`'s needs; clears what it proves. */
  certify(id: number, i: number, needs: Needs): void {
    const { p } = this;
    const t = p.tables[p.owner[id]];
    this.id = id;
    this.i = i;
    this.needs = needs;
    this.g = p.global[p.owner[id]];
    this.k = p.ownerIndex[id];
    this.layout = t.layout;
    this.pairs = dimPairs(t);
    const { layout, codes } = this;
    codes.length = 0;
    for (let d = 0; d < layout.sizes.length; d++) codes[d] = Math.floor(this.k / layout.strides[d]) % layout.sizes[d];
    this.upLeft = needs.up[i];
    this.usedDown.clear();
    this.shapes = 0;
    this.attempts = 0;
    for (let d1 = 0; d1 < layout.sizes.length; d1++) {
      this.d1 = d1;
      if (!this.vectors(d1, codes[d1], true)) break;
    }
    if (this.upLeft <= 0) needs.up[i] = 0;
  }

  /** One shape in `cells` / `signs`: what it proves; false once nothing is left to prove or the budget is spent. */
  private tryShape(): boolean {
    const { needs, i, cells, signs } = this;
    if (++this.shapes > MAX_SHAPES) return false;
    if (!this.balanced(cells, signs)) return true;
    // Down by D: cells with sign +1 (other than the cell itself) lose D too.
    let downCap = Number.POSITIVE_INFINITY;
    let upCap = Number.POSITIVE_INFINITY;
    for (let j = 1; j < cells.length; j++) {
      const v = this.values[cells[j]];
      if (signs[j] > 0) downCap = Math.min(downCap, v);
      else upCap = Math.min(upCap, this.usedDown.has(cells[j]) ? 0 : v);
    }
    if (needs.down[i] > 0 && downCap >= needs.down[i]) needs.down[i] = 0;
    if (needs.move[i] && ((downCap >= this.step && this.values[this.id] >= this.step) || upCap >= this.step)) needs.move[i] = 0;
    if (this.upLeft > 0 && upCap > 0) {
      this.upLeft -= upCap;
      for (let j = 1; j < cells.length; j++) if (signs[j] < 0) this.usedDown.add(cells[j]);
      if (this.upLeft <= 0) needs.up[i] = 0;
    }
    return needs.up[i] > 0 || needs.down[i] > 0 || needs.move[i] === 1;
  }

  /** The second cell of a vector must be hidden, or no shape through it can be: checked before building it. */
  private admits(d: number, b: number): boolean {
    return this.variable(this.g[this.k + (b - this.codes[d]) * this.layout.strides[d]]);
  }

  /**
   * 1-D balanced vectors through code a (a first, sign +1), as flat [code, sign, code, sign…] lists: for a leaf,
   * chain(a) − chain(b) for leaves b near it (every total above one and not the other moves too: two communes of one
   * EPCI cancel out, two of one département but different EPCI move their EPCI as well), and chain(a) alone; for a
   * total, a with one of its parts or its own total. Each goes to `use` (false: stop).
   */
  private vectors(d: number, a: number, outer: boolean): boolean {
    const dl = this.layout.dims[d];
    const rels = dl.relations;
    const { asPart, asTotal, ancestors: anc } = this.pairs[d];
    if (dl.leaf[a]) {
      // chain(a) first: crossed with a code and its total it is the cheapest shape of a category dimension.
      const chain = [a, 1];
      for (const x of anc[a]) chain.push(x, 1);
      if (!this.use(chain, d, outer)) return false;
      const seen = new Set<number>();
      for (const r of asPart[a]) {
        for (const b of rels[r].parts) {
          // A commune has hundreds of siblings, most of them published.
          if (b === a || !dl.leaf[b] || seen.has(b) || !this.admits(d, b)) continue;
          seen.add(b);
          const v = [a, 1, b, -1];
          for (const x of anc[a]) if (!anc[b].has(x)) v.push(x, 1);
          for (const x of anc[b]) if (!anc[a].has(x)) v.push(x, -1);
          if (!this.use(v, d, outer)) return false;
        }
      }
      return true;
    }
    for (const r of asPart[a]) {
      if (this.admits(d, rels[r].total) && !this.use([a, 1, rels[r].total, 1], d, outer)) return false;
      for (const b of rels[r].parts) if (b !== a && this.admits(d, b) && !this.use([a, 1, b, -1], d, outer)) return false;
    }
    for (const r of asTotal[a]) for (const b of rels[r].parts) if (this.admits(d, b) && !this.use([a, 1, b, 1], d, outer)) return false;
    return true;
  }

  /**
   * A vector of the first dimension (`outer`) is tried alone, then crossed with every vector of each other dimension;
   * one of the second is crossed with the first's current vector.
   */
  private use(v: number[], d: number, outer: boolean): boolean {
    if (!outer) return this.inShape(this.v1, this.d1, v, d);
    if (!this.inShape(v, d, undefined, 0)) return false;
    this.v1 = v;
    for (let d2 = 0; d2 < this.layout.sizes.length; d2++) {
      if (d2 !== d && !this.vectors(d2, this.codes[d2], false)) return false;
    }
    return true;
  }

  private inShape(v1: number[], d1: number, v2: number[] | undefined, d2: number): boolean {
    if (++this.attempts > MAX_ATTEMPTS) return false;
    const { cells, signs, layout, g, k, codes } = this;
    cells.length = 0; signs.length = 0;
    for (let x = 0; x < v1.length; x += 2) {
      const k1 = k + (v1[x] - codes[d1]) * layout.strides[d1];
      if (!v2) {
        const id1 = g[k1];
        if (!this.variable(id1)) return true;
        cells.push(id1); signs.push(v1[x + 1]);
        continue;
      }
      for (let y = 0; y < v2.length; y += 2) {
        const id2 = g[k1 + (v2[y] - codes[d2]) * layout.strides[d2]];
        if (!this.variable(id2)) return true;
        cells.push(id2); signs.push(v1[x + 1] * v2[y + 1]);
      }
    }
    return this.tryShape();
  }

  /** Every relation touching the shape still adds up once δ is applied. */
  private balanced(cells: number[], signs: number[]): boolean {
    const { cellConsOff, cellCons, cons } = this.p;
    const { sums, touched } = this;
    touched.length = 0;
    for (let j = 0; j < cells.length; j++) {
      const id = cells[j];
      for (let q = cellConsOff[id]; q < cellConsOff[id + 1]; q++) {
        const c = cellCons[q];
        if (sums[c] === 0) touched.push(c);
        sums[c] += (cons.cells[cons.off[c]] === id ? -1 : 1) * signs[j];
      }
    }
    let ok = true;
    for (const c of touched) {
      if (sums[c] !== 0) ok = false;
      sums[c] = 0;
    }
    return ok;
  }
}
