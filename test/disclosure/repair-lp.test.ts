// Repairs by LP on a hand-checkable table: the cheapest cells that let a confidential cell reach the threshold and
// zero are suppressed, and no more; the perturbation found proves the cells it moves; locked cells are never used.
import t from 'tap';
import { attack } from '../../disclosure/attack.ts';
import { loadHighs } from '../../disclosure/lp.ts';
import type { Problem } from '../../disclosure/problem.ts';
import { LPRepairer } from '../../disclosure/repair-lp.ts';
import { blockMembers } from '../../disclosure/blocks.ts';
import { idOf, problemOf } from './helpers/problem.ts';
import { category, geo, table } from './helpers/tables.ts';

const place = geo({ A: ['45', 'E1'], B: ['45', 'E1'], C: ['45', 'E1'] });
const typology = category('typology', ['T1', 'T2']);
// A × T1 = 3 is confidential. Cheapest protection: the rectangle through B (A × T2, B × T1, B × T2: the smallest
// published values that can give 7 and absorb 3), not C's bigger cells, not the totals.
const counts = { 'COM:A|T1': 3, 'COM:A|T2': 20, 'COM:B|T1': 15, 'COM:B|T2': 12, 'COM:C|T1': 30, 'COM:C|T2': 25 };

async function repairer(p: Problem, hidden: number[], locked?: number[], blockLimits?: { first: number; wide: number }) {
  const suppressed = new Uint8Array(p.n);
  const primary = new Uint8Array(p.n);
  for (const id of hidden) suppressed[id] = primary[id] = 1;
  const lockedMask = locked ? new Uint8Array(p.n) : undefined;
  for (const id of locked ?? []) lockedMask![id] = 1;
  const settled = [p.count, ...p.magnitude].map(() => new Uint8Array(p.n));
  const r = new LPRepairer({
    p, highs: await loadHighs(), threshold: 10, primary, suppressed, locked: lockedMask, settled,
    suppress: (id) => { suppressed[id] = 1; }, ...(blockLimits ? { blockLimits } : {}),
  });
  return { r, suppressed, primary, settled, witness: r.witness };
}

const named = (p: Problem, mask: Uint8Array) =>
  [...mask.keys()].filter((id) => mask[id]).map((id) => {
    for (const g of ['COM:A', 'COM:B', 'COM:C', 'DEP:45', 'EPCI:E1']) {
      for (const ty of ['T1', 'T2', '_T']) if (idOf(p, 0, [g, ty]) === id) return `${g}×${ty}`;
    }
    return String(id);
  }).sort();

t.test('a confidential cell gets the cheapest protecting cells, and its perturbation proves it', async (t) => {
  const p = problemOf([table('typ', [place, typology], counts)]);
  const target = idOf(p, 0, ['COM:A', 'T1']);
  const { r, suppressed, primary, settled, witness } = await repairer(p, [target]);
  t.ok(r.repair({ id: target, measure: -1, kind: 'upper', lower: 3, upper: 3 }), 'repaired');
  r.endRound();
  t.same(named(p, suppressed), ['COM:A×T1', 'COM:A×T2', 'COM:B×T1', 'COM:B×T2'], 'the rectangle through B, nothing else');
  t.ok(witness[0].hi[target] >= 10 && witness[0].lo[target] <= 0, 'reaches the threshold and zero');
  t.equal(settled[0][target], 1, 'settled: the attack need not look at it again');
  for (const cell of ['T2', 'T1'].flatMap((ty) => [idOf(p, 0, ['COM:A', ty]), idOf(p, 0, ['COM:B', ty])])) {
    t.equal(settled[0][cell], 1, 'every cell the rectangle moves is shown to move');
  }
  const check = await attack({ p, suppressed, primary, threshold: 10 });
  t.same(check.failures, [], 'the exact attack agrees');
});

t.test('a cell already protected costs nothing', async (t) => {
  const p = problemOf([table('typ', [place, typology], counts)]);
  const hidden = ['A', 'B'].flatMap((c) => ['T1', 'T2', '_T'].map((ty) => idOf(p, 0, [`COM:${c}`, ty])));
  const { r, suppressed } = await repairer(p, hidden);
  const before = named(p, suppressed);
  t.ok(r.repair({ id: idOf(p, 0, ['COM:A', 'T1']), measure: -1, kind: 'upper', lower: Number.NaN, upper: Number.NaN }));
  r.endRound();
  t.same(named(p, suppressed), before, 'no suppression added: A and B are hidden twins');
});

t.test('locked cells (published before) are never used', async (t) => {
  const p = problemOf([table('typ', [place, typology], counts)]);
  const target = idOf(p, 0, ['COM:A', 'T1']);
  const { r, suppressed } = await repairer(p, [target], [idOf(p, 0, ['COM:B', 'T1'])]);
  t.ok(r.repair({ id: target, measure: -1, kind: 'upper', lower: 3, upper: 3 }));
  r.endRound();
  t.same(named(p, suppressed), ['COM:A×T1', 'COM:A×T2', 'COM:C×T1', 'COM:C×T2'], 'the rectangle goes through C');
});

t.test('the attack says which side of a failing cell it did prove', async (t) => {
  // A and B hidden in T1 and T2, their totals published: A × T1 = a leaves A × T2 = 8 − a, B × T1 = 7 − a and
  // B × T2 = 3 + a, so a spans [0, 7]: it reaches zero, never 10.
  const p = problemOf([table('typ', [place, typology], { ...counts, 'COM:A|T2': 5, 'COM:B|T1': 4, 'COM:B|T2': 6 })]);
  const hidden = ['A', 'B'].flatMap((c) => ['T1', 'T2'].map((ty) => idOf(p, 0, [`COM:${c}`, ty])));
  const { suppressed, primary } = await repairer(p, hidden);
  const { failures } = await attack({ p, suppressed, primary, threshold: 10 });
  const target = failures.find((f) => f.id === idOf(p, 0, ['COM:A', 'T1']));
  t.match(target, { kind: 'upper', lower: 0, upper: 7, proven: 'down' });
});

// B × T2 = 2 lets A × T1 rise through B by 7 but fall by 2 only; with C locked, falling to zero costs a total too.
t.test('the side of a requirement the attack proved is not repaired again', async (t) => {
  const p = problemOf([table('typ', [place, typology], { ...counts, 'COM:B|T2': 2 })]);
  const target = idOf(p, 0, ['COM:A', 'T1']);
  const lockedC = ['T1', 'T2', '_T'].map((ty) => idOf(p, 0, ['COM:C', ty]));
  const both = await repairer(p, [target], lockedC);
  t.ok(both.r.repair({ id: target, measure: -1, kind: 'upper', lower: 3, upper: 3 }), 'repaired on both sides');
  both.r.endRound();
  t.ok(named(p, both.suppressed).length > 4, `falling to zero costs more than the rectangle: ${named(p, both.suppressed).join(', ')}`);
  const rise = await repairer(p, [target], lockedC);
  t.ok(rise.r.repair({ id: target, measure: -1, kind: 'upper', lower: 3, upper: 3, proven: 'down' }), 'repaired');
  rise.r.endRound();
  t.same(named(p, rise.suppressed), ['COM:A×T1', 'COM:A×T2', 'COM:B×T1', 'COM:B×T2'], 'only the rise: the rectangle through B');
  t.ok(rise.witness[0].hi[target] >= 10 && rise.witness[0].lo[target] <= 0, 'both sides now witnessed');
  t.equal(rise.settled[0][target], 1, 'settled, though no repair moved it down');
});

t.test('a cell no block can protect is handed back', async (t) => {
  const p = problemOf([table('typ', [place, typology], counts)]);
  const target = idOf(p, 0, ['COM:A', 'T1']);
  const everyOther = [...Array(p.n).keys()].filter((id) => id !== target);
  const { r, suppressed } = await repairer(p, [target], everyOther);
  t.notOk(r.repair({ id: target, measure: -1, kind: 'upper', lower: 3, upper: 3 }), 'false: the caller falls back');
  r.endRound();
  t.same(named(p, suppressed), ['COM:A×T1'], 'nothing suppressed');
});

// Two départements under one région (France here). A département cell moves only against the other département:
// France's total is published, so no block inside one département can move it.
const twoDeps = geo({ A: ['45', null], B: ['45', null], C: ['41', null], D: ['41', null] });
const twoDepCounts = {
  'COM:A|T1': 2, 'COM:A|T2': 20, 'COM:B|T1': 3, 'COM:B|T2': 25, 'COM:C|T1': 4, 'COM:C|T2': 30, 'COM:D|T1': 6, 'COM:D|T2': 40,
};

t.test('a département cell is repaired against its neighbour département', async (t) => {
  const p = problemOf([table('typ', [twoDeps, typology], twoDepCounts)]);
  const target = idOf(p, 0, ['DEP:45', 'T1']);
  const small = ['A', 'B', 'C', 'D'].map((c) => idOf(p, 0, [`COM:${c}`, 'T1']));
  const { r, suppressed, primary } = await repairer(p, [target, ...small]);
  t.ok(r.repair({ id: target, measure: -1, kind: 'upper', lower: 5, upper: 5 }), 'repaired with the other département');
  r.endRound();
  const check = await attack({ p, suppressed, primary, threshold: 10 });
  t.notOk(check.failures.some((f) => f.id === target), 'DEP:45 × T1 can now reach 10 and 0');
});

// With an earlier release carried, a change must often travel further than the first blocks allow (the Somme's
// November 2025 through its région's communes): a second try with wider blocks finds it before the proximity repair.
t.test('a repair no block of the first size allows is found with wider blocks', async (t) => {
  const p = problemOf([table('typ', [twoDeps, typology], twoDepCounts)]);
  const target = idOf(p, 0, ['DEP:45', 'T1']);
  const small = ['A', 'B', 'C', 'D'].map((c) => idOf(p, 0, [`COM:${c}`, 'T1']));
  const own = blockMembers(p, target, 2).length;
  const region = blockMembers(p, target, 3).length;
  t.ok(region > own, 'the neighbour département is needed beyond the first size');
  const narrow = await repairer(p, [target, ...small], [], { first: own, wide: own });
  t.notOk(narrow.r.repair({ id: target, measure: -1, kind: 'upper', lower: 5, upper: 5 }), 'within its own département: no repair');
  narrow.r.endRound();
  const wide = await repairer(p, [target, ...small], [], { first: own, wide: region });
  t.ok(wide.r.repair({ id: target, measure: -1, kind: 'upper', lower: 5, upper: 5 }), 'the wider try repairs it');
  wide.r.endRound();
  const check = await attack({ p, suppressed: wide.suppressed, primary: wide.primary, threshold: 10 });
  t.notOk(check.failures.some((f) => f.id === target), 'DEP:45 × T1 can now reach 10 and 0');
});

const spm = {
  name: 'geo', root: 'FR', unitLevel: true,
  codes: ['FR', 'REG:975', 'REG:24', 'DEP:975', 'DEP:45', 'COM:97501', 'COM:97502', 'COM:A', 'COM:B'],
  relations: [
    { total: 'FR', parts: ['REG:975', 'REG:24'] }, { total: 'REG:975', parts: ['DEP:975'] }, { total: 'REG:24', parts: ['DEP:45'] },
    { total: 'DEP:975', parts: ['COM:97501', 'COM:97502'] }, { total: 'DEP:45', parts: ['COM:A', 'COM:B'] },
  ],
};
const spmCounts = {
  'COM:97501|T1': 0, 'COM:97501|T2': 13, 'COM:97502|T1': 2, 'COM:97502|T2': 30, 'COM:A|T1': 40, 'COM:A|T2': 50, 'COM:B|T1': 60, 'COM:B|T2': 70,
};

// Saint-Pierre-et-Miquelon: a région of one département of two communes. Its commune's T1 (2 requests, the other
// commune has none) can only rise against another typology through the totals above it, France included.
t.test('a cell its région cannot protect is repaired through the totals above it, up to France', async (t) => {
  const p = problemOf([table('typ', [spm, typology], spmCounts)]);
  const target = idOf(p, 0, ['COM:97502', 'T1']);
  const france = idOf(p, 0, ['FR', 'T1']);
  t.notOk(blockMembers(p, target, 3).includes(france), 'level 3 holds France still');
  t.ok(blockMembers(p, target, 4).includes(france), 'level 4 lets it move');
  const { r, suppressed, primary } = await repairer(p, [target]);
  t.ok(r.repair({ id: target, measure: -1, kind: 'upper', lower: 2, upper: 2 }), 'repaired');
  r.endRound();
  const check = await attack({ p, suppressed, primary, threshold: 10 });
  t.same(check.failures, [], 'the exact attack agrees');
});

t.test('a cell of France is repaired through a région and one of its départements', async (t) => {
  const p = problemOf([table('typ', [spm, typology], spmCounts)]);
  const target = idOf(p, 0, ['FR', 'T1']);
  t.notOk(blockMembers(p, target, 4).includes(idOf(p, 0, ['DEP:45', 'T1'])), 'level 4 holds the départements still');
  t.ok(blockMembers(p, target, 5).includes(idOf(p, 0, ['COM:A', 'T1'])), 'level 5 reaches the communes');
  const { r, suppressed, primary } = await repairer(p, []);
  suppressed[target] = 1;
  t.ok(r.repair({ id: target, measure: -1, kind: 'pinned', lower: 102, upper: 102 }), 'repaired');
  r.endRound();
  const check = await attack({ p, suppressed, primary, threshold: 10 });
  t.same(check.failures, [], 'the exact attack agrees');
});

t.test('a magnitude moves through the relations of the tables that carry it only', async (t) => {
  // Waiting days by typology; the same commune totals also split by reservation, which publishes no waiting days:
  // its relations say nothing about them and must not hold the totals still.
  const days = table('days', [place, typology], counts);
  days.cells.forEach((c) => { c.magnitudes = { wait_days: c.count * 100 }; });
  const byReservation = table('reservation', [place, category('reservation', ['STATE', 'OTHER'])], {
    'COM:A|STATE': 10, 'COM:A|OTHER': 13, 'COM:B|STATE': 20, 'COM:B|OTHER': 7, 'COM:C|STATE': 30, 'COM:C|OTHER': 25,
  });
  const p = problemOf([days, byReservation]);
  const target = idOf(p, 0, ['COM:A', '_T']);
  t.equal(target, idOf(p, 1, ['COM:A', '_T']), 'one cell for both tables');
  const { r, suppressed } = await repairer(p, []);
  suppressed[target] = 1;
  t.ok(r.repair({ id: target, measure: 0, kind: 'pinned', lower: 2300, upper: 2300 }), 'repaired');
  const moved = [...suppressed.keys()].filter((id) => suppressed[id] && id !== target);
  t.ok(moved.length > 0 && moved.every((id) => p.owner[id] === 0 || p.magnitude[0][id] >= 0), 'through cells that carry waiting days');
});

t.test('repairs come in block order: by measure, département, then EPCI', async (t) => {
  const place2 = geo({ A: ['45', 'E1'], B: ['45', 'E2'], C: ['41', 'E3'] });
  const p = problemOf([table('typ', [place2, typology], {
    'COM:A|T1': 1, 'COM:A|T2': 1, 'COM:B|T1': 1, 'COM:B|T2': 1, 'COM:C|T1': 1, 'COM:C|T2': 1,
  })]);
  const { r } = await repairer(p, []);
  const cell = (c: string, ty: string) => ({ id: idOf(p, 0, [`COM:${c}`, ty]), measure: -1, kind: 'upper' as const, lower: 1, upper: 1 });
  const order = r.order([cell('C', 'T1'), cell('A', 'T2'), cell('B', 'T1'), cell('A', 'T1'), cell('C', 'T2')]).map((f) => f.id);
  const rank = (id: number) => order.indexOf(id);
  const together = (ids: number[]) => Math.max(...ids.map(rank)) - Math.min(...ids.map(rank)) === ids.length - 1;
  t.ok(together([cell('A', 'T1').id, cell('A', 'T2').id]), 'an EPCI\'s failures follow each other');
  t.ok(together([cell('A', 'T1').id, cell('A', 'T2').id, cell('B', 'T1').id]), 'so do a département\'s');
  t.ok(together([cell('C', 'T1').id, cell('C', 'T2').id]));
});

t.test('shares are dealt by table and weighed by the table\'s periods', async (t) => {
  const months = category('period', Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`));
  const stockCounts: Record<string, number> = {};
  const monthlyCounts: Record<string, number> = {};
  for (const c of ['A', 'B', 'C']) {
    for (const ty of ['T1', 'T2']) stockCounts[`COM:${c}|${ty}`] = 6;
    for (let m = 1; m <= 12; m++) monthlyCounts[`COM:${c}|2026-${String(m).padStart(2, '0')}`] = 1;
  }
  const p = problemOf([table('stock', [place, typology], stockCounts), table('monthly', [place, months], monthlyCounts, 'attributions')]);
  const { r } = await repairer(p, []);
  const fail = (table: number, coords: string[]) => ({ id: idOf(p, table, coords), measure: -1, kind: 'upper' as const, lower: 1, upper: 1 });
  const stock = ['A', 'B', 'C'].flatMap((c) => ['T1', 'T2'].map((ty) => fail(0, [`COM:${c}`, ty])));
  const monthly = [fail(1, ['COM:A', '2026-03']), fail(1, ['COM:B', '2026-07'])];
  const ordered = r.order([...stock, ...monthly]);
  const shares = r.share(ordered, 2);
  t.equal(shares.length, 2);
  t.same(shares[0].map((f) => f.id).sort(), monthly.map((f) => f.id).sort(), 'the two monthly repairs, 26 periods of weight, come first and alone');
  t.same(shares[1].map((f) => f.id).sort(), stock.map((f) => f.id).sort(), 'the six stock repairs share the other');
  for (const share of shares) t.same(share, ordered.filter((f) => share.includes(f)), 'each share keeps the round\'s order');
});
