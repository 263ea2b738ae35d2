// Engine internals on hand-made tables: the working problem of linked tables, and a cell's id in it.
import { aggregate } from '../../../disclosure/aggregate.ts';
import type { Table } from '../../../disclosure/index.ts';
import { ComponentLP, loadHighs } from '../../../disclosure/lp.ts';
import { normalise } from '../../../disclosure/normalise.ts';
import { buildProblem, type Problem } from '../../../disclosure/problem.ts';

export function problemOf(tables: Table[]): Problem {
  return buildProblem(normalise(tables).map(aggregate));
}

export function idOf(p: Problem, tableIndex: number, coords: string[]): number {
  const { layout } = p.tables[tableIndex];
  let k = 0;
  coords.forEach((code, d) => { k += layout.dims[d].index.get(code)! * layout.strides[d]; });
  return p.global[tableIndex][k];
}

/** The attacker's interval for cell `id` (count), every suppressed cell unknown, every relation known (exact LP). */
export async function intervalOf(p: Problem, suppressed: Uint8Array, id: number): Promise<[number, number]> {
  const vars = [...suppressed.keys()].filter((x) => suppressed[x] === 1);
  const col = new Map(vars.map((x, i) => [x, i]));
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const rhs: number[] = [];
  const { off, cells } = p.cons;
  for (let c = 0; c + 1 < off.length; c++) {
    let b = 0;
    let any = false;
    for (let e = off[c]; e < off[c + 1]; e++) {
      const coef = e === off[c] ? -1 : 1;
      const k = col.get(cells[e]);
      if (k === undefined) b -= coef * p.count[cells[e]];
      else {
        indices.push(k);
        values.push(coef);
        any = true;
      }
    }
    if (!any) continue;
    rhs.push(b);
    starts.push(indices.length);
  }
  const lp = new ComponentLP(await loadHighs(), {
    numCols: vars.length, numRows: rhs.length, starts: Int32Array.from(starts), indices: Int32Array.from(indices),
    values: Float64Array.from(values), rhs: Float64Array.from(rhs), cap: 1e7,
  });
  try {
    const at = col.get(id)!;
    const low = lp.optimise([at], 'min');
    const high = lp.optimise([at], 'max');
    if (low === 'infeasible' || high === 'infeasible') throw new Error('infeasible');
    return [low[at], high[at]];
  } finally {
    lp.dispose();
  }
}
