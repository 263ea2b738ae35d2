// The attacker's linear programme for one connected component of suppressed cells: variables are the suppressed
// cells, rows the additive relations touching them (right-hand sides from the published cells), x ≥ 0, integrality
// relaxed. One HiGHS model per component, kept in memory while its objective changes, so each re-solve starts from
// the previous basis instead of re-parsing text.
import type { Highs, Model } from 'highs';

let loading: Promise<Highs> | undefined;

export function loadHighs(): Promise<Highs> {
  loading ??= import('highs').then(async (m) => (m.default as unknown as () => Promise<Highs>)());
  return loading;
}

export interface ComponentModel {
  numCols: number;
  numRows: number;
  starts: Int32Array; // CSR rows
  indices: Int32Array;
  values: Float64Array;
  rhs: Float64Array;
  cap: number; // upper bound on every variable, above any value the attacker needs to consider
}

export type Optimum = Float64Array | 'infeasible';

/** HiGHS's `simplex_strategy` values (its enum is declared for types only). */
const DUAL_SIMPLEX = 1;
const PRIMAL_SIMPLEX = 4;

export class ComponentLP {
  private readonly model: Model;
  private readonly highs: Highs;
  private readonly costs: Float64Array;
  solves = 0;
  private firstIterations = 0;
  private primal = true;

  constructor(highs: Highs, m: ComponentModel) {
    this.highs = highs;
    this.costs = new Float64Array(m.numCols);
    this.model = highs.createModel({
      numCols: m.numCols,
      numRows: m.numRows,
      colCost: this.costs,
      colLower: new Float64Array(m.numCols),
      colUpper: new Float64Array(m.numCols).fill(m.cap),
      rowLower: m.rhs,
      rowUpper: m.rhs,
      matrix: { format: 'csr', numRows: m.numRows, numCols: m.numCols, starts: m.starts, indices: m.indices, values: m.values },
    });
    // Presolve costs more than it saves on these rows (relations with ±1, bounds [0, cap]), as on the repair LPs that
    // have costs: without it, round 1 of the national commune × typology table went from 19.7 s to 17.4 s.
    this.model.options.set({ output_flag: false, presolve: 'off' });
  }

  /** Optimises Σ weight·x over the listed variables (`sense` max or min); the solution, or 'infeasible'. */
  optimise(vars: ArrayLike<number>, sense: 'max' | 'min'): Optimum {
    this.costs.fill(0);
    for (let i = 0; i < vars.length; i++) this.costs[vars[i]] = 1;
    this.model.changeColsCost({ kind: 'range', from: 0, to: this.costs.length - 1 }, this.costs);
    this.model.changeObjectiveSense(sense === 'max' ? this.highs.constants.objectiveSense.maximize : this.highs.constants.objectiveSense.minimize);
    this.model.run();
    this.chooseSimplex();
    const status = this.model.getModelStatus();
    if (status === 7) return this.model.getSolution().colValue;
    if (status === 8) return 'infeasible';
    // Anything else (numerical trouble): start again from a fresh basis once, then give up loudly.
    this.primal = false;
    this.model.options.set({ simplex_strategy: DUAL_SIMPLEX });
    this.model.clearSolver();
    this.model.run();
    this.solves++;
    if (this.model.getModelStatus() === 7) return this.model.getSolution().colValue;
    if (this.model.getModelStatus() === 8) return 'infeasible';
    throw new Error(`HiGHS a échoué sur un programme d'audit (statut ${this.model.getModelStatus()})`);
  }

  /**
   * Later solves change the objective only: the last optimum is still feasible, and the primal simplex goes on from it
   * where the dual simplex starts over (national commune × typology: a batch LP over a région's component took 250 ms
   * and 10 000 iterations, then 20 to 70 ms and a few hundred; round 1 8 s instead of 17, the audit 8.7 s instead of
   * 23). But a primal iteration costs about four dual ones, and on some models it goes on nearly as long (the `tiny`
   * release's linked stock tables: 3 000 iterations, 0.4 to 1 s a solve, against 0.3 s by the dual simplex): past
   * half the first solve's iterations, the model goes back to the dual simplex. Iterations, not time, decide,
   * so the same snapshot always gets the same release.
   */
  private chooseSimplex(): void {
    const iterations = Number(this.model.info.get('simplex_iteration_count'));
    if (this.solves++ === 0) {
      this.firstIterations = iterations;
      this.model.options.set({ simplex_strategy: PRIMAL_SIMPLEX });
    } else if (this.primal && iterations > this.firstIterations / 2) {
      this.primal = false;
      this.model.options.set({ simplex_strategy: DUAL_SIMPLEX });
    }
  }

  dispose(): void {
    this.model.dispose();
  }
}
