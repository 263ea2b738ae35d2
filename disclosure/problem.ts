// The engine's working form of a set of linked tables: one integer per distinct cell across all tables (cells of
// different tables are the same cell when they have the same measure and the same non-root coordinates), its values
// in typed arrays, and every additive relation of every table as a constraint `total = Σ parts` over those integers.
import { error } from '../registry/index.ts';
import type { FullTable } from './aggregate.ts';
import { codesOf, coordsOf, forEachLine } from './layout.ts';

export interface Constraints {
  off: Int32Array; // constraint c spans cells[off[c] .. off[c+1]); the first is the total
  cells: Int32Array;
  table: Int32Array; // the table a constraint comes from (magnitudes follow the relations of tables that carry them)
  dim: Int32Array; // the dimension of that table whose relation it is
  rel: Int32Array; // which of that dimension's relations
}

export interface Problem {
  tables: FullTable[];
  global: Int32Array[]; // per table: dense cell index → cell id
  n: number;
  count: Float64Array;
  magnitudeNames: string[];
  magnitude: Float64Array[]; // NaN where the cell's tables do not carry that magnitude
  owner: Int32Array; // first table holding the cell, and its dense index there (for messages)
  ownerIndex: Int32Array;
  shared: Uint8Array; // 1 when the cell belongs to several tables
  cons: Constraints;
  cellConsOff: Int32Array;
  cellCons: Int32Array;
}

/** Identity of a cell across tables: measure and non-root coordinates, in dimension-name order. */
export function cellKeyMaker(t: FullTable): (k: number) => string {
  const { layout } = t;
  const byName = layout.dims.map((d, i) => ({ d, i })).sort((a, b) => (a.d.dim.name < b.d.dim.name ? -1 : 1));
  const fragments = layout.dims.map((d) => d.dim.codes.map((c) => `\u0001${d.dim.name}=${c}`));
  const codes: number[] = [];
  return (k) => {
    codesOf(layout, k, codes);
    let key = layout.table.measure;
    for (const { d, i } of byName) if (codes[i] !== d.root) key += fragments[i][codes[i]];
    return key;
  };
}

/** Cells of `t` that may coincide with a cell of another table: the dimensions the other lacks are at their root. */
function linkableMask(tables: FullTable[], a: number): Uint8Array | undefined {
  const A = tables[a].layout;
  const conditions = new Set<string>();
  tables.forEach((B, b) => {
    if (b === a || B.layout.table.measure !== A.table.measure) return;
    const names = new Set(B.layout.dims.map((d) => d.dim.name));
    conditions.add(A.dims.map((d, i) => (names.has(d.dim.name) ? '' : String(i))).filter(Boolean).join(','));
  });
  if (conditions.size === 0) return undefined;
  const sets = [...conditions].map((c) => (c === '' ? [] : c.split(',').map(Number)));
  const mask = new Uint8Array(A.size);
  const codes: number[] = [];
  for (let k = 0; k < A.size; k++) {
    codesOf(A, k, codes);
    for (const set of sets) {
      if (set.every((i) => codes[i] === A.dims[i].root)) {
        mask[k] = 1;
        break;
      }
    }
  }
  return mask;
}

/** Two tables disagree on a cell: throws by default; the published-view audit reports it instead. */
export type OnMismatch = (id: number, table: FullTable, k: number, a: number, b: number) => void;

/**
 * Builds the linked problem. A NaN value means unknown (a suppressed cell in the published view): it never
 * conflicts, and a value known from another table fills it.
 */
export function buildProblem(tables: FullTable[], onMismatch?: OnMismatch): Problem {
  const capacity = tables.reduce((s, t) => s + t.layout.size, 0);
  const magnitudeNames = [...new Set(tables.flatMap((t) => t.magnitudeNames))].sort();
  const count = new Float64Array(capacity);
  const magnitude = magnitudeNames.map(() => new Float64Array(capacity).fill(Number.NaN));
  const owner = new Int32Array(capacity);
  const ownerIndex = new Int32Array(capacity);
  const shared = new Uint8Array(capacity);
  const ids = new Map<string, number>();
  let n = 0;
  const global = tables.map((t, ti) => {
    const map = new Int32Array(t.layout.size);
    const linkable = linkableMask(tables, ti);
    const key = linkable ? cellKeyMaker(t) : undefined;
    const mags = t.magnitudeNames.map((name) => magnitudeNames.indexOf(name));
    for (let k = 0; k < t.layout.size; k++) {
      let id = -1;
      let cellKey = '';
      if (linkable && linkable[k]) {
        cellKey = key!(k);
        id = ids.get(cellKey) ?? -1;
      }
      if (id >= 0) {
        shared[id] = 1;
        const differs = (a: number, b: number) => !Number.isNaN(a) && !Number.isNaN(b) && a !== b;
        const conflict = (a: number, b: number) =>
          onMismatch ? onMismatch(id, t, k, a, b) : mismatch(tables, id, owner, t, k, a, b);
        if (differs(count[id], t.count[k])) conflict(count[id], t.count[k]);
        else if (Number.isNaN(count[id])) count[id] = t.count[k];
        mags.forEach((g, m) => {
          const prev = magnitude[g][id];
          if (differs(prev, t.magnitudes[m][k])) conflict(prev, t.magnitudes[m][k]);
          else if (Number.isNaN(prev)) magnitude[g][id] = t.magnitudes[m][k];
        });
      } else {
        id = n++;
        if (cellKey) ids.set(cellKey, id);
        count[id] = t.count[k];
        owner[id] = ti;
        ownerIndex[id] = k;
        mags.forEach((g, m) => { magnitude[g][id] = t.magnitudes[m][k]; });
      }
      map[k] = id;
    }
    return map;
  });
  const cons = buildConstraints(tables, global, shared);
  const { cellConsOff, cellCons } = invert(cons, n);
  return {
    tables, global, n, count: count.slice(0, n), magnitudeNames, magnitude: magnitude.map((m) => m.slice(0, n)),
    owner: owner.slice(0, n), ownerIndex: ownerIndex.slice(0, n), shared: shared.slice(0, n), cons, cellConsOff, cellCons,
  };
}

function mismatch(tables: FullTable[], id: number, owner: Int32Array, t: FullTable, k: number, a: number, b: number): never {
  const first = tables[owner[id]];
  throw error('DISC_LINK_MISMATCH', [coordsOf(t.layout, k).join(' × '), a, first.layout.table.id, b, t.layout.table.id]);
}

function buildConstraints(tables: FullTable[], global: Int32Array[], shared: Uint8Array): Constraints {
  let entries = 0;
  let count = 0;
  for (const t of tables) {
    t.layout.dims.forEach((dl) => {
      const lines = t.layout.size / t.layout.sizes[t.layout.dims.indexOf(dl)];
      for (const r of dl.relations) {
        count += lines;
        entries += lines * (r.parts.length + 1);
      }
    });
  }
  const off = new Int32Array(count + 1);
  const cells = new Int32Array(entries);
  const table = new Int32Array(count);
  const dim = new Int32Array(count);
  const rel = new Int32Array(count);
  const seen = tables.length > 1 ? new Set<string>() : undefined;
  let c = 0;
  let e = 0;
  tables.forEach((t, ti) => {
    const g = global[ti];
    t.layout.dims.forEach((dl, d) => {
      dl.relations.forEach((r, ri) => {
        forEachLine(t.layout, d, (base, stride) => {
          const start = e;
          cells[e++] = g[base + r.total * stride];
          let allShared = shared[cells[start]];
          for (let i = 0; i < r.parts.length; i++) {
            const id = g[base + r.parts[i] * stride];
            cells[e++] = id;
            allShared &= shared[id];
          }
          if (seen && allShared) {
            // The same relation seen through two linked tables is one constraint.
            const key = Array.prototype.join.call(cells.subarray(start, e), ',');
            if (seen.has(key)) {
              e = start;
              return;
            }
            seen.add(key);
          }
          table[c] = ti;
          dim[c] = d;
          rel[c] = ri;
          off[++c] = e;
        });
      });
    });
  });
  return { off: off.slice(0, c + 1), cells: cells.slice(0, e), table: table.slice(0, c), dim: dim.slice(0, c), rel: rel.slice(0, c) };
}

function invert(cons: Constraints, n: number): { cellConsOff: Int32Array; cellCons: Int32Array } {
  const deg = new Int32Array(n + 1);
  for (let i = 0; i < cons.cells.length; i++) deg[cons.cells[i] + 1]++;
  for (let i = 0; i < n; i++) deg[i + 1] += deg[i];
  const cellCons = new Int32Array(cons.cells.length);
  const fillAt = deg.slice(0, n);
  const m = cons.off.length - 1;
  for (let c = 0; c < m; c++) {
    for (let i = cons.off[c]; i < cons.off[c + 1]; i++) cellCons[fillAt[cons.cells[i]]++] = c;
  }
  return { cellConsOff: deg, cellCons };
}

/** `table × coords` of a cell, for messages. */
export function describeCell(p: Problem, id: number): { table: string; coords: string[] } {
  const t = p.tables[p.owner[id]];
  return { table: t.layout.table.id, coords: coordsOf(t.layout, p.ownerIndex[id]) };
}
