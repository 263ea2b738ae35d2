// Engine internals on hand-made tables: the working problem of linked tables, and a cell's id in it.
import { aggregate } from '../../../disclosure/aggregate.ts';
import type { Table } from '../../../disclosure/index.ts';
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
