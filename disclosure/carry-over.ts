// Differences between two snapshots: what an earlier release published for closed periods is public for good. A
// cell of the new release with the same identity is published again only with exactly the same value (count and
// magnitudes) — then it tells nothing new and cannot serve as a complement. If it was suppressed, or its value
// changed since (late registrations, corrections), it is suppressed: publishing the new value next to the old one
// would disclose the difference, which concerns a handful of requests.
import { coordsOf } from './layout.ts';
import { SUPPRESSED } from './model.ts';
import { cellKeyMaker, type Problem } from './problem.ts';
import type { PublishedTable } from './release.ts';

export interface CarryOver {
  locked: Uint8Array; // published before with this very value: stays published
  forced: Uint8Array; // suppressed before, or changed: stays suppressed
  hidden: Uint8Array; // of those, the ones suppressed before
  earlier: Float64Array; // of the others, the value published before (NaN elsewhere)
  /**
   * Per measure (index measure + 1, as the fix loop's settled cells): published before with the value it has now in
   * that measure. A cell suppressed because another of its measures changed may be pinned in this one: the value it
   * is pinned to is public already.
   */
  published: Uint8Array[];
}

function keyOf(t: PublishedTable, coords: string[]): string {
  const parts = t.dimensions.map((d, i) => ({ name: d.name, code: coords[i], root: d.root }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  let key = t.measure;
  for (const x of parts) if (x.code !== x.root) key += `\u0001${x.name}=${x.code}`;
  return key;
}

export function carryOver(p: Problem, previous: PublishedTable[]): CarryOver {
  const wanted = new Map<string, { value: PublishedValueLike; magnitudes?: Record<string, PublishedValueLike> }>();
  for (const t of previous) for (const c of t.cells) wanted.set(keyOf(t, c.coords), { value: c.value, magnitudes: c.magnitudes });
  const zeroUnlisted = new Map(previous.flatMap((t) => (t.zeroUnlisted ? [[t.id, t.zeroUnlisted] as const] : [])));
  const zero: { value: PublishedValueLike; magnitudes?: Record<string, PublishedValueLike> } = { value: 0 };
  const locked = new Uint8Array(p.n);
  const forced = new Uint8Array(p.n);
  const hidden = new Uint8Array(p.n);
  const earlier = new Float64Array(p.n).fill(Number.NaN);
  const published = [p.count, ...p.magnitude].map(() => new Uint8Array(p.n));
  p.tables.forEach((t, ti) => {
    const key = cellKeyMaker(t);
    const g = p.global[ti];
    const wasZero = zeroUnlisted.get(t.layout.table.id);
    for (let k = 0; k < t.layout.size; k++) {
      const before = wanted.get(key(k)) ?? (wasZero?.(coordsOf(t.layout, k)) ? zero : undefined);
      if (!before) continue;
      const id = g[k];
      const same = before.value === p.count[id] && Object.entries(before.magnitudes ?? {}).every(([name, v]) => {
        const m = p.magnitudeNames.indexOf(name);
        return m < 0 || v === p.magnitude[m][id];
      });
      if (same) locked[id] = 1;
      else forced[id] = 1;
      if (before.value === SUPPRESSED) {
        hidden[id] = 1;
        continue;
      }
      if (!same) earlier[id] = before.value;
      if (before.value === p.count[id]) published[0][id] = 1;
      for (const [name, v] of Object.entries(before.magnitudes ?? {})) {
        const m = p.magnitudeNames.indexOf(name);
        if (m >= 0 && v === p.magnitude[m][id]) published[m + 1][id] = 1;
      }
    }
  });
  return { locked, forced, hidden, earlier, published };
}

type PublishedValueLike = number | 's';
