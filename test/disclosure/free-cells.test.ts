// A checked file that crosses two category dimensions the release publishes apart (free-cells.ts): its unfilled
// crossing and the rest slices of its geography constrain nothing, so nothing is solved; a crossing it fills is solved,
// and a leak through it found.
import t from 'tap';
import {
  AGGREGATED_UNIVERSE_NAME, checkLongForm, formatLongForm, formatSourceLine, frenchGeoDimension, officialFromLongForms, protect,
} from '../../disclosure/index.ts';
import { category, table } from './helpers/tables.ts';

const TYPOLOGIES = ['T1', 'T2', 'T3'];
const RESERVATIONS = ['COLTER', 'PPRIOR', 'AUCUN'];
const COMMUNES = ['41001', '41002', '41003', '41004', '41006', '41007', '45001', '45002', '45004', '45005'];
// Attributions per commune, typology and reservation (the truth, which the release publishes only apart). Loir-et-
// Cher has 4 attributions of a T3 in all, so its T3 margin is suppressed.
const truth = new Map<string, number>();
COMMUNES.forEach((c, i) => TYPOLOGIES.forEach((ty, j) => RESERVATIONS.forEach((r, k) => {
  const t3In41 = c.startsWith('41') && ty === 'T3';
  truth.set(`${c}|${ty}|${r}`, t3In41 ? (c === '41006' && r === 'COLTER' ? 4 : 0) : ((i * 7 + j * 5 + k * 3) % 11) + 2);
})));
const sum = (match: (c: string, ty: string, r: string) => boolean) =>
  [...truth].filter(([key]) => match(...(key.split('|') as [string, string, string]))).reduce((s, [, v]) => s + v, 0);

// With two EPCI, France has a second relation (the sum of its EPCI and other communes).
const geo = frenchGeoDimension([...COMMUNES.map((c) => `COM:${c}`), 'EPCI:200072072', 'EPCI:200055481']);
const typology = category('typology', TYPOLOGIES);
const reservation = category('reservation', RESERVATIONS);
const byTypology = Object.fromEntries(COMMUNES.flatMap((c) => TYPOLOGIES.map((ty) => [`COM:${c}|${ty}`, sum((x, y) => x === c && y === ty)])));
const byReservation = Object.fromEntries(COMMUNES.flatMap((c) => RESERVATIONS.map((r) => [`COM:${c}|${r}`, sum((x, _, z) => x === c && z === r)])));
const release = await protect([
  table('attributions_typology', [geo, typology], byTypology, 'attributions'),
  table('attributions_reservation', [geo, reservation], byReservation, 'attributions'),
]);
const source = formatSourceLine({ universe: AGGREGATED_UNIVERSE_NAME, dataDate: '2026-10-31', editionDate: '2026-11-24' });
const against = officialFromLongForms(release.tables.map((tb) => ({ name: `${tb.table.id}.csv`, text: formatLongForm([tb], source) })));
const value = (id: string, coords: string) => {
  const tb = release.tables.find((x) => x.table.id === id)!;
  return tb.values[tb.table.cells.findIndex((c) => c.coords.join('|') === coords)];
};

/** The département's margins in one file, as the dashboard exports them. */
function margins(dep: string): string[] {
  return [
    ...['_T', ...TYPOLOGIES].map((ty) => `attributions;DEP:${dep};${ty};_T;${value('attributions_typology', `DEP:${dep}|${ty}`)}`),
    ...RESERVATIONS.map((r) => `attributions;DEP:${dep};_T;${r};${value('attributions_reservation', `DEP:${dep}|${r}`)}`),
  ];
}
const file = (lines: string[]) => `measure;geo;typology;reservation;value\n${lines.join('\n')}\n${source}\n`;

t.test('the release suppresses some of Loir-et-Cher\'s margins: the file below is worth checking', async (t) => {
  t.equal(value('attributions_typology', 'DEP:41|T3'), 's', 'Loir-et-Cher × T3 is suppressed');
});

t.test('the margins of a département, typology and reservation in one file: clean, and nothing to solve', async (t) => {
  const report = await checkLongForm(file(margins('41')), { name: 'attributions-41.csv', against });
  t.same(report.problems, []);
  t.ok(report.ok);
  t.equal(report.audited, 0, 'the crossing and the rests of FR and REG:24 are free: no component solved');
});

t.test('a commune\'s margins: the rests of its département, of its EPCI and of France are free', async (t) => {
  t.equal(value('attributions_typology', 'COM:41006|T3'), 's', 'the commune has a suppressed cell');
  const lines = ['_T', ...TYPOLOGIES].map((ty) => `attributions;COM:41006;${ty};${value('attributions_typology', `COM:41006|${ty}`)}`);
  const text = `measure;geo;typology;value\n${lines.join('\n')}\n${source}\n`;
  const report = await checkLongForm(text, { name: 'attributions-41006.csv', against });
  t.same(report.problems, []);
  t.equal(report.audited, 0, 'France minus EPCI 200055481 is a sum of communes in the release: nothing solved');
});

t.test('a cell of the crossing listed, even suppressed: the crossing is no longer free and gets solved', async (t) => {
  const report = await checkLongForm(file([...margins('41'), 'attributions;DEP:41;T1;COLTER;s']), { name: 'listed.csv', against });
  t.ok(report.audited > 0, `${report.audited} suppressed cells audited`);
});

t.test('the crossing filled for the suppressed typology: solved, and what it reveals found', async (t) => {
  const t3 = sum((c, ty) => c.startsWith('41') && ty === 'T3');
  const lines = [...margins('41'), `attributions;DEP:41;T3;COLTER;${t3}`, 'attributions;DEP:41;T3;PPRIOR;0', 'attributions;DEP:41;T3;AUCUN;0'];
  const report = await checkLongForm(file(lines), { name: 'filled.csv', against });
  t.notOk(report.ok);
  t.ok(report.audited > 0);
  const said = report.problems.map((p) => `[${p.code}] ${p.message}`).join('\n');
  t.match(said, /\(geo=DEP:41 × typology=T3 × reservation=_T\) : cellule masquée recalculable : elle vaut forcément 4/, 'its own suppressed margin');
  t.match(said, /\[IC_DISC_209\] Avec la diffusion officielle, la cellule masquée geo=COM:41006 × typology=T3 \(table attributions_typology\) devient : cellule masquée recalculable/,
    'and the commune behind it, suppressed by the release');
});

t.test('a département\'s months against a release with months by département and 12M by commune: nothing to solve', async (t) => {
  const months = ['2026-09', '2026-10'];
  const period = { name: 'period', root: '12M', codes: ['12M', ...months], relations: [{ total: '12M', parts: months }] };
  // New requests per commune and month; the release has months by département and 12M by commune.
  const requests = (c: string, m: string) => (c === '41006' ? (m === months[0] ? 3 : 2) : 20 + ((Number(c) * 7 + months.indexOf(m) * 5) % 13));
  const monthly = Object.fromEntries(['41', '45'].flatMap((d) => months.map((m) =>
    [`${m}|DEP:${d}`, COMMUNES.filter((c) => c.startsWith(d)).reduce((s, c) => s + requests(c, m), 0)])));
  const yearly = Object.fromEntries(COMMUNES.map((c) => [`12M|COM:${c}`, months.reduce((s, m) => s + requests(c, m), 0)]));
  const rel = await protect([
    table('new_monthly', [period, frenchGeoDimension(['DEP:41', 'DEP:45'])], monthly, 'requests_new'),
    table('new_12m', [{ ...period, codes: ['12M'], relations: [] }, frenchGeoDimension(COMMUNES.map((c) => `COM:${c}`))], yearly, 'requests_new'),
  ]);
  t.equal(rel.tables[1].values[rel.tables[1].table.cells.findIndex((c) => c.coords[1] === 'COM:41006')], 's', 'commune 41006 (5 requests) is suppressed');
  const official = officialFromLongForms(rel.tables.map((tb) => ({ name: `${tb.table.id}.csv`, text: formatLongForm([tb], source) })));
  const cell = (m: string) => rel.tables[0].values[rel.tables[0].table.cells.findIndex((c) => c.coords.join('|') === `${m}|DEP:41`)];
  const lines = ['12M', ...months].map((m) => `requests_new;${m};DEP:41;${cell(m)}`);
  const report = await checkLongForm(`measure;period;geo;value\n${lines.join('\n')}\n${source}\n`, { name: 'nouvelles-41.csv', against: official });
  t.same(report.problems, []);
  t.equal(report.audited, 0, 'each month of each commune of the département is free: a transport problem between months and communes');
});

t.test('checked alone: the unfilled crossing and France\'s and the région\'s slices are no unknowns of the LP', async (t) => {
  const lines = margins('41');
  const report = await checkLongForm(file(lines), { name: 'attributions-41.csv' });
  t.same(report.problems, []);
  // Audited: its suppressed margins, and the rest of each category (the codes a file alone may not list) at DEP:41.
  t.equal(report.audited, lines.filter((l) => l.endsWith(';s')).length + 2, 'only the file\'s own margins are audited');
  const t3 = sum((c, ty) => c.startsWith('41') && ty === 'T3');
  const filled = await checkLongForm(file([...lines, `attributions;DEP:41;T3;COLTER;${t3}`, 'attributions;DEP:41;T3;PPRIOR;0', 'attributions;DEP:41;T3;AUCUN;0']), { name: 'filled.csv' });
  t.match(filled.problems.map((p) => p.message).join('\n'), /\(geo=DEP:41 × typology=T3 × reservation=_T\) : cellule masquée recalculable : elle vaut forcément 4/,
    'a crossing filled is solved, and the suppressed margin found recomputable');
});

t.test('reasons of a département against reasons by département and their groups by commune: nothing to solve', async (t) => {
  const details = ['01', '02', '03', '04'];
  const groups = { G1: ['01', '02'], G2: ['03', '04'] };
  const reasonTree = {
    name: 'reason', root: '_T', codes: ['_T', 'G1', 'G2', ...details],
    relations: [{ total: '_T', parts: ['G1', 'G2'] }, ...Object.entries(groups).map(([total, parts]) => ({ total, parts }))],
  };
  const reasonGroups = { name: 'reason', root: '_T', codes: ['_T', 'G1', 'G2'], relations: [{ total: '_T', parts: ['G1', 'G2'] }] };
  const requests = (c: string, r: string) => (c === '41006' ? 2 : 12 + ((Number(c) + Number(r) * 5) % 9));
  const byGroup = Object.fromEntries(COMMUNES.flatMap((c) => Object.entries(groups).map(([g, parts]) =>
    [`COM:${c}|${g}`, parts.reduce((s, r) => s + requests(c, r), 0)])));
  const byReason = Object.fromEntries(['41', '45'].flatMap((d) => details.map((r) =>
    [`DEP:${d}|${r}`, COMMUNES.filter((c) => c.startsWith(d)).reduce((s, c) => s + requests(c, r), 0)])));
  // The group table first: its `reason` is not the one the file's codes belong to.
  const rel = await protect([
    table('stock_reason_group', [frenchGeoDimension(COMMUNES.map((c) => `COM:${c}`)), reasonGroups], byGroup, 'requests_active'),
    table('stock_reason', [frenchGeoDimension(['DEP:41', 'DEP:45']), reasonTree], byReason, 'requests_active'),
  ]);
  t.ok(rel.tables[0].values.includes('s'), 'the group table has suppressed communes');
  // As `check --against DATA_DIR` reads a release: with its dimensions (a long-form file alone does not say that the
  // groups are sums of reasons).
  const official = { tables: rel.tables.map((tb) => ({
    id: tb.table.id, measure: tb.table.measure, dimensions: tb.table.dimensions,
    cells: tb.table.cells.map((c, i) => ({ coords: c.coords, value: tb.values[i] })),
  })) };
  const cell = (r: string) => rel.tables[1].values[rel.tables[1].table.cells.findIndex((c) => c.coords.join('|') === `DEP:41|${r}`)];
  const lines = ['_T', ...details].map((r) => `requests_active;DEP:41;${r};${cell(r)}`);
  const report = await checkLongForm(`measure;geo;reason;value\n${lines.join('\n')}\n${source}\n`, { name: 'motif-41.csv', against: official });
  t.same(report.problems, []);
  t.equal(report.audited, 0, 'the reasons of each commune are free: a transport problem between reasons and communes');
});
