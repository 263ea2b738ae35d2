// What the geography picker offers: every unit the release knows (those with at least one request or attribution),
// with its French name and level. Any other real unit is still accepted by `dashboardView` and shows zeros.
import { parseGeo, type GeoLevel } from '../universes/index.ts';
import { geoLabel } from './geo.ts';
import type { Release } from './release.ts';

export interface GeoOption {
  code: string; // FR, REG:84, DEP:45, EPCI:…, COM:…
  label: string;
  level: GeoLevel;
}

const ORDER: GeoLevel[] = ['FR', 'REG', 'DEP', 'EPCI', 'COM'];

const cache = new WeakMap<Release, GeoOption[]>();

export function geoPicker(release: Release): GeoOption[] {
  const known = cache.get(release);
  if (known) return known;
  const codes = new Set<string>();
  for (const t of release.tables.values()) for (const c of t.dimensions[1].codes) codes.add(c);
  const options = [...codes]
    .map((code) => ({ code, label: geoLabel(code), level: parseGeo(code)!.level }))
    .sort((a, b) => ORDER.indexOf(a.level) - ORDER.indexOf(b.level) || a.label.localeCompare(b.label, 'fr'));
  cache.set(release, options);
  return options;
}
