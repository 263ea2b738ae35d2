// Dense layout of one table: each dimension's codes get integer indices, and a cell is one integer (row-major over
// the dimensions), so the engine works on typed arrays instead of per-cell objects (255 000 cells at national scale).
import type { Dimension, Table } from './model.ts';

export interface DimLayout {
  dim: Dimension;
  index: Map<string, number>;
  root: number;
  /** 1 for codes that are the total of no relation: their values are given, everything else is summed. */
  leaf: Uint8Array;
  /** Relations as code indices; `computing[k]` is the relation that defines code k's value (−1 for leaves). */
  relations: { total: number; parts: Int32Array }[];
  computing: Int32Array;
  /** Non-leaf codes, parts before totals, so one pass over this order computes every margin. */
  order: Int32Array;
}

export interface TableLayout {
  table: Table;
  dims: DimLayout[];
  sizes: number[];
  strides: number[];
  size: number;
}

export function cellIndex(layout: TableLayout, codes: ArrayLike<number>): number {
  let k = 0;
  for (let d = 0; d < layout.strides.length; d++) k += codes[d] * layout.strides[d];
  return k;
}

/** The code indices of a dense cell index. */
export function codesOf(layout: TableLayout, k: number, out: number[] = []): number[] {
  for (let d = 0; d < layout.sizes.length; d++) {
    out[d] = Math.floor(k / layout.strides[d]) % layout.sizes[d];
  }
  return out;
}

export function coordsOf(layout: TableLayout, k: number): string[] {
  return codesOf(layout, k).map((c, d) => layout.dims[d].dim.codes[c]);
}

/**
 * Calls `fn(base)` for every combination of the other dimensions' codes, where `base + code * stride` is the cell
 * with code `code` on dimension `d`.
 */
export function forEachLine(layout: TableLayout, d: number, fn: (base: number, stride: number) => void): void {
  const stride = layout.strides[d];
  const block = stride * layout.sizes[d];
  for (let outer = 0; outer < layout.size; outer += block) {
    for (let i = 0; i < stride; i++) fn(outer + i, stride);
  }
}
