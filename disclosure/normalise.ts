// Step 1, normalise: validate the tables (codes exist, hierarchies are acyclic, counts are integers ≥ 0, magnitudes
// finite ≥ 0, no cell twice) and lay each one out densely. Missing cells count 0. Nothing is trusted from the caller:
// the engine's guarantees rest on this step.
import { error } from '../registry/index.ts';
import { cellIndex, type DimLayout, type TableLayout } from './layout.ts';
import type { Dimension, Table } from './model.ts';

/** A table laid out densely, with what the caller gave (margins may be missing: aggregate computes them). */
export interface GivenTable {
  layout: TableLayout;
  count: Float64Array;
  given: Uint8Array; // 1 where the caller gave the cell
  magnitudeNames: string[];
  magnitudes: Float64Array[];
}

/** Dense tables beyond this are refused: 2.5 × 10⁷ cells is ten times the national commune × typology table. */
export const MAX_CELLS = 25_000_000;

function bad(table: string, what: string): never {
  throw error('DISC_BAD_TABLE', [table, what]);
}

export function layoutDimension(tableId: string, dim: Dimension): DimLayout {
  const index = new Map<string, number>();
  dim.codes.forEach((code, i) => {
    if (typeof code !== 'string' || code === '') bad(tableId, `la dimension ${dim.name} contient un code vide`);
    if (index.has(code)) bad(tableId, `le code ${code} apparaît deux fois dans la dimension ${dim.name}`);
    index.set(code, i);
  });
  const root = index.get(dim.root);
  if (root === undefined) bad(tableId, `la racine ${dim.root} de la dimension ${dim.name} n'est pas parmi ses codes`);
  const n = dim.codes.length;
  const computing = new Int32Array(n).fill(-1);
  const relations = (dim.relations ?? []).map((r, k) => {
    const total = index.get(r.total);
    if (total === undefined) bad(tableId, `la relation ${k + 1} de ${dim.name} a pour total le code inconnu ${r.total}`);
    if (r.parts.length === 0) bad(tableId, `la relation de total ${r.total} (${dim.name}) n'a aucune partie`);
    const seen = new Set<number>();
    const parts = Int32Array.from(r.parts, (p) => {
      const i = index.get(p);
      if (i === undefined) bad(tableId, `la relation de total ${r.total} (${dim.name}) cite le code inconnu ${p}`);
      if (i === total || seen.has(i)) bad(tableId, `la relation de total ${r.total} (${dim.name}) cite ${p} deux fois ou elle-même`);
      seen.add(i);
      return i;
    });
    if (computing[total] < 0) computing[total] = k;
    return { total, parts };
  });
  const leaf = new Uint8Array(n);
  for (let i = 0; i < n; i++) leaf[i] = computing[i] < 0 ? 1 : 0;
  // Parts before totals (depth-first); a cycle would make margins undefined.
  const state = new Uint8Array(n); // 0 new, 1 in progress, 2 done
  const order: number[] = [];
  const visit = (c: number): void => {
    if (state[c] === 2) return;
    if (state[c] === 1) bad(tableId, `la hiérarchie de ${dim.name} contient un cycle autour du code ${dim.codes[c]}`);
    state[c] = 1;
    if (computing[c] >= 0) {
      for (const p of relations[computing[c]].parts) visit(p);
      order.push(c);
    }
    state[c] = 2;
  };
  for (let c = 0; c < n; c++) visit(c);
  // Every relation, not only the computing ones, must be acyclic with the others: checked through the values later.
  return { dim, index, root: root!, leaf, relations, computing, order: Int32Array.from(order) };
}

export function normalise(tables: readonly Table[]): GivenTable[] {
  const ids = new Set<string>();
  return tables.map((table) => {
    if (!table || typeof table.id !== 'string' || table.id === '') bad(String(table?.id), 'identifiant manquant');
    if (ids.has(table.id)) throw error('DISC_DUPLICATE_TABLE', [table.id]);
    ids.add(table.id);
    if (typeof table.measure !== 'string' || table.measure === '') bad(table.id, 'mesure manquante');
    const names = new Set<string>();
    for (const d of table.dimensions) {
      if (names.has(d.name)) bad(table.id, `la dimension ${d.name} apparaît deux fois`);
      names.add(d.name);
    }
    const dims = table.dimensions.map((d) => layoutDimension(table.id, d));
    const sizes = dims.map((d) => d.dim.codes.length);
    const strides = new Array<number>(sizes.length);
    let size = 1;
    for (let d = sizes.length - 1; d >= 0; d--) {
      strides[d] = size;
      size *= sizes[d];
    }
    if (size > MAX_CELLS) throw error('DISC_TOO_LARGE', [table.id, size, MAX_CELLS]);
    const layout: TableLayout = { table, dims, sizes, strides, size };
    return fill(layout);
  });
}

function fill(layout: TableLayout): GivenTable {
  const { table, dims } = layout;
  const count = new Float64Array(layout.size);
  const given = new Uint8Array(layout.size);
  const magnitudeNames = [...new Set(table.cells.flatMap((c) => Object.keys(c.magnitudes ?? {})))].sort();
  const magnitudes = magnitudeNames.map(() => new Float64Array(layout.size));
  const codes = new Int32Array(dims.length);
  for (const cell of table.cells) {
    const where = () => cell.coords.join(' × ');
    if (!Array.isArray(cell.coords) || cell.coords.length !== dims.length) {
      bad(table.id, `la cellule ${String(cell.coords)} n'a pas une coordonnée par dimension (${dims.length})`);
    }
    for (let d = 0; d < dims.length; d++) {
      const i = dims[d].index.get(cell.coords[d]);
      if (i === undefined) throw error('DISC_UNKNOWN_CODE', [table.id, where(), cell.coords[d], dims[d].dim.name]);
      codes[d] = i;
    }
    const k = cellIndex(layout, codes);
    if (given[k]) throw error('DISC_DUPLICATE_CELL', [table.id, where()]);
    if (!Number.isInteger(cell.count) || cell.count < 0) throw error('DISC_BAD_COUNT', [table.id, where(), cell.count]);
    given[k] = 1;
    count[k] = cell.count;
    for (let m = 0; m < magnitudeNames.length; m++) {
      const v = cell.magnitudes?.[magnitudeNames[m]] ?? 0;
      // A sum over no contributor is 0: anything else is a data error (and could never be protected).
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (cell.count === 0 && v !== 0)) {
        throw error('DISC_BAD_MAGNITUDE', [table.id, where(), magnitudeNames[m], v]);
      }
      magnitudes[m][k] = v;
    }
  }
  return { layout, count, given, magnitudeNames, magnitudes };
}
