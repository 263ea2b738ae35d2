// The tables `check` audits: the official release's tables of the file's measures, and the file's own tables built
// on their dimensions, with the geographic codes that link them (check.ts).
import { GEO_DIMENSION, linkedGeoCodes } from './french-geography.ts';
import type { Hierarchies } from './hierarchy-file.ts';
import { longFormTables, toPublished, type LongForm, type LongFormTable } from './longform.ts';
import type { Dimension } from './model.ts';
import type { PublishedTable } from './release.ts';

export interface CheckedTables {
  /** The release's tables of the measures the file has. */
  official: PublishedTable[];
  /** The file's tables as built (rows, dimensions). */
  built: LongFormTable[];
  /** The same as published, every cell the file does not list unknown; ids prefixed `fichier:`. */
  mine: PublishedTable[];
}

export function checkedTables(
  lf: LongForm, against: { tables: PublishedTable[] } | undefined, hierarchies: Hierarchies | undefined, dataDate: string | undefined,
): CheckedTables {
  const measures = new Set(lf.rows.map((r) => r.measure));
  const official = (against?.tables ?? []).filter((t) => measures.has(t.measure));
  // Per measure and dimension name, the release's dimension that has most of the codes the file mentions: tables of
  // one measure may name different code lists alike (the reasons, and their groups, are both `reason`).
  const known = new Map<string, Map<string, Dimension>>();
  const covered = (d: Dimension, measure: string) => {
    const column = lf.columns.indexOf(d.name);
    if (column < 0) return 0;
    const codes = new Set(d.codes);
    return new Set(lf.rows.filter((r) => r.measure === measure && codes.has(r.codes[column])).map((r) => r.codes[column])).size;
  };
  for (const t of official) {
    let dims = known.get(t.measure);
    if (!dims) known.set(t.measure, (dims = new Map()));
    for (const d of t.dimensions) {
      const held = dims.get(d.name);
      if (!held || covered(d, t.measure) > covered(held, t.measure)) dims.set(d.name, d);
    }
  }
  // Geographic units are linked, measure by measure, from the release tables that can hold this file's cells (same
  // measure, every other dimension of the file among theirs): a département × age file gains nothing from the
  // communes of a commune × typology table, whose cells would all be unknowns of its own (200 000 at national scale,
  // each to be solved for), nor a file's attributions from the communes of its stock.
  const geoColumn = lf.columns.indexOf(GEO_DIMENSION);
  const others = lf.columns.filter((c) => c !== GEO_DIMENSION);
  const extraCodes = new Map<string, Map<string, string[]>>();
  if (geoColumn >= 0) {
    for (const measure of measures) {
      const holding = official.filter((t) => t.measure === measure && others.every((c) => t.dimensions.some((d) => d.name === c)));
      const theirs = new Set(holding.flatMap((t) => t.dimensions.filter((d) => d.name === GEO_DIMENSION).flatMap((d) => d.codes)));
      const mine = lf.rows.filter((r) => r.measure === measure).map((r) => r.codes[geoColumn]);
      extraCodes.set(measure, new Map([[GEO_DIMENSION, linkedGeoCodes(mine, theirs)]]));
    }
  }
  const built = longFormTables(lf, { hierarchies, known, dataDate, unlisted: 'unknown', extraCodes });
  // Named apart from the release's tables: the file may well be a copy of one of them.
  const mine = toPublished(lf, built, 'unknown').map((t) => ({ ...t, id: `fichier:${t.id}` }));
  return { official, built, mine };
}
