// Worker threads for the engine's LPs. Each worker holds its own copy of the problem and its own HiGHS; a request
// sends only what changed (the suppressed and settled cells).
//
// Attack: connected components are independent linear programmes, so a round's components are shared out among
// workers (largest first, each worker taking the next as it finishes) and their results put back in component
// order: the outcome is the one a single thread gets, sooner.
//
// Repairs: each worker repairs its share of the round's failures (whole départements, shared out by the main thread
// the same way every time) on its own copy of the suppressed cells, and the main thread takes the union of what they
// suppressed. Suppressing more never undoes a proof (a perturbation that moves only suppressed cells still does), so
// the union protects every cell either share protected; it may hold a few suppressions more than one thread would
// have made, where two neighbouring départements' repairs did not see each other's.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AttackInput, ComponentOutcome, Failure } from './attack.ts';
import type { Component } from './components.ts';
import type { Problem } from './problem.ts';

/** Below this many cells a worker's start (about a second) costs more than it saves. */
const WORTH_ABOVE = 20_000;

/** What a worker needs of a round: the attack's input less the problem it already holds. */
export type RoundState = Pick<AttackInput, 'suppressed' | 'primary' | 'threshold' | 'settled' | 'magnitudeSuppressed' | 'exact' | 'batchLimit'>;

/** What a worker's repairer needs: the repair context less the problem and the solver. */
export interface RepairState {
  suppressed: Uint8Array;
  settled: Uint8Array[];
  primary: Uint8Array;
  threshold: number;
  locked?: Uint8Array;
}

/** What a worker's share of repairs did: cells it suppressed, which failures an LP repaired, cells it settled. */
export interface RepairOutcome {
  added: Int32Array;
  byLP: Uint8Array;
  settled: Int32Array[]; // per measure (index measure + 1)
}

export type WorkerRequest =
  | { kind: 'round'; round: RoundState }
  | { kind: 'task'; k: number; measure: number; comp: Component }
  | { kind: 'repair'; state: RepairState; failures: Failure[] };

export type WorkerReply =
  | { kind: 'done'; k: number; outcome: ComponentOutcome }
  | { kind: 'repaired'; outcome: RepairOutcome }
  | { kind: 'failed'; message: string };

export interface PoolOptions {
  /** Worker threads (default: INFOCENTRE_DISCLOSURE_WORKERS, else one per core); below 2, none. */
  workers?: number;
  /** Smallest problem (cells) worth a pool (default 20 000). */
  minCells?: number;
}

/** Threads the engine may use: INFOCENTRE_DISCLOSURE_WORKERS if set (0 or 1: none), else one per core. */
function workerCount(): number {
  const set = process.env.INFOCENTRE_DISCLOSURE_WORKERS;
  const n = set === undefined || set === '' ? availableParallelism() : Number.parseInt(set, 10);
  return Number.isFinite(n) && n > 1 ? Math.min(n, 8) : 0;
}

export class WorkerPool {
  private constructor(private readonly workers: Worker[]) {}

  /** A pool for this problem, or undefined when one thread will do (one core, or a small problem). */
  static open(p: Problem, options: PoolOptions = {}): WorkerPool | undefined {
    const n = options.workers ?? workerCount();
    if (n < 2 || p.n < (options.minCells ?? WORTH_ABOVE)) return undefined;
    const url = new URL('./pool-worker.js', import.meta.url);
    // The tables' own cell lists are the input the problem was built from; the workers need none of it.
    const problem: Problem = { ...p, tables: p.tables.map((t) => ({ ...t, layout: { ...t.layout, table: { ...t.layout.table, cells: [] } } })) };
    const workers = Array.from({ length: n }, () => new Worker(url, { workerData: { problem }, stderr: false }));
    for (const w of workers) w.unref();
    return new WorkerPool(workers);
  }

  /** Solves the components, largest first, on whichever worker is free; outcomes in task order. */
  solve(input: AttackInput, tasks: { measure: number; comp: Component }[]): Promise<ComponentOutcome[]> {
    const round: RoundState = {
      suppressed: input.suppressed, primary: input.primary, threshold: input.threshold, settled: input.settled,
      magnitudeSuppressed: input.magnitudeSuppressed, exact: input.exact, batchLimit: input.batchLimit,
    };
    const queue = tasks.map((_, k) => k).sort((a, b) => tasks[b].comp.vars.length - tasks[a].comp.vars.length || a - b);
    const outcomes: ComponentOutcome[] = new Array(tasks.length);
    let next = 0;
    let pending = tasks.length;
    return new Promise((resolve, reject) => {
      const cleanups: (() => void)[] = [];
      const finish = (error?: Error) => {
        for (const cleanup of cleanups) cleanup();
        if (error) reject(error);
        else resolve(outcomes);
      };
      const feed = (w: Worker) => {
        if (next >= queue.length) return;
        const k = queue[next++];
        w.postMessage({ kind: 'task', k, measure: tasks[k].measure, comp: tasks[k].comp } satisfies WorkerRequest);
      };
      for (const w of this.workers) {
        const onMessage = (reply: WorkerReply) => {
          if (reply.kind !== 'done') return finish(new Error(reply.kind === 'failed' ? reply.message : `réponse inattendue d'un worker : ${reply.kind}`));
          outcomes[reply.k] = reply.outcome;
          if (--pending === 0) return finish();
          feed(w);
        };
        const onError = (e: Error) => finish(e);
        w.on('message', onMessage);
        w.on('error', onError);
        cleanups.push(() => {
          w.off('message', onMessage);
          w.off('error', onError);
        });
        w.postMessage({ kind: 'round', round } satisfies WorkerRequest);
        feed(w);
      }
    });
  }

  get size(): number {
    return this.workers.length;
  }

  /** Worker i repairs shares[i], all at once; their outcomes in share order. */
  repair(state: RepairState, shares: Failure[][]): Promise<RepairOutcome[]> {
    return Promise.all(shares.map((failures, i) => new Promise<RepairOutcome>((resolve, reject) => {
      const w = this.workers[i];
      const done = () => {
        w.off('message', onMessage);
        w.off('error', onError);
      };
      const onMessage = (reply: WorkerReply) => {
        done();
        if (reply.kind === 'repaired') resolve(reply.outcome);
        else reject(new Error(reply.kind === 'failed' ? reply.message : `réponse inattendue d'un worker : ${reply.kind}`));
      };
      const onError = (e: Error) => {
        done();
        reject(e);
      };
      w.on('message', onMessage);
      w.on('error', onError);
      w.postMessage({ kind: 'repair', state, failures } satisfies WorkerRequest);
    })));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Runs `fn` with a pool for `p` when one is worth it, and closes the pool whatever happens. */
export async function withPool<T>(p: Problem, fn: (pool: WorkerPool | undefined) => Promise<T>, options?: PoolOptions): Promise<T> {
  const pool = WorkerPool.open(p, options);
  try {
    return await fn(pool);
  } finally {
    await pool?.close();
  }
}
