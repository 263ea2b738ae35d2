// The `check` command's library call on a dashboard's long-form export, as a test assertion.
//
// Two defects of the disclosure engine's check, found by these tests on 23/11/2026 and reported to its owners, are
// marked TODO in the test output (never counted as passed) until they are fixed; remove the exception then.
// - Too slow: the attributions dashboard of a département (about 100 cells, 80 suppressed) is still being audited
//   after 10 minutes on the hand-made universe and after 1 minute on `tiny` (the file's unlisted cells become
//   unknowns: one component of about 4 650 cells); France takes 10 to 30 s. Its check is not run.
// - Wrong result: attack.ts bounds every unknown cell by 10 × the largest published value + 10 × threshold + 10. A
//   suppressed total whose published parts alone sum above that bound makes the LP infeasible, and check reports the
//   file's values as inconsistent (IC_DISC_207) although they are not (motif, DEP:45, hand-made universe: 22 reasons
//   published, the total suppressed). That report is a TODO only when the file's published values do sum above the
//   bound; any other problem fails the test.
import type { Test } from 'tap';
import { checkLongForm, DEFAULT_OPTIONS } from '../../../disclosure/index.ts';
import { parseGeo } from '../../../universes/index.ts';

const TOO_SLOW = new Set(['attributions|DEP']);
const INCONSISTENT = 'IC_DISC_207';

/** Whether the published values of a long form sum above the bound the engine puts on its unknown cells. */
function aboveEngineBound(text: string): boolean {
  const values = text.trimEnd().split('\n').slice(1, -1).map((l) => Number(l.slice(l.lastIndexOf(';') + 1))).filter(Number.isFinite);
  const bound = 10 * Math.max(0, ...values) + 10 * DEFAULT_OPTIONS.threshold + 10;
  return values.reduce((a, b) => a + b, 0) > bound;
}

/** Asserts that `check` finds no problem in the long form `text` exported for dashboard `id` at `geo`. */
export async function checkPasses(t: Test, text: string, id: string, geo: string): Promise<void> {
  const at = `${id} ${geo}`;
  if (TOO_SLOW.has(`${id}|${parseGeo(geo)!.level}`)) {
    t.fail(`${at}: check not run`, { todo: 'the disclosure engine\'s audit of this export takes over 10 minutes' });
    return;
  }
  const report = await checkLongForm(text, { name: `${id}_${geo}.long.csv` });
  const problems = report.problems.map((p) => `${p.line ?? ''} ${p.code} ${p.message}`);
  if (problems.length > 0 && report.problems.every((p) => p.code === INCONSISTENT) && aboveEngineBound(text)) {
    t.same(problems, [], `${at}: check finds no problem`, { todo: 'false IC_DISC_207: the engine bounds unknown cells below this total' });
    return;
  }
  t.same(problems, [], `${at}: check finds no problem`);
  t.ok(report.ok && report.rows > 0, `${at}: check passes on ${report.rows} cells`);
}
