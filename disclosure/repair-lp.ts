// Repairs by linear programming: for a cell the attacker can still narrow, find the cheapest set of published
// cells whose suppression lets it move as far as its requirement says, and suppress exactly those.
//
// The repair LP looks for a perturbation d of the table around the failing cell: every relation stays exact
// (Σ parts d = d total), every cell stays ≥ 0 (d ≥ −value), locked cells do not move, and the failing cell moves
// by what it lacks (up to the threshold, down to zero, or by one either way). Moving a suppressed cell is free;
// moving a published one costs its weight per unit, so the optimum routes the change through cells already hidden
// and, where it must, through the fewest and smallest published cells. Suppressing those published cells makes
// truth + d a table the attacker cannot exclude: the failing cell is then protected, and so is every cell d moves
// far enough, with no further LP (this is the attacker's subproblem of the classic cell-by-cell heuristics, solved
// on a block of the geography rather than on the whole table).
//
// Blocks grow until the LP is feasible: the EPCI around the cell, its département, then the départements its
// relations reach (a région, or as many of its départements as MAX_BLOCK allows), then the same with the totals above
// the cell up to France (a région too small to absorb a change itself), then grown again from the cell relation by
// relation, smallest blocks first (France's cells move only through a région and one of its départements; a région's
// must reach its département's communes before the other régions fill the block), and last the région and its totals
// again up to WIDE_BLOCK. Cells outside the block keep their value, which only restricts the search: what is found is
// still a valid perturbation of the whole table. The failures of a round are repaired block by block and the last few
// models are kept meanwhile: the next failure in the same block only changes bounds and costs instead of building the
// model again.
import { blockMembers, blocksOf, type BlockLevel } from './blocks.ts';
import { constraintFilter } from './components.ts';
import { PERIOD_DIMENSION } from './period-dimension.ts';
import type { Failure } from './attack.ts';
import type { loadHighs } from './lp.ts';
import type { Problem } from './problem.ts';
import { countReach, type Reach } from './requirement.ts';

type Highs = Awaited<ReturnType<typeof loadHighs>>;

/** Largest block (cells) a repair LP first tries; most repairs need far less. */
const MAX_BLOCK = 60_000;
/**
 * Largest block of the second try, for the failures no block up to MAX_BLOCK could repair, before giving them back to
 * the proximity repair. With an earlier release carried, what it published is locked and only what it suppressed
 * still moves, so a change must travel further: in the national release of 30 November, November 2025's radiations
 * of the Somme moved only through its région's communes' rolling 12 months, 64 194 cells, and the proximity repair
 * then circled them for rounds without end.
 */
const WIDE_BLOCK = 400_000;
const TOL = 1e-6;
/** Every column's upper bound: far above any change a repair needs. */
const CAP = 1e9;
const KEEP = 4;

export interface RepairContext {
  p: Problem;
  highs: Highs;
  threshold: number;
  primary: Uint8Array;
  /** Values published before for cells that changed since (NaN elsewhere): requirement.ts. */
  earlier?: Float64Array;
  suppressed: Uint8Array;
  locked?: Uint8Array;
  suppress: (id: number) => void;
  /** Per measure (index measure + 1): cells whose requirement a witness already meets (the attack then skips them). */
  settled: Uint8Array[];
  /** Largest blocks of the first and second tries (default MAX_BLOCK and WIDE_BLOCK; tests make them small). */
  blockLimits?: { first: number; wide: number };
}

type Need = 'up' | 'down' | 'move-up' | 'move-down';

/**
 * One block's repair LP. Every cell of the block (but locked or unknown ones) has two columns, d⁺ and d⁻ ≥ 0, with
 * d⁻ ≤ value (the cell stays ≥ 0); they cost the cell's weight while it is published and nothing once suppressed.
 */
class BlockModel {
  readonly cells: number[] = []; // block cells that have columns, in column-pair order
  private readonly weight: number[] = [];
  private readonly free: Uint8Array; // 1 while the pair costs nothing (the cell is suppressed)
  private presolving = false;
  private readonly col = new Map<number, number>();
  private readonly model;
  /** The model is in a state HiGHS will not continue from. */
  broken = false;

  constructor(private readonly ctx: RepairContext, measure: number, readonly values: Float64Array, block: Int32Array) {
    const { p, locked, suppressed } = ctx;
    let maxValue = 1;
    for (const id of block) if (values[id] > maxValue) maxValue = values[id];
    for (const id of block) {
      if (Number.isNaN(values[id]) || locked?.[id]) continue;
      this.col.set(id, 2 * this.cells.length);
      this.cells.push(id);
      // Fewest cells first, then the smallest: a unit of change costs about one cell whatever its value.
      this.weight.push(1 + values[id] / (10 * maxValue));
    }
    const n = this.cells.length;
    this.free = new Uint8Array(n);
    const colCost = new Float64Array(2 * n);
    const colUpper = new Float64Array(2 * n);
    for (let j = 0; j < n; j++) {
      const id = this.cells[j];
      this.free[j] = suppressed[id];
      colCost[2 * j] = colCost[2 * j + 1] = suppressed[id] ? 0 : this.weight[j];
      colUpper[2 * j] = CAP;
      colUpper[2 * j + 1] = values[id];
    }
    // Rows: every relation of the measure touching a column, cells outside the block (or locked) held still. A
    // magnitude's relations are those of the tables that carry it: a table without it (attributions by reservation)
    // tells the attacker nothing about waiting days, and holding its cells still would pin every total it shares.
    const applies = constraintFilter(p, measure);
    const rows = new Set<number>();
    for (const id of this.cells) {
      for (let q = p.cellConsOff[id]; q < p.cellConsOff[id + 1]; q++) if (applies(p.cellCons[q])) rows.add(p.cellCons[q]);
    }
    const starts = [0];
    const indices: number[] = [];
    const coefs: number[] = [];
    const { off, cells } = p.cons;
    for (const c of rows) {
      for (let e = off[c]; e < off[c + 1]; e++) {
        const k = this.col.get(cells[e]);
        if (k === undefined) continue;
        const coef = e === off[c] ? -1 : 1;
        indices.push(k, k + 1);
        coefs.push(coef, -coef);
      }
      starts.push(indices.length);
    }
    const numRows = starts.length - 1;
    this.model = ctx.highs.createModel({
      numCols: 2 * n, numRows, colCost, colLower: new Float64Array(2 * n), colUpper,
      rowLower: new Float64Array(numRows), rowUpper: new Float64Array(numRows),
      matrix: { format: 'csr', numRows, numCols: 2 * n, starts: Int32Array.from(starts), indices: Int32Array.from(indices), values: Float64Array.from(coefs) },
    });
    // Presolve costs more than it saves on these network-like models (région 24: 88 ms → 13 ms a repair).
    this.model.options.set({ output_flag: false, presolve: 'off' });
  }

  /** The change of every column cell that meets `need` for cell `id` at least cost, or undefined. */
  solve(id: number, need: Need): Float64Array | undefined {
    const k = this.col.get(id);
    if (k === undefined) return undefined;
    const { suppressed } = this.ctx;
    let costly = 0; // pairs that still cost something
    for (let j = 0; j < this.cells.length; j++) {
      if (!this.free[j] && suppressed[this.cells[j]]) {
        this.free[j] = 1;
        this.model.changeColCost(2 * j, 0);
        this.model.changeColCost(2 * j + 1, 0);
      }
      costly += 1 - this.free[j];
    }
    // With nothing left to pay for, the LP only asks whether a change exists, and the dual simplex, every cost zero,
    // wanders: 440 ms a région block of a release reloaded at the same date (everything carried, what was published
    // locked), about 120 ms with presolve. Where some change costs, presolve only adds (39 → 128 ms a month later).
    if (this.presolving !== (costly === 0)) {
      this.presolving = costly === 0;
      this.model.options.set({ presolve: this.presolving ? 'on' : 'off' });
    }
    const v = this.values[id];
    const reach = need === 'up' || need === 'down' ? reachOf(this.ctx, id)! : undefined;
    // Bounds of the target's pair for this need; restored afterwards so the model serves the next failure.
    const [upLo, upHi, downLo, downHi] =
      need === 'up' ? [reach!.up - v, CAP, 0, 0]
      : need === 'down' ? [0, 0, v - reach!.down, v]
      : need === 'move-up' ? [1, CAP, 0, 0]
      : [0, 0, 1, v];
    if (need === 'move-down' && v < 1) return undefined;
    try {
      this.model.changeColBounds(k, upLo, upHi);
      this.model.changeColBounds(k + 1, downLo, downHi);
      // From the logical basis (every change at zero: the optimum before any target is forced), not from the last
      // repair's: that one holds the previous perturbation, which the simplex would first have to unwind. On the
      // monthly repairs of the `small` release, 4.7 times faster, with the same cells suppressed.
      this.model.setLogicalBasis();
      this.model.run();
      const status = this.model.getModelStatus();
      let x: ArrayLike<number> | undefined;
      if (status === 7) x = this.model.getSolution().colValue;
      this.model.changeColBounds(k, 0, CAP);
      this.model.changeColBounds(k + 1, 0, v);
      if (status !== 7 && status !== 8) this.broken = true; // numerical trouble: the caller starts afresh
      if (!x) return undefined;
      const d = new Float64Array(this.cells.length);
      for (let j = 0; j < d.length; j++) d[j] = x[2 * j] - x[2 * j + 1];
      return d;
    } catch {
      // HiGHS refuses to go on with a model whose last solve went wrong: it is dropped and built again.
      this.broken = true;
      return undefined;
    }
  }

  dispose(): void {
    this.model.dispose();
  }
}

/**
 * Blocks of levels 1 and 2 are fixed views, told apart by their first cell and size; from level 3 a block depends on
 * the failing cell, so its content is hashed too.
 */
function blockKey(level: number, block: Int32Array): string {
  if (level <= 2) return `${level}:${block[0]}:${block.length}`;
  let h = 0x811c9dc5;
  for (const id of block) h = Math.imul(h ^ id, 0x01000193);
  return `${level}:${block[0]}:${block.length}:${h >>> 0}`;
}

export class LPRepairer {
  /** Models of this round, least recently used first, by measure and block (its first cell and size). */
  private readonly kept = new Map<string, BlockModel>();

  /** Per measure (index measure + 1): the lowest and highest value each cell is known to be able to take. */
  readonly witness: { lo: Float64Array; hi: Float64Array }[];

  constructor(private readonly ctx: RepairContext) {
    const { p } = ctx;
    this.witness = [p.count, ...p.magnitude].map((values) => ({ lo: Float64Array.from(values), hi: Float64Array.from(values) }));
  }

  /**
   * The failures in the order that reuses kept models most: by measure, then département, then EPCI. Unsorted, the
   * repairs of a round jump between blocks and rebuild a model nearly every time.
   */
  order(failures: readonly Failure[]): Failure[] {
    const dep = blocksOf(this.ctx.p, 2);
    const epci = blocksOf(this.ctx.p, 1);
    return [...failures].sort((a, b) => a.measure - b.measure || dep[a.id] - dep[b.id] || epci[a.id] - epci[b.id] || a.id - b.id);
  }

  /**
   * Ordered failures dealt into `n` shares by groups of one measure, département block and table (what one repair
   * suppresses mostly helps its own block and table), heaviest group first to the lightest share, each share kept in
   * the round's order. A failure weighs its table's number of periods: its repair block spans them all, so a monthly
   * table's repair costs tens of times a stock table's, and by counts alone one share got most of them.
   */
  share(ordered: readonly Failure[], n: number): Failure[][] {
    const { p } = this.ctx;
    const dep = blocksOf(p, 2);
    const periods = p.tables.map((t) => t.layout.dims.find((dl) => dl.dim.name === PERIOD_DIMENSION)?.dim.codes.length ?? 1);
    const groups = new Map<string, { first: number; weight: number; share: number }>();
    const groupOf = ordered.map((f, k) => {
      const key = `${f.measure}\u0001${dep[f.id]}\u0001${p.owner[f.id]}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { first: k, weight: 0, share: 0 }));
      g.weight += periods[p.owner[f.id]];
      return g;
    });
    const load = new Array<number>(n).fill(0);
    for (const g of [...groups.values()].sort((a, b) => b.weight - a.weight || a.first - b.first)) {
      g.share = load.indexOf(Math.min(...load));
      load[g.share] += g.weight;
    }
    const shares = Array.from({ length: n }, () => [] as Failure[]);
    ordered.forEach((f, k) => shares[groupOf[k].share].push(f));
    return shares.filter((share) => share.length > 0);
  }

  /** Repairs one failure; false when no block up to WIDE_BLOCK can protect it (the caller falls back). */
  repair(f: Failure): boolean {
    if (f.kind === 'infeasible') return false;
    const { p } = this.ctx;
    const values = f.measure < 0 ? p.count : p.magnitude[f.measure];
    const reach = f.measure < 0 ? reachOf(this.ctx, f.id) : undefined;
    // Any other suppressed cell must move, either way: up first, it needs no room below.
    const meet = (need: Need) => this.isMet(f.measure, f.id, need) || this.solveNeed(f, values, need);
    if (!reach) return this.settle(f, (['move-up', 'move-down'] as const).some(meet));
    // A primary cell must reach the threshold and zero; a changed one, the value published before. The side the
    // attack proved is a value some table it could not exclude gives the cell: a witness like a repair's.
    const { lo, hi } = this.witness[f.measure + 1];
    if (f.proven === 'up') hi[f.id] = Math.max(hi[f.id], reach.up);
    if (f.proven === 'down') lo[f.id] = Math.min(lo[f.id], reach.down);
    const needs = [...(reach.up > Number.NEGATIVE_INFINITY ? ['up'] : []), ...(reach.down < Number.POSITIVE_INFINITY ? ['down'] : [])] as Need[];
    return this.settle(f, needs.every(meet));
  }

  /**
   * A met failure is settled even when its last witness did not move it (the attack's side, an earlier repair): the
   * next round then skips it.
   */
  private settle(f: Failure, met: boolean): boolean {
    if (met) this.ctx.settled[f.measure + 1][f.id] = 1;
    return met;
  }

  /** Frees the kept models: the local pass is about to change suppressions behind their back. */
  endRound(): void {
    for (const m of this.kept.values()) m.dispose();
    this.kept.clear();
  }

  private isMet(measure: number, id: number, need: Need): boolean {
    const { lo, hi } = this.witness[measure + 1];
    const v = (measure < 0 ? this.ctx.p.count : this.ctx.p.magnitude[measure])[id];
    switch (need) {
      case 'up': return hi[id] >= reachOf(this.ctx, id)!.up - TOL;
      case 'down': return lo[id] <= reachOf(this.ctx, id)!.down + TOL;
      case 'move-up': return hi[id] >= v + 1 - TOL;
      case 'move-down': return lo[id] <= v - 1 + TOL;
    }
  }

  private solveNeed(f: Failure, values: Float64Array, need: Need): boolean {
    const tried = new Map<BlockLevel, number>();
    const { first, wide } = this.ctx.blockLimits ?? { first: MAX_BLOCK, wide: WIDE_BLOCK };
    return this.solveWithin(f, values, need, [1, 2, 3, 4, 5], first, tried, true)
      || this.solveWithin(f, values, need, [3, 4], wide, tried, false);
  }

  /**
   * `tried`: the size of the block each level had on an earlier call (a block no larger is the same block). `keep`:
   * models are kept for the next failures; a wide one is for one stubborn failure and holds hundreds of MiB.
   */
  private solveWithin(
    f: Failure, values: Float64Array, need: Need, levels: readonly BlockLevel[], limit: number, tried: Map<BlockLevel, number>,
    keep: boolean,
  ): boolean {
    let block: Int32Array | undefined;
    for (const level of levels) {
      const smaller = block?.length;
      block = blockMembers(this.ctx.p, f.id, level, limit);
      if (block.length > limit) return false;
      // Blocks 1 to 4 nest: one no larger than the last is the same block, already found wanting.
      if ((block.length === smaller && level < 5) || block.length === tried.get(level)) continue;
      tried.set(level, block.length);
      const key = `${f.measure}:${blockKey(level, block)}`;
      let model = this.kept.get(key);
      if (model) {
        this.kept.delete(key); // most recently used last
        this.kept.set(key, model);
      } else model = new BlockModel(this.ctx, f.measure, values, block);
      let d = model.solve(f.id, need);
      if (model.broken) {
        model.dispose();
        this.kept.delete(key);
        model = new BlockModel(this.ctx, f.measure, values, block);
        d = model.solve(f.id, need);
      }
      if (!model.broken && !this.kept.has(key) && keep) {
        // A région's model holds tens of MiB of WebAssembly memory: keep the last few only.
        if (this.kept.size >= KEEP) {
          const [oldest, old] = this.kept.entries().next().value!;
          old.dispose();
          this.kept.delete(oldest);
        }
        this.kept.set(key, model);
      }
      if (d) this.apply(f.measure, model, d);
      if (!this.kept.has(key)) model.dispose();
      if (d) return true;
    }
    return false;
  }

  /** Suppresses the published cells the perturbation moves, and records what it proves about every cell it moves. */
  private apply(measure: number, model: BlockModel, d: Float64Array): void {
    const { lo, hi } = this.witness[measure + 1];
    for (let j = 0; j < d.length; j++) {
      if (Math.abs(d[j]) <= TOL) continue;
      const id = model.cells[j];
      if (!this.ctx.suppressed[id]) this.ctx.suppress(id);
      const moved = model.values[id] + d[j];
      if (moved < lo[id]) lo[id] = moved;
      if (moved > hi[id]) hi[id] = moved;
      if (this.meets(measure, id)) this.ctx.settled[measure + 1][id] = 1;
    }
  }

  private meets(measure: number, id: number): boolean {
    const { lo, hi } = this.witness[measure + 1];
    const reach = measure < 0 ? reachOf(this.ctx, id) : undefined;
    if (reach) return hi[id] >= reach.up - TOL && lo[id] <= reach.down + TOL;
    return hi[id] - lo[id] >= 1 - TOL;
  }
}

/** What a cell's count must reach (requirement.ts); undefined when it only has to move. */
function reachOf(ctx: RepairContext, id: number): Reach | undefined {
  return countReach(ctx.p.count[id], ctx.primary[id] === 1, ctx.earlier?.[id] ?? Number.NaN, ctx.threshold);
}
