// What tables added on top of a release tell that the release did not: cells it does not have with a published
// value, values it suppressed (a count or a magnitude), relations it does not hold. The attacker's view of the union
// differs from the release's only in the components of suppressed cells these reach; every other component is one
// the release had, with the same values around it, and the release passed its own audit. `check --against` thus
// solves only what the file changes: a national release has 10⁶ suppressed cells, a checked file a few dozen.
//
// A file's table also has cells of its own that nobody publishes: rests (`DEP:45~autres`, the communes it does not
// list) and codes added to link it to the release. Such a fresh cell in a relation that is, without it, one of the
// release's is forced to zero (the release's relation already balances), and then every relation it is in holds
// whatever the release's cells are: completed by zeros, any table the release allows satisfies the file's relations.
// Fresh cells that can always be filled in (an unfilled crossing, a rest slice: free-cells.ts) leave theirs out too.
import type { FullTable } from './aggregate.ts';
import type { Component } from './components.ts';
import { holdFreeCells } from './free-cells.ts';
import { debug } from './debug.ts';
import { describeCell, type Problem } from './problem.ts';

/**
 * The components the tables from index `newFrom` on can change, as a predicate over the union problem `p` built
 * from `tables` (the release's first).
 */
export function touchedByNew(p: Problem, tables: FullTable[], newFrom: number): (comp: Component) => boolean {
  const measures = (t: FullTable) => [{ name: '', values: t.count }, ...t.magnitudeNames.map((name, m) => ({ name, values: t.magnitudes[m] }))];
  const inRelease = new Uint8Array(p.n);
  const published = new Map<string, Uint8Array>(); // per measure name: cells the release publishes a value for
  tables.slice(0, newFrom).forEach((t, ti) => {
    const g = p.global[ti];
    for (const { name, values } of measures(t)) {
      let mask = published.get(name);
      if (!mask) published.set(name, (mask = new Uint8Array(p.n)));
      for (let k = 0; k < g.length; k++) {
        inRelease[g[k]] = 1;
        if (!Number.isNaN(values[k])) mask[g[k]] = 1;
      }
    }
  });
  const novel = new Uint8Array(p.n); // a value the release does not publish
  const fresh = new Uint8Array(p.n); // a cell of the new tables only, published by none
  tables.slice(newFrom).forEach((t, j) => {
    const g = p.global[newFrom + j];
    for (const { name, values } of measures(t)) {
      const mask = published.get(name);
      for (let k = 0; k < g.length; k++) {
        const id = g[k];
        // A zero where the release has no cell is the zero its files imply by not listing it (a commune without
        // attributions): fresh like an unknown, so it counts only where a release relation forces it to zero.
        if (!Number.isNaN(values[k]) && !mask?.[id] && !(values[k] === 0 && !inRelease[id])) novel[id] = 1;
        else if (!inRelease[id]) fresh[id] = 1;
      }
    }
  });
  for (let id = 0; id < p.n; id++) if (novel[id]) fresh[id] = 0;
  const held = new Uint8Array(p.cons.off.length - 1);
  const free = holdFreeCells(p, tables, newFrom, { inRelease, fresh, novel }, held);
  heldRelations(p, newFrom, fresh, held);
  const { off, cells } = p.cons;
  const m = off.length - 1;
  const touched = new Uint8Array(m);
  for (let c = 0; c < m; c++) {
    if (!held[c]) touched[c] = 1;
    else for (let e = off[c]; e < off[c + 1] && !touched[c]; e++) touched[c] = novel[cells[e]];
  }
  if (process.env.INFOCENTRE_DISCLOSURE_DEBUG) {
    debug(`novelty: ${count(novel)} novel values, ${free.size} free cells, ${count(touched)} relations to solve`);
    const say = (id: number) => describeCell(p, id).coords.join(' × ') + (fresh[id] ? ' (fresh)' : novel[id] ? ' (novel)' : '');
    for (const c of [...touched.keys()].filter((x) => touched[x]).slice(0, 5)) {
      debug(`  to solve (${p.tables[p.cons.table[c]].layout.table.id}): ${say(cells[off[c]])} = ${[...cells.subarray(off[c] + 1, off[c + 1])].map(say).join(' + ')}`.slice(0, 400));
    }
  }
  return (comp) => comp.rows.some((c) => touched[c] === 1) || comp.vars.some((id) => novel[id] === 1);
}

/**
 * Sets to 1 in `held` each constraint that tells nothing beyond the release: the release's own; a new one that is
 * one of the release's relations once its fresh cells are left out (whatever its parts' order), those cells then
 * being zero; a new one made only of cells found zero so.
 */
function heldRelations(p: Problem, newFrom: number, fresh: Uint8Array, held: Uint8Array): void {
  const { off, cells, table } = p.cons;
  const m = off.length - 1;
  const added: number[] = []; // the new tables' constraints: the only ones left to decide
  const totals = new Set<number>();
  for (let c = 0; c < m; c++) {
    if (table[c] < newFrom) held[c] = 1;
    else if (!held[c]) {
      added.push(c);
      totals.add(cells[off[c]]);
    }
  }
  const byTotal = new Map<number, number[]>();
  for (let c = 0; c < m; c++) {
    const total = cells[off[c]];
    if (table[c] >= newFrom || !totals.has(total)) continue;
    const list = byTotal.get(total);
    if (list) list.push(c);
    else byTotal.set(total, [c]);
  }
  const isReleaseRelation = (c: number): boolean => {
    const total = cells[off[c]];
    if (fresh[total]) return false;
    const parts = new Set<number>();
    for (let e = off[c] + 1; e < off[c + 1]; e++) if (!fresh[cells[e]]) parts.add(cells[e]);
    return (byTotal.get(total) ?? []).some((r) =>
      off[r + 1] - off[r] - 1 === parts.size && cells.subarray(off[r] + 1, off[r + 1]).every((id) => parts.has(id)));
  };
  const zero = new Uint8Array(p.n);
  for (let changed = true; changed;) {
    changed = false;
    for (const c of added) {
      if (held[c]) continue;
      const allZero = cells.subarray(off[c], off[c + 1]).every((id) => zero[id] === 1);
      if (!allZero && !isReleaseRelation(c)) continue;
      held[c] = 1;
      changed = true;
      for (let e = off[c]; e < off[c + 1]; e++) if (fresh[cells[e]]) zero[cells[e]] = 1;
    }
  }
}

function count(mask: Uint8Array): number {
  let k = 0;
  for (let i = 0; i < mask.length; i++) k += mask[i];
  return k;
}
