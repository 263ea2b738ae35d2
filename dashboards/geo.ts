// The geography dimension of a release table, built from the aggregated universe's reference table geo_commune.
//
// Two hierarchies that do not nest: commune → département → région → France, and commune → EPCI (89 EPCI cross a
// département border). Tables published down to the commune carry both; tables with finer categories or periods
// stop at the département (France, régions, départements), where the EPCI cannot be derived.
import type { Dimension, Relation } from '../disclosure/index.ts';
import { geography, parseGeo, type GeoLevel } from '../universes/index.ts';

export interface CommuneRef {
  commune: string;
  dep: string;
  reg: string;
  epci: string | null;
}

/** Finest geography a table is published at. */
export type GeoDepth = 'COM' | 'DEP';

export const COM = (c: string) => `COM:${c}`;
const DEP = (c: string) => `DEP:${c}`;
const REG = (c: string) => `REG:${c}`;
const EPCI = (c: string) => `EPCI:${c}`;

function push(map: Map<string, string[]>, total: string, part: string): void {
  const parts = map.get(total);
  if (parts) parts.push(part);
  else map.set(total, [part]);
}

/** The geo dimension over the communes that have facts (absent units count 0 and are left out of the table). */
export function geoDimension(communes: readonly CommuneRef[], depth: GeoDepth): Dimension {
  const regDeps = new Map<string, Set<string>>();
  const groups = new Map<string, string[]>();
  for (const c of communes) {
    const deps = regDeps.get(c.reg) ?? new Set<string>();
    deps.add(c.dep);
    regDeps.set(c.reg, deps);
    if (depth === 'COM') {
      push(groups, DEP(c.dep), COM(c.commune));
      if (c.epci) push(groups, EPCI(c.epci), COM(c.commune));
    }
  }
  const regs = [...regDeps.keys()].sort();
  const relations: Relation[] = [{ total: 'FR', parts: regs.map(REG) }];
  for (const r of regs) relations.push({ total: REG(r), parts: [...regDeps.get(r)!].sort().map(DEP) });
  // In code order, not in the order the facts came from the database (which varies run to run): the engine breaks
  // ties by relation order, and the same snapshot must always give the same release.
  for (const total of [...groups.keys()].sort()) relations.push({ total, parts: groups.get(total)!.sort() });
  const codes = ['FR', ...regs.map(REG), ...regs.flatMap((r) => [...regDeps.get(r)!].sort().map(DEP))];
  if (depth === 'COM') {
    codes.push(...[...groups.keys()].filter((k) => k.startsWith('EPCI:')).sort());
    codes.push(...[...new Set(communes.map((c) => COM(c.commune)))].sort());
  }
  return { name: 'geo', root: 'FR', codes, relations, unitLevel: true };
}

/** French name of a geographic unit, from the real geography; the code itself when unknown. */
export function geoLabel(code: string): string {
  const ref = parseGeo(code);
  if (!ref) return code;
  const g = geography();
  switch (ref.level) {
    case 'FR': return 'France';
    case 'REG': return g.regions.get(ref.code)?.name ?? `Région ${ref.code}`;
    case 'DEP': return `${g.departements.get(ref.code)?.name ?? 'Département'} (${ref.code})`;
    case 'EPCI': return g.epcis.get(ref.code)?.name ?? `EPCI ${ref.code}`;
    case 'COM': return `${g.communes.get(ref.code)?.name ?? 'Commune'} (${ref.code})`;
  }
}

/** The units one level below a unit, in the hierarchy a dashboard drills into (FR → régions → départements → EPCI → communes). */
export function childrenOf(geo: Dimension, code: string): string[] {
  const ref = parseGeo(code);
  if (!ref) return [];
  const wanted: Partial<Record<GeoLevel, string>> = { FR: 'REG:', REG: 'DEP:', DEP: 'COM:', EPCI: 'COM:' };
  const prefix = wanted[ref.level];
  if (!prefix) return [];
  const rel = geo.relations.find((r) => r.total === code && r.parts.every((p) => p.startsWith(prefix)));
  return rel ? rel.parts : [];
}
