// The real French geography (COG) from @etalab/decoupage-administratif: communes, EPCI, départements, régions.
// It is reference data, not personal data, so every part may use it. Loaded once per process.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface Commune {
  code: string; // 5-character COG code, e.g. 45234 or 2A004
  name: string;
  dep: string; // 45, 2A, 974…
  reg: string; // 24, 84…
  epci: string | null; // SIREN of the EPCI; null for the few communes outside any (island communes, some overseas)
  population: number;
}

export interface Departement { code: string; name: string; reg: string }
export interface Region { code: string; name: string }
export interface Epci { code: string; name: string; members: string[]; deps: string[] }

export interface Geography {
  communes: Map<string, Commune>;
  departements: Map<string, Departement>;
  regions: Map<string, Region>;
  epcis: Map<string, Epci>;
}

interface RawCommune { code: string; nom: string; type: string; departement: string; region: string; population?: number }
interface RawEpci { code: string; nom: string; membres: { code: string }[] }
interface RawDep { code: string; nom: string; region: string }
interface RawReg { code: string; nom: string }

let cached: Geography | undefined;

export function geography(): Geography {
  if (cached) return cached;
  const rawCommunes = require('@etalab/decoupage-administratif/data/communes.json') as RawCommune[];
  const rawEpci = require('@etalab/decoupage-administratif/data/epci.json') as RawEpci[];
  const rawDeps = require('@etalab/decoupage-administratif/data/departements.json') as RawDep[];
  const rawRegs = require('@etalab/decoupage-administratif/data/regions.json') as RawReg[];

  const epciOf = new Map<string, string>();
  for (const e of rawEpci) for (const m of e.membres) epciOf.set(m.code, e.code);

  const communes = new Map<string, Commune>();
  for (const c of rawCommunes) {
    if (c.type !== 'commune-actuelle') continue;
    communes.set(c.code, {
      code: c.code, name: c.nom, dep: c.departement, reg: c.region,
      epci: epciOf.get(c.code) ?? null, population: c.population ?? 0,
    });
  }
  const regions = new Map<string, Region>(rawRegs.map((r) => [r.code, { code: r.code, name: r.nom }]));
  const departements = new Map<string, Departement>(rawDeps.map((d) => [d.code, { code: d.code, name: d.nom, reg: d.region }]));
  // Overseas collectivities carry a pseudo-région equal to their code; give them an entry so every commune resolves.
  for (const c of communes.values()) {
    if (!departements.has(c.dep)) departements.set(c.dep, { code: c.dep, name: c.dep, reg: c.reg });
    if (!regions.has(c.reg)) regions.set(c.reg, { code: c.reg, name: c.reg });
  }
  const epcis = new Map<string, Epci>();
  for (const e of rawEpci) {
    const members = e.membres.map((m) => m.code).filter((code) => communes.has(code));
    const deps = [...new Set(members.map((code) => communes.get(code)!.dep))].sort();
    epcis.set(e.code, { code: e.code, name: e.nom, members, deps });
  }
  cached = { communes, departements, regions, epcis };
  return cached;
}

/** Geography levels, finest first, as they prefix codes in the long form (`COM:45001`, `DEP:45`, `FR`). */
export type GeoLevel = 'COM' | 'EPCI' | 'DEP' | 'REG' | 'FR';

export interface GeoRef { level: GeoLevel; code: string }

export function formatGeo(ref: GeoRef): string {
  return ref.level === 'FR' ? 'FR' : `${ref.level}:${ref.code}`;
}

/** Parses `FR`, `REG:84`, `DEP:45`, `EPCI:200000172`, `COM:45001`; returns undefined for anything else. */
export function parseGeo(text: string): GeoRef | undefined {
  if (text === 'FR') return { level: 'FR', code: 'FR' };
  const m = /^(COM|EPCI|DEP|REG):([0-9A-Z]{1,9})$/.exec(text);
  return m ? { level: m[1] as GeoLevel, code: m[2] } : undefined;
}

/** True when the code names a unit of the real geography. */
export function geoExists(ref: GeoRef): boolean {
  const g = geography();
  switch (ref.level) {
    case 'FR': return true;
    case 'REG': return g.regions.has(ref.code);
    case 'DEP': return g.departements.has(ref.code);
    case 'EPCI': return g.epcis.has(ref.code);
    case 'COM': return g.communes.has(ref.code);
  }
}

/** The communes a geographic unit covers (the whole country for FR). */
export function communesOf(ref: GeoRef): string[] {
  const g = geography();
  const all = [...g.communes.values()];
  switch (ref.level) {
    case 'FR': return all.map((c) => c.code);
    case 'REG': return all.filter((c) => c.reg === ref.code).map((c) => c.code);
    case 'DEP': return all.filter((c) => c.dep === ref.code).map((c) => c.code);
    case 'EPCI': return g.epcis.get(ref.code)?.members ?? [];
    case 'COM': return g.communes.has(ref.code) ? [ref.code] : [];
  }
}
