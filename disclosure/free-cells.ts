// Cells a checked file adds that constrain nothing: whatever values the release's cells take, they can be filled in,
// so the relations they are in can be left out of what the file changes (novelty.ts), or of the LP when a file is
// checked alone (audit.ts). Three kinds, found in turn until nothing changes:
//
// - The interior of two relations of two dimensions whose parts are leaves in no other relation (T1…T5 = _T, the
//   months of 12M, a group's reasons, the reservations, a département's communes when no EPCI is mentioned): the
//   dashboard of attributions puts typology and reservation in one file listing only their margins (T2 × _T,
//   _T × PPRIOR), so its table holds T2 × PPRIOR as unknowns the release never had; the monthly export of new
//   requests for a département links the communes of the 12M table, and each month of each commune is such an
//   unknown, as is each reason of each commune in the export of reasons for a région. Whatever the margins are, each
//   leaf of the other dimensions is a transport problem whose row and column totals agree (both sum to the same
//   cell), so it has a solution ≥ 0, and the other levels are sums of those: every other dimension's relations must
//   partition the leaves under their total.
// - A rest slice (`FR~autres`, every cell with that code): each of its cells is the total minus the listed parts
//   (`FR − REG:24`) in the one relation it is a part of, which is ≥ 0 because the release's relations make that total
//   a sum of leaves covering the parts' (communes, for France and an EPCI); and any other relation of the slice is then
//   the same relation at the total's slice minus those at the parts' slices.
//
// - A total nobody publishes with its rest (`FR` and `FR~autres` in a file of REG:24 checked alone): both slices
//   together are the other parts plus a rest of zero, when every relation they are in is that relation or lies
//   within the two slices.
//
// Every such cell must be unlisted by the file, in no other table, and in no relation with a cell whose
// value only the file publishes. Without this, checking the attributions export against the national release solved
// the monthly components of every département, each cell with its own LPs (over 5 minutes).
import type { FullTable } from './aggregate.ts';
import { isRestCode } from './dimension-closure.ts';
import { codesOf, forEachLine, type DimLayout } from './layout.ts';
import type { Problem } from './problem.ts';

/** What the release and the checked file's tables are made of, per cell of the union problem. */
export interface CellOrigins {
  /** In a release table. */
  inRelease: Uint8Array;
  /** In the new tables only, published by none. */
  fresh: Uint8Array;
  /** A value only the new tables publish. */
  novel: Uint8Array;
}

/**
 * Marks in `held` (one entry per constraint of `p`) the relations of the free cells of the tables from `newFrom` on;
 * returns those cells.
 */
export function holdFreeCells(p: Problem, tables: FullTable[], newFrom: number, origins: CellOrigins, held: Uint8Array): Set<number> {
  const free = new Set<number>();
  for (let ti = newFrom; ti < tables.length; ti++) {
    const { layout, given } = tables[ti];
    const g = p.global[ti];
    const sums = layout.dims.map(sumsOfLeaves);
    const leafRels = layout.dims.map(leafRelations);
    const rests = layout.dims.map(definedRests);
    // Each cell's code on each dimension, read once: the interiors are scanned pair by pair, pass after pass.
    const codeOf = layout.dims.map(() => new Int32Array(layout.size));
    const codes: number[] = [];
    for (let k = 0; k < layout.size; k++) {
      codesOf(layout, k, codes);
      codes.forEach((c, d) => { codeOf[d][k] = c; });
    }
    const removed = new Uint8Array(layout.size);
    /**
     * Leaves out the cells at these dense indexes (those not yet left out), when they are free and every relation
     * they are in passes `rowOk`; whether it did.
     */
    const leaveOut = (candidates: number[], definedBy?: (k: number) => boolean, rowOk?: (c: number, inSet: Set<number>) => boolean): boolean => {
      const set = candidates.filter((k) => !removed[k]);
      if (set.length === 0 || (definedBy && !set.every(definedBy))) return false;
      const ids = set.map((k) => g[k]);
      const rows = freeRows(p, ti, ids, set.map((k) => given[k]), origins, held);
      const inSet = new Set(ids);
      if (!rows || (rowOk && ![...rows].every((c) => rowOk(c, inSet)))) return false;
      for (const c of rows) held[c] = 1;
      for (const k of set) removed[k] = 1;
      for (const id of ids) free.add(id);
      return true;
    };
    for (let changed = true; changed;) {
      changed = false;
      for (let a = 0; a < layout.dims.length; a++) {
        for (let b = a + 1; b < layout.dims.length; b++) {
          if (!sums.every((ok, d) => ok || d === a || d === b)) continue;
          for (const partsA of leafRels[a]) {
            for (const partsB of leafRels[b]) {
              const interior: number[] = [];
              for (let k = 0; k < layout.size; k++) if (partsA[codeOf[a][k]] && partsB[codeOf[b][k]]) interior.push(k);
              if (leaveOut(interior)) changed = true;
            }
          }
        }
      }
      layout.dims.forEach((dl, d) => {
        const stride = layout.strides[d];
        for (const { r, total, others } of rests[d]) {
          const slice: number[] = [];
          forEachLine(layout, d, (base) => slice.push(base + r * stride));
          const defined = (k: number) => releaseBounds(p, newFrom, origins, g, k - r * stride, stride, total, others, dl.dim.name);
          if (leaveOut(slice, defined)) changed = true;
          // A total nobody publishes, with its rest: both slices together are the listed parts plus a rest of zero.
          const both: number[] = [];
          forEachLine(layout, d, (base) => both.push(base + total * stride, base + r * stride));
          const ownRelation = (c: number, inSet: Set<number>) => {
            const cells = [...p.cons.cells.subarray(p.cons.off[c], p.cons.off[c + 1])];
            if (cells.every((id) => inSet.has(id))) return true;
            // An instance of the relation itself: its total and rest in the set, its other parts still in place.
            return inSet.has(cells[0]) && cells.slice(1).filter((id) => inSet.has(id)).length === 1 && !cells.some((id) => !inSet.has(id) && free.has(id));
          };
          if (leaveOut(both, undefined, ownRelation)) changed = true;
        }
      });
    }
  }
  return free;
}

/**
 * The relations of a dimension whose parts are leaves in no other relation (the root of a flat dimension, a
 * département as the sum of its communes when no EPCI is mentioned), each as a mask over the codes.
 */
function leafRelations(dl: DimLayout): Uint8Array[] {
  const uses = partUses(dl);
  return dl.relations
    .filter((rel) => [...rel.parts].every((c) => dl.leaf[c] === 1 && uses[c] === 1))
    .map((rel) => {
      const mask = new Uint8Array(dl.dim.codes.length);
      for (const c of rel.parts) mask[c] = 1;
      return mask;
    });
}

/** Rest codes (leaves) that are a part of one relation of their dimension and in no other: that relation defines them. */
function definedRests(dl: DimLayout): { r: number; total: number; others: number[] }[] {
  const uses = partUses(dl);
  return dl.relations.flatMap(({ total, parts }) => {
    const rests = [...parts].filter((c) => isRestCode(dl.dim.codes[c]) && dl.leaf[c] === 1 && uses[c] === 1);
    if (rests.length !== 1 || parts.length < 2) return [];
    return [{ r: rests[0], total, others: [...parts].filter((c) => c !== rests[0]) }];
  });
}

/** How many relations of its dimension each code is a part of. */
function partUses(dl: DimLayout): Int32Array {
  const uses = new Int32Array(dl.dim.codes.length);
  for (const rel of dl.relations) for (const c of rel.parts) uses[c]++;
  return uses;
}

/**
 * The rest at dense index `base + r·stride` is the total minus the other parts, all of them release cells, and the
 * release's relations along the same dimension make the total a sum of leaves that holds each part's leaves, no two
 * parts sharing one (France against an EPCI: both sums of communes): the rest is ≥ 0 in any table the release allows.
 */
function releaseBounds(
  p: Problem, newFrom: number, origins: CellOrigins, g: Int32Array, base: number, stride: number, total: number, others: number[],
  dimension: string,
): boolean {
  const t = g[base + total * stride];
  const parts = others.map((c) => g[base + c * stride]);
  if (!origins.inRelease[t] || parts.some((id) => !origins.inRelease[id])) return false;
  const under = new Set(leavesOf(p, newFrom, t, dimension));
  for (const part of parts) {
    for (const leaf of leavesOf(p, newFrom, part, dimension)) if (!under.delete(leaf)) return false;
  }
  return true;
}

/** The cells a release cell is the sum of, down its dimension's relations (the first found at each level). */
function leavesOf(p: Problem, newFrom: number, id: number, dimension: string): number[] {
  const { off, cells, table, dim } = p.cons;
  const out: number[] = [];
  const stack = [id];
  while (stack.length > 0) {
    const x = stack.pop()!;
    let split = false;
    for (let q = p.cellConsOff[x]; q < p.cellConsOff[x + 1] && !split; q++) {
      const c = p.cellCons[q];
      if (table[c] >= newFrom || cells[off[c]] !== x || p.tables[table[c]].layout.dims[dim[c]].dim.name !== dimension) continue;
      for (let e = off[c] + 1; e < off[c + 1]; e++) stack.push(cells[e]);
      split = true;
    }
    if (!split) out.push(x);
  }
  return out;
}

/** Every relation's parts cover the leaves under its total exactly once. */
function sumsOfLeaves(dl: DimLayout): boolean {
  const n = dl.dim.codes.length;
  const leaves: (number[] | undefined)[] = new Array(n);
  const under = (c: number, path: Set<number>): number[] | undefined => {
    if (dl.leaf[c]) return [c];
    if (leaves[c] || path.has(c)) return leaves[c];
    path.add(c);
    const out: number[] = [];
    for (const part of dl.relations[dl.computing[c]].parts) {
      const l = under(part, path);
      if (!l) return undefined;
      out.push(...l);
    }
    path.delete(c);
    return (leaves[c] = out.sort((x, y) => x - y));
  };
  return dl.relations.every(({ total, parts }) => {
    const whole = under(total, new Set());
    const covered: number[] = [];
    for (const part of parts) {
      const l = under(part, new Set());
      if (!l) return false;
      covered.push(...l);
    }
    covered.sort((x, y) => x - y);
    return whole !== undefined && whole.length === covered.length && whole.every((c, i) => c === covered[i]);
  });
}

/** The relations a set of free cells is in, when they may be left out; undefined otherwise. */
function freeRows(p: Problem, ti: number, ids: number[], listed: number[], origins: CellOrigins, held: Uint8Array): Set<number> | undefined {
  const { fresh, novel } = origins;
  const rows = new Set<number>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (listed[i] || !fresh[id]) return undefined;
    for (let q = p.cellConsOff[id]; q < p.cellConsOff[id + 1]; q++) {
      const c = p.cellCons[q];
      if (p.cons.table[c] !== ti) return undefined;
      if (!held[c]) rows.add(c);
    }
  }
  for (const c of rows) {
    for (let e = p.cons.off[c]; e < p.cons.off[c + 1]; e++) if (novel[p.cons.cells[e]]) return undefined;
  }
  return rows;
}
