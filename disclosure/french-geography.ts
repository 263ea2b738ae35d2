// The `geo` dimension of a table in the long form, from the real French geography (COG), for exactly the units the
// table mentions and their ancestors.
//
// Main hierarchy: FR = Σ régions, région = Σ départements, département = Σ communes. A unit that has at least one of
// its children in the table is their sum (see dimension-closure.ts for what unlisted children mean); a unit without
// any child in the table is a leaf. Second hierarchy, not nested in the first (89 EPCI cross a département border):
// EPCI = Σ its member communes, and FR = Σ EPCI + the communes outside them. EPCI are never added by themselves: the
// second hierarchy appears when the table mentions EPCI.
//
// When unlisted cells count 0 (a table to protect), an EPCI relation is declared only when every member commune's value
// is known from the table (listed, or zero because its département or région lists others), and the second FR
// relation only when every commune of the country is: otherwise a partial table would be declared inconsistent.
import { error } from '../registry/index.ts';
import { geoExists, geography, parseGeo } from '../universes/index.ts';
import { closedDimension, partialRelation, restCode, type Unlisted } from './dimension-closure.ts';
import type { Dimension, Relation } from './model.ts';

export const GEO_DIMENSION = 'geo';

/** Called for a code that is malformed or not a unit of the current geography; should throw (with a line number). */
export type UnknownGeo = (code: string, reason: 'malformed' | 'unknown') => never;

const defaultUnknown: UnknownGeo = (code, reason) => {
  throw error('DISC_UNKNOWN_CODE', ['(geo)', code, code, GEO_DIMENSION + (reason === 'malformed' ? ' (mal formé)' : '')]);
};

interface Children {
  of: Map<string, string[]>; // every real child in the main hierarchy, e.g. DEP:45 → its communes
}

let realChildren: Children | undefined;

function mainChildren(): Children {
  if (realChildren) return realChildren;
  const g = geography();
  const of = new Map<string, string[]>();
  const push = (total: string, part: string) => {
    const list = of.get(total) ?? [];
    list.push(part);
    of.set(total, list);
  };
  for (const r of g.regions.values()) push('FR', `REG:${r.code}`);
  for (const d of g.departements.values()) push(`REG:${d.reg}`, `DEP:${d.code}`);
  for (const c of g.communes.values()) push(`DEP:${c.dep}`, `COM:${c.code}`);
  realChildren = { of };
  return realChildren;
}

export function frenchGeoDimension(mentioned: Iterable<string>, unlisted: Unlisted = 'zero', unknown: UnknownGeo = defaultUnknown): Dimension {
  const g = geography();
  const used = new Set<string>(['FR']);
  const epcis = new Set<string>();
  const parentOf = (code: string): string | undefined => {
    const ref = parseGeo(code)!;
    switch (ref.level) {
      case 'COM': return `DEP:${g.communes.get(ref.code)!.dep}`;
      case 'DEP': return `REG:${g.departements.get(ref.code)!.reg}`;
      case 'REG': return 'FR';
      default: return undefined; // FR, and EPCI which are outside the main hierarchy
    }
  };
  for (const code of mentioned) {
    const ref = parseGeo(code);
    if (!ref) unknown(code, 'malformed');
    if (!geoExists(ref!)) unknown(code, 'unknown');
    if (ref!.level === 'EPCI') {
      epcis.add(code);
      continue;
    }
    for (let c: string | undefined = code; c !== undefined && !used.has(c); c = parentOf(c)) used.add(c);
  }
  const level = (prefix: string) => [...used].filter((c) => c.startsWith(prefix)).sort();
  const regs = level('REG:');
  const deps = level('DEP:');
  const communes = level('COM:');
  const real = mainChildren().of;
  const dim = closedDimension(GEO_DIMENSION, 'FR', ['FR', ...regs, ...deps, ...communes], parentOf, unlisted, (c) => real.get(c) ?? []);
  if (epcis.size === 0) return { ...dim, unitLevel: true };

  const epciCodes = [...epcis].sort();
  const second = unlisted === 'zero' ? epciRelationsIfKnown(used, epciCodes, parentOf) : epciRelationsWithRest(used, epciCodes);
  const rests = second.flatMap((r) => r.parts.filter((p) => p.includes('~')));
  const main = dim.codes.filter((c) => !c.includes('~'));
  const mainRests = dim.codes.filter((c) => c.includes('~'));
  return {
    ...dim, codes: [...main.slice(0, 1 + regs.length + deps.length), ...epciCodes, ...communes, ...mainRests, ...rests],
    relations: [...dim.relations, ...second], unitLevel: true,
  };
}

function members(epci: string): string[] {
  return geography().epcis.get(parseGeo(epci)!.code)!.members.map((m) => `COM:${m}`);
}

/** 'unknown' mode: every real relation among mentioned units, the unmentioned parts as one unknown rest each. */
function epciRelationsWithRest(used: Set<string>, epciCodes: string[]): Relation[] {
  const relations: Relation[] = [];
  const covered = new Set<string>();
  for (const code of epciCodes) {
    const all = members(code);
    all.forEach((m) => covered.add(m));
    const r = partialRelation(code, all, (m) => used.has(m), 'unknown');
    if (r) relations.push(r);
  }
  const outside = [...used].filter((c) => c.startsWith('COM:') && !covered.has(c)).sort();
  relations.push({ total: 'FR', parts: [...epciCodes, ...outside, restCode('FR', 'autres-communes')] });
  return relations;
}

/** 'zero' mode: only relations that unlisted zeros make true. */
function epciRelationsIfKnown(used: Set<string>, epciCodes: string[], parentOf: (c: string) => string | undefined): Relation[] {
  const g = geography();
  const expanded = new Set<string>();
  for (const c of used) {
    const p = parentOf(c);
    if (p) expanded.add(p);
  }
  const known = (commune: string): boolean => {
    if (used.has(commune)) return true;
    const c = g.communes.get(commune.slice(4))!;
    if (used.has(`DEP:${c.dep}`)) return expanded.has(`DEP:${c.dep}`);
    if (used.has(`REG:${c.reg}`)) return expanded.has(`REG:${c.reg}`);
    return expanded.has('FR');
  };
  const relations: Relation[] = [];
  const covered = new Set<string>();
  let allEpci = true;
  for (const code of epciCodes) {
    const all = members(code);
    const parts = all.filter((m) => used.has(m));
    if (parts.length > 0 && all.every(known)) {
      relations.push({ total: code, parts });
      all.forEach((m) => covered.add(m));
    } else allEpci = false;
  }
  const everyCommuneKnown = expanded.has('FR') && [...used].every((c) => c.startsWith('COM:') || expanded.has(c));
  if (allEpci && everyCommuneKnown) {
    const outside = [...used].filter((c) => c.startsWith('COM:') && !covered.has(c)).sort();
    relations.push({ total: 'FR', parts: [...epciCodes, ...outside] });
  }
  return relations;
}

/**
 * Units of another table's geography (the official release's) that are linked to the mentioned ones by a relation
 * below them: their communes and départements, the members of a mentioned EPCI, the EPCI of a mentioned commune.
 * Checking a table together with the release needs them, or an EPCI figure would look unrelated to its communes.
 */
export function linkedGeoCodes(mentioned: Iterable<string>, others: Iterable<string>): string[] {
  const g = geography();
  const mine = new Set(mentioned);
  const out: string[] = [];
  for (const code of others) {
    if (mine.has(code)) continue;
    const ref = parseGeo(code);
    if (!ref) continue;
    let linked = false;
    if (ref.level === 'COM') {
      const c = g.communes.get(ref.code);
      linked = !!c && (mine.has(`DEP:${c.dep}`) || mine.has(`REG:${c.reg}`) || (c.epci !== null && mine.has(`EPCI:${c.epci}`)));
    } else if (ref.level === 'DEP') {
      const d = g.departements.get(ref.code);
      linked = !!d && mine.has(`REG:${d.reg}`);
    } else if (ref.level === 'EPCI') {
      linked = (g.epcis.get(ref.code)?.members ?? []).some((m) => mine.has(`COM:${m}`));
    }
    if (linked) out.push(code);
  }
  return out;
}
