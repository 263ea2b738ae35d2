// `infocentre check` as a library call: may this table in the long form be published? (issue 3)
//
// Problems found (each with its code, line and cell, in French): a published value from 1 to threshold−1; the
// attacker's audit (auditPublished) failing — a suppressed or unlisted cell pinned or provably under the threshold, a
// total that is not the sum of its parts; the source line missing, malformed, or not last; a personal column or value.
// With the official release: figures that differ from it (a cell published here but suppressed there counts), and
// officially suppressed cells that the table, combined with the release, makes recomputable.
//
// A cell the file does not list is not published: the attacker does not know it. It is a problem only when it can be
// proven to hold 1 to threshold−1 requests (a remainder recomputable from the listed cells), or when an officially
// suppressed cell becomes recomputable. The release's own files list every cell they publish except zeros, so their
// unlisted cells count 0. Unusable input (bad header, value, code) throws an InfocentreError instead.
import { ERRORS, InfocentreError, message, type ErrorName } from '../registry/index.ts';
import { auditPublished } from './audit.ts';
import { isRestCode } from './dimension-closure.ts';
import { checkedTables } from './check-tables.ts';
import { GEO_DIMENSION } from './french-geography.ts';
import type { Hierarchies } from './hierarchy-file.ts';
import { describe, longFormTables, readLongForm, toPublished, type LongForm } from './longform.ts';
import { DEFAULT_OPTIONS, SUPPRESSED, type Dimension, type PublishedValue } from './model.ts';
import { personalColumn, personalValue } from './personal-data.ts';
import type { AuditFinding, PublishedTable } from './release.ts';

export interface CheckProblem {
  code: string; // IC_DISC_2xx
  message: string;
  hint: string;
  line?: number;
}

export interface OfficialRelease {
  /** "Données du" of the official release (ISO), when known. */
  asOf?: string;
  /** Its tables as published; a cell they do not list is a published zero. */
  tables: PublishedTable[];
}

export interface CheckOptions {
  name: string;
  threshold: number;
  hierarchies: Hierarchies;
  against: OfficialRelease;
}

export interface CheckReport {
  ok: boolean;
  problems: CheckProblem[];
  rows: number;
  suppressed: number;
  auditSeconds: number;
  /** Suppressed cells whose interval the audit computed: with `against`, only those this file can change. */
  audited: number;
}

function problem(name: ErrorName, args: unknown[], line?: number): CheckProblem {
  const e = new InfocentreError(ERRORS[name], args);
  return { code: e.code, message: e.message, hint: e.hint, line };
}

/** Identity of a cell across tables (as the engine links them): measure and non-root coordinates by name. */
export function identity(measure: string, dimensions: Dimension[], coords: readonly string[]): string {
  return measure + dimensions.map((d, i) => (coords[i] === d.root ? '' : `\u0001${d.name}=${coords[i]}`)).sort().join('');
}

export async function checkLongForm(text: string, options: Partial<CheckOptions> = {}): Promise<CheckReport> {
  const threshold = options.threshold ?? DEFAULT_OPTIONS.threshold;
  const lf = readLongForm(text, { name: options.name ?? 'table.csv', values: 'published' });
  const problems: CheckProblem[] = [...sourceProblems(lf), ...personalProblems(lf)];
  for (const r of lf.rows) {
    if (typeof r.value === 'number' && r.value > 0 && r.value < threshold) {
      problems.push(problem('DISC_CHECK_SMALL', [r.line, describe(lf.columns, r.codes), r.value, threshold - 1], r.line));
    }
  }
  const dataDate = lf.sources.find((s) => s.parsed)?.parsed?.dataDate;
  const { official, built, mine } = checkedTables(lf, options.against, options.hierarchies, dataDate);

  // Where each listed cell is, by identity.
  const listed = new Map<string, { line: number; where: string; value: PublishedValue }>();
  built.forEach((t) => t.rows.forEach((r) => {
    listed.set(identity(t.measure, t.dimensions.map((d) => d.dimension), r.codes), { line: r.line, where: describe(lf.columns, r.codes), value: r.value });
  }));
  // The official release passed its own audit: only what this file adds to it is solved.
  const audit = await auditPublished([...official, ...mine], { threshold, newFrom: options.against ? official.length : undefined });
  const tables = new Map([...official, ...mine].map((t) => [t.id, t]));
  const findingKeys = audit.findings.map((f) => {
    const t = tables.get(f.table)!;
    return identity(t.measure, t.dimensions, f.coords);
  });
  const released = releasedFor(new Set([...listed.keys(), ...findingKeys]), official);
  if (options.against) problems.push(...agreementProblems(listed, released, official, options.against.asOf, dataDate));
  const reported = new Set<string>();
  // Inconsistent published values make every cell of their block infeasible: say it once, not once per cell.
  const infeasible = message('DISC_FINDING_INFEASIBLE');
  const inconsistent = audit.findings.filter((f) => f.problem === infeasible).length;
  for (const [i, f] of audit.findings.entries()) {
    if (f.problem === infeasible) {
      if (reported.has(infeasible)) continue;
      reported.add(infeasible);
      f.problem = `${infeasible} (${inconsistent} cellule(s) concernée(s) ; une dimension hiérarchique sans --hierarchy ?)`;
    }
    const key = findingKeys[i];
    if (reported.has(`${key}|${f.problem}`)) continue;
    reported.add(`${key}|${f.problem}`);
    const p = findingProblem(f, key, listed, released, threshold, tables.get(f.table)!.dimensions);
    if (p) problems.push(p);
  }
  problems.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
  return {
    ok: problems.length === 0, problems, rows: lf.rows.length,
    suppressed: lf.rows.filter((r) => r.value === SUPPRESSED).length, auditSeconds: audit.seconds, audited: audit.suppressedChecked,
  };
}

/**
 * What the release publishes for the cells of these identities. A national release has millions of cells: only
 * those at a geographic unit the identities name get an identity of their own.
 */
function releasedFor(keys: Set<string>, official: PublishedTable[]): Released {
  const units = new Set<string>();
  for (const key of keys) units.add(/\u0001geo=([^\u0001]+)/.exec(key)?.[1] ?? '');
  const released: Released = new Map();
  for (const t of official) {
    const geo = t.dimensions.findIndex((d) => d.name === GEO_DIMENSION);
    const root = geo >= 0 ? t.dimensions[geo].root : '';
    for (const c of t.cells) {
      if (geo >= 0 && !units.has(c.coords[geo] === root ? '' : c.coords[geo])) continue;
      const key = identity(t.measure, t.dimensions, c.coords);
      if (keys.has(key)) released.set(key, { table: t.id, value: c.value });
    }
  }
  return released;
}

/** The official release from its long-form files (`infocentre release --out DIR`): unlisted cells are zeros. */
export function officialFromLongForms(files: { name: string; text: string }[], hierarchies?: Hierarchies): OfficialRelease {
  const tables: PublishedTable[] = [];
  let asOf: string | undefined;
  for (const file of files) {
    const lf = readLongForm(file.text, { name: file.name, values: 'published' });
    const dataDate = lf.sources.find((s) => s.parsed)?.parsed?.dataDate;
    asOf ??= dataDate;
    tables.push(...toPublished(lf, longFormTables(lf, { hierarchies, dataDate, unlisted: 'zero' }), 'zero'));
  }
  return { asOf, tables };
}

function sourceProblems(lf: LongForm): CheckProblem[] {
  if (lf.sources.length === 0) return [problem('DISC_CHECK_NO_SOURCE', [lf.lastLine?.text ?? ''], lf.lastLine?.line)];
  const out: CheckProblem[] = [];
  for (const s of lf.sources) {
    if (!s.parsed) out.push(problem('DISC_CHECK_BAD_SOURCE', [s.line, s.text], s.line));
    if (s.line !== lf.lastLine?.line) out.push(problem('DISC_CHECK_SOURCE_NOT_LAST', [s.line], s.line));
  }
  return out;
}

function personalProblems(lf: LongForm): CheckProblem[] {
  const out: CheckProblem[] = [];
  for (const column of lf.header) {
    const kind = personalColumn(column);
    if (kind) out.push(problem('DISC_CHECK_PERSONAL_COLUMN', [column, kind], 1));
  }
  // One problem per column and kind (the first line), not one per row.
  const seen = new Set<string>();
  const columns = lf.hasMeasure ? ['measure', ...lf.columns] : lf.columns;
  for (const r of lf.rows) {
    const fields = lf.hasMeasure ? [r.measure, ...r.codes] : r.codes;
    fields.forEach((v, i) => {
      const kind = personalValue(v);
      if (!kind || seen.has(`${i}|${kind}`)) return;
      seen.add(`${i}|${kind}`);
      out.push(problem('DISC_CHECK_PERSONAL_VALUE', [r.line, columns[i], v, kind], r.line));
    });
  }
  return out;
}

type Listed = Map<string, { line: number; where: string; value: PublishedValue }>;
type Released = Map<string, { table: string; value: PublishedValue }>;

function agreementProblems(listed: Listed, released: Released, official: PublishedTable[], asOf?: string, dataDate?: string): CheckProblem[] {
  const out: CheckProblem[] = [];
  if (asOf && dataDate && asOf !== dataDate) out.push(problem('DISC_CHECK_OTHER_SNAPSHOT', [dataDate, asOf]));
  for (const [key, cell] of listed) {
    const o = released.get(key);
    if (o) {
      if (cell.value !== SUPPRESSED && o.value !== cell.value) {
        out.push(problem('DISC_CHECK_DISAGREES', [cell.line, cell.where, cell.value, o.value, o.table], cell.line));
      }
      continue;
    }
    // A cell of an official table's code space that the release does not list is a published zero.
    if (typeof cell.value !== 'number' || cell.value === 0) continue;
    const table = official.find((t) => covers(t, key))?.id;
    if (table) out.push(problem('DISC_CHECK_DISAGREES', [cell.line, cell.where, cell.value, 0, table], cell.line));
  }
  return out;
}

/** Whether an identity key names a cell of an official table (same measure, every code known to its dimensions). */
function covers(t: PublishedTable, key: string): boolean {
  const [measure, ...pairs] = key.split('\u0001');
  if (measure !== t.measure) return false;
  return pairs.every((pair) => {
    const eq = pair.indexOf('=');
    const d = t.dimensions.find((x) => x.name === pair.slice(0, eq));
    return d !== undefined && d.codes.includes(pair.slice(eq + 1));
  });
}

function findingProblem(
  f: AuditFinding, key: string, listed: Listed, released: Released, threshold: number, dimensions: Dimension[],
): CheckProblem | undefined {
  const mine = listed.get(key);
  const official = released.get(key);
  const proven = Number.isFinite(f.lower) || Number.isFinite(f.upper);
  if (mine) {
    // A published value 1…threshold−1 is already reported with its line.
    if (!proven && typeof mine.value === 'number' && mine.value > 0 && mine.value < threshold) return undefined;
    return problem('DISC_CHECK_AUDIT', [`Ligne ${mine.line}`, mine.where, f.problem], mine.line);
  }
  if (official) {
    if (official.value !== SUPPRESSED) return undefined; // the release's own published cells are not this file's problem
    return problem('DISC_CHECK_RECOMPUTABLE', [where(dimensions, f.coords), official.table, f.problem]);
  }
  // A cell this file does not publish: only a proof that it holds 1…threshold−1 discloses anything.
  if (proven && (f.upper < 1 || f.lower >= threshold)) return undefined;
  return problem('DISC_CHECK_AUDIT', ['Cellule non publiée', where(dimensions, f.coords), f.problem]);
}

function where(dimensions: Dimension[], coords: string[]): string {
  return coords.map((c, i) => {
    const name = dimensions[i]?.name ?? `n° ${i + 1}`;
    return isRestCode(c) ? `${name}=autres que ceux listés sous ${c.slice(0, c.indexOf('~'))}` : `${name}=${c}`;
  }).join(' × ');
}
