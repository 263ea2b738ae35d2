// What a hidden cell's interval must reach: the threshold and zero for a primary cell, and, for a cell an earlier
// release published with another value, that value, so that nobody can prove late registrations or corrections.
import t from 'tap';
import { protect, type PublishedTable, type Release, type Table } from '../../disclosure/index.ts';
import { countReach } from '../../disclosure/requirement.ts';
import { idOf, intervalOf, problemOf } from './helpers/problem.ts';

t.test('the targets of a cell', async (t) => {
  const none = Number.NaN;
  t.same(countReach(3, true, none, 10), { up: 10, down: 0 }, 'a primary cell: up to the threshold, down to zero');
  t.equal(countReach(0, true, none, 10), undefined, 'an empty cell has nobody to protect');
  t.equal(countReach(25, false, none, 10), undefined, 'any other cell only has to move');
  t.same(countReach(51, false, 50, 10), { up: Number.NEGATIVE_INFINITY, down: 50 }, 'one late registration: back down to 50');
  t.same(countReach(47, false, 50, 10), { up: 50, down: Number.POSITIVE_INFINITY }, 'three removed: back up to 50');
  t.equal(countReach(65, false, 50, 10), undefined, 'a change of 15 is no small cell');
  t.same(countReach(4, true, 0, 10), { up: 10, down: 0 }, 'a primary cell that was an empty one: both');
  t.same(countReach(9, true, 12, 10), { up: 12, down: 0 });
});

// January carried from a first release, then late registrations and corrections in two of its cells. The tables
// are the seeds that showed, without the requirement, a change the new release alone proved.
const months = { name: 'period', root: '2026', codes: ['2026', '2026-01', '2026-02'], relations: [{ total: '2026', parts: ['2026-01', '2026-02'] }] };
const regions = ['R1', 'R2', 'R3', 'R4'];
const geo = { name: 'geo', root: 'FR', codes: ['FR', ...regions], relations: [{ total: 'FR', parts: regions }] };
const typology = { name: 'typology', root: '_T', codes: ['_T', 'A', 'B', 'C'], relations: [{ total: '_T', parts: ['A', 'B', 'C'] }] };

function* trials(seed: number): Generator<{ before: Map<string, number>; after: Map<string, number> }> {
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (;;) {
    const before = new Map<string, number>();
    for (const m of ['2026-01', '2026-02']) for (const r of regions) for (const ty of ['A', 'B', 'C']) {
      const x = rand();
      before.set(`${m}|${r}|${ty}`, x < 0.15 ? 0 : x < 0.45 ? 1 + Math.floor(rand() * 9) : 10 + Math.floor(rand() * 40));
    }
    const after = new Map(before);
    const large = [...after.keys()].filter((k) => k.startsWith('2026-01') && after.get(k)! >= 10);
    if (large.length === 0) {
      yield { before, after };
      continue;
    }
    for (let j = 0; j < 2; j++) {
      const pick = large[Math.floor(rand() * large.length)];
      after.set(pick, after.get(pick)! + (rand() < 0.5 ? -1 : 1) * (1 + Math.floor(rand() * 3)));
    }
    yield { before, after };
  }
}

function tableOf(counts: Map<string, number>): Table {
  return { id: 'flows', measure: 'requests', dimensions: [months, geo, typology], cells: [...counts].map(([k, count]) => ({ coords: k.split('|'), count })) };
}

function view(r: Release): PublishedTable[] {
  return r.tables.map((p) => ({
    id: p.table.id, measure: p.table.measure, dimensions: p.table.dimensions,
    cells: p.table.cells.map((c, i) => ({ coords: c.coords, value: p.values[i] })),
  }));
}

t.test('a carried cell that changed by a few requests keeps the value published before within its interval', async (t) => {
  const wanted = new Set([7, 96, 250]); // a correction (35 → 34), both ways, late registrations (205 → 208)
  let k = 0;
  for (const { before, after } of trials(7)) {
    if (k > Math.max(...wanted)) break;
    if (!wanted.has(k++)) continue;
    const first = await protect([tableOf(before)]);
    const january = view(first).map((p) => ({ ...p, cells: p.cells.filter((c) => c.coords[0] === '2026-01') }));
    const p = problemOf([tableOf(after)]);
    const changed = january[0].cells.filter((c) => typeof c.value === 'number' && Math.abs(c.value - p.count[idOf(p, 0, c.coords)]) < 10
      && c.value !== p.count[idOf(p, 0, c.coords)]);
    t.ok(changed.length > 0, `trial ${k - 1}: ${changed.length} published cells changed`);
    /** The changed cells whose value before the new release's interval excludes. */
    const proven = async (r: Release) => {
      const suppressed = new Uint8Array(p.n);
      r.tables[0].table.cells.forEach((c, i) => { if (r.tables[0].values[i] === 's') suppressed[idOf(p, 0, c.coords)] = 1; });
      const out: string[] = [];
      for (const c of changed) {
        const id = idOf(p, 0, c.coords);
        t.equal(suppressed[id], 1, `${c.coords.join('|')} is suppressed`);
        const [lo, hi] = await intervalOf(p, suppressed, id);
        if ((c.value as number) < lo - 1e-6 || (c.value as number) > hi + 1e-6) out.push(`${c.coords.join('|')} ${c.value} → ${p.count[id]}: [${lo}, ${hi}]`);
      }
      return out;
    };
    const release = await protect([tableOf(after)], { previous: january });
    t.ok(release.audit.ok);
    t.same(await proven(release), [], `trial ${k - 1}: no change can be proven`);
    // Control: the same cells suppressed, but told as hidden before (no value to come back to).
    const hidden = january.map((x) => ({ ...x, cells: x.cells.map((c) => (changed.includes(c) ? { ...c, value: 's' as const } : c)) }));
    const control = await proven(await protect([tableOf(after)], { previous: hidden }));
    t.ok(control.length > 0, `without the requirement: ${control.join('; ')}`);
  }
});
