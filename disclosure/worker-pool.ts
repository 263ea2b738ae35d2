// Worker threads for the engine's LPs. Each worker holds its own copy of the problem and its own HiGHS; a request
// sends only what changed (the suppressed and settled cells).
//
// Attack: connected components are independent linear programmes, so a round's components are shared out among
// workers (largest first, each worker taking the next as it finishes) and their results put back in component
// order: the outcome is the one a single thread gets, sooner.
//
// Repairs: a round's failures come in a fixed number of shares (repair-share.ts), each repaired from the round's
// state alone, so which worker takes which share changes nothing; the main thread merges them.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AttackInput, Failure } from './attack.ts';
import type { ComponentOutcome } from './component-solver.ts';
import type { Component } from './components.ts';
import type { Problem } from './problem.ts';
import type { RepairOutcome, RepairState } from './repair-share.ts';

/** Below this many cells a worker's start (about a second) costs more than it saves. */
const WORTH_ABOVE = 20_000;

/** What a worker needs of a round: the attack's input less the problem it already holds. */
export type RoundState = Pick<AttackInput, 'suppressed' | 'primary' | 'earlier' | 'threshold' | 'settled' | 'magnitudeSuppressed' | 'exact' | 'batchLimit'>;

export type WorkerRequest =
  | { kind: 'round'; round: RoundState }
  | { kind: 'task'; k: number; measure: number; comp: Component }
  | { kind: 'repair'; k: number; state: RepairState; failures: Failure[] };

export type WorkerReply =
  | { kind: 'done'; k: number; outcome: ComponentOutcome }
  | { kind: 'repaired'; k: number; outcome: RepairOutcome }
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
      suppressed: input.suppressed, primary: input.primary, earlier: input.earlier, threshold: input.threshold, settled: input.settled,
      magnitudeSuppressed: input.magnitudeSuppressed, exact: input.exact, batchLimit: input.batchLimit,
    };
    for (const w of this.workers) w.postMessage({ kind: 'round', round } satisfies WorkerRequest);
    const order = tasks.map((_, k) => k).sort((a, b) => tasks[b].comp.vars.length - tasks[a].comp.vars.length || a - b);
    return this.dispatch<ComponentOutcome>(tasks.length, (at) => {
      const k = order[at];
      return { kind: 'task', k, measure: tasks[k].measure, comp: tasks[k].comp };
    }, 'done');
  }

  /**
   * Sends requests 0…count−1 (built by `request`) to whichever worker is free and collects the replies of `kind`
   * by their index.
   */
  private dispatch<T>(count: number, request: (at: number) => WorkerRequest, kind: 'done' | 'repaired'): Promise<T[]> {
    const outcomes: T[] = new Array(count);
    let next = 0;
    let pending = count;
    return new Promise((resolve, reject) => {
      if (count === 0) return resolve(outcomes);
      const cleanups: (() => void)[] = [];
      const finish = (error?: Error) => {
        for (const cleanup of cleanups) cleanup();
        if (error) reject(error);
        else resolve(outcomes);
      };
      const feed = (w: Worker) => {
        if (next < count) w.postMessage(request(next++));
      };
      for (const w of this.workers) {
        const onMessage = (reply: WorkerReply) => {
          if (reply.kind === 'failed') return finish(new Error(reply.message));
          if (reply.kind !== kind) return finish(new Error(`réponse inattendue d'un worker : ${reply.kind}`));
          outcomes[reply.k] = reply.outcome as T;
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
        feed(w);
      }
    });
  }

  get size(): number {
    return this.workers.length;
  }

  /** Repairs the shares, each on whichever worker is free (repair-share.ts); their outcomes in share order. */
  repair(state: RepairState, shares: Failure[][]): Promise<RepairOutcome[]> {
    return this.dispatch<RepairOutcome>(shares.length, (k) => ({ kind: 'repair', k, state, failures: shares[k] }), 'repaired');
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
