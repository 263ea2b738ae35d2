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
// relations reach (a région). Cells outside the block keep their value, which only restricts the search: what is
// found is still a valid perturbation of the whole table.
import { blockMembers } from './block-lp.ts';
import type { Failure } from './attack.ts';
import type { loadHighs } from './lp.ts';
import type { Problem } from './problem.ts';

type Highs = Awaited<ReturnType<typeof loadHighs>>;

/** Largest block (cells) a repair LP may use before giving the failure back to the proximity repair. */
const MAX_BLOCK = 60_000;
const TOL = 1e-6;

export interface RepairContext {
  p: Problem;
  highs: Highs;
  threshold: number;
  primary: Uint8Array;
  suppressed: Uint8Array;
  locked?: Uint8Array;
  suppress: (id: number) => void;
  /** Per measure (index measure + 1): the lowest and highest value each cell is known to be able to take. */
  witness: { lo: Float64Array; hi: Float64Array }[];
  /** Per measure: cells whose requirement a witness already meets (the attack then skips them). */
  settled: Uint8Array[];
}

type Need = 'up' | 'down' | 'move-up' | 'move-down';

/** Repairs one failure by LP; false when no block up to MAX_BLOCK can protect it (the caller falls back). */
export function repairByLP(ctx: RepairContext, f: Failure): boolean {
  if (f.kind === 'infeasible') return false;
  const { p, primary, threshold } = ctx;
  const values = f.measure < 0 ? p.count : p.magnitude[f.measure];
  const v = values[f.id];
  const needs: Need[][] =
    f.measure < 0 && primary[f.id] && p.count[f.id] > 0
      ? [[...(v < threshold ? (['up'] as const) : []), 'down']]
      : [['move-up'], ['move-down']]; // either direction unpins: try up first, it needs no room below
  for (const alternatives of needs) {
    // Each need of a primary cell must be met (all of the list); for a pinned cell, one of them.
    const all = alternatives.length > 1 || needs.length === 1;
    let met = 0;
    for (const need of alternatives) {
      if (isMet(ctx, f.measure, f.id, need)) {
        met++;
        continue;
      }
      if (solveNeed(ctx, f, values, need)) met++;
      else if (all) return false;
    }
    if (met > 0) return true;
  }
  return false;
}

function isMet(ctx: RepairContext, measure: number, id: number, need: Need): boolean {
  const { lo, hi } = ctx.witness[measure + 1];
  const v = (measure < 0 ? ctx.p.count : ctx.p.magnitude[measure])[id];
  switch (need) {
    case 'up': return hi[id] >= ctx.threshold - TOL;
    case 'down': return lo[id] <= TOL;
    default: return hi[id] - lo[id] >= 1 - TOL || (need === 'move-up' ? hi[id] >= v + 1 - TOL : lo[id] <= v - 1 + TOL);
  }
}

function solveNeed(ctx: RepairContext, f: Failure, values: Float64Array, need: Need): boolean {
  const { p } = ctx;
  let block: number[] | undefined;
  for (const level of [1, 2, 3] as const) {
    block = blockMembers(p, f.id, level, block);
    if (block.length > MAX_BLOCK) return false;
    const d = solveOnBlock(ctx, f, values, need, block);
    if (d) {
      apply(ctx, f.measure, values, block, d);
      return true;
    }
  }
  return false;
}

/** The perturbation found on `block` (per block cell), or undefined when the block cannot meet the need. */
function solveOnBlock(ctx: RepairContext, f: Failure, values: Float64Array, need: Need, block: number[]): Float64Array | undefined {
  const { p, highs, suppressed, locked, threshold } = ctx;
  const n = block.length;
  // Column layout: suppressed cell → one free column; published cell → d⁺ then d⁻ (each costs its weight).
  const colOf = new Map<number, number>();
  const published: number[] = [];
  const colLower: number[] = [];
  const colUpper: number[] = [];
  const colCost: number[] = [];
  const cap = 1e9;
  let maxValue = 1;
  for (const id of block) if (values[id] > maxValue) maxValue = values[id];
  for (let b = 0; b < n; b++) {
    const id = block[b];
    const v = values[id];
    if (Number.isNaN(v) || locked?.[id]) continue;
    colOf.set(id, colLower.length);
    if (suppressed[id]) {
      colLower.push(-v);
      colUpper.push(cap);
      colCost.push(0);
    } else {
      // Fewest cells first, then the smallest: a unit of change costs about one cell whatever its value.
      const w = 1 + v / (10 * maxValue);
      published.push(b);
      colLower.push(0, 0);
      colUpper.push(cap, v);
      colCost.push(w, w);
    }
  }
  const target = colOf.get(f.id);
  if (target === undefined) return undefined;
  const v = values[f.id];
  switch (need) {
    case 'up': colLower[target] = Math.max(colLower[target], threshold - v); break;
    case 'down': colLower[target] = colUpper[target] = -v; break;
    case 'move-up': colLower[target] = 1; break;
    case 'move-down':
      if (v < 1) return undefined;
      colUpper[target] = -1;
      break;
  }
  // Rows: every relation touching a block column, with cells outside the block (or locked) held still.
  const rows = new Set<number>();
  for (const id of colOf.keys()) for (let q = p.cellConsOff[id]; q < p.cellConsOff[id + 1]; q++) rows.add(p.cellCons[q]);
  const starts = [0];
  const indices: number[] = [];
  const coefs: number[] = [];
  const { off, cells } = p.cons;
  for (const c of rows) {
    for (let e = off[c]; e < off[c + 1]; e++) {
      const col = colOf.get(cells[e]);
      if (col === undefined) continue;
      const coef = e === off[c] ? -1 : 1;
      indices.push(col);
      coefs.push(coef);
      if (!suppressed[cells[e]]) {
        indices.push(col + 1);
        coefs.push(-coef);
      }
    }
    starts.push(indices.length);
  }
  const numRows = starts.length - 1;
  const model = highs.createModel({
    numCols: colLower.length, numRows, colCost: Float64Array.from(colCost),
    colLower: Float64Array.from(colLower), colUpper: Float64Array.from(colUpper),
    rowLower: new Float64Array(numRows), rowUpper: new Float64Array(numRows),
    matrix: { format: 'csr', numRows, numCols: colLower.length, starts: Int32Array.from(starts), indices: Int32Array.from(indices), values: Float64Array.from(coefs) },
  });
  try {
    model.options.set({ output_flag: false });
    model.run();
    if (model.getModelStatus() !== 7) return undefined;
    const x = model.getSolution().colValue;
    const d = new Float64Array(n);
    for (let b = 0; b < n; b++) {
      const col = colOf.get(block[b]);
      if (col === undefined) continue;
      d[b] = suppressed[block[b]] ? x[col] : x[col] - x[col + 1];
    }
    return d;
  } finally {
    model.dispose();
  }
}

/** Suppresses the published cells the perturbation moves, and records what it proves about every cell it moves. */
function apply(ctx: RepairContext, measure: number, values: Float64Array, block: number[], d: Float64Array): void {
  const { lo, hi } = ctx.witness[measure + 1];
  for (let b = 0; b < block.length; b++) {
    if (Math.abs(d[b]) <= TOL) continue;
    const id = block[b];
    if (!ctx.suppressed[id]) ctx.suppress(id);
    const moved = values[id] + d[b];
    if (moved < lo[id]) lo[id] = moved;
    if (moved > hi[id]) hi[id] = moved;
    if (meets(ctx, measure, id)) ctx.settled[measure + 1][id] = 1;
  }
}

function meets(ctx: RepairContext, measure: number, id: number): boolean {
  const { lo, hi } = ctx.witness[measure + 1];
  if (measure < 0 && ctx.primary[id] && ctx.p.count[id] > 0) return hi[id] >= ctx.threshold - TOL && lo[id] <= TOL;
  return hi[id] - lo[id] >= 1 - TOL;
}
