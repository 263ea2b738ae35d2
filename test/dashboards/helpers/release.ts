// The releases dashboard tests read: the hand-made universe's for a test file (computed once per code version for
// every test file of a run, shared-release.ts, and copied into a data dir of the file's own on first use), and what
// the tests look for in a release.
import tap from 'tap';
import type { Release } from '../../../dashboards/index.ts';
import { EDITION, sharedRelease, type SharedRelease } from './shared-release.ts';

export { EDITION };
/** The source line of both shared releases (snapshot of 31/10/2026) edited on EDITION. */
export const SOURCE_LINE =
  'Source : GIP SNE - Infocentre NUNIQUE SNE (univers agrégé). Données du : 31/10/2026 éditées le 23/11/2026';

let shared: Promise<SharedRelease> | undefined;

/** The file's copy of the hand-made release (made on first use). */
export function handMadeRelease(): Promise<SharedRelease> {
  shared ??= sharedRelease(tap, 'hand-made');
  return shared;
}

/** A commune of département `dep` whose stock of active requests is suppressed in the release (1 to 9 requests). */
export function suppressedCommune(release: Release, dep: string): string {
  const table = release.tables.get('stock_typology')!;
  const roots = table.dimensions.slice(2).map((d) => d.root);
  for (const [key, value] of table.values) {
    const [, geo, ...cats] = key.split('\u0001');
    if (value === 's' && geo.startsWith(`COM:${dep}`) && cats.every((x, i) => x === roots[i])) return geo;
  }
  throw new Error(`no suppressed commune total of ${dep} in the release`);
}
