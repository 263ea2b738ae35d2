// The `check` command's library call on a dashboard's long-form export, as a test assertion.
//
// One defect of the disclosure engine's check, found by these tests on 23/11/2026, is marked TODO in the test
// output (never counted as passed) until it is fixed; remove the exception then.
// - Too slow: the attributions dashboard of a département (about 100 cells, 80 suppressed) is still being audited
//   after 10 minutes on the hand-made universe and after 1 minute on `tiny` (the file's unlisted cells become
//   unknowns: one component of about 4 650 cells); France takes 10 to 30 s. Its check is not run.
// (A second one, a false IC_DISC_207 when a hidden total exceeded the bound the engine put on unknown cells, is
// fixed: the bound is now the sum of the published values; test/disclosure/audit.test.ts covers it.)
import type { Test } from 'tap';
import { checkLongForm } from '../../../disclosure/index.ts';
import { parseGeo } from '../../../universes/index.ts';

const TOO_SLOW = new Set(['attributions|DEP']);

/** Asserts that `check` finds no problem in the long form `text` exported for dashboard `id` at `geo`. */
export async function checkPasses(t: Test, text: string, id: string, geo: string): Promise<void> {
  const at = `${id} ${geo}`;
  if (TOO_SLOW.has(`${id}|${parseGeo(geo)!.level}`)) {
    t.fail(`${at}: check not run`, { todo: 'the disclosure engine\'s audit of this export takes over 10 minutes' });
    return;
  }
  const report = await checkLongForm(text, { name: `${id}_${geo}.long.csv` });
  const problems = report.problems.map((p) => `${p.line ?? ''} ${p.code} ${p.message}`);
  t.same(problems, [], `${at}: check finds no problem`);
  t.ok(report.ok && report.rows > 0, `${at}: check passes on ${report.rows} cells`);
}
