// The attacker's computation behind the audit: for every suppressed cell, the interval of values it can take given
// the published cells, every additive relation and x ≥ 0 (integrality relaxed), by linear programming per connected
// component. Rather than two LPs per cell, each LP's optimum is a feasible table the attacker cannot exclude, so
// it certifies every cell it moves: a few LPs maximising / minimising the sum of the uncertified cells settle most
// of them, and only the rest get their own exact minimum and maximum (component-solver.ts). Components are solved
// here or on the worker threads of worker-pool.ts.
import { ComponentSolver, measureContext, type ComponentOutcome, type MeasureContext } from './component-solver.ts';
import { components, isVariable, type Component } from './components.ts';
import { loadHighs } from './lp.ts';
import type { Problem } from './problem.ts';
import type { WorkerPool } from './worker-pool.ts';

export type FailureKind = 'pinned' | 'upper' | 'lower' | 'infeasible';

export interface Failure {
  id: number;
  measure: number; // −1 for the count, else the magnitude's index in problem.magnitudeNames
  kind: FailureKind;
  lower: number;
  upper: number;
  /** Truth known, kind 'upper': how far the cell still falls short of the threshold in the best table found. */
  shortfall?: number;
  /**
   * Truth known: the side of the cell's requirement (requirement.ts) the attack did prove, when only the other one
   * failed. Suppressions only grow within a release, so it stays proven and its repair need not prove it again.
   */
  proven?: 'up' | 'down';
}

export interface AttackInput {
  p: Problem;
  suppressed: Uint8Array;
  /** Truth known (protect, audit): primary cells get the full requirement. Absent: published values only. */
  primary?: Uint8Array;
  /** Truth known: what an earlier release published for cells whose value changed since (NaN elsewhere): requirement.ts. */
  earlier?: Float64Array;
  threshold: number;
  /** Signatures of components that already passed (reused across the fix loop). */
  passed?: Set<string>;
  /**
   * Cells already proven safe, per measure (index measure + 1), when suppressions only grow and values do not
   * change (the repair loop): a certificate or LP solution stays a table the attacker cannot exclude.
   */
  settled?: Uint8Array[];
  /** Published view only: magnitudes suppressed independently of their count (default: the count's pattern). */
  magnitudeSuppressed?: Uint8Array[];
  /**
   * Exact (default): every cell left uncertified gets its own LPs, and findings carry its true interval. Not exact
   * (the repair loop): in components above `batchLimit` variables, cells the certificates and the batch LPs
   * cannot settle are reported at once, bounds unknown — at worst a suppression more than needed, never one less.
   */
  exact?: boolean;
  /** Not exact: components above this many variables skip even the batch LPs. */
  batchLimit?: number;
  /** Restrict to these measures (default: the count and every magnitude). */
  measures?: number[];
  /** Relations left out of every LP: they constrain nothing (free-cells.ts). */
  leftOut?: Uint8Array;
  /** Only the components it accepts are solved (the others are known to pass: novelty.ts, earlier-proof.ts). */
  only?: (comp: Component, measure: number) => boolean;
  /** Worker threads to solve components on (worker-pool.ts); absent: this thread. */
  pool?: WorkerPool;
}

export interface AttackResult {
  failures: Failure[];
  checked: number; // suppressed cells examined (per measure)
  lps: number;
  components: number;
}

export async function attack(input: AttackInput): Promise<AttackResult> {
  const { p } = input;
  const measures = input.measures ?? [-1, ...p.magnitudeNames.map((_, m) => m)];
  const result: AttackResult = { failures: [], checked: 0, lps: 0, components: 0 };
  const tasks: { measure: number; comp: Component; signature: string }[] = [];
  for (const measure of measures) {
    const variable = isVariable(p, input.suppressed, measure, input.magnitudeSuppressed);
    for (const comp of components(p, variable, measure, input.leftOut)) {
      if (input.only && !input.only(comp, measure)) continue;
      result.checked += comp.vars.length;
      const signature = input.passed ? `${measure}:${comp.vars.join(',')}` : '';
      if (input.passed?.has(signature)) continue;
      result.components++;
      tasks.push({ measure, comp, signature });
    }
  }
  const solved = input.pool && tasks.length > 1 ? await input.pool.solve(input, tasks) : await solveHere(input, tasks);
  // Components are disjoint and solved from the same state, so taking their results in task order gives the same
  // outcome whichever thread solved which.
  tasks.forEach(({ measure, comp, signature }, k) => {
    const { failures, lps } = solved[k];
    result.lps += lps;
    const settled = input.settled?.[measure + 1];
    if (settled) {
      const failed = new Set(failures.map((f) => f.id));
      for (const id of comp.vars) if (!failed.has(id)) settled[id] = 1;
    }
    if (failures.length === 0) input.passed?.add(signature);
    else for (const failure of failures) result.failures.push(failure); // no spread: a component can fail in 100 000s of cells
  });
  return result;
}

async function solveHere(input: AttackInput, tasks: { measure: number; comp: Component }[]): Promise<ComponentOutcome[]> {
  const contexts = new Map<number, MeasureContext>();
  const solver = new ComponentSolver(await loadHighs(), input);
  return tasks.map(({ measure, comp }) => {
    let context = contexts.get(measure);
    if (!context) contexts.set(measure, (context = measureContext(input, measure)));
    return solver.solve(comp, context);
  });
}
