// The audit catches under-protected releases, with the truth (auditRelease) and without it (auditPublished).
import t from 'tap';
import { audit, auditPublished, protect, type PublishedTable } from '../../disclosure/index.ts';
import { category } from './helpers/tables.ts';
import { table } from './helpers/tables.ts';

const rows = { name: 'geo', root: 'FR', codes: ['FR', 'R1', 'R2', 'R3'], relations: [{ total: 'FR', parts: ['R1', 'R2', 'R3'] }] };
const typ = category('typology', ['A', 'B', 'C']);
const counts = { 'R1|A': 3, 'R1|B': 40, 'R1|C': 25, 'R2|A': 30, 'R2|B': 20, 'R2|C': 50, 'R3|A': 15, 'R3|B': 60, 'R3|C': 22 };

t.test('a deliberately under-protected release is caught', async (t) => {
  const r = await protect([table('t', [rows, typ], counts)]);
  const pt = r.tables[0];
  // Publish back every complementary cell: only the primary cell stays suppressed.
  const weakened = { ...r, tables: [{ ...pt, values: pt.table.cells.map((c) => (c.count > 0 && c.count < 10 ? 's' as const : c.count)) }] };
  const a = await audit(weakened);
  t.notOk(a.ok);
  t.match(a.findings[0], { table: 't', coords: ['R1', 'A'], measure: 'count', lower: 3, upper: 3 });
  t.match(a.findings[0].problem, /recalculable/);
  // Protected only by a row partner: R1|A ∈ [0, 28] by the row, but column A pins it.
  const rowOnly = { ...r, tables: [{ ...pt, values: pt.table.cells.map((c) => (['R1|A', 'R1|C'].includes(c.coords.join('|')) ? 's' as const : c.count)) }] };
  t.notOk((await audit(rowOnly)).ok);
  // Publishing a small count is a finding of its own.
  const leaky = { ...r, tables: [{ ...pt, values: pt.table.cells.map((c) => c.count) }] };
  t.ok((await audit(leaky)).findings.some((f) => /entre 1 et 9/.test(f.problem)));
});

t.test('a suppressed cell provably under the threshold is caught', async (t) => {
  // Two small cells suppressed together in a row with a published total: each is in [0, 5] — under 10.
  const small = { 'R1|A': 2, 'R1|B': 3, 'R1|C': 40, 'R2|A': 30, 'R2|B': 20, 'R2|C': 50, 'R3|A': 15, 'R3|B': 60, 'R3|C': 22 };
  const r = await protect([table('t', [rows, typ], small)]);
  t.ok((await audit(r)).ok);
  const pt = r.tables[0];
  const weakened = { ...r, tables: [{ ...pt, values: pt.table.cells.map((c) => (['R1|A', 'R1|B', 'R2|A', 'R2|B'].includes(c.coords.join('|')) ? 's' as const : c.count)) }] };
  const a = await audit(weakened);
  t.notOk(a.ok);
  t.ok(a.findings.some((f) => f.coords.join('|') === 'R1|A' && f.upper < 10), JSON.stringify(a.findings));
});

t.test('auditPublished: small values, non-additive totals, recomputable cells, without the truth', async (t) => {
  const pub = (values: Record<string, number | 's'>): PublishedTable => ({
    id: 'p', measure: 'requests', dimensions: [rows],
    cells: Object.entries(values).map(([k, value]) => ({ coords: [k], value })),
  });
  t.ok((await auditPublished([pub({ FR: 100, R1: 's', R2: 's', R3: 50 })])).ok, 'two cells sharing 50: both can reach 10, neither is pinned');
  const small = await auditPublished([pub({ FR: 100, R1: 4, R2: 46, R3: 50 })]);
  t.ok(small.findings.some((f) => /entre 1 et 9/.test(f.problem)));
  const sum = await auditPublished([pub({ FR: 100, R1: 20, R2: 46, R3: 50 })]);
  t.ok(sum.findings.some((f) => /différent de la somme/.test(f.problem)));
  const pinned = await auditPublished([pub({ FR: 100, R1: 's', R2: 50, R3: 38 })]);
  t.match(pinned.findings[0], { coords: ['R1'], lower: 12, upper: 12 });
  const parts = Array.from({ length: 25 }, (_, i) => `P${i + 1}`);
  const wide: PublishedTable = {
    id: 'wide', measure: 'requests',
    dimensions: [{ name: 'geo', root: 'FR', codes: ['FR', ...parts], relations: [{ total: 'FR', parts }] }],
    cells: [{ coords: ['FR'], value: 's' }, { coords: ['P1'], value: 's' }, ...parts.slice(1).map((c) => ({ coords: [c], value: 40 }))],
  };
  t.same((await auditPublished([wide])).findings, [], 'a hidden total above ten times the largest published value (24 × 40) is no inconsistency');
  const empty = await auditPublished([pub({ FR: 100, R1: 's', R2: 50, R3: 50 })]);
  t.same(empty.findings, [], 'a hidden cell proven empty counts nobody: nothing to protect');
  const narrow = await auditPublished([pub({ FR: 56, R1: 's', R2: 's', R3: 50 })]);
  t.ok(narrow.findings.some((f) => /sous le seuil/.test(f.problem)), 'R1 + R2 = 6: both provably under 10');
});
