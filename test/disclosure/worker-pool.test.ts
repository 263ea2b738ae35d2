// The attack pool shares a round's components out among worker threads: its findings must be exactly those of one
// thread (same failures in the same order, same cells settled, same LPs), since the release may not depend on how
// many cores computed it.
import t from 'tap';
import { attack } from '../../disclosure/attack.ts';
import { complementary } from '../../disclosure/complementary.ts';
import { WorkerPool } from '../../disclosure/worker-pool.ts';
import { primary } from '../../disclosure/primary.ts';
import { problemOf } from './helpers/problem.ts';
import { category, geo, table } from './helpers/tables.ts';

/** Communes in four départements, three EPCI each, with pseudo-random small and large counts by typology. */
function problem(communeCount: number, distribution = [0, 2, 5, 8, 12, 30]) {
  const communes: Record<string, [string, string | null]> = {};
  for (let i = 0; i < communeCount; i++) communes[`C${i}`] = [`${10 + (i % 4)}`, `E${i % 4}.${i % 3}`];
  const typology = category('typology', ['T1', 'T2', 'T3']);
  const counts: Record<string, number> = {};
  let seed = 7;
  for (const c of Object.keys(communes)) {
    for (const ty of ['T1', 'T2', 'T3']) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      counts[`COM:${c}|${ty}`] = distribution[seed % 6];
    }
  }
  return problemOf([table('typ', [geo(communes), typology], counts)]);
}

t.test('a pool of two workers finds what one thread finds', async (t) => {
  const p = problem(48);
  const mask = primary(p, 10);
  const run = async (pool?: WorkerPool) => {
    const settled = [p.count, ...p.magnitude].map(() => new Uint8Array(p.n));
    const result = await attack({ p, suppressed: mask, primary: mask, threshold: 10, settled, exact: false, pool });
    return { result, settled };
  };
  const alone = await run();
  const pool = WorkerPool.open(p, { workers: 2, minCells: 0 });
  t.ok(pool, 'a pool opens when asked for two workers');
  try {
    const shared = await run(pool);
    t.ok(alone.result.components > 1, `several components to share (${alone.result.components})`);
    t.ok(alone.result.failures.length > 0, 'primary suppression alone leaves cells to repair');
    t.same(shared.result.failures, alone.result.failures, 'same failures, same order');
    t.equal(shared.result.lps, alone.result.lps, 'same LPs');
    t.same(shared.settled, alone.settled, 'same cells settled');
    const again = await run(pool);
    t.same(again.result.failures, alone.result.failures, 'a second round on the same workers too');
  } finally {
    await pool?.close();
  }
  t.equal(WorkerPool.open(p, { workers: 1, minCells: 0 }), undefined, 'one worker: this thread instead');
  t.equal(WorkerPool.open(p, { workers: 2 }), undefined, 'a small problem: this thread instead');
});

t.test('repairs in shares protect the table, and give the same release on any number of workers', async (t) => {
  const p = problem(240, [0, 0, 1, 2, 15, 60]);
  const mask = primary(p, 10);
  const alone = await complementary(p, mask, { threshold: 10, pool: { workers: 0 } });
  const here = await complementary(p, mask, { threshold: 10, pool: { workers: 0, shareAbove: 0 } });
  const shared = await complementary(p, mask, { threshold: 10, pool: { workers: 2, minCells: 0, shareAbove: 0 } });
  t.ok(alone.rounds > 1, 'round 1 leaves failures to repair');
  t.same(shared.suppressed, here.suppressed, 'two workers suppress exactly what the same shares suppress on this thread');
  t.equal(shared.rounds, here.rounds, 'in as many rounds');
  const exact = await attack({ p, suppressed: shared.suppressed, primary: mask, threshold: 10 });
  t.equal(exact.failures.length, 0, 'the shares\' table passes the exact attack');
  const count = (m: Uint8Array) => m.reduce((a, b) => a + b, 0);
  // Each share repairs without seeing the others' suppressions: a few more than one queue, never a flood.
  t.ok(count(shared.suppressed) <= count(alone.suppressed) * 1.05, `suppressions close to one queue's (${count(shared.suppressed)} / ${count(alone.suppressed)})`);
  for (let id = 0; id < p.n; id++) if (mask[id] && !shared.suppressed[id]) return t.fail('a primary cell published');
});
