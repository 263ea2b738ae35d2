// One worker thread of the pool (worker-pool.ts): holds a copy of the problem, solves the components it is sent with
// the round's state exactly as attack.ts does on the main thread, and repairs the shares of failures it is sent
// (repair-share.ts).
import { parentPort, workerData } from 'node:worker_threads';
import type { AttackInput } from './attack.ts';
import { ComponentSolver, measureContext, type MeasureContext } from './component-solver.ts';
import { loadHighs } from './lp.ts';
import type { Problem } from './problem.ts';
import { repairShare } from './repair-share.ts';
import type { WorkerReply, WorkerRequest } from './worker-pool.ts';

const p = (workerData as { problem: Problem }).problem;
const highs = await loadHighs();
let input: AttackInput | undefined;
let solver: ComponentSolver | undefined;
const contexts = new Map<number, MeasureContext>();
parentPort!.on('message', (request: WorkerRequest) => {
  try {
    if (request.kind === 'repair') {
      parentPort!.postMessage({ kind: 'repaired', k: request.k, outcome: repairShare(p, highs, request.state, request.failures) } satisfies WorkerReply);
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
