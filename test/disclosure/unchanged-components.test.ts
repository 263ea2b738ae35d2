// A release computed with the one before it does not solve again what did not change: the components of suppressed
// cells the earlier release hid with the same values, within its relations, are the ones its audit answered. Anything
// new (a changed hidden value, a new month, a new relation) is solved.
import t from 'tap';
import { aggregate } from '../../disclosure/aggregate.ts';
import { carryOver } from '../../disclosure/carry-over.ts';
import { components, isVariable } from '../../disclosure/components.ts';
import { auditPublished, protect, type Dimension, type PublishedTable, type Release, type Table } from '../../disclosure/index.ts';
import { normalise } from '../../disclosure/normalise.ts';
import { primary } from '../../disclosure/primary.ts';
import { unchangedComponents } from '../../disclosure/unchanged-components.ts';
import { idOf, problemOf } from './helpers/problem.ts';
import { category, geo } from './helpers/tables.ts';

const typology = category('typology', ['T1', 'T2', 'T3']);
const place = geo({ '45001': ['45', null], '45002': ['45', null], '45003': ['45', null], '41001': ['41', null], '41002': ['41', null], '41003': ['41', null] });
const communes = place.codes.filter((c) => c.startsWith('COM:'));

function periods(months: string[]): Dimension {
  return { name: 'period', root: '2026', codes: ['2026', ...months], relations: [{ total: '2026', parts: months }] };
}

/** Requests per month × commune × typology: mostly tens, a few under the threshold. */
function requests(months: string[], change: Record<string, number> = {}): Table {
  const cells = months.flatMap((m, mi) => communes.flatMap((c, ci) => typology.codes.slice(1).map((ty, ti) => {
    const key = `${m}|${c}|${ty}`;
    const count = (ci * 7 + ti * 3 + mi * 5) % 11 === 0 ? 3 + ti : 12 + ((ci * 5 + ti * 7 + mi) % 20);
    return { coords: key.split('|'), count: change[key] ?? count };
  })));
  return { id: 'requests', measure: 'requests', dimensions: [periods(months), place, typology], cells };
}

function view(r: Release): PublishedTable[] {
  return r.tables.map((p) => ({
    id: p.table.id, measure: p.table.measure, dimensions: p.table.dimensions,
    cells: p.table.cells.map((c, i) => ({ coords: c.coords, value: p.values[i] })),
  }));
}

function suppressedOf(r: Release): Set<string> {
  return new Set(r.tables.flatMap((p) => p.table.cells.filter((_, i) => p.values[i] === 's').map((c) => c.coords.join('|'))));
}

/** The new tables' components of what the earlier release hid, and which of them the predicate calls known. */
function knownComponents(now: Table[], before: Release, earlier: Table[]) {
  const p = problemOf(now);
  const carry = carryOver(p, view(before));
  const known = unchangedComponents(p, carry, normalise(earlier).map(aggregate));
  // What the fix loop starts from: the cells hidden before or changed, and the new confidential ones.
  const hidden = primary(p, 10).map((x, id) => x | carry.forced[id]);
  const comps = components(p, isVariable(p, hidden, -1), -1);
  return { p, comps, known: comps.map(known) };
}

const months = ['2026-01', '2026-02'];

t.test('every component of an unchanged release is known; the release is the same without solving it again', async (t) => {
  const first = await protect([requests(months)]);
  t.ok(first.stats.suppressed > 10, `${first.stats.suppressed} suppressed`);
  const { comps, known } = knownComponents([requests(months)], first, [requests(months)]);
  t.ok(comps.length > 1);
  t.ok(known.every(Boolean), `${known.filter(Boolean).length} of ${comps.length} known`);
  const again = await protect([requests(months)], { previous: view(first), previousTruth: [requests(months)] });
  t.same([...suppressedOf(again)].sort(), [...suppressedOf(first)].sort(), 'the same cells suppressed');
  t.equal(again.stats.lps, 0, 'no LP solved');
  t.equal(again.stats.unchanged, first.stats.suppressed, 'every hidden cell is in a component left alone');
  const solved = await protect([requests(months)], { previous: view(first) });
  t.ok(solved.stats.lps > 0, `without the earlier truth, ${solved.stats.lps} LPs`);
  t.equal(solved.stats.unchanged, undefined);
  t.same([...suppressedOf(solved)].sort(), [...suppressedOf(first)].sort());
  t.ok(again.audit.ok);
  t.ok((await auditPublished(view(again))).ok, 'and the exact attack on what is published agrees');
});

t.test('a hidden value that changed, a new code or a new relation is solved again', async (t) => {
  const first = await protect([requests(months)]);
  const hidden = [...suppressedOf(first)].filter((k) => k.startsWith('2026-01|COM:'));
  // Two hidden cells of one commune's January swap a request: every published figure stays the same.
  const [a, b] = hidden.filter((k) => k.includes('COM:45002') && !k.endsWith('|_T'));
  t.ok(a && b, `two hidden cells of COM:45002 in January: ${hidden.join(', ')}`);
  const original = requests(months);
  const valueOf = (key: string) => original.cells.find((c) => c.coords.join('|') === key)!.count;
  const swapped = requests(months, { [a]: valueOf(a) + 1, [b]: valueOf(b) - 1 });
  const changed = knownComponents([swapped], first, [original]);
  const at = (key: string) => changed.comps.findIndex((c) => c.vars.includes(idOf(changed.p, 0, key.split('|'))));
  t.notOk(changed.known[at(a)], 'the component of the changed cells is solved');
  t.ok(changed.known.some(Boolean), 'the others are known');

  // A month the earlier release did not have, as a month later: January and February carried, the year not.
  const longer = ['2026-01', '2026-02', '2026-03'];
  const carried: Release = { ...first, tables: first.tables.map((p) => {
    const keep = p.table.cells.map((c) => c.coords[0] !== '2026');
    return { ...p, table: { ...p.table, cells: p.table.cells.filter((_, i) => keep[i]) }, values: p.values.filter((_, i) => keep[i]) };
  }) };
  const added = knownComponents([requests(longer)], carried, [requests(months)]);
  const march = added.p.tables[0].layout.dims[0].index.get('2026-03')!;
  const inMarch = (id: number) => added.p.owner[id] === 0
    && Math.floor(added.p.ownerIndex[id] / added.p.tables[0].layout.strides[0]) % added.p.tables[0].layout.sizes[0] === march;
  const reachMarch = added.comps.map((c) => [...c.vars].some(inMarch));
  t.ok(reachMarch.some(Boolean), 'some components hold March cells');
  t.ok(reachMarch.every((r, i) => !r || !added.known[i]), 'none of them is known');
  // January's hidden cells are held by the year's relation, which now adds March: not known either.
  t.notOk(added.known.some(Boolean), 'every component meets the year total, which tells something new');

  // Earlier true values that disagree with what the earlier release published are not its own: nothing is known.
  const cells = first.tables[0].table.cells;
  const leaf = cells.findIndex((c, i) => typeof first.tables[0].values[i] === 'number' && c.coords[0] !== '2026'
    && c.coords[1].startsWith('COM:') && c.coords[2] !== '_T' && c.count > 0);
  const wrong = cells[leaf];
  const disowning = knownComponents([requests(months)], first, [requests(months, { [wrong.coords.join('|')]: wrong.count + 1 })]);
  t.notOk(disowning.known.some(Boolean), `earlier truth with ${wrong.coords.join('|')} = ${wrong.count + 1}: nothing known`);

  // The same codes with one more relation (an EPCI): the components it holds are solved.
  const withEpci: Dimension = { ...place, codes: [...place.codes, 'EPCI:1'], relations: [...place.relations, { total: 'EPCI:1', parts: ['COM:45001', 'COM:41001'] }] };
  const epciTable = (tab: Table): Table => ({ ...tab, dimensions: [tab.dimensions[0], withEpci, tab.dimensions[2]] });
  const related = knownComponents([epciTable(requests(months))], first, [requests(months)]);
  const held = related.comps.filter((c, i) => !related.known[i]);
  t.ok(held.length > 0, 'a component under the new relation is solved');
  const epciRows = new Set(held.flatMap((c) => [...c.rows]).filter((r) => related.p.cons.table[r] === 0 && related.p.cons.dim[r] === 1 && related.p.cons.rel[r] === withEpci.relations.length - 1));
  t.ok(epciRows.size > 0, 'through the EPCI relation');
});
