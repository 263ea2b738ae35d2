// Territorial habilitations: the list of units an account may see (seed 001: départements, communes and EPCI for the
// requests of their territory; régions in Île-de-France; FR for national services). Each unit is checked against the
// real geography, and the territory resolves to its set of communes, which the detailed routes put in their SQL.
import {
  communesOf, formatGeo, geoExists, parseGeo, type GeoRef,
} from '../../universes/index.ts';
import { error } from '../../registry/index.ts';

/** Normalised unit codes (`DEP:45`, `EPCI:200070183`, `COM:45234`, `REG:11`, `FR`), sorted, without duplicates. */
export type Territory = readonly string[];

export function parseTerritory(input: string | readonly string[]): Territory {
  const parts = (typeof input === 'string' ? input.split(',') : input).map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) throw error('AUTH_BAD_TERRITORY', ['liste vide']);
  if (parts.length > 200) throw error('AUTH_BAD_TERRITORY', [`${parts.length} unités (200 au plus)`]);
  const units = new Set<string>();
  for (const part of parts) {
    const ref = parseGeo(part);
    if (!ref) throw error('AUTH_BAD_TERRITORY', [`« ${part.slice(0, 40)} » n'est pas un code FR, REG:, DEP:, EPCI: ou COM:`]);
    if (!geoExists(ref)) throw error('AUTH_BAD_TERRITORY', [`${formatGeo(ref)} n'existe pas dans la géographie officielle`]);
    units.add(formatGeo(ref));
  }
  return [...units].sort();
}

export function isNational(territory: Territory): boolean {
  return territory.includes('FR');
}

const communeCache = new Map<string, ReadonlySet<string>>();

/** The communes a territory covers (cached: habilitations are few and geography does not change in a process). */
export function territoryCommunes(territory: Territory): ReadonlySet<string> {
  const key = territory.join(',');
  let set = communeCache.get(key);
  if (!set) {
    const all = new Set<string>();
    for (const unit of territory) for (const c of communesOf(parseGeo(unit)!)) all.add(c);
    set = all;
    if (communeCache.size > 1000) communeCache.clear();
    communeCache.set(key, set);
  }
  return set;
}

/** True when every commune of `geo` is in the territory: the unit may be shown whole to this account. */
export function territoryCovers(territory: Territory, geo: GeoRef): boolean {
  if (isNational(territory)) return true;
  if (geo.level === 'FR') return false;
  const mine = territoryCommunes(territory);
  const theirs = communesOf(geo);
  return theirs.length > 0 && theirs.every((c) => mine.has(c));
}

/** True when `geo` and the territory share at least one commune. */
export function territoryIntersects(territory: Territory, geo: GeoRef): boolean {
  if (isNational(territory) || geo.level === 'FR') return true;
  const mine = territoryCommunes(territory);
  return communesOf(geo).some((c) => mine.has(c));
}
