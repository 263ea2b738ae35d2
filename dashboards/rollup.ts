// Adds every margin to a table given its leaf cells: each leaf contributes once to each code its coordinates roll up
// to, following all the dimension's relations (both geographic hierarchies) without counting a total twice.
import type { Cell, Dimension } from '../disclosure/index.ts';

const SEP = '\u0001';

/** The key of a cell in a published table's `values`; `cellCoords` reads it back. */
export const cellKey = (coords: readonly string[]): string => coords.join(SEP);
export const cellCoords = (key: string): string[] => key.split(SEP);

/** For each code, the codes it adds into (itself included), closed over the relations. */
export function ancestorsOf(dim: Dimension): Map<string, string[]> {
  const parents = new Map<string, string[]>();
  for (const r of dim.relations) {
    for (const p of r.parts) {
      const list = parents.get(p);
      if (list) list.push(r.total);
      else parents.set(p, [r.total]);
    }
  }
  const memo = new Map<string, string[]>();
  const walk = (code: string): string[] => {
    const known = memo.get(code);
    if (known) return known;
    const out = new Set<string>([code]);
    for (const p of parents.get(code) ?? []) for (const a of walk(p)) out.add(a);
    const list = [...out];
    memo.set(code, list);
    return list;
  };
  for (const code of dim.codes) walk(code);
  return memo;
}

/**
 * Leaf cells in, full table out (leaves and every margin), dimension by dimension over a dense array indexed by the
 * codes' positions: a few hundred thousand positions at most for the release tables, so this is fast and exact.
 */
export function addMargins(dimensions: readonly Dimension[], leaves: readonly Cell[]): Cell[] {
  const index = dimensions.map((d) => new Map(d.codes.map((c, i) => [c, i])));
  const strides: number[] = [];
  let size = 1;
  for (let d = dimensions.length - 1; d >= 0; d--) {
    strides[d] = size;
    size *= dimensions[d].codes.length;
  }
  const names = [...new Set(leaves.flatMap((l) => Object.keys(l.magnitudes ?? {})))];
  const arrays = [new Float64Array(size), ...names.map(() => new Float64Array(size))];
  for (const leaf of leaves) {
    let pos = 0;
    leaf.coords.forEach((code, d) => {
      const i = index[d].get(code);
      if (i === undefined) throw new Error(`code ${code} is not a code of dimension ${dimensions[d].name}`);
      pos += i * strides[d];
    });
    arrays[0][pos] += leaf.count;
    names.forEach((n, k) => { arrays[k + 1][pos] += leaf.magnitudes?.[n] ?? 0; });
  }
  dimensions.forEach((dim, d) => {
    const up = ancestorsOf(dim);
    const lifts = dim.codes.map((code) => (up.get(code) ?? [code]).filter((a) => a !== code).map((a) => (index[d].get(a)! - index[d].get(code)!) * strides[d]));
    const n = dim.codes.length;
    for (const values of arrays) {
      const source = values.slice();
      for (let pos = 0; pos < size; pos++) {
        const v = source[pos];
        if (v === 0) continue;
        for (const lift of lifts[Math.floor(pos / strides[d]) % n]) values[pos + lift] += v;
      }
    }
  });
  const cells: Cell[] = [];
  for (let pos = 0; pos < size; pos++) {
    if (arrays[0][pos] === 0 && names.every((_, k) => arrays[k + 1][pos] === 0)) continue;
    const coords = dimensions.map((dim, d) => dim.codes[Math.floor(pos / strides[d]) % dim.codes.length]);
    const cell: Cell = { coords, count: arrays[0][pos] };
    if (names.length > 0) cell.magnitudes = Object.fromEntries(names.map((nm, k) => [nm, arrays[k + 1][pos]]));
    cells.push(cell);
  }
  return cells;
}
