// `infocentre protect` as a library call: a table in the long form (integer counts, no `s`) and optional hierarchy
// file in, the protected long form (margins added, `s` for every suppressed cell, source line last) out.
//
// Geography uses the built-in French hierarchies; other dimensions the hierarchy file, or `_T = Σ codes`; periods
// follow their codes (period-dimension.ts). Unlisted cells count 0. Given margins that disagree with their parts, a
// non-integer value, an unknown code: an InfocentreError naming the line or the cells.
import { readLongForm, longFormTables, toTables, formatLongForm } from './longform.ts';
import { parseHierarchyFile } from './hierarchy-file.ts';
import { protect } from './protect.ts';
import type { Release } from './release.ts';
import { AGGREGATED_UNIVERSE_NAME, formatSourceLine, todayInParis, type SourceLine } from './source-line.ts';

export interface ProtectFileOptions {
  threshold: number;
  /** Universe or source named in the source line (default: the aggregated universe). */
  source: string;
  /** "Données du" (ISO date): when the data were extracted. Default: today. */
  dataDate: string;
  /** "éditées le" (ISO date). Default: today. */
  editionDate: string;
  /** Measure of every row when the file has no `measure` column. */
  measure: string;
  /** Names used in messages. */
  inputName: string;
  hierarchyName: string;
}

export interface ProtectedFile {
  text: string; // the protected long form, source line last
  release: Release;
  sourceLine: SourceLine;
}

export async function protectLongForm(csv: string, hierarchy?: string, options: Partial<ProtectFileOptions> = {}): Promise<ProtectedFile> {
  const today = todayInParis();
  const sourceLine: SourceLine = {
    universe: options.source ?? AGGREGATED_UNIVERSE_NAME,
    dataDate: options.dataDate ?? today,
    editionDate: options.editionDate ?? today,
  };
  const hierarchies = hierarchy === undefined ? undefined : parseHierarchyFile(hierarchy, options.hierarchyName ?? 'H.csv');
  const lf = readLongForm(csv, { name: options.inputName ?? 'IN.csv', values: 'counts', measure: options.measure });
  const built = longFormTables(lf, { hierarchies, dataDate: sourceLine.dataDate, unlisted: 'zero' });
  const release = await protect(toTables(lf, built), { threshold: options.threshold, source: sourceLine });
  const hidden = new Map<string, Set<string>>();
  for (const t of built) t.dimensions.forEach((d) => hidden.set(d.dimension.name, new Set([...(hidden.get(d.dimension.name) ?? []), ...d.hidden])));
  const text = formatLongForm(release.tables, formatSourceLine(sourceLine), { hidden });
  return { text, release, sourceLine };
}
