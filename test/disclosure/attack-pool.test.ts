// The attack pool shares a round's components out among worker threads: its findings must be exactly those of one
// thread (same failures in the same order, same cells settled, same LPs), since the release may not depend on how
// many cores computed it.
import t from 'tap';
import { attack } from '../../disclosure/attack.ts';
import { AttackPool } from '../../disclosure/attack-pool.ts';
import { primary } from '../../disclosure/primary.ts';
import { problemOf } from './helpers/problem.ts';
import { category, geo, table } from './helpers/tables.ts';

t.test('a pool of two workers finds what one thread finds', async (t) => {
  const communes: Record<string, [string, string | null]> = {};
  for (let i = 0; i < 48; i++) communes[`C${i}`] = [`${10 + (i % 4)}`, `E${i % 4}.${i % 3}`];
  const typology = category('typology', ['T1', 'T2', 'T3']);
  const counts: Record<string, number> = {};
  let seed = 7;
  for (const c of Object.keys(communes)) {
    for (const ty of ['T1', 'T2', 'T3']) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      counts[`COM:${c}|${ty}`] = [0, 2, 5, 8, 12, 30][seed % 6];
    }
  }
  const p = problemOf([table('typ', [geo(communes), typology], counts)]);
  const mask = primary(p, 10);
  const run = async (pool?: AttackPool) => {
    const settled = [p.count, ...p.magnitude].map(() => new Uint8Array(p.n));
    const result = await attack({ p, suppressed: mask, primary: mask, threshold: 10, settled, exact: false, pool });
    return { result, settled };
  };
  const alone = await run();
  const pool = AttackPool.open(p, { workers: 2, minCells: 0 });
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
  t.equal(AttackPool.open(p, { workers: 1, minCells: 0 }), undefined, 'one worker: this thread instead');
  t.equal(AttackPool.open(p, { workers: 2 }), undefined, 'a small problem: this thread instead');
});
