// Adds every margin to a table given its leaf cells: each leaf contributes once to each code its coordinates roll up
// to, following all the dimension's relations (both geographic hierarchies) without counting a total twice.
import type { Cell, Dimension } from '../disclosure/model.ts';

const SEP = '\u0001';

export const cellKey = (coords: readonly string[]): string => coords.join(SEP);

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

/** Leaf cells in, full table out (leaves and every margin), dimension by dimension. */
export function addMargins(dimensions: readonly Dimension[], leaves: readonly Cell[]): Cell[] {
  let cells = new Map<string, Cell>();
  for (const leaf of leaves) accumulate(cells, leaf.coords, leaf);
  dimensions.forEach((dim, d) => {
    const up = ancestorsOf(dim);
    const next = new Map<string, Cell>();
    for (const cell of cells.values()) {
      for (const code of up.get(cell.coords[d]) ?? [cell.coords[d]]) {
        const coords = cell.coords.slice();
        coords[d] = code;
        accumulate(next, coords, cell);
      }
    }
    cells = next;
  });
  return [...cells.values()];
}

function accumulate(into: Map<string, Cell>, coords: string[], from: Cell): void {
  const key = cellKey(coords);
  const cell = into.get(key);
  if (!cell) {
    into.set(key, {
      coords, count: from.count,
      ...(from.magnitudes ? { magnitudes: { ...from.magnitudes } } : {}),
    });
    return;
  }
  cell.count += from.count;
  if (from.magnitudes) {
    cell.magnitudes ??= {};
    for (const [k, v] of Object.entries(from.magnitudes)) cell.magnitudes[k] = (cell.magnitudes[k] ?? 0) + v;
  }
}
