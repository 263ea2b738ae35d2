// One share of a round's repairs (repair-lp.ts), repaired from the round's state alone: its own copy of the
// suppressed and settled cells, a fresh repairer. What a share suppresses and settles thus depends only on the round
// and the share, never on which thread ran it or what ran before, so a snapshot gives the same release on any
// number of cores.
import type { Failure } from './attack.ts';
import type { loadHighs } from './lp.ts';
import type { Problem } from './problem.ts';
import { LPRepairer } from './repair-lp.ts';

/** The round's state a share starts from. */
export interface RepairState {
  suppressed: Uint8Array;
  settled: Uint8Array[];
  primary: Uint8Array;
  earlier?: Float64Array;
  threshold: number;
  locked?: Uint8Array;
}

/** What a share's repairs did: cells they suppressed, which failures an LP repaired, cells they settled. */
export interface RepairOutcome {
  added: Int32Array;
  byLP: Uint8Array;
  settled: Int32Array[]; // per measure (index measure + 1)
}

/** Shares of a round's repairs: a fixed number, whatever the cores, so the release does not depend on them. */
export const SHARES = 4;

export function repairShare(p: Problem, highs: Awaited<ReturnType<typeof loadHighs>>, state: RepairState, failures: readonly Failure[]): RepairOutcome {
  const suppressed = Uint8Array.from(state.suppressed);
  const settled = state.settled.map((mask) => Uint8Array.from(mask));
  const added: number[] = [];
  const repairer = new LPRepairer({
    p, highs, threshold: state.threshold, primary: state.primary, earlier: state.earlier, locked: state.locked, suppressed, settled,
    suppress: (id) => {
      suppressed[id] = 1;
      added.push(id);
    },
  });
  const byLP = Uint8Array.from(failures, (f) => (repairer.repair(f) ? 1 : 0));
  repairer.endRound();
  const newlySettled = settled.map((mask, m) => {
    const ids: number[] = [];
    for (let id = 0; id < p.n; id++) if (mask[id] && !state.settled[m][id]) ids.push(id);
    return Int32Array.from(ids);
  });
  return { added: Int32Array.from(added), byLP, settled: newlySettled };
}
