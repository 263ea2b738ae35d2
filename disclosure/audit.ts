// Step 5, audit: the attacker's view of what is published, and the protection requirement (docs/disclosure.md).
//
// For every suppressed cell, the attacker computes the interval of values it can take given every published cell
// of every linked table, every additive relation and x ≥ 0 (attack.ts). The release passes when:
// - no suppressed cell is pinned (its interval is at least one unit wide), for the count and every magnitude;
// - every primary cell can reach the threshold (upper ≥ 10: it cannot be proven small) and can be empty
//   (lower ≤ 0: it cannot be proven to contain anybody);
// - no confidential value is published, and linked tables agree.
// Without the truth (`auditPublished`, for `check`), primary cells are unknown, so every suppressed cell must be
// unpinned and able to reach the threshold.
import { error, message } from '../registry/index.ts';
import { aggregate, type FullTable } from './aggregate.ts';
import { withPool } from './worker-pool.ts';
import { attack, type Failure } from './attack.ts';
import { holdFreeCells } from './free-cells.ts';
import { touchedByNew } from './novelty.ts';
import { cellIndex } from './layout.ts';
import { DEFAULT_OPTIONS, type PublishedValue } from './model.ts';
import { layoutDimension, normalise } from './normalise.ts';
import { primary as primaryOf } from './primary.ts';
import { buildProblem, describeCell, type Problem } from './problem.ts';
import type { AuditFinding, AuditReport, PublishedTable, Release } from './release.ts';

const MAX_FINDINGS = 1000;

export interface AuditOptions {
  threshold: number;
  /**
   * auditPublished: the tables from this index on are checked on top of a release (the tables before it) that
   * passed its own audit; only what they change is solved.
   */
  newFrom?: number;
  /**
   * auditPublished: solve every component with every relation, none of the shortcuts of novelty.ts and
   * free-cells.ts (the reference the tests hold them to).
   */
  exhaustive?: boolean;
}

function measureName(p: Problem, measure: number): string {
  return measure < 0 ? 'count' : p.magnitudeNames[measure];
}

function fmt(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v * 100) / 100) : v > 0 ? '+∞' : String(v);
}

export function failureFinding(p: Problem, f: Failure, threshold: number): AuditFinding {
  const where = describeCell(p, f.id);
  const measure = measureName(p, f.measure);
  let problem: string;
  if (f.kind === 'infeasible') problem = message('DISC_FINDING_INFEASIBLE');
  else if (f.kind === 'pinned') {
    problem = f.measure < 0 ? message('DISC_FINDING_PINNED', fmt(f.lower)) : message('DISC_FINDING_MAGNITUDE_PINNED', measure, fmt(f.lower));
  } else if (f.kind === 'upper') problem = message('DISC_FINDING_UPPER', fmt(f.upper), threshold);
  else problem = message('DISC_FINDING_LOWER', fmt(f.lower));
  return { ...where, measure, lower: f.lower, upper: f.upper, problem };
}

function cellFinding(p: Problem, id: number, measure: number, problem: string): AuditFinding {
  return { ...describeCell(p, id), measure: measureName(p, measure), lower: Number.NaN, upper: Number.NaN, problem };
}

function report(findings: AuditFinding[], checked: number, lps: number, start: number): AuditReport {
  return {
    ok: findings.length === 0, findings: findings.slice(0, MAX_FINDINGS), suppressedChecked: checked, lps,
    seconds: (performance.now() - start) / 1000,
  };
}

/** Audits a release against the truth it carries (its tables hold the real counts). */
export async function auditRelease(release: Release, options: Partial<AuditOptions> = {}): Promise<AuditReport> {
  const start = performance.now();
  const threshold = options.threshold ?? release.threshold ?? DEFAULT_OPTIONS.threshold;
  const full = normalise(release.tables.map((t) => t.table)).map(aggregate);
  const p = buildProblem(full);
  const findings: AuditFinding[] = [];
  const { suppressed, magnitudeSuppressed } = publishedPattern(p, full, release.tables.map((t) => ({ values: t.values, magnitudes: t.magnitudes, cells: t.table.cells })), findings);
  const primary = primaryOf(p, threshold);
  for (let id = 0; id < p.n; id++) {
    if (!primary[id] || suppressed[id]) continue;
    const v = p.count[id];
    findings.push(cellFinding(p, id, -1, v > 0 && v < threshold ? message('DISC_FINDING_SMALL', v, threshold - 1) : message('DISC_FINDING_CONFIDENTIAL', v, threshold)));
  }
  const result = await withPool(p, (pool) => attack({ p, suppressed, primary, threshold, magnitudeSuppressed, pool }));
  for (const f of result.failures) findings.push(failureFinding(p, f, threshold));
  return report(findings, result.checked, result.lps, start);
}

interface PublishedValues {
  cells: { coords: string[] }[];
  values: PublishedValue[];
  magnitudes?: Record<string, PublishedValue[]>;
}

/** Suppressed masks from published values; a cell published anywhere is known to the attacker everywhere. */
function publishedPattern(p: Problem, full: FullTable[], published: PublishedValues[], findings: AuditFinding[]) {
  const suppressed = new Uint8Array(p.n);
  const known = new Uint8Array(p.n);
  const magnitudeSuppressed = p.magnitudeNames.map(() => new Uint8Array(p.n));
  const magnitudeKnown = p.magnitudeNames.map(() => new Uint8Array(p.n));
  const codes: number[] = [];
  published.forEach((pub, ti) => {
    const { layout } = full[ti];
    const g = p.global[ti];
    const seen = new Uint8Array(layout.size);
    pub.cells.forEach((cell, j) => {
      cell.coords.forEach((c, d) => { codes[d] = layout.dims[d].index.get(c)!; });
      const k = cellIndex(layout, codes);
      seen[k] = 1;
      const id = g[k];
      const v = pub.values[j];
      if (v === 's') suppressed[id] = 1;
      else {
        known[id] = 1;
        if (v !== p.count[id]) findings.push(cellFinding(p, id, -1, message('DISC_FINDING_WRONG_VALUE', v)));
      }
      for (const [name, vals] of Object.entries(pub.magnitudes ?? {})) {
        const m = p.magnitudeNames.indexOf(name);
        if (m < 0) continue;
        if (vals[j] === 's') magnitudeSuppressed[m][id] = 1;
        else {
          magnitudeKnown[m][id] = 1;
          if (vals[j] !== p.magnitude[m][id]) findings.push(cellFinding(p, id, m, message('DISC_FINDING_WRONG_VALUE', vals[j])));
        }
      }
    });
    for (let k = 0; k < layout.size; k++) if (!seen[k]) known[g[k]] = 1; // unlisted cells are published zeros
  });
  for (let id = 0; id < p.n; id++) {
    if (suppressed[id] && known[id]) {
      suppressed[id] = 0;
      const where = describeCell(p, id);
      findings.push(cellFinding(p, id, -1, message('DISC_FINDING_LINK_MISMATCH', 's', p.count[id], where.table)));
    }
    for (let m = 0; m < p.magnitudeNames.length; m++) {
      if (magnitudeKnown[m][id]) magnitudeSuppressed[m][id] = 0;
      else if (suppressed[id] && !Number.isNaN(p.magnitude[m][id])) magnitudeSuppressed[m][id] = 1;
    }
  }
  return { suppressed, magnitudeSuppressed };
}

/** Audits tables as published, without the truth (`infocentre check`). */
export async function auditPublished(tables: PublishedTable[], options: Partial<AuditOptions> = {}): Promise<AuditReport> {
  const start = performance.now();
  const threshold = options.threshold ?? DEFAULT_OPTIONS.threshold;
  const findings: AuditFinding[] = [];
  const full = tables.map(publishedTable);
  const conflicts: { id: number; table: string; a: number; b: number }[] = [];
  const p = buildProblem(full, (id, t, _k, a, b) => conflicts.push({ id, table: t.layout.table.id, a, b }));
  for (const c of conflicts) findings.push(cellFinding(p, c.id, -1, message('DISC_FINDING_LINK_MISMATCH', c.a, c.b, c.table)));
  const suppressed = new Uint8Array(p.n);
  for (let id = 0; id < p.n; id++) {
    if (Number.isNaN(p.count[id])) suppressed[id] = 1;
    else if (p.count[id] > 0 && p.count[id] < threshold) findings.push(cellFinding(p, id, -1, message('DISC_FINDING_SMALL', p.count[id], threshold - 1)));
  }
  const magnitudeSuppressed = p.magnitudeNames.map((_, m) => Uint8Array.from(p.magnitude[m], (v) => (Number.isNaN(v) ? 1 : 0)));
  // Magnitudes a table does not carry are NaN as well: only those of carrying tables are unknowns.
  const carried = p.magnitudeNames.map(() => new Uint8Array(p.n));
  full.forEach((t, ti) => t.magnitudeNames.forEach((name) => {
    const m = p.magnitudeNames.indexOf(name);
    for (const id of p.global[ti]) carried[m][id] = 1;
  }));
  magnitudeSuppressed.forEach((mask, m) => { for (let id = 0; id < p.n; id++) mask[id] &= carried[m][id]; });
  checkAdditive(p, suppressed, findings);
  const only = options.newFrom === undefined || options.exhaustive ? undefined : touchedByNew(p, full, options.newFrom);
  const leftOut = options.newFrom === undefined && !options.exhaustive ? leaveOutFreeCells(p, full, suppressed, magnitudeSuppressed) : undefined;
  const result = await withPool(p, (pool) => attack({ p, suppressed, threshold, magnitudeSuppressed, only, leftOut, pool }));
  for (const f of result.failures) findings.push(failureFinding(p, f, threshold));
  return report(findings, result.checked, result.lps, start);
}

/**
 * A file checked alone: its unlisted cells that constrain nothing (an unfilled crossing, an unpublished total with its
 * rest: free-cells.ts) are no unknowns of the LP, and their relations no rows. Returns those relations.
 */
function leaveOutFreeCells(p: Problem, full: FullTable[], suppressed: Uint8Array, magnitudeSuppressed: Uint8Array[]): Uint8Array {
  const unknown = new Uint8Array(p.n);
  for (let id = 0; id < p.n; id++) unknown[id] = suppressed[id] && magnitudeSuppressed.every((m, i) => m[id] || Number.isNaN(p.magnitude[i][id])) ? 1 : 0;
  const none = new Uint8Array(p.n);
  const leftOut = new Uint8Array(p.cons.off.length - 1);
  for (const id of holdFreeCells(p, full, 0, { inRelease: none, fresh: unknown, novel: none }, leftOut)) {
    suppressed[id] = 0;
    for (const m of magnitudeSuppressed) m[id] = 0;
  }
  return leftOut;
}

function publishedTable(t: PublishedTable): FullTable {
  const dims = t.dimensions.map((d) => layoutDimension(t.id, d));
  const sizes = dims.map((d) => d.dim.codes.length);
  const strides: number[] = [];
  let size = 1;
  for (let d = sizes.length - 1; d >= 0; d--) {
    strides[d] = size;
    size *= sizes[d];
  }
  const layout = { table: { id: t.id, measure: t.measure, dimensions: t.dimensions, cells: [] }, dims, sizes, strides, size };
  const magnitudeNames = [...new Set(t.cells.flatMap((c) => Object.keys(c.magnitudes ?? {})))].sort();
  const count = new Float64Array(size);
  const given = new Uint8Array(size);
  const magnitudes = magnitudeNames.map(() => new Float64Array(size));
  const codes: number[] = [];
  for (const cell of t.cells) {
    cell.coords.forEach((c, d) => {
      const i = dims[d]?.index.get(c);
      if (i === undefined) throw error('DISC_UNKNOWN_CODE', [t.id, cell.coords.join(' × '), c, t.dimensions[d]?.name ?? `n° ${d + 1}`]);
      codes[d] = i;
    });
    const k = cellIndex(layout, codes);
    given[k] = cell.unlisted ? 0 : 1;
    count[k] = cell.value === 's' ? Number.NaN : cell.value;
    magnitudeNames.forEach((name, m) => {
      const v = cell.magnitudes?.[name];
      magnitudes[m][k] = v === undefined || v === 's' ? Number.NaN : v;
    });
  }
  return { layout, count, given, magnitudeNames, magnitudes };
}

function checkAdditive(p: Problem, suppressed: Uint8Array, findings: AuditFinding[]): void {
  const { off, cells } = p.cons;
  for (let c = 0; c + 1 < off.length; c++) {
    let sum = 0;
    let unknown = false;
    for (let i = off[c] + 1; i < off[c + 1] && !unknown; i++) {
      if (suppressed[cells[i]]) unknown = true;
      else sum += p.count[cells[i]];
    }
    const total = cells[off[c]];
    if (unknown || suppressed[total] || sum === p.count[total]) continue;
    findings.push(cellFinding(p, total, -1, message('DISC_FINDING_NOT_ADDITIVE', p.count[total], sum)));
  }
}
