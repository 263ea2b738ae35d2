// The shapes the engine hands out. Everything here may be serialised and shown: nothing says which suppressed
// cells are primary.
import type { Dimension, DisclosureOptions, PublishedValue, Table } from './model.ts';
import type { SourceLine } from './source-line.ts';

export interface ProtectedTable {
  /** The table as protected: margins added, every cell listed except zeros the caller did not list. */
  table: Table;
  /** Published count of each cell of `table.cells`, or 's'. */
  values: PublishedValue[];
  /** Published magnitudes (e.g. sum_wait_days) aligned with `table.cells`; a suppressed cell's are 's' too. */
  magnitudes: Record<string, PublishedValue[]>;
}

export interface ReleaseStats {
  tables: number;
  cells: number; // distinct cells across the linked tables
  primary: number;
  complementary: number;
  suppressed: number;
  suppressedTotal: number; // sum of the counts of suppressed cells (information lost)
  seconds: number; // whole protection, audit included
  auditSeconds: number;
  rounds: number; // audit / repair rounds
  lps: number; // linear programmes solved
  /** With the earlier release's truth: hidden cells the earlier audit still proves, not solved again (earlier-proof.ts). */
  unchanged?: number;
}

export interface Release {
  threshold: number;
  tables: ProtectedTable[];
  stats: ReleaseStats;
  /** The engine's own audit of this release (always ok: protect does not return otherwise). */
  audit: AuditReport;
  /** Stamped when `source` was given: the mandatory source line for every export of this release. */
  source?: SourceLine;
  sourceLine?: string;
}

export interface AuditFinding {
  table: string;
  coords: string[];
  measure: string; // 'count' or a magnitude name
  lower: number; // what the attacker can prove (NaN when not applicable)
  upper: number;
  problem: string; // French, for the user
}

export interface AuditReport {
  ok: boolean;
  findings: AuditFinding[];
  suppressedChecked: number;
  lps: number;
  seconds: number;
}

/** A table as published (read back from a long-form file, for instance): values or 's', no truth. */
export interface PublishedTable {
  id: string;
  measure: string;
  dimensions: Dimension[];
  /** `unlisted`: a cell the table's file does not list (`infocentre check`), an unknown rather than a published 's'. */
  cells: { coords: string[]; value: PublishedValue; magnitudes?: Record<string, PublishedValue>; unlisted?: boolean }[];
  /**
   * For a previous release (`ProtectOptions.previous`) whose cells leave zeros out: true for the coordinates of a
   * cell it published as 0 when `cells` does not list it (a table of the same id in the new release).
   */
  zeroUnlisted?: (coords: string[]) => boolean;
}

export interface ProtectOptions extends DisclosureOptions {
  /** Stamps the release with its source line. */
  source?: SourceLine;
  /**
   * What earlier releases already published for periods that are closed (the caller decides which periods are
   * closed). Such a cell is published again only with the same value; otherwise it stays suppressed.
   */
  previous?: PublishedTable[];
  /**
   * With `previous`: the tables that release was computed from, with their true values, codes named as in the new
   * release (a code `previous` does not carry renamed to one the new release does not have). Hidden cells that did
   * not change since, among relations that did not, are then not solved again: the earlier audit proved them
   * (earlier-proof.ts).
   */
  previousTruth?: Table[];
}
