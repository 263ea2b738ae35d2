// Step 2, aggregate: compute every margin from the detailed cells, along every relation of every dimension (both
// geographic hierarchies, periods, category groups), and check that the margins the caller gave, and the relations
// that did not serve to compute a margin, agree with them. A disagreement is an error naming the cells: protecting
// an inconsistent table would make the audit meaningless.
import { error } from '../registry/index.ts';
import { codesOf, coordsOf, forEachLine, type TableLayout } from './layout.ts';
import type { GivenTable } from './normalise.ts';

export interface FullTable {
  layout: TableLayout;
  count: Float64Array; // every cell, margins included
  given: Uint8Array; // cells the caller listed (kept in the output even when zero)
  magnitudeNames: string[];
  magnitudes: Float64Array[];
}

const SHOWN = 5;

export function aggregate(t: GivenTable): FullTable {
  const { layout } = t;
  const leafCell = allLeafMask(layout);
  const mismatches: string[] = [];
  const sum = (given: Float64Array, measure: string): Float64Array => {
    const values = new Float64Array(layout.size);
    for (let k = 0; k < layout.size; k++) if (leafCell[k]) values[k] = given[k];
    for (let d = 0; d < layout.dims.length; d++) {
      const { order, relations, computing } = layout.dims[d];
      if (order.length === 0) continue;
      forEachLine(layout, d, (base, stride) => {
        for (const c of order) {
          const parts = relations[computing[c]].parts;
          let s = 0;
          for (let i = 0; i < parts.length; i++) s += values[base + parts[i] * stride];
          values[base + c * stride] = s;
        }
      });
    }
    for (let k = 0; k < layout.size; k++) {
      if (t.given[k] && !leafCell[k] && given[k] !== values[k]) {
        mismatches.push(`${coordsOf(layout, k).join(' × ')}${measure === 'count' ? '' : ` (${measure})`} = ${given[k]} au lieu de ${values[k]}`);
      }
    }
    checkOtherRelations(t, values, measure, mismatches);
    return values;
  };
  const count = sum(t.count, 'count');
  const magnitudes = t.magnitudeNames.map((name, m) => sum(t.magnitudes[m], name));
  if (mismatches.length > 0) {
    const shown = mismatches.slice(0, SHOWN).join(' ; ') + (mismatches.length > SHOWN ? ` ; … (${mismatches.length - SHOWN} de plus)` : '');
    throw error('DISC_INCONSISTENT_MARGIN', [layout.table.id, mismatches.length, shown], { cells: mismatches });
  }
  return { layout, count, given: t.given, magnitudeNames: t.magnitudeNames, magnitudes };
}

/** 1 for cells whose every coordinate is a leaf code. */
export function allLeafMask(layout: TableLayout): Uint8Array {
  const mask = new Uint8Array(layout.size);
  const codes: number[] = [];
  for (let k = 0; k < layout.size; k++) {
    codesOf(layout, k, codes);
    let leaf = 1;
    for (let d = 0; d < codes.length && leaf; d++) leaf = layout.dims[d].leaf[codes[d]];
    mask[k] = leaf;
  }
  return mask;
}

/** Relations that did not compute their total (a second hierarchy over the same codes) must hold as well. */
function checkOtherRelations(t: GivenTable, values: Float64Array, measure: string, out: string[]): void {
  const { layout } = t;
  layout.dims.forEach((dl, d) => {
    dl.relations.forEach((rel, r) => {
      if (dl.computing[rel.total] === r) return;
      forEachLine(layout, d, (base, stride) => {
        let s = 0;
        for (let i = 0; i < rel.parts.length; i++) s += values[base + rel.parts[i] * stride];
        const k = base + rel.total * stride;
        if (s !== values[k] && out.length < 1000) {
          out.push(`${coordsOf(layout, k).join(' × ')}${measure === 'count' ? '' : ` (${measure})`} = ${values[k]} mais la somme de ${dl.dim.codes[rel.total]} = ${rel.parts.length} parties vaut ${s}`);
        }
      });
    });
  });
}
