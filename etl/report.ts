// The load report: per file, rows read = rows loaded + rows rejected, where the rejected rows went, whether a NIR
// column was dropped. Saved as report.json in the snapshot and printed by the CLI.
import { message } from '../registry/index.ts';
import { frenchOf } from './dates.ts';

export interface FileReport {
  file: string;
  read: number;
  loaded: number;
  rejected: number;
  /** Quarantine file of the rejected rows (line number, reason, raw values), relative to the snapshot folder. */
  quarantine: string | null;
  /** A NIR column was present: dropped on read, never stored. */
  nirDropped: boolean;
  ignoredColumns: string[];
}

export interface LoadReport {
  snapshot: string;
  source: string;
  asOf: string; // ISO
  asOfFrom: 'option' | 'extract';
  loadedAt: string;
  files: FileReport[];
  requestChoices: number;
  seconds: number;
  rowsPerSecond: number;
  previousSnapshot: string | null;
}

export function formatReport(r: LoadReport): string {
  const lines = [message('ETL_REPORT_TITLE', r.source, r.snapshot, frenchOf(r.asOf),
    message(r.asOfFrom === 'option' ? 'ETL_AS_OF_OPTION' : 'ETL_AS_OF_EXTRACT'))];
  for (const f of r.files) {
    lines.push(`  ${message('ETL_REPORT_FILE', f.file, f.read, f.loaded, f.rejected)}`);
    if (f.quarantine) lines.push(`    ${message('ETL_REPORT_QUARANTINE', f.quarantine)}`);
    if (f.nirDropped) lines.push(`    ${message('ETL_REPORT_NIR', f.file)}`);
    if (f.ignoredColumns.length > 0) lines.push(`    ${message('ETL_REPORT_IGNORED', f.file, f.ignoredColumns.join(', '))}`);
  }
  lines.push(message('ETL_REPORT_PUBLISHED', r.snapshot, Math.round(r.rowsPerSecond), r.seconds.toFixed(1), r.previousSnapshot ?? '—'));
  return lines.join('\n');
}
