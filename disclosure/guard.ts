// The differencing guard: may these extra cells (an ad-hoc table of the aggregated universe, another snapshot's
// figures…) be published on top of a release? They are linked by identity to the release's cells, with all their
// relations, and the release's suppressed cells must still pass the audit once the extra cells are known: if the
// extra table lets anyone recompute or narrow a suppressed cell (by subtraction from a margin, from the other
// geographic hierarchy, from an overlapping class, from a tracker A∪B − B), it is refused. Extra cells that are
// confidential themselves are refused too. Extra cells that coincide with release cells keep the release's status.
import { message } from '../registry/index.ts';
import { aggregate } from './aggregate.ts';
import { attack } from './attack.ts';
import { failureFinding } from './audit.ts';
import { cellIndex } from './layout.ts';
import type { Table } from './model.ts';
import { normalise } from './normalise.ts';
import { primary as primaryOf } from './primary.ts';
import { buildProblem, describeCell } from './problem.ts';
import { resolveThreshold } from './protect.ts';
import type { AuditFinding, AuditReport, ProtectOptions, Release } from './release.ts';

export async function guard(release: Release, extra: Table[], options: Partial<ProtectOptions> = {}): Promise<AuditReport> {
  const start = performance.now();
  const threshold = resolveThreshold({ threshold: options.threshold ?? release.threshold });
  const full = normalise([...release.tables.map((t) => t.table), ...extra]).map(aggregate);
  const p = buildProblem(full);
  const suppressed = new Uint8Array(p.n);
  const codes: number[] = [];
  release.tables.forEach((t, ti) => {
    const { layout } = full[ti];
    t.table.cells.forEach((cell, j) => {
      if (t.values[j] !== 's') return;
      cell.coords.forEach((c, d) => { codes[d] = layout.dims[d].index.get(c)!; });
      suppressed[p.global[ti][cellIndex(layout, codes)]] = 1;
    });
  });
  const primary = primaryOf(p, threshold);
  const findings: AuditFinding[] = [];
  for (let ti = release.tables.length; ti < full.length; ti++) {
    for (const id of new Set(p.global[ti])) {
      if (primary[id] && !suppressed[id]) {
        const v = p.count[id];
        findings.push({
          ...describeCell(p, id), measure: 'count', lower: Number.NaN, upper: Number.NaN,
          problem: v > 0 && v < threshold ? message('DISC_FINDING_SMALL', v, threshold - 1) : message('DISC_FINDING_CONFIDENTIAL', v, threshold),
        });
      }
    }
  }
  const result = await attack({ p, suppressed, primary, threshold });
  for (const f of result.failures) findings.push(failureFinding(p, f, threshold));
  return {
    ok: findings.length === 0, findings, suppressedChecked: result.checked, lps: result.lps,
    seconds: (performance.now() - start) / 1000,
  };
}
