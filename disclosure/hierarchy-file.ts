// Hierarchies of category dimensions given by the user of `protect` / `check` as `H.csv`: semicolon CSV
// `dimension;code;parent`, one line per code, an empty parent for the dimension's root; any depth.
//
// A table rarely mentions every code of a hierarchy. The dimension built for a table holds the codes it mentions and
// their ancestors (so missing margins are computed), and a total is the sum of those of its children the table
// mentions: a child the table leaves out counts 0, as any cell the long form does not list. A mentioned code with no
// mentioned child is a leaf of that table.
import { error } from '../registry/index.ts';
import { closedDimension, type Unlisted } from './dimension-closure.ts';
import type { Dimension } from './model.ts';

export interface Tree {
  root: string;
  parent: Map<string, string>; // code → parent, the root excluded
  order: string[]; // codes in the file's order
}

export type Hierarchies = Map<string, Tree>;

const HEADER = ['dimension', 'code', 'parent'];

/** Parses an H.csv; every problem names its line. `name` is used in messages (the file's path). */
export function parseHierarchyFile(text: string, name = 'H.csv'): Hierarchies {
  const bad = (line: number, what: string): never => { throw error('DISC_HIER_LINE', [name, line, what]); };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const rows = new Map<string, { code: string; parent: string; line: number }[]>();
  let headerSeen = false;
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    const fields = raw.split(';').map((f) => f.trim());
    if (!headerSeen) {
      headerSeen = true;
      if (fields.join(';').toLowerCase() !== HEADER.join(';')) bad(line, `en-tête « ${raw} » au lieu de dimension;code;parent`);
      return;
    }
    if (fields.length !== 3) bad(line, `${fields.length} colonne(s) au lieu de 3`);
    const [dimension, code, parent] = fields;
    if (dimension === '' || code === '') bad(line, 'dimension ou code vide');
    if (dimension === 'geo') throw error('DISC_HIER_GEO', [name]);
    if (code === parent) bad(line, `le code ${code} est son propre parent`);
    const list = rows.get(dimension) ?? [];
    list.push({ code, parent, line });
    rows.set(dimension, list);
  });
  if (!headerSeen) bad(1, 'fichier vide');
  const out: Hierarchies = new Map();
  for (const [dimension, list] of rows) {
    const parent = new Map<string, string>();
    const lineOf = new Map<string, number>();
    const roots: string[] = [];
    for (const r of list) {
      if (lineOf.has(r.code)) bad(r.line, `le code ${r.code} de ${dimension} figure déjà ligne ${lineOf.get(r.code)}`);
      lineOf.set(r.code, r.line);
      if (r.parent === '') roots.push(r.code);
      else parent.set(r.code, r.parent);
    }
    if (roots.length !== 1) {
      bad(list[0].line, `la dimension ${dimension} a ${roots.length} racine(s) (parent vide) au lieu d'une : ${roots.join(', ') || 'aucune'}`);
    }
    for (const r of list) {
      if (r.parent !== '' && !lineOf.has(r.parent)) bad(r.line, `le parent ${r.parent} de ${r.code} n'est pas déclaré dans ${dimension}`);
    }
    // Every code must reach the root: a cycle would leave margins undefined.
    for (const r of list) {
      const seen = new Set<string>();
      for (let c: string | undefined = r.code; c !== undefined && c !== roots[0]; c = parent.get(c)) {
        if (seen.has(c)) bad(r.line, `cycle dans ${dimension} autour du code ${r.code}`);
        seen.add(c);
      }
    }
    out.set(dimension, { root: roots[0], parent, order: list.map((r) => r.code) });
  }
  return out;
}

/**
 * The dimension a table needs from a tree: the codes it mentions, their ancestors, and one relation per code with at
 * least one mentioned child. `unknown(code)` is called for a mentioned code outside the tree (it should throw).
 */
export function treeDimension(name: string, tree: Tree, mentioned: Iterable<string>, unlisted: Unlisted, unknown: (code: string) => never): Dimension {
  const used = new Set<string>();
  for (const code of mentioned) {
    if (code !== tree.root && !tree.parent.has(code)) unknown(code);
    for (let c: string | undefined = code; c !== undefined && !used.has(c); c = tree.parent.get(c)) used.add(c);
  }
  used.add(tree.root);
  const children = new Map<string, string[]>();
  for (const c of tree.order) {
    const p = tree.parent.get(c);
    if (p === undefined) continue;
    const list = children.get(p) ?? [];
    list.push(c);
    children.set(p, list);
  }
  return closedDimension(name, tree.root, tree.order.filter((c) => used.has(c)), (c) => tree.parent.get(c), unlisted, (c) => children.get(c) ?? []);
}
