// Step 6, stamp: turn the suppression pattern into what leaves the engine — every table with its published values
// ('s' for every suppressed cell, primary or not), its magnitudes under the same pattern, the statistics, and the
// mandatory source line when the caller named the source.
import { coordsOf } from './layout.ts';
import type { Cell, PublishedValue } from './model.ts';
import type { Problem } from './problem.ts';
import type { AuditReport, ProtectedTable, Release, ReleaseStats } from './release.ts';
import { formatSourceLine, type SourceLine } from './source-line.ts';

export function stamp(
  p: Problem, suppressed: Uint8Array, threshold: number, stats: ReleaseStats, audit: AuditReport, source?: SourceLine,
): Release {
  const tables: ProtectedTable[] = p.tables.map((t, ti) => {
    const g = p.global[ti];
    const cells: Cell[] = [];
    const values: PublishedValue[] = [];
    const magnitudes: Record<string, PublishedValue[]> = Object.fromEntries(t.magnitudeNames.map((name) => [name, []]));
    for (let k = 0; k < t.layout.size; k++) {
      const id = g[k];
      // Unlisted zeros stay unlisted (missing cells count 0), unless suppressed: an 's' must be visible.
      if (t.count[k] === 0 && !t.given[k] && !suppressed[id]) continue;
      const cell: Cell = { coords: coordsOf(t.layout, k), count: t.count[k] };
      if (t.magnitudeNames.length > 0) {
        cell.magnitudes = {};
        t.magnitudeNames.forEach((name, m) => {
          cell.magnitudes![name] = t.magnitudes[m][k];
          magnitudes[name].push(suppressed[id] ? 's' : t.magnitudes[m][k]);
        });
      }
      cells.push(cell);
      values.push(suppressed[id] ? 's' : t.count[k]);
    }
    return { table: { ...t.layout.table, cells }, values, magnitudes };
  });
  const release: Release = { threshold, tables, stats, audit };
  if (source) {
    release.source = source;
    release.sourceLine = formatSourceLine(source);
  }
  return release;
}
