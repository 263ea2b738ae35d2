// A table in the long form mentions some codes of a hierarchy, not all. Which relations hold among the mentioned codes
// depends on what an unlisted cell means:
// - 'zero' (a table to protect, a release file): an unlisted cell counts 0, so a total is the sum of its mentioned
//   children;
// - 'unknown' (a table someone wants to publish, read by `check`): an unlisted cell is simply not published, so a
//   total is the sum of its mentioned children plus a "rest" code standing for all the others, whose value is unknown
//   to the attacker. The rest is only needed when some real children are not mentioned.
import type { Dimension, Relation } from './model.ts';

export type Unlisted = 'zero' | 'unknown';

/** The code standing for the unmentioned children of `total` in one of its relations. */
export function restCode(total: string, relation = 'autres'): string {
  return `${total}~${relation}`;
}

export function isRestCode(code: string): boolean {
  return code.includes('~');
}

/** The relation among mentioned codes, given a total's full list of parts (undefined: none mentioned). */
export function partialRelation(
  total: string, allParts: readonly string[], present: (code: string) => boolean, unlisted: Unlisted, rest = restCode(total),
): Relation | undefined {
  const parts = allParts.filter(present);
  if (parts.length === 0) return undefined;
  if (unlisted === 'unknown' && parts.length < allParts.length) parts.push(rest);
  return { total, parts };
}

/**
 * Codes (closed under parents, in order) and their parent function → a dimension with one relation per code having a
 * mentioned child. `allChildren` gives a code's real children; in 'unknown' mode missing ones become a rest code.
 */
export function closedDimension(
  name: string, root: string, codes: string[], parentOf: (code: string) => string | undefined,
  unlisted: Unlisted = 'zero', allChildren?: (code: string) => readonly string[],
): Dimension {
  const children = new Map<string, string[]>();
  for (const c of codes) {
    const p = parentOf(c);
    if (p === undefined) continue;
    const list = children.get(p) ?? [];
    list.push(c);
    children.set(p, list);
  }
  const present = new Set(codes);
  const relations: Relation[] = [];
  for (const c of codes) {
    if (!children.has(c)) continue;
    const all = allChildren ? allChildren(c) : children.get(c)!;
    relations.push(partialRelation(c, all, (x) => present.has(x), unlisted)!);
  }
  const rests = relations.flatMap((r) => r.parts.filter(isRestCode));
  return { name, root, codes: [root, ...codes.filter((c) => c !== root), ...rests], relations };
}
