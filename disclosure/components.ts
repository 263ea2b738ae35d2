// Connected components of suppressed cells for one measure: two suppressed cells are connected when a relation holds
// both. Published cells are constants, so components are independent linear programmes, small where the hierarchy
// is deep, and one that did not change since it last passed the audit need not be solved again.
import type { Problem } from './problem.ts';

export interface Component {
  vars: Int32Array; // cell ids, ascending
  rows: Int32Array; // constraint ids touching them
}

/**
 * Which constraints apply to a measure: all for counts, those of tables carrying the magnitude otherwise; never those
 * `leftOut` marks (relations of cells that constrain nothing, free-cells.ts).
 */
export function constraintFilter(p: Problem, measure: number, leftOut?: Uint8Array): (c: number) => boolean {
  if (measure < 0) return leftOut ? (c) => leftOut[c] === 0 : () => true;
  const name = p.magnitudeNames[measure];
  const carries = p.tables.map((t) => t.magnitudeNames.includes(name));
  return (c) => carries[p.cons.table[c]] && !leftOut?.[c];
}

/** Variables of a measure: suppressed cells (carrying the magnitude, for a magnitude). */
export function isVariable(p: Problem, suppressed: Uint8Array, measure: number, magnitudeSuppressed?: Uint8Array[]): (id: number) => boolean {
  if (measure < 0) return (id) => suppressed[id] === 1;
  const own = magnitudeSuppressed?.[measure];
  if (own) return (id) => own[id] === 1;
  const m = p.magnitude[measure];
  return (id) => suppressed[id] === 1 && !Number.isNaN(m[id]);
}

export function components(p: Problem, variable: (id: number) => boolean, measure: number, leftOut?: Uint8Array): Component[] {
  const applies = constraintFilter(p, measure, leftOut);
  const parent = new Int32Array(p.n).fill(-1);
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r];
    while (parent[x] !== r) {
      const next = parent[x];
      parent[x] = r;
      x = next;
    }
    return r;
  };
  for (let id = 0; id < p.n; id++) if (variable(id)) parent[id] = id;
  const { off, cells } = p.cons;
  const m = off.length - 1;
  const rowRoot = new Int32Array(m).fill(-1);
  for (let c = 0; c < m; c++) {
    if (!applies(c)) continue;
    let first = -1;
    for (let i = off[c]; i < off[c + 1]; i++) {
      const id = cells[i];
      if (parent[id] < 0) continue;
      if (first < 0) first = id;
      else {
        const a = find(first);
        const b = find(id);
        if (a !== b) parent[a] = b;
      }
    }
    rowRoot[c] = first;
  }
  const index = new Map<number, number>();
  const vars: number[][] = [];
  const rows: number[][] = [];
  for (let id = 0; id < p.n; id++) {
    if (parent[id] < 0) continue;
    const r = find(id);
    let k = index.get(r);
    if (k === undefined) {
      k = vars.length;
      index.set(r, k);
      vars.push([]);
      rows.push([]);
    }
    vars[k].push(id);
  }
  for (let c = 0; c < m; c++) if (rowRoot[c] >= 0) rows[index.get(find(rowRoot[c]))!].push(c);
  return vars.map((v, k) => ({ vars: Int32Array.from(v), rows: Int32Array.from(rows[k]) }));
}
