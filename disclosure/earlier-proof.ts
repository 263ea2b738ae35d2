// Differences between two snapshots: what the earlier release's audit still proves. Take a component of suppressed
// cells whose relations are all ones the earlier release had (same total, same parts), each of their cells either
// hidden by it or published by it — published still with the same value (locked), or hidden now because it changed
// (forced). Every table the earlier attacker could not exclude, with the cells it published then at those values, is
// one the new attacker cannot exclude: the equations are the same, their published constants the same, and a cell
// published then and hidden now only adds an unknown. So each cell's interval is at least as wide as it was, and
// holds both its value then and its value now. A cell hidden then that counts what it counted then needs what it
// needed then, which that audit verified; a changed cell whose two values span what it must reach needs nothing
// more; a cell published then with the value it has now is public already. Those are proven without solving
// anything; only the rest is left to the LPs, and a component with none of it is not solved at all. Solving it all
// again proves nothing new, and costs: the national snapshot reloaded at the same date re-proved 37 956 cells in 12
// minutes of its first round, and a reload with 200 scattered late rows reopened its six largest components whole.
//
// What is compared, from the earlier release's tables with their true values (`ProtectOptions.previousTruth`, named
// as the new release names them): each cell's coordinates exist in the earlier table of the same id (a new code, a
// new month, is new), each relation is one of the earlier table's, and each cell's count and magnitudes then.
import type { FullTable } from './aggregate.ts';
import type { CarryOver } from './carry-over.ts';
import type { Component } from './components.ts';
import { debug } from './debug.ts';
import { codesOf } from './layout.ts';
import type { Problem } from './problem.ts';
import { countReach } from './requirement.ts';

/**
 * For a component of `p` (its variables those of `measure`: −1 the count, else a magnitude's index), the cells whose
 * requirement the earlier release's audit, with what it published, still proves; undefined when the component is not
 * one that release can speak for.
 */
export function earlierProof(
  p: Problem, carry: CarryOver, earlier: FullTable[], primary: Uint8Array, threshold: number,
): (comp: Component, measure: number) => Int32Array | undefined {
  const then = valuesThen(p, carry, earlier);
  if (!then) return () => undefined;
  const heldBefore = earlierRelations(p, earlier);
  const { off, cells, table, dim, rel } = p.cons;
  const row = new Int8Array(off.length - 1); // 0 not yet decided, 1 an earlier relation over earlier cells, −1 not
  const rowHeld = (c: number): boolean => {
    if (row[c] === 0) {
      let ok = heldBefore[table[c]]?.[dim[c]]?.[rel[c]] === 1;
      // Published then with the same value (locked), or hidden now whatever it was then (forced): a constant then
      // that is one now too, or an unknown now.
      for (let e = off[c]; ok && e < off[c + 1]; e++) {
        const id = cells[e];
        ok = !Number.isNaN(then.count[id]) && (carry.locked[id] === 1 || carry.forced[id] === 1);
      }
      row[c] = ok ? 1 : -1;
    }
    return row[c] === 1;
  };
  const proves = (id: number, measure: number): boolean => {
    // Published then with the value it has now (hidden because another measure changed): public already.
    if (carry.published[measure + 1][id]) return true;
    const before = measure < 0 ? then.count[id] : then.magnitude[measure][id];
    const now = measure < 0 ? p.count[id] : p.magnitude[measure][id];
    if (Number.isNaN(before)) return false;
    // Hidden then, counting what it counted: it needs what it needed then, which that audit verified.
    if (carry.hidden[id] && before === now && then.count[id] === p.count[id]) return true;
    if (before === now) return false;
    // Otherwise two values are within its interval: the one it had then (the earlier truth, or the value published
    // then), which every table of the earlier attacker gives it, and the one it has now. Enough when they span what
    // it must reach.
    if (measure >= 0) return true;
    const reach = countReach(now, primary[id] === 1, carry.earlier[id], threshold);
    return !reach || (Math.max(before, now) >= reach.up && Math.min(before, now) <= reach.down);
  };
  return (comp, measure) => (comp.rows.every(rowHeld) ? comp.vars.filter((id) => proves(id, measure)) : undefined);
}

/** The true values of the earlier release, per cell of `p` (NaN: a cell it did not have); magnitudes by index. */
interface ValuesThen {
  count: Float64Array;
  magnitude: Float64Array[];
}

/**
 * The earlier truth of every cell of `p`, by the coordinates of each table in the earlier table of the same id. A cell
 * with a coordinate that table does not have, or given two values by two tables, has none. Undefined when the earlier
 * truth is not what the earlier release published.
 */
function valuesThen(p: Problem, carry: CarryOver, earlier: FullTable[]): ValuesThen | undefined {
  const byId = new Map(earlier.map((t) => [t.layout.table.id, t]));
  const then: ValuesThen = {
    count: new Float64Array(p.n).fill(Number.NaN), magnitude: p.magnitude.map(() => new Float64Array(p.n).fill(Number.NaN)),
  };
  const unknown = new Uint8Array(p.n);
  const set = (values: Float64Array, id: number, v: number | undefined) => {
    if (v === undefined || Number.isNaN(v)) return;
    if (Number.isNaN(values[id])) values[id] = v;
    else if (values[id] !== v) unknown[id] = 1;
  };
  const codes: number[] = [];
  for (let ti = 0; ti < p.tables.length; ti++) {
    const t = p.tables[ti];
    const g = p.global[ti];
    const before = byId.get(t.layout.table.id);
    const placed = before ? placement(t, before) : undefined;
    if (!before || !placed) {
      for (let k = 0; k < g.length; k++) unknown[g[k]] = 1;
      continue;
    }
    // A cell linked across tables takes each magnitude from the tables that carry it.
    const magnitudes = t.magnitudeNames.map((name) => ({
      now: p.magnitudeNames.indexOf(name), then: before.magnitudes[before.magnitudeNames.indexOf(name)],
    }));
    for (let k = 0; k < g.length; k++) {
      const id = g[k];
      codesOf(t.layout, k, codes);
      let at = 0;
      for (let d = 0; d < placed.code.length && at >= 0; d++) {
        const code = placed.code[d][codes[d]];
        at = code < 0 ? -1 : at + code * placed.stride[d];
      }
      if (at < 0) {
        unknown[id] = 1;
        continue;
      }
      // What the earlier release published must be what its truth says; otherwise the truth is not the one it was
      // computed from (another version of the tables), and nothing can be taken from it.
      const published = carry.locked[id] ? p.count[id] : carry.forced[id] && !carry.hidden[id] ? carry.earlier[id] : Number.NaN;
      if (!Number.isNaN(published) && before.count[at] !== published) {
        debug('earlier proof: the earlier truth does not match what its release published; everything is solved');
        return undefined;
      }
      set(then.count, id, before.count[at]);
      for (const m of magnitudes) set(then.magnitude[m.now], id, m.then?.[at]);
    }
  }
  for (let id = 0; id < p.n; id++) {
    if (!unknown[id]) continue;
    then.count[id] = Number.NaN;
    for (const values of then.magnitude) values[id] = Number.NaN;
  }
  return then;
}

/** Where each code of `t` sits in `before` (−1: it has no such code), and the stride of each of t's dimensions there. */
function placement(t: FullTable, before: FullTable): { code: Int32Array[]; stride: number[] } | undefined {
  const code: Int32Array[] = [];
  const stride: number[] = [];
  for (const dl of t.layout.dims) {
    const e = before.layout.dims.findIndex((x) => x.dim.name === dl.dim.name);
    if (e < 0) return undefined;
    const there = before.layout.dims[e];
    code.push(Int32Array.from(dl.dim.codes, (c) => there.index.get(c) ?? -1));
    stride.push(before.layout.strides[e]);
  }
  return before.layout.dims.length === t.layout.dims.length ? { code, stride } : undefined;
}

/** Per table, dimension and relation of `p`: 1 when the earlier table of the same id has that relation. */
function earlierRelations(p: Problem, earlier: FullTable[]): Uint8Array[][] {
  const byId = new Map(earlier.map((t) => [t.layout.table.id, t]));
  const signature = (total: string, parts: string[]) => `${total}=${[...parts].sort().join('+')}`;
  return p.tables.map((t) => {
    const before = byId.get(t.layout.table.id);
    return t.layout.dims.map((dl) => {
      const there = before?.layout.dims.find((x) => x.dim.name === dl.dim.name);
      const had = new Set(there?.dim.relations.map((r) => signature(r.total, r.parts)) ?? []);
      return Uint8Array.from(dl.relations, (r) =>
        (had.has(signature(dl.dim.codes[r.total], Array.from(r.parts, (i) => dl.dim.codes[i]))) ? 1 : 0));
    });
  });
}
