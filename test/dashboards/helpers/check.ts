// The `check` command's library call on a dashboard's long-form export, as a test assertion.
//
// Two defects of the disclosure engine's check were found by these tests on 23/11/2026, both fixed: a false
// IC_DISC_207 when a hidden total exceeded the bound the engine put on unknown cells (the bound is now the sum of
// the published values; test/disclosure/audit.test.ts covers it), and the attributions dashboard of a département
// still being audited after 10 minutes (its unlisted typology × reservation cells and the rests of its geography
// were unknowns of one 4 650-cell component; they constrain nothing and are now left out: free-cells.ts).
import type { Test } from 'tap';
import { checkLongForm } from '../../../disclosure/index.ts';

/** Asserts that `check` finds no problem in the long form `text` exported for dashboard `id` at `geo`. */
export async function checkPasses(t: Test, text: string, id: string, geo: string): Promise<void> {
  const at = `${id} ${geo}`;
  const report = await checkLongForm(text, { name: `${id}_${geo}.long.csv` });
  const problems = report.problems.map((p) => `${p.line ?? ''} ${p.code} ${p.message}`);
  t.same(problems, [], `${at}: check finds no problem`);
  t.ok(report.ok && report.rows > 0, `${at}: check passes on ${report.rows} cells`);
}
