// Blocks of the geography, for the LPs that fix every cell outside one (block-lp.ts, repair-lp.ts). Blocks follow the
// tables' widest dimension (the geography): a leaf's cells (a commune's) join the block of its smallest enclosing
// unit (its EPCI) at level 1, of its largest (its département) at level 2; any other code's cells form the block of
// that code. Levels 3 to 5 grow a cell's level 2 block through the relations around it (blockMembers).
import type { DimLayout } from './layout.ts';
import { PERIOD_DIMENSION, periodYear } from './period-dimension.ts';
import type { Problem } from './problem.ts';

const blockCache = new WeakMap<Problem, Int32Array[]>();

/**
 * Levels 3 and 5 follow relations whose cells lie in at most this many level 2 blocks (a région's départements, a
 * département's communes however many): France as the sum of every EPCI reaches a hundred and is held still.
 */
const WIDEST_NEIGHBOURHOOD = 40;
const reachCache = new WeakMap<Problem, Uint8Array>();
export type BlockLevel = 1 | 2 | 3 | 4 | 5;
const memberCache = new WeakMap<Problem, { start: Int32Array; ids: Int32Array }[]>();
/**
 * The last level 3 block built: repairs come in département order, so the next one is most often the same. A capped
 * one serves only its own cell (asked again for the cell's other need, and by level 4).
 */
const lastRegion = new WeakMap<Problem, { b: number; id: number; capped: boolean; limit: number; cells: Int32Array }>();
/** One mark per cell, cleared after each level 3 block: blocks of level 1 and 2 overlap across borders. */
const markCache = new WeakMap<Problem, Uint8Array>();

/**
 * Every cell (suppressed or not) of the block around `id`: its level 1 or level 2 block, or at level 3 its level 2
 * block with the level 2 blocks of every cell sharing a relation with it (the département's neighbours through its
 * margins and cross-border EPCI: a région), leaving out relations as wide as a country, and neighbours once the block
 * would exceed `limit` cells: a département's cell moves against one or two of its neighbours, not the whole région.
 * Level 4 adds to level 3 the level 2 blocks of the totals the cell adds up to, and theirs, up to France; level 5
 * starts again from those and grows relation by relation, smallest blocks first, each step within half the room left.
 * The result is shared: read it, never change it.
 */
export function blockMembers(p: Problem, id: number, level: BlockLevel, limit = Number.POSITIVE_INFINITY): Int32Array {
  if (level === 1 || level === 2) return members(p, level, blocksOf(p, level)[id]);
  if (level === 4) return withTotals(p, id, blockMembers(p, id, 3, limit), limit);
  if (level === 5) return widened(p, id, limit);
  const block = blocksOf(p, 2);
  const last = lastRegion.get(p);
  if (last && last.limit === limit && (last.capped ? last.id === id : last.b === block[id])) return last.cells;
  const own = members(p, 2, block[id]);
  const wide = wideRelations(p);
  const region = new Region(p, limit);
  region.take(own);
  const chosen = new Set<number>([block[id]]);
  const joined = new Set<number>();
  const unit = blocksOf(p, 1);
  const join = (u: number) => {
    if (joined.has(u)) return false;
    joined.add(u);
    return region.take(members(p, 1, u));
  };
  // The blocks the cell's own relations reach come first: when the limit leaves some out, they are the ones it
  // needs (a département's cell of a table stopping at the département, against its communes in the other tables).
  for (const cell of [id, ...own]) {
    for (let q = p.cellConsOff[cell]; q < p.cellConsOff[cell + 1]; q++) {
      const c = p.cellCons[q];
      // France as the sum of every EPCI would bring in the whole country: held still instead.
      if (wide[c]) continue;
      for (let e = p.cons.off[c]; e < p.cons.off[c + 1]; e++) {
        const other = p.cons.cells[e];
        const b = block[other];
        if (!chosen.has(b)) {
          chosen.add(b);
          if (region.take(members(p, 2, b))) continue;
        }
        // A neighbour too large to take whole, met by the cell's own relations (Pithon, the one commune of Aisne in
        // an EPCI of the Somme): its level 1 block comes instead, with the level 1 blocks of the totals its cells add
        // up to (the Somme's own cells), so the cell can move against a commune of that EPCI across the border.
        if (cell !== id || region.has(other) || !join(unit[other])) continue;
        for (const x of members(p, 1, unit[other])) {
          for (let r = p.cellConsOff[x]; r < p.cellConsOff[x + 1]; r++) join(unit[p.cons.cells[p.cons.off[p.cellCons[r]]]]);
        }
      }
    }
  }
  const cells = region.done();
  // A capped block depends on the cell it was built around; a whole one serves every cell of the block.
  lastRegion.set(p, { b: block[id], id, capped: region.capped, limit, cells });
  return cells;
}

/**
 * The level 3 block with the level 2 blocks of every total above the cell (its département, région and France, in
 * every table), while they fit. Level 3 holds France still; where the cell's own unit cannot absorb a change (Saint-
 * Pierre-et-Miquelon: two communes, a région of one département), only the national total can.
 */
function withTotals(p: Problem, id: number, region3: Int32Array, limit: number): Int32Array {
  const region = new Region(p, limit);
  region.take(region3);
  const block = blocksOf(p, 2);
  for (const total of totalsAbove(p, id)) if (!region.has(total)) region.take(members(p, 2, block[total]));
  return region.done();
}

/** Every total the cell adds up to, then theirs, and so on (a commune's: its département, région, France; per table). */
function totalsAbove(p: Problem, id: number): number[] {
  const seen = new Set<number>([id]);
  const chain = [id];
  for (let k = 0; k < chain.length; k++) {
    for (let q = p.cellConsOff[chain[k]]; q < p.cellConsOff[chain[k] + 1]; q++) {
      const total = p.cons.cells[p.cons.off[p.cellCons[q]]];
      if (seen.has(total)) continue;
      seen.add(total);
      chain.push(total);
    }
  }
  return chain.slice(1);
}

/**
 * The cell's level 2 block with those of the totals above it, grown relation by relation, the smallest blocks of
 * each step first, each step within half the room left. Level 3 goes one relation away from the département and takes neighbours in the
 * order met, so a région's cell may fill the limit with other régions before its own département's communes, and
 * France's cells move only through a région and then one of its départements.
 */
function widened(p: Problem, id: number, limit: number): Int32Array {
  const block = blocksOf(p, 2);
  const wide = wideRelations(p);
  const region = new Region(p, limit);
  const chosen = new Set<number>();
  let frontier: Int32Array[] = [];
  // Each step after the first takes at most half the room left, so that the next step still has some: France's
  // cells need one région and then its départements, not as many régions as fit.
  const add = (bs: Iterable<number>, share: number) => {
    const next: Int32Array[] = [];
    const fresh = [...bs].filter((b) => !chosen.has(b));
    for (const b of fresh) chosen.add(b);
    fresh.sort((a, b) => blockSize(p, a) - blockSize(p, b) || a - b);
    const budget = region.size + (limit - region.size) * share;
    for (const b of fresh) {
      const more = members(p, 2, b);
      if (region.size + more.length > budget) break;
      if (region.take(more)) next.push(more);
    }
    return next;
  };
  frontier = add([block[id], ...totalsAbove(p, id).map((total) => block[total])], 1);
  while (frontier.length > 0) {
    const reached = new Set<number>();
    for (const part of frontier) {
      for (const cell of part) {
        for (let q = p.cellConsOff[cell]; q < p.cellConsOff[cell + 1]; q++) {
          const c = p.cellCons[q];
          if (wide[c]) continue;
          for (let e = p.cons.off[c]; e < p.cons.off[c + 1]; e++) reached.add(block[p.cons.cells[e]]);
        }
      }
    }
    frontier = add(reached, 0.5);
  }
  return region.done();
}

function blockSize(p: Problem, b: number): number {
  return members(p, 2, b).length;
}

/** 1 for each relation whose cells lie in more than WIDEST_NEIGHBOURHOOD level 2 blocks. */
function wideRelations(p: Problem): Uint8Array {
  let wide = reachCache.get(p);
  if (wide) return wide;
  const block = blocksOf(p, 2);
  const m = p.cons.off.length - 1;
  wide = new Uint8Array(m);
  const reached = new Set<number>();
  for (let c = 0; c < m; c++) {
    if (p.cons.off[c + 1] - p.cons.off[c] <= WIDEST_NEIGHBOURHOOD) continue;
    reached.clear();
    for (let e = p.cons.off[c]; e < p.cons.off[c + 1] && reached.size <= WIDEST_NEIGHBOURHOOD; e++) reached.add(block[p.cons.cells[e]]);
    wide[c] = reached.size > WIDEST_NEIGHBOURHOOD ? 1 : 0;
  }
  reachCache.set(p, wide);
  return wide;
}

/** A block of level 3 to 5 being built: blocks taken whole while they fit, each cell once. */
class Region {
  private readonly parts: Int32Array[] = [];
  size = 0;
  private readonly marked: Uint8Array;
  capped = false;

  constructor(p: Problem, private readonly limit: number) {
    const mark = markCache.get(p) ?? new Uint8Array(p.n);
    markCache.set(p, mark);
    this.marked = mark;
  }

  has(id: number): boolean {
    return this.marked[id] === 1;
  }

  /** Adds the cells of `part` not yet in, unless they would take the block past its limit. */
  take(part: Int32Array): boolean {
    let fresh = 0;
    for (const id of part) fresh += 1 - this.marked[id];
    if (this.size + fresh > this.limit) {
      this.capped = true;
      return false;
    }
    if (fresh === 0) return true;
    const added = fresh === part.length ? part : part.filter((id) => !this.marked[id]);
    for (const id of added) this.marked[id] = 1;
    this.parts.push(added);
    this.size += fresh;
    return true;
  }

  /** The block's cells; clears the marks for the next block. */
  done(): Int32Array {
    const cells = new Int32Array(this.size);
    let at = 0;
    for (const part of this.parts) {
      cells.set(part, at);
      at += part.length;
    }
    for (const id of cells) this.marked[id] = 0;
    return cells;
  }
}

/** The cells of block `b` at `level`: a view on the cached index, not a copy. */
function members(p: Problem, level: 1 | 2, b: number): Int32Array {
  const cache = memberCache.get(p) ?? [];
  memberCache.set(p, cache);
  if (!cache[level]) {
    const block = blocksOf(p, level);
    let blocks = 0;
    for (let i = 0; i < p.n; i++) blocks = Math.max(blocks, block[i] + 1);
    const start = new Int32Array(blocks + 1);
    for (let i = 0; i < p.n; i++) start[block[i] + 1]++;
    for (let k = 0; k < blocks; k++) start[k + 1] += start[k];
    const fill = start.slice(0, blocks);
    const ids = new Int32Array(p.n);
    for (let i = 0; i < p.n; i++) ids[fill[block[i]]++] = i;
    cache[level] = { start, ids };
  }
  const { start, ids } = cache[level];
  return ids.subarray(start[b], start[b + 1]);
}


/**
 * Block number of every cell, from its owner table's widest dimension (the geographic unit level when marked). At
 * level 1 a table with periods is also cut by year (a year with its quarters and months; 12M and _T alone), for the
 * local LPs of round 1 and the repair LPs alike: a monthly table stops at the département, so without the cut its
 * level-1 block is a whole région over three years. On the `small` release's monthly repairs the cut made them
 * 10–30 % faster with 3–30 % fewer suppressions.
 */
export function blocksOf(p: Problem, level: 1 | 2): Int32Array {
  const cache = blockCache.get(p) ?? [];
  blockCache.set(p, cache);
  if (cache[level]) return cache[level];
  const keys = new Map<string, number>();
  const perTable = p.tables.map((t) => {
    const dims = t.layout.dims;
    let d = dims.findIndex((dl) => dl.dim.unitLevel);
    if (d < 0) d = dims.reduce((best, dl, i) => (dl.dim.codes.length > dims[best].dim.codes.length ? i : best), 0);
    const period = level === 1 ? dims.findIndex((dl, i) => i !== d && dl.dim.name === PERIOD_DIMENSION) : -1;
    const groups = period < 0 ? [''] : dims[period].dim.codes.map((code) => periodYear(code) ?? code);
    const owner = enclosingUnits(dims[d], level);
    const blockOfCode = owner.flatMap((code) => groups.map((group) => {
      const key = `${t.layout.table.measure}\u0001${code}\u0001${group}`;
      let b = keys.get(key);
      if (b === undefined) keys.set(key, (b = keys.size));
      return b;
    }));
    return { d, period, groups: groups.length, blockOfCode };
  });
  const block = new Int32Array(p.n);
  for (let id = 0; id < p.n; id++) {
    const { layout } = p.tables[p.owner[id]];
    const { d, period, groups, blockOfCode } = perTable[p.owner[id]];
    const at = (dim: number) => Math.floor(p.ownerIndex[id] / layout.strides[dim]) % layout.sizes[dim];
    block[id] = blockOfCode[at(d) * groups + (period < 0 ? 0 : at(period))];
  }
  cache[level] = block;
  return block;
}

/** Per code, the code whose block it joins. */
function enclosingUnits(dl: DimLayout, level: 1 | 2): string[] {
  const { codes } = dl.dim;
  const chosen = codes.map(() => -1);
  const size = codes.map(() => (level === 1 ? Number.POSITIVE_INFINITY : 0));
  for (const r of dl.relations) {
    // Only units made of leaves enclose a leaf: France as the sum of every EPCI and of the few communes outside
    // any EPCI (Île-de-Bréhat) is not that commune's block, its département is.
    if (!r.parts.every((x) => dl.leaf[x])) continue;
    for (const part of r.parts) {
      if (level === 1 ? r.parts.length < size[part] : r.parts.length > size[part]) {
        size[part] = r.parts.length;
        chosen[part] = r.total;
      }
    }
  }
  const own = codes.map((_, c) => (dl.leaf[c] && chosen[c] >= 0 ? chosen[c] : c));
  if (level === 2) {
    // A unit that is no leaf's block joins the block most of its leaves are in (an EPCI, its main département).
    const isBlock = new Uint8Array(codes.length);
    codes.forEach((_, c) => { if (dl.leaf[c]) isBlock[own[c]] = 1; });
    for (const r of dl.relations) {
      if (isBlock[r.total] || !r.parts.every((x) => dl.leaf[x])) continue;
      const votes = new Map<number, number>();
      for (const x of r.parts) votes.set(own[x], (votes.get(own[x]) ?? 0) + 1);
      own[r.total] = [...votes].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
    }
  }
  return own.map((c) => codes[c]);
}
