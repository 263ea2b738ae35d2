// The pipeline, one step per file: normalise → aggregate → primary → complementary → audit → stamp.
import { z } from 'zod';
import { error } from '../registry/index.ts';
import { aggregate } from './aggregate.ts';
import { failureFinding } from './audit.ts';
import { carryOver } from './carry-over.ts';
import { complementary } from './complementary.ts';
import { DEFAULT_OPTIONS, type Table } from './model.ts';
import { normalise } from './normalise.ts';
import { primary as primaryOf } from './primary.ts';
import { buildProblem } from './problem.ts';
import type { ProtectOptions, Release } from './release.ts';
import { stamp } from './stamp.ts';
import { earlierProof } from './earlier-proof.ts';

const Threshold = z.number().int().min(2).max(1_000_000);

export function resolveThreshold(options: Partial<ProtectOptions>): number {
  const parsed = Threshold.safeParse(options.threshold ?? DEFAULT_OPTIONS.threshold);
  if (!parsed.success) throw error('DISC_BAD_TABLE', ['(options)', `seuil invalide : ${String(options.threshold)} (entier ≥ 2 attendu)`]);
  return parsed.data;
}

export async function protect(tables: Table[], options: Partial<ProtectOptions> = {}): Promise<Release> {
  const start = performance.now();
  const threshold = resolveThreshold(options);
  const full = normalise(tables).map(aggregate);
  const p = buildProblem(full);
  const primary = primaryOf(p, threshold);
  const carried = options.previous ? carryOver(p, options.previous) : undefined;
  const proven = carried && options.previousTruth
    ? earlierProof(p, carried, normalise(options.previousTruth).map(aggregate), primary, threshold)
    : undefined;
  const auditStart = performance.now();
  const result = await complementary(p, primary, {
    threshold, locked: carried?.locked, forced: carried?.forced, earlier: carried?.earlier, published: carried?.published, proven,
  });
  const seconds = (performance.now() - start) / 1000;
  let nPrimary = 0;
  let nSuppressed = 0;
  let suppressedTotal = 0;
  for (let id = 0; id < p.n; id++) {
    nPrimary += primary[id];
    if (result.suppressed[id]) {
      nSuppressed++;
      suppressedTotal += p.count[id];
    }
  }
  const audit = {
    ok: result.lastAttack.failures.length === 0,
    findings: result.lastAttack.failures.map((f) => failureFinding(p, f, threshold)),
    suppressedChecked: result.lastAttack.checked,
    lps: result.lps,
    seconds: (performance.now() - auditStart) / 1000,
  };
  return stamp(p, result.suppressed, threshold, {
    tables: tables.length, cells: p.n, primary: nPrimary, complementary: nSuppressed - nPrimary, suppressed: nSuppressed,
    suppressedTotal, seconds, auditSeconds: audit.seconds, rounds: result.rounds, lps: result.lps,
    ...(proven ? { unchanged: result.unchanged } : {}),
  }, audit, options.source);
}
