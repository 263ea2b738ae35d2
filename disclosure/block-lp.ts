// Local LPs before a large component's own (truth known). Fixing every suppressed cell outside a block at its true
// value leaves a small LP, and each of its solutions, completed by those true values, is a table that keeps every
// relation and every cell ≥ 0: the attacker cannot exclude it, so what a block proves holds for the whole
// component. The blocks are those of blocks.ts: a national component of 10⁵ cells thus becomes a thousand LPs of a
// few hundred, and only what they cannot settle needs the component's LP.
import type { Component } from './components.ts';
import { blocksOf } from './blocks.ts';
import { ComponentLP, type loadHighs } from './lp.ts';
import type { Problem } from './problem.ts';

export interface BlockInput {
  p: Problem;
  comp: Component;
  variable: (id: number) => boolean;
  values: Float64Array;
  cap: number;
  /** What component variable i still needs: to be shown higher, lower, or either. */
  wantsUp: (i: number) => boolean;
  wantsDown: (i: number) => boolean;
  /** A value component variable i can take. */
  see: (i: number, value: number) => void;
}

const ROUNDS = 4;

/**
 * Settles what it can block by block; returns the number of LPs solved. Level 1 blocks are the smallest enclosing
 * units (EPCI), level 2 the largest (département: a commune's biggest parent, an EPCI with most of its communes).
 */
export function settleByBlocks(highs: Awaited<ReturnType<typeof loadHighs>>, input: BlockInput, level: 1 | 2): number {
  const { p, comp, variable, values, cap } = input;
  const block = blocksOf(p, level);
  const members = new Map<number, number[]>();
  comp.vars.forEach((id, i) => {
    const list = members.get(block[id]);
    if (list) list.push(i);
    else members.set(block[id], [i]);
  });
  const inComp = new Uint8Array(p.cons.off.length - 1);
  for (const c of comp.rows) inComp[c] = 1;
  // A département holding most of the component would cost nearly the component's own LP, for less.
  let largest = 0;
  for (const vars of members.values()) largest = Math.max(largest, vars.length);
  if (level === 2 && largest * 2 > comp.vars.length) return 0;
  const column = new Map<number, number>();
  let lps = 0;
  for (const vars of members.values()) {
    if (!vars.some((i) => input.wantsUp(i) || input.wantsDown(i))) continue;
    column.clear();
    vars.forEach((i, j) => column.set(comp.vars[i], j));
    const rows = rowsOf(p, vars.map((i) => comp.vars[i]), inComp);
    const { off, cells } = p.cons;
    const starts = new Int32Array(rows.length + 1);
    const indices: number[] = [];
    const coefs: number[] = [];
    const rhs = new Float64Array(rows.length);
    rows.forEach((c, r) => {
      let b = 0;
      for (let e = off[c]; e < off[c + 1]; e++) {
        const id = cells[e];
        const coef = e === off[c] ? -1 : 1;
        const j = variable(id) ? column.get(id) : undefined;
        if (j === undefined) b -= coef * values[id];
        else {
          indices.push(j);
          coefs.push(coef);
        }
      }
      rhs[r] = b;
      starts[r + 1] = indices.length;
    });
    const lp = new ComponentLP(highs, {
      numCols: vars.length, numRows: rows.length, starts, indices: Int32Array.from(indices), values: Float64Array.from(coefs), rhs, cap,
    });
    try {
      for (let round = 0; round < ROUNDS; round++) {
        let progress = false;
        for (const sense of ['max', 'min'] as const) {
          const wanted: number[] = [];
          vars.forEach((i, j) => { if (sense === 'max' ? input.wantsUp(i) : input.wantsDown(i)) wanted.push(j); });
          if (wanted.length === 0) continue;
          const x = lp.optimise(wanted, sense);
          if (x === 'infeasible') return lps + lp.solves; // cannot happen with the truth feasible; the component LP decides
          const before = wanted.length;
          vars.forEach((i, j) => input.see(i, x[j]));
          const after = wanted.filter((j) => (sense === 'max' ? input.wantsUp(vars[j]) : input.wantsDown(vars[j]))).length;
          if (after < before) progress = true;
        }
        if (!progress) break;
      }
    } finally {
      lps += lp.solves;
      lp.dispose();
    }
  }
  return lps;
}

function rowsOf(p: Problem, ids: number[], inComp: Uint8Array): number[] {
  const seen = new Set<number>();
  for (const id of ids) {
    for (let q = p.cellConsOff[id]; q < p.cellConsOff[id + 1]; q++) {
      const c = p.cellCons[q];
      if (inComp[c]) seen.add(c);
    }
  }
  return [...seen];
}
