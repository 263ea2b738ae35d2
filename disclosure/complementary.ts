// Step 4, complementary suppression: suppress further cells until no confidential cell can be recomputed or
// narrowed below its protection requirement from the published cells and every additive relation at once.
//
// 1. Local pass, relation by relation (fast, linear in the table): a relation holding exactly one suppressed cell
//    gives it away; a relation whose total is published and whose suppressed parts add up to less than the
//    threshold bounds each of them below the threshold. Such a relation gets one more suppressed cell, chosen to
//    cost least: a cell whose other relations already need help is preferred (one suppression repairs two
//    relations, which builds the classic rectangles and keeps twin communes together), one that would open a new
//    relation is avoided (it would cascade up the hierarchy), then the smallest non-zero value (zeros cannot absorb
//    a decrease).
// 2. Global check: the attacker's LP (attack.ts) over every connected component of suppressed cells. Any cell
//    still pinned or narrowed gets one more suppression next to it, the local pass runs again, and only the
//    components that changed are solved again. Each round adds at least one suppressed cell, so this ends, at
//    worst with everything in reach suppressed (then every cell can scale up freely and down to zero).
import { error } from '../registry/index.ts';
import { attack, type AttackResult, type Failure } from './attack.ts';
import type { Component } from './components.ts';
import { withPool, type PoolOptions, type WorkerPool } from './worker-pool.ts';
import { debug } from './debug.ts';
import { loadHighs } from './lp.ts';
import { LPRepairer } from './repair-lp.ts';
import { repairShare, SHARES } from './repair-share.ts';
import { describeCell, type Problem } from './problem.ts';

export interface ComplementaryResult {
  suppressed: Uint8Array;
  rounds: number;
  lps: number;
  lastAttack: AttackResult;
  /** Suppressed cells the last attack took as proven by an earlier audit (`proven`). */
  unchanged: number;
}

export interface ComplementaryOptions {
  threshold: number;
  /** Cells that must stay published (already public, e.g. in a previous release). */
  locked?: Uint8Array;
  /** Cells that must be suppressed whatever their value. */
  forced?: Uint8Array;
  /** Values an earlier release published for cells that changed since (NaN elsewhere): requirement.ts. */
  earlier?: Float64Array;
  /** Per measure (index measure + 1): cells whose value an earlier release published (carry-over.ts), nothing to prove. */
  published?: Uint8Array[];
  /** The cells of a component an earlier audit still proves (earlier-proof.ts): not solved again. */
  proven?: (comp: Component, measure: number) => Int32Array | undefined;
  /** Worker threads (worker-pool.ts) and, with them, from how many failures a round's repairs are shared out. */
  pool?: PoolOptions & { shareAbove?: number };
}

const ORIGINS = ['primary', 'local', 'LP repair', 'proximity repair'] as const;
type Origin = (typeof ORIGINS)[number];

class Suppression {
  readonly suppressed: Uint8Array;
  readonly supCount: Int32Array; // suppressed cells per constraint
  readonly supParts: Float64Array; // sum of the values of the suppressed parts
  private queue: number[] = [];
  private head = 0;
  private readonly queued: Uint8Array;
  /** Why each cell was suppressed (index in ORIGINS), for the round summaries of INFOCENTRE_DISCLOSURE_DEBUG. */
  readonly origin: Uint8Array;
  private reason = 0;

  constructor(readonly p: Problem, initial: Uint8Array, readonly threshold: number, readonly locked?: Uint8Array) {
    const m = p.cons.off.length - 1;
    this.suppressed = new Uint8Array(p.n);
    this.supCount = new Int32Array(m);
    this.supParts = new Float64Array(m);
    this.queued = new Uint8Array(m);
    this.origin = new Uint8Array(p.n);
    for (let id = 0; id < p.n; id++) if (initial[id]) this.suppress(id);
    this.because('local');
  }

  /** What the next suppressions are for, until told otherwise. */
  because(origin: Origin): void {
    this.reason = ORIGINS.indexOf(origin);
  }

  needy(c: number): boolean {
    const k = this.supCount[c];
    if (k === 0) return false;
    const total = this.p.cons.cells[this.p.cons.off[c]];
    // Suppressed cells this relation proves empty count nobody: there is nothing to protect in them.
    if (k === 1) return this.suppressed[total] ? this.p.count[total] > 0 : this.supParts[c] > 0;
    return !this.suppressed[total] && this.supParts[c] > 0 && this.supParts[c] < this.threshold;
  }

  suppress(id: number): void {
    if (this.suppressed[id]) return;
    this.suppressed[id] = 1;
    this.origin[id] = this.reason;
    const { cellConsOff, cellCons, cons, count } = this.p;
    for (let j = cellConsOff[id]; j < cellConsOff[id + 1]; j++) {
      const c = cellCons[j];
      this.supCount[c]++;
      if (cons.cells[cons.off[c]] !== id) this.supParts[c] += count[id];
      if (!this.queued[c]) {
        this.queued[c] = 1;
        this.queue.push(c);
      }
    }
  }

  /** Cost of suppressing `id` to help constraint `c` (lower is better); Infinity when it cannot be chosen. */
  cost(id: number, c: number, needsValue = false, wanted = 0): number {
    if (this.suppressed[id] || this.locked?.[id]) return Number.POSITIVE_INFINITY;
    if (needsValue && this.p.count[id] === 0) return Number.POSITIVE_INFINITY;
    const { cellConsOff, cellCons, cons, count } = this.p;
    let score = 1;
    for (let j = cellConsOff[id]; j < cellConsOff[id + 1]; j++) {
      const other = cellCons[j];
      if (other === c) continue;
      if (this.supCount[other] === 0) score += 1;
      else if (this.needy(other)) score -= 1;
    }
    const isTotal = cons.cells[cons.off[c]] === id;
    if (!isTotal && count[id] + this.supParts[c] < this.threshold && !this.suppressed[cons.cells[cons.off[c]]]) score += 0.5;
    // A cell too small to give what a failing cell lacks would only start another round.
    if (count[id] < wanted) score += 0.5;
    // Ties: the smallest value is the least information lost; zeros last, they cannot absorb a decrease.
    return score * 1e12 + (count[id] === 0 ? 1e11 : Math.min(count[id], 1e11 - 1));
  }

  /** Best cell to suppress in constraint c, or −1. */
  bestIn(c: number, needsValue = false, wanted = 0): { id: number; cost: number } {
    const { off, cells } = this.p.cons;
    let best = -1;
    let bestCost = Number.POSITIVE_INFINITY;
    for (let i = off[c]; i < off[c + 1]; i++) {
      const cost = this.cost(cells[i], c, needsValue, wanted);
      if (cost < bestCost) {
        bestCost = cost;
        best = cells[i];
      }
    }
    return { id: best, cost: bestCost };
  }

  /** The local pass: until no relation needs help (or none can be helped). */
  settle(): void {
    while (this.head < this.queue.length) {
      const c = this.queue[this.head++];
      if (this.head > 65536 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      this.queued[c] = 0;
      if (!this.needy(c)) continue;
      const { id } = this.bestIn(c);
      if (id >= 0) this.suppress(id);
    }
  }

  /** One more suppression near a failing cell: in its own relations first, then further out through suppressed cells. */
  repair(f: Failure, touched: Uint8Array): boolean {
    const { cellConsOff, cellCons, cons } = this.p;
    const frontier = [f.id];
    const seen = new Set<number>(frontier);
    for (let depth = 0; frontier.length > 0; depth++) {
      let best = -1;
      let bestCost = Number.POSITIVE_INFINITY;
      const next: number[] = [];
      for (const id of frontier) {
        for (let j = cellConsOff[id]; j < cellConsOff[id + 1]; j++) {
          const c = cellCons[j];
          if (depth === 0 && touched[c]) return false; // already helped this round: re-check before adding more
          // A cell that cannot move enough needs capacity: a zero cannot give any.
          let b = this.bestIn(c, f.kind !== 'lower', f.shortfall ?? 0);
          if (b.id < 0) b = this.bestIn(c);
          if (b.cost < bestCost) {
            bestCost = b.cost;
            best = b.id;
          }
          for (let i = cons.off[c]; i < cons.off[c + 1]; i++) {
            const other = cons.cells[i];
            if (this.suppressed[other] && !seen.has(other)) {
              seen.add(other);
              next.push(other);
            }
          }
        }
      }
      if (best >= 0) {
        for (let j = cellConsOff[best]; j < cellConsOff[best + 1]; j++) touched[cellCons[j]] = 1;
        this.suppress(best);
        return true;
      }
      frontier.length = 0;
      for (const cell of next) frontier.push(cell);
    }
    return false;
  }
}

export async function complementary(p: Problem, primaryMask: Uint8Array, options: ComplementaryOptions): Promise<ComplementaryResult> {
  const initial = Uint8Array.from(primaryMask);
  if (options.forced) for (let id = 0; id < p.n; id++) if (options.forced[id]) initial[id] = 1;
  const s = new Suppression(p, initial, options.threshold, options.locked);
  s.settle();
  debug(`local pass: ${count(s.suppressed)} suppressed`);
  const passed = new Set<string>();
  const settled = [p.count, ...p.magnitude].map((_, m) => (options.published ? Uint8Array.from(options.published[m]) : new Uint8Array(p.n)));
  const repairs = new LPRepairer({
    p, highs: await loadHighs(), threshold: options.threshold, primary: primaryMask, earlier: options.earlier, suppressed: s.suppressed,
    locked: options.locked, suppress: (id) => s.suppress(id), settled,
  });
  return withPool(p, (pool) => fixLoop(p, primaryMask, options, s, repairs, settled, passed, pool), options.pool);
}

async function fixLoop(
  p: Problem, primaryMask: Uint8Array, options: ComplementaryOptions, s: Suppression, repairs: LPRepairer,
  settled: Uint8Array[], passed: Set<string>, pool: WorkerPool | undefined,
): Promise<ComplementaryResult> {
  let lps = 0;
  // Components left alone, and the distinct cells an earlier audit proves (a cell is in one component per measure).
  const skipped = { components: 0, cells: 0, seen: new Uint8Array(options.proven ? p.n : 0) };
  const { proven } = options;
  const only = proven && ((comp: Component, measure: number) => {
    const ids = proven(comp, measure);
    if (!ids) return true;
    // Settled stays true as suppressions grow: a table the attacker could not exclude stays one.
    for (const id of ids) {
      settled[measure + 1][id] = 1;
      skipped.cells += skipped.seen[id] ^ 1;
      skipped.seen[id] = 1;
    }
    if (ids.length < comp.vars.length) return true;
    skipped.components++;
    return false;
  });
  const restart = () => {
    skipped.components = skipped.cells = 0;
    skipped.seen.fill(0);
  };
  for (let round = 1; ; round++) {
    restart();
    const result = await attack({
      p, suppressed: s.suppressed, primary: primaryMask, earlier: options.earlier, threshold: options.threshold, passed, settled, exact: false, pool, only,
    });
    lps += result.lps;
    debug(`round ${round}: ${result.components} components solved, ${result.lps} LPs, ${result.failures.length} failures`
      + (proven ? ` (${skipped.cells} cells proven by the earlier audit, ${skipped.components} components wholly)` : ''));
    if (result.failures.length === 0) return { suppressed: s.suppressed, rounds: round, lps, lastAttack: result, unchanged: skipped.cells };
    if (process.env.INFOCENTRE_DISCLOSURE_DEBUG) {
      const by = new Map<string, number>();
      for (const f of result.failures) {
        const key = `${ORIGINS[s.origin[f.id]]} ${f.kind}`;
        by.set(key, (by.get(key) ?? 0) + 1);
      }
      debug(`  failures by why the cell is suppressed: ${[...by].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}`);
    }
    if (result.failures.length <= 5) {
      for (const f of result.failures) {
        const where = describeCell(p, f.id);
        debug(`  still failing: ${where.table} ${where.coords.join(' × ')} (${f.measure < 0 ? 'count' : p.magnitudeNames[f.measure]}) ${f.kind} [${f.lower}, ${f.upper}] value ${f.measure < 0 ? p.count[f.id] : p.magnitude[f.measure][f.id]}`);
      }
    }
    const touched = new Uint8Array(p.cons.off.length - 1);
    let added = 0;
    let byLP = 0;
    let unrepaired = 0;
    const ordered = repairs.order(result.failures);
    s.because('LP repair');
    const repaired = ordered.length >= (options.pool?.shareAbove ?? SHARE_ABOVE)
      ? await repairShared(p, pool, repairs, ordered, s, settled, primaryMask, options)
      : ordered.map((f) => repairs.repair(f));
    s.because('proximity repair');
    for (let k = 0; k < ordered.length; k++) {
      if (repaired[k]) {
        byLP++;
        continue;
      }
      const f = ordered[k];
      if (++unrepaired <= 5) debug(`  no repair LP for ${describeCell(p, f.id).coords.join(' × ')} (${f.kind})`);
      if (s.repair(f, touched)) added++;
    }
    added += byLP;
    if (added === 0) {
      // Nothing left to suppress near what the fast pass could not settle: decide with exact LPs.
      restart();
      const exact = await attack({ p, suppressed: s.suppressed, primary: primaryMask, earlier: options.earlier, threshold: options.threshold, pool, only });
      lps += exact.lps;
      if (exact.failures.length === 0) return { suppressed: s.suppressed, rounds: round, lps, lastAttack: exact, unchanged: skipped.cells };
      const where = describeCell(p, exact.failures[0].id);
      throw error('DISC_UNPROTECTABLE', [where.coords.join(' × '), where.table]);
    }
    repairs.endRound();
    s.because('local');
    s.settle();
    debug(`repairs: ${added} (${byLP} by LP), now ${count(s.suppressed)} suppressed`);
  }
}

/**
 * From this many failures a round's repairs are shared out (repair-share.ts), on the pool's workers when there are
 * some: below it, one share loses nothing to the split.
 */
const SHARE_ABOVE = 200;

/** The round's repairs by LP, in SHARES shares, their suppressions and settled cells merged here. */
async function repairShared(
  p: Problem, pool: WorkerPool | undefined, repairs: LPRepairer, ordered: Failure[], s: Suppression, settled: Uint8Array[],
  primary: Uint8Array, options: ComplementaryOptions,
): Promise<boolean[]> {
  const shares = repairs.share(ordered, SHARES);
  const state = { suppressed: s.suppressed, settled, primary, earlier: options.earlier, threshold: options.threshold, locked: options.locked };
  const outcomes = pool
    ? await pool.repair(state, shares)
    : await loadHighs().then((highs) => shares.map((share) => repairShare(p, highs, state, share)));
  const repaired = new Map<Failure, boolean>();
  outcomes.forEach((outcome, i) => {
    for (const id of outcome.added) s.suppress(id);
    outcome.settled.forEach((ids, m) => { for (const id of ids) settled[m][id] = 1; });
    shares[i].forEach((f, k) => repaired.set(f, outcome.byLP[k] === 1));
  });
  debug(`  ${ordered.length} failures repaired in ${shares.length} shares${pool ? ` on ${pool.size} workers` : ''}`);
  return ordered.map((f) => repaired.get(f)!);
}

function count(mask: Uint8Array): number {
  let k = 0;
  for (let i = 0; i < mask.length; i++) k += mask[i];
  return k;
}
