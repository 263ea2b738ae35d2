// One worker thread of the attack pool (attack-pool.ts): holds a copy of the problem and solves the components it is
// sent with the round's state, exactly as attack.ts does on the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { ComponentSolver, measureContext, type AttackInput, type MeasureContext } from './attack.ts';
import type { WorkerReply, WorkerRequest } from './attack-pool.ts';
import { loadHighs } from './lp.ts';
import type { Problem } from './problem.ts';

const p = (workerData as { problem: Problem }).problem;
const highs = await loadHighs();
let input: AttackInput | undefined;
let solver: ComponentSolver | undefined;
const contexts = new Map<number, MeasureContext>();

parentPort!.on('message', (request: WorkerRequest) => {
  try {
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
