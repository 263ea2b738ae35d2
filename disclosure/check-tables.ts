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
  // The codes the file mentions, per measure and column.
  const mentioned = new Map<string, Set<string>[]>();
  for (const r of lf.rows) {
    let columns = mentioned.get(r.measure);
    if (!columns) mentioned.set(r.measure, (columns = lf.columns.map(() => new Set<string>())));
    r.codes.forEach((c, i) => columns[i].add(c));
  }
  const official = (against?.tables ?? []).filter((t) => mentioned.has(t.measure));
  // Per measure and dimension name, the release's dimension that has most of the codes the file mentions: tables of
  // one measure may name different code lists alike (the reasons, and their groups, are both `reason`).
  const known = new Map<string, Map<string, Dimension>>();
  const covered = (d: Dimension, measure: string) => {
    const codes = mentioned.get(measure)![lf.columns.indexOf(d.name)];
    return codes ? d.codes.filter((c) => codes.has(c)).length : 0;
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
    for (const [measure, columns] of mentioned) {
      const holding = official.filter((t) => t.measure === measure && others.every((c) => t.dimensions.some((d) => d.name === c)));
      const theirs = new Set(holding.flatMap((t) => t.dimensions.filter((d) => d.name === GEO_DIMENSION).flatMap((d) => d.codes)));
      extraCodes.set(measure, new Map([[GEO_DIMENSION, linkedGeoCodes(columns[geoColumn], theirs)]]));
    }
  }
  const built = longFormTables(lf, { hierarchies, known, dataDate, unlisted: 'unknown', extraCodes });
  // Named apart from the release's tables: the file may well be a copy of one of them.
  const mine = toPublished(lf, built, 'unknown').map((t) => ({ ...t, id: `fichier:${t.id}` }));
  return { official, built, mine };
}
