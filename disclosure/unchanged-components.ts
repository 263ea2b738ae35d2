// Differences between two snapshots, the part that did not change. A component of suppressed cells that the earlier
// release hid as well, with the same true values, held only by relations the earlier release had, whose other cells
// it published with the same values, is one the earlier audit already answered: the earlier attacker had every one of
// these equations with the same constants, and possibly more (the cells it hid and the relations it held beyond this
// component), so the interval of each cell is now at least as wide as it was then; the cells count what they counted,
// so they need what they needed then. Solving it again proves nothing new, and costs: the national snapshot reloaded
// at the same date re-proved 37 956 cells in 12 minutes of its first round, and its repairs ran on past half an hour.
//
// What is compared, from the earlier release's tables with their true values (`ProtectOptions.previousTruth`, named
// as the new release names them): each cell's coordinates exist in the earlier table of the same id (a new code, a
// new month, is new), each relation is one of the earlier table's (same total, same parts), and each hidden cell's
// count and magnitudes are the same.
import type { FullTable } from './aggregate.ts';
import type { CarryOver } from './carry-over.ts';
import type { Component } from './components.ts';
import { debug } from './debug.ts';
import { codesOf } from './layout.ts';
import type { Problem } from './problem.ts';

/** True for the components of `p` the earlier release's audit already answered (never for one with anything new). */
export function unchangedComponents(p: Problem, carry: CarryOver, earlier: FullTable[]): (comp: Component) => boolean {
  const { unchanged, outside } = compareCells(p, carry, earlier);
  const heldBefore = earlierRelations(p, earlier);
  const { off, cells, table, dim, rel } = p.cons;
  const row = new Int8Array(off.length - 1); // 0 not yet decided, 1 an earlier relation among unchanged cells, −1 not
  const rowHeld = (c: number): boolean => {
    if (row[c] === 0) {
      let ok = heldBefore[table[c]]?.[dim[c]]?.[rel[c]] === 1;
      for (let e = off[c]; ok && e < off[c + 1]; e++) {
        const id = cells[e];
        ok = !outside[id] && (carry.locked[id] === 1 || unchanged[id] === 1);
      }
      row[c] = ok ? 1 : -1;
    }
    return row[c] === 1;
  };
  return (comp) => comp.vars.every((id) => unchanged[id] === 1) && comp.rows.every(rowHeld);
}

/**
 * `unchanged`: hidden before, same count and magnitudes now. `outside`: in some table, a coordinate the earlier
 * table of the same id does not have.
 */
function compareCells(p: Problem, carry: CarryOver, earlier: FullTable[]): { unchanged: Uint8Array; outside: Uint8Array } {
  const byId = new Map(earlier.map((t) => [t.layout.table.id, t]));
  const changed = new Uint8Array(p.n);
  const outside = new Uint8Array(p.n);
  const codes: number[] = [];
  let disowned = false;
  p.tables.forEach((t, ti) => {
    if (disowned) return;
    const g = p.global[ti];
    const before = byId.get(t.layout.table.id);
    const placed = before ? placement(t, before) : undefined;
    if (!before || !placed) {
      for (let k = 0; k < g.length; k++) outside[g[k]] = 1;
      return;
    }
    // A cell linked across tables is compared in each, on the magnitudes that table carries.
    const magnitudes = t.magnitudeNames.map((name) => ({ now: p.magnitude[p.magnitudeNames.indexOf(name)], then: before.magnitudes[before.magnitudeNames.indexOf(name)] }));
    for (let k = 0; k < g.length; k++) {
      const id = g[k];
      codesOf(t.layout, k, codes);
      let at = 0;
      for (let d = 0; d < placed.code.length && at >= 0; d++) {
        const code = placed.code[d][codes[d]];
        at = code < 0 ? -1 : at + code * placed.stride[d];
      }
      if (at < 0) {
        outside[id] = 1;
        continue;
      }
      // Published before with this value: if the earlier truth says otherwise, it is not what that release was
      // computed from (another version of the tables), and nothing can be taken from it.
      if (carry.locked[id] && before.count[at] !== p.count[id]) {
        disowned = true;
        return;
      }
      if (!carry.hidden[id]) continue;
      let same = before.count[at] === p.count[id];
      for (let m = 0; same && m < magnitudes.length; m++) same = magnitudes[m].then?.[at] === magnitudes[m].now[id];
      if (!same) changed[id] = 1;
    }
  });
  if (disowned) debug('unchanged components: the earlier truth does not match what its release published; everything is solved');
  const unchanged = new Uint8Array(p.n);
  if (!disowned) for (let id = 0; id < p.n; id++) unchanged[id] = carry.hidden[id] & (changed[id] ^ 1) & (outside[id] ^ 1);
  return { unchanged, outside };
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
