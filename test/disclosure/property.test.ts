// Property: whatever the table (2 or 3 dimensions, random hierarchies, one with a second non-nested hierarchy like
// EPCI over communes, counts mixing zeros, small and large values), the engine's release passes its own audit and
// an independent re-audit, and publishes no count from 1 to 9.
import fc from 'fast-check';
import t from 'tap';
import { audit, protect, type Dimension, type Table } from '../../disclosure/index.ts';

function dimension(name: string, groups: number[], secondHierarchy: boolean, unitLevel: boolean): Dimension {
  const leaves: string[] = [];
  const relations = [{ total: 'T', parts: groups.map((_, g) => `${name}${g}`) }];
  groups.forEach((size, g) => {
    const parts = Array.from({ length: size }, (_, i) => `${name}${g}.${i}`);
    leaves.push(...parts);
    relations.push({ total: `${name}${g}`, parts });
  });
  const codes = ['T', ...groups.map((_, g) => `${name}${g}`), ...leaves];
  if (secondHierarchy && leaves.length >= 4) {
    // Non-nested groups: every other leaf, crossing the first hierarchy's groups.
    const even = leaves.filter((_, i) => i % 2 === 0);
    codes.push(`${name}X`);
    relations.push({ total: `${name}X`, parts: even });
  }
  return { name, root: 'T', codes, relations, ...(unitLevel ? { unitLevel: true } : {}) };
}

const count = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 9 }) }, { weight: 4, arbitrary: fc.integer({ min: 10, max: 80 }) });

const tableArb = fc.record({
  dims: fc.array(fc.record({ groups: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }), second: fc.boolean() }), { minLength: 2, maxLength: 3 }),
  unit: fc.boolean(),
  seed: fc.array(count, { minLength: 120, maxLength: 120 }),
}).map(({ dims, unit, seed }): Table => {
  const dimensions = dims.map((d, i) => dimension(`d${i}`, d.groups, d.second, unit && i === 0));
  const leaves = dimensions.map((d) => d.codes.filter((c) => !d.relations.some((r) => r.total === c)));
  const cells: Table['cells'] = [];
  let k = 0;
  const walk = (prefix: string[]): void => {
    if (prefix.length === leaves.length) {
      const n = seed[k++ % seed.length];
      cells.push({ coords: prefix, count: n, magnitudes: { days: n * (seed[(k * 7) % seed.length] % 5) * 30 } });
      return;
    }
    for (const c of leaves[prefix.length]) walk([...prefix, c]);
  };
  walk([]);
  return { id: 'random', measure: 'requests', dimensions, cells };
});

t.test('random tables always pass the audit after protection', async (t) => {
  await fc.assert(fc.asyncProperty(tableArb, async (table) => {
    const r = await protect([table]);
    if (!r.audit.ok) return false;
    const again = await audit(r);
    if (!again.ok) throw new Error(JSON.stringify(again.findings.slice(0, 3)));
    return r.tables[0].values.every((v) => v === 's' || v === 0 || v >= 10);
  }), { numRuns: 20, seed: 20261123 });
  t.pass('20 random tables protected and audited');
});
