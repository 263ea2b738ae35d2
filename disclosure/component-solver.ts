// One connected component of suppressed cells under attack: its LP (variables the suppressed cells, rows the
// relations touching them), then, truth known, the cheap certificates, the local LPs of large components, batches
// of LPs over every cell still pending, and an LP per cell for what is left (attack.ts says what is reported).
import { settleByBlocks } from './block-lp.ts';
import type { AttackInput, Failure, FailureKind } from './attack.ts';
import { Certifier } from './certify.ts';
import { isVariable, type Component } from './components.ts';
import { debug } from './debug.ts';
import { ComponentLP, type loadHighs, type Optimum } from './lp.ts';
import { countReach } from './requirement.ts';
import { twinBounds, type TwinBounds } from './twin-merge.ts';

/** Counts and sums of integer days are integers: an interval narrower than 1 leaves a single possible value. */
const PIN_WIDTH = 1 - 1e-6;
const TOL = 1e-6;
/** Batch rounds while they settle some: after the first, most cost little (lp.ts: primal re-solves). */
const BATCH_ROUNDS = 20;
/** Components above this many variables try local LPs (block-lp.ts) before their own. */
const BLOCK_ABOVE = 1500;
/**
 * Components above this many variables also try département blocks: below it the component's own LP costs little
 * more than they do, and they only add LPs (région 24: 2 242 LPs in 91 s without them, 3 232 in 160 s with).
 */
const DEPARTMENT_BLOCKS_ABOVE = 20_000;
/** Repair loop: components above this many variables skip their own LP (see reportPending below). */
const BATCH_ABOVE = 50_000;

/** What every component of one measure is solved with. */
export interface MeasureContext {
  measure: number;
  values: Float64Array;
  variable: (id: number) => boolean;
  cap: number;
  twins: TwinBounds | undefined;
}

export function measureContext(input: AttackInput, measure: number): MeasureContext {
  const { p } = input;
  const values = measure < 0 ? p.count : p.magnitude[measure];
  // Every cell's bound must sit far above any value it can take. With the truth, the largest value is a grand
  // total and bounds everything; without it, a hidden total can exceed every published value (the sum of 22
  // published parts), so the bound is the sum of everything published.
  let bound = 0;
  for (let id = 0; id < p.n; id++) {
    const v = values[id];
    if (!(v > 0)) continue; // NaN (unknown) compares false
    bound = input.primary ? Math.max(bound, v) : bound + v;
  }
  const cap = 10 * bound + 10 * input.threshold + 10;
  const variable = isVariable(p, input.suppressed, measure, input.magnitudeSuppressed);
  const twins = input.primary ? twinBounds(p, variable, values, measure) : undefined;
  return { measure, values, variable, cap, twins };
}

/** What one component's solve found. */
export interface ComponentOutcome {
  failures: Failure[];
  lps: number;
}

/** Solves components one by one with a scratch index shared between them. */
export class ComponentSolver {
  private readonly local: Int32Array;

  constructor(private readonly highs: Awaited<ReturnType<typeof loadHighs>>, private readonly input: AttackInput) {
    this.local = new Int32Array(input.p.n).fill(-1);
  }

  solve(comp: Component, c: MeasureContext): ComponentOutcome {
    const counter = { lps: 0 };
    const failures = solveComponent(this.highs, this.input, comp, c.measure, c.values, c.variable, c.cap, this.local, counter, c.twins);
    return { failures, lps: counter.lps };
  }
}

function solveComponent(
  highs: Awaited<ReturnType<typeof loadHighs>>, input: AttackInput, comp: Component, measure: number,
  values: Float64Array, variable: (id: number) => boolean, cap: number, local: Int32Array, result: { lps: number },
  twins: TwinBounds | undefined,
): Failure[] {
  const { p, primary, threshold } = input;
  const truth = primary !== undefined;
  const n = comp.vars.length;
  for (let i = 0; i < n; i++) local[comp.vars[i]] = i;
  // Rows: Σ parts − total = 0, published cells moved to the right-hand side.
  const { off, cells } = p.cons;
  const starts = new Int32Array(comp.rows.length + 1);
  const indices: number[] = [];
  const coefs: number[] = [];
  const rhs = new Float64Array(comp.rows.length);
  const pinnedBy = new Float64Array(n).fill(Number.NaN);
  for (let r = 0; r < comp.rows.length; r++) {
    const c = comp.rows[r];
    let b = 0;
    const first = indices.length;
    for (let i = off[c]; i < off[c + 1]; i++) {
      const id = cells[i];
      const coef = i === off[c] ? -1 : 1;
      if (variable(id)) {
        indices.push(local[id]);
        coefs.push(coef);
      } else b -= coef * values[id];
    }
    rhs[r] = b;
    starts[r + 1] = indices.length;
    if (indices.length - first === 1) pinnedBy[indices[first]] = b / coefs[first];
  }
  const lo = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const hi = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  const needUp = new Uint8Array(n);
  const needDown = new Uint8Array(n);
  const needMove = new Uint8Array(n).fill(1);
  // Where the upper and lower bounds must get (requirement.ts): the threshold and zero for a primary cell.
  const upTo = new Float64Array(n).fill(threshold);
  const downTo = new Float64Array(n);
  const settled = input.settled?.[measure + 1];
  for (let i = 0; i < n; i++) {
    const id = comp.vars[i];
    if (truth) lo[i] = hi[i] = values[id];
    // A cell nobody is counted in has nothing to protect (docs/disclosure.md, requirement 3).
    if (settled?.[id] || (truth && p.count[id] === 0)) {
      needMove[i] = 0;
      continue;
    }
    if (measure >= 0) continue;
    if (!truth) needUp[i] = 1;
    else {
      const reach = countReach(values[id], primary![id] === 1, input.earlier?.[id] ?? Number.NaN, threshold);
      if (!reach) continue;
      upTo[i] = reach.up;
      downTo[i] = reach.down;
      needUp[i] = reach.up > Number.NEGATIVE_INFINITY ? 1 : 0;
      needDown[i] = reach.down < Number.POSITIVE_INFINITY ? 1 : 0;
    }
  }
  if (twins) {
    for (let i = 0; i < n; i++) {
      const id = comp.vars[i];
      if (twins.high[id] > hi[i]) hi[i] = twins.high[id];
      if (twins.canBeZero[id]) lo[i] = 0;
      if (needUp[i] && hi[i] >= upTo[i] - TOL) needUp[i] = 0;
      if (needDown[i] && lo[i] <= downTo[i] + TOL) needDown[i] = 0;
      if (needMove[i] && hi[i] - lo[i] >= PIN_WIDTH) needMove[i] = 0;
    }
  }
  const failures: Failure[] = [];
  const fail = (i: number, kind: FailureKind, lower: number, upper: number) => {
    const shortfall = truth && kind === 'upper' && hi[i] > Number.NEGATIVE_INFINITY ? upTo[i] - hi[i] : undefined;
    // Needs are set for counts with the truth only: one side left means the other was proven.
    const proven = truth && needUp[i] !== needDown[i] ? (needUp[i] ? 'down' : 'up') : undefined;
    failures.push({ id: comp.vars[i], measure, kind, lower, upper, shortfall, ...(proven && { proven }) });
    needUp[i] = needDown[i] = needMove[i] = 0;
  };
  // A relation with a single suppressed cell gives it away: no LP needed to know. Not a failure for a settled cell:
  // a table seen by the attack or a repair moved it, or an earlier release published its value (earlier-proof.ts).
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(pinnedBy[i]) || settled?.[comp.vars[i]]) continue;
    if (Math.abs(pinnedBy[i]) <= TOL) needUp[i] = needDown[i] = needMove[i] = 0; // proven empty: nobody to protect
    else fail(i, 'pinned', pinnedBy[i], pinnedBy[i]);
  }
  if (truth) {
    const certifier = new Certifier(p, variable, values, 1);
    const needs = { up: new Float64Array(n), down: new Float64Array(n), move: needMove };
    for (let i = 0; i < n; i++) {
      if (!(needUp[i] || needDown[i] || needMove[i])) continue;
      const v = values[comp.vars[i]];
      needs.up[i] = needUp[i] ? upTo[i] - v : 0;
      needs.down[i] = needDown[i] ? v - downTo[i] : 0;
      certifier.certify(comp.vars[i], i, needs);
      needUp[i] = needs.up[i] > 0 ? 1 : 0;
      needDown[i] = needs.down[i] > 0 ? 1 : 0;
    }
  }
  const pending = () => {
    let k = 0;
    for (let i = 0; i < n; i++) k += needUp[i] | needDown[i] | needMove[i];
    return k;
  };
  if (pending() === 0) {
    for (let i = 0; i < n; i++) local[comp.vars[i]] = -1;
    return failures;
  }
  const reportPending = () => {
    for (let i = 0; i < n; i++) {
      if (needMove[i]) fail(i, 'pinned', Number.NaN, Number.NaN);
      else if (needUp[i]) fail(i, 'upper', Number.NaN, Number.NaN);
      else if (needDown[i]) fail(i, 'lower', Number.NaN, Number.NaN);
    }
    for (let i = 0; i < n; i++) local[comp.vars[i]] = -1;
    return failures;
  };
  const seeOne = (i: number, v: number) => {
    if (v < lo[i]) lo[i] = v;
    if (v > hi[i]) hi[i] = v;
    if (needUp[i] && hi[i] >= upTo[i] - TOL) needUp[i] = 0;
    if (needDown[i] && lo[i] <= downTo[i] + TOL) needDown[i] = 0;
    if (needMove[i] && hi[i] - lo[i] >= PIN_WIDTH) needMove[i] = 0;
  };
  if (truth && n > BLOCK_ABOVE) {
    const blockInput = {
      p, comp, variable, values, cap, see: seeOne,
      wantsUp: (i: number) => needUp[i] === 1 || needMove[i] === 1,
      wantsDown: (i: number) => needDown[i] === 1 || needMove[i] === 1,
    };
    result.lps += settleByBlocks(highs, blockInput, 1);
    if (pending() > 0 && n > DEPARTMENT_BLOCKS_ABOVE) result.lps += settleByBlocks(highs, blockInput, 2);
    debug(`component of ${n} cells: ${pending()} left after local LPs`);
    // The repair loop leaves what is pending in a very large component to the repair LPs, which check and fix each
    // cell on a block of the geography: the component's own LP over 10⁵ cells takes minutes (small fixture's
    // release: over 7 minutes on one batch of a 124 199-cell component).
    if (input.exact === false && n > BATCH_ABOVE) return reportPending();
    if (pending() === 0) {
      for (let i = 0; i < n; i++) local[comp.vars[i]] = -1;
      return failures;
    }
  }
  const lp = new ComponentLP(highs, {
    numCols: n, numRows: comp.rows.length, starts, indices: Int32Array.from(indices), values: Float64Array.from(coefs), rhs, cap,
  });
  const see = (x: Float64Array) => {
    for (let i = 0; i < n; i++) seeOne(i, x[i]);
  };
  const run = (vars: number[], sense: 'max' | 'min'): Optimum => {
    const x = lp.optimise(vars, sense);
    if (x !== 'infeasible') see(x);
    return x;
  };
  try {
    let before = pending();
    // Pending cells only ever get fewer: a side with as many as when it was last solved has the same LP, whose
    // optimum would settle nothing more (national commune × typology: the same 51 cells short of zero, every round).
    let lastUp = -1;
    let lastDown = -1;
    for (let round = 0; round < BATCH_ROUNDS && before > 0; round++) {
      const up: number[] = [];
      for (let i = 0; i < n; i++) if (needUp[i] || needMove[i]) up.push(i);
      if (up.length > 0 && up.length !== lastUp) {
        lastUp = up.length;
        if (run(up, 'max') === 'infeasible') {
          for (let i = 0; i < n; i++) fail(i, 'infeasible', Number.NaN, Number.NaN);
          return failures;
        }
      }
      const down: number[] = [];
      for (let i = 0; i < n; i++) if (needDown[i] || needMove[i]) down.push(i);
      if (down.length > 0 && down.length !== lastDown) {
        lastDown = down.length;
        run(down, 'min');
      }
      const after = pending();
      if (after === before) break;
      before = after;
    }
    if (n > BLOCK_ABOVE) debug(`component of ${n} cells: ${pending()} left after its batch LPs`);
    // Large components in the repair loop stop here: one LP per cell would cost seconds each.
    if (input.exact === false && n > (input.batchLimit ?? BLOCK_ABOVE)) return reportPending();
    // What the batches could not settle gets its own exact bounds.
    const exactLo = new Float64Array(n).fill(Number.NaN);
    const exactHi = new Float64Array(n).fill(Number.NaN);
    for (let i = 0; i < n; i++) {
      if (needUp[i] || needMove[i]) {
        const x = run([i], 'max');
        if (x !== 'infeasible') exactHi[i] = x[i];
      }
      if (needDown[i] || needMove[i]) {
        const x = run([i], 'min');
        if (x !== 'infeasible') exactLo[i] = x[i];
      }
      if (!(needUp[i] || needDown[i] || needMove[i])) continue;
      if (Number.isNaN(exactLo[i])) {
        const x = run([i], 'min');
        exactLo[i] = x === 'infeasible' ? Number.NaN : x[i];
      }
      if (Number.isNaN(exactHi[i])) {
        const x = run([i], 'max');
        exactHi[i] = x === 'infeasible' ? Number.NaN : x[i];
      }
      const lower = exactLo[i];
      const upper = exactHi[i] >= cap - TOL ? Number.POSITIVE_INFINITY : exactHi[i];
      if (upper <= TOL) continue; // proven empty: nobody to protect
      if (needMove[i]) fail(i, 'pinned', lower, upper);
      else if (needUp[i]) fail(i, 'upper', lower, upper);
      else fail(i, 'lower', lower, upper);
    }
  } finally {
    result.lps += lp.solves;
    lp.dispose();
    for (let i = 0; i < n; i++) local[comp.vars[i]] = -1;
  }
  return failures;
}
