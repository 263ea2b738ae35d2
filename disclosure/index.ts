// Public surface of the disclosure engine. Other parts import only this file.
//
//   protect(tables: Table[], options?: Partial<ProtectOptions>): Promise<Release>
//     Protects linked tables together (a cell with the same measure and non-root coordinates is one cell in every
//     table): margins computed and checked, primary cells (1…threshold−1, and whole geographic units under the
//     threshold), complementary cells, audited by the attacker's LP until it passes. Suppressed cells are all 's'.
//     Throws an InfocentreError IC_DISC_xxx on bad input (unknown code, non-integer count, inconsistent margins…).
//
//   auditRelease(release: Release, options?: { threshold }): Promise<AuditReport>        (alias: audit)
//     Re-audits a release against the truth it carries: nothing confidential published, no suppressed cell pinned,
//     every primary cell can reach the threshold and can be empty, magnitudes not pinned.
//
//   auditPublished(tables: PublishedTable[], options?: { threshold, newFrom, exhaustive }): Promise<AuditReport>
//     The attacker's view without the truth (`infocentre check`): published values and 's' only. No value 1…9,
//     additivity of fully published relations, no suppressed cell pinned or provably under the threshold. Unlisted
//     cells that constrain nothing are left out (free-cells.ts); with `newFrom`, only what the tables from that index
//     change is solved (novelty.ts); `exhaustive` turns both shortcuts off.
//
//   guard(release: Release, extra: Table[], options?): Promise<AuditReport>
//     Differencing guard: may the extra cells (an ad-hoc aggregate) be published on top of the release? ok=false
//     means refuse; the findings say which cell would be disclosed and how.
//
// Previous snapshots: `protect(tables, { previous })` keeps cells of closed periods published identically or
// suppressed; a previous table that leaves its zeros out says which they are (`zeroUnlisted`). The dashboards' release
// passes the one published before it (dashboards/release-carry.ts). With `previousTruth`, the tables that release was
// computed from, the cells the earlier audit still proves are not solved again (earlier-proof.ts).
// All are async only because the LP solver (HiGHS, WebAssembly) loads asynchronously; everything else is pure.
export { protect } from './protect.ts';
export { auditRelease, auditRelease as audit, auditPublished } from './audit.ts';
export { guard } from './guard.ts';
export type {
  AuditFinding, AuditReport, ProtectOptions, ProtectedTable, PublishedTable, Release, ReleaseStats,
} from './release.ts';
export type { Cell, Dimension, DisclosureOptions, PublishedValue, Relation, Table } from './model.ts';
export { DEFAULT_OPTIONS, SUPPRESSED } from './model.ts';
export {
  AGGREGATED_UNIVERSE_NAME, DETAILED_UNIVERSE_NAME, formatSourceLine, parseSourceLine, todayInParis, type SourceLine,
} from './source-line.ts';
// The long form and the file-level commands (`infocentre protect`, `infocentre check`).
export { formatLongForm, readLongForm, longFormTables, toPublished, toTables, type LongForm } from './longform.ts';
export { parseHierarchyFile, type Hierarchies } from './hierarchy-file.ts';
export { frenchGeoDimension } from './french-geography.ts';
export { protectLongForm, type ProtectFileOptions, type ProtectedFile } from './protect-file.ts';
export { checkLongForm, officialFromLongForms, type CheckOptions, type CheckProblem, type CheckReport, type OfficialRelease } from './check.ts';
