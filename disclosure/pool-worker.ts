// One worker thread of the pool (worker-pool.ts): holds a copy of the problem, solves the components it is sent with
// the round's state exactly as attack.ts does on the main thread, and repairs the failures it is sent on its own copy
// of the suppressed cells, with a repairer kept from round to round (what its witnesses proved stays proved).
import { parentPort, workerData } from 'node:worker_threads';
import { ComponentSolver, measureContext, type AttackInput, type Failure, type MeasureContext } from './attack.ts';
import { loadHighs } from './lp.ts';
import type { Problem } from './problem.ts';
import { LPRepairer } from './repair-lp.ts';
import type { RepairOutcome, RepairState, WorkerReply, WorkerRequest } from './worker-pool.ts';

const p = (workerData as { problem: Problem }).problem;
const highs = await loadHighs();
let input: AttackInput | undefined;
let solver: ComponentSolver | undefined;
const contexts = new Map<number, MeasureContext>();
let repairs: { repairer: LPRepairer; suppressed: Uint8Array; settled: Uint8Array[] } | undefined;
/** Cells the current request's repairs suppressed. */
let added: number[] = [];

function repair(state: RepairState, failures: Failure[]): RepairOutcome {
  if (!repairs) {
    const suppressed = new Uint8Array(p.n);
    const settled = state.settled.map(() => new Uint8Array(p.n));
    const repairer = new LPRepairer({
      p, highs, threshold: state.threshold, primary: state.primary, locked: state.locked, suppressed, settled,
      suppress: (id) => {
        suppressed[id] = 1;
        added.push(id);
      },
    });
    repairs = { repairer, suppressed, settled };
  }
  const { repairer, suppressed, settled } = repairs;
  suppressed.set(state.suppressed);
  settled.forEach((mask, m) => mask.set(state.settled[m]));
  added = [];
  const byLP = Uint8Array.from(failures, (f) => (repairer.repair(f) ? 1 : 0));
  repairer.endRound();
  const newlySettled = settled.map((mask, m) => {
    const ids: number[] = [];
    for (let id = 0; id < p.n; id++) if (mask[id] && !state.settled[m][id]) ids.push(id);
    return Int32Array.from(ids);
  });
  return { added: Int32Array.from(added), byLP, settled: newlySettled };
}

parentPort!.on('message', (request: WorkerRequest) => {
  try {
    if (request.kind === 'repair') {
      parentPort!.postMessage({ kind: 'repaired', outcome: repair(request.state, request.failures) } satisfies WorkerReply);
      return;
    }
    if (request.kind === 'round') {
      input = { p, ...request.round };
      solver = new ComponentSolver(highs, input);
      contexts.clear();
      return;
    }
    let context = contexts.get(request.measure);
    if (!context) contexts.set(request.measure, (context = measureContext(input!, request.measure)));
    const outcome = solver!.solve(request.comp, context);
    parentPort!.postMessage({ kind: 'done', k: request.k, outcome } satisfies WorkerReply);
  } catch (e) {
    parentPort!.postMessage({ kind: 'failed', message: e instanceof Error ? e.stack ?? e.message : String(e) } satisfies WorkerReply);
  }
});
