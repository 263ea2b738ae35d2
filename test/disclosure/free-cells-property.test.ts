// The shortcuts of `check` (novelty.ts, free-cells.ts) against the exhaustive audit, on random releases and random
// files: every disclosure the exhaustive audit finds that the release alone does not have, the shortcuts find too,
// and they find nothing it does not. Files cross two dimensions the release publishes apart (the free interior), or
// list one dimension at a unit whose communes and EPCI get linked (the rests of France, a département, an EPCI).
import fc from 'fast-check';
import t from 'tap';
import { checkedTables } from '../../disclosure/check-tables.ts';
import {
  AGGREGATED_UNIVERSE_NAME, auditPublished, formatLongForm, formatSourceLine, frenchGeoDimension, officialFromLongForms, protect,
  readLongForm, type AuditFinding, type PublishedTable, type Release,
} from '../../disclosure/index.ts';
import { category, table } from './helpers/tables.ts';

const TYPOLOGIES = ['T1', 'T2', 'T3'];
const RESERVATIONS = ['COLTER', 'PPRIOR', 'AUCUN'];
const COMMUNES = ['41001', '41002', '41006', '45001', '45002', '45004'];
const UNITS = ['REG:24', 'DEP:41', 'DEP:45', 'COM:41001', 'COM:41006', 'COM:45004', 'EPCI:200072072'];
const EPCI_MEMBERS = ['41001', '41002']; // of the communes above, those in EPCI 200072072
const geo = frenchGeoDimension([...COMMUNES.map((c) => `COM:${c}`), 'EPCI:200072072']);
const source = formatSourceLine({ universe: AGGREGATED_UNIVERSE_NAME, dataDate: '2026-10-31', editionDate: '2026-11-24' });
const under = (unit: string, commune: string) => unit === 'REG:24' || unit === `COM:${commune}`
  || (unit.startsWith('DEP:') && commune.startsWith(unit.slice(4))) || (unit.startsWith('EPCI:') && EPCI_MEMBERS.includes(commune));

const count = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 9 }) }, { weight: 4, arbitrary: fc.integer({ min: 10, max: 40 }) });
const truthArb = fc.array(count, { minLength: COMMUNES.length * 9, maxLength: COMMUNES.length * 9 });

/** A random release: attributions by commune × typology and by commune × reservation, protected together. */
async function releaseOf(truth: number[]): Promise<{ release: Release; sum: (pick: (c: number, ty: number, r: number) => boolean) => number }> {
  const sum = (pick: (c: number, ty: number, r: number) => boolean) => {
    let s = 0;
    COMMUNES.forEach((_, c) => [0, 1, 2].forEach((ty) => [0, 1, 2].forEach((r) => { if (pick(c, ty, r)) s += truth[c * 9 + ty * 3 + r]; })));
    return s;
  };
  const release = await protect([
    table('by_typology', [geo, category('typology', TYPOLOGIES)], Object.fromEntries(COMMUNES.flatMap((c, i) =>
      TYPOLOGIES.map((ty, j) => [`COM:${c}|${ty}`, sum((x, y) => x === i && y === j)]))), 'attributions'),
    table('by_reservation', [geo, category('reservation', RESERVATIONS)], Object.fromEntries(COMMUNES.flatMap((c, i) =>
      RESERVATIONS.map((r, k) => [`COM:${c}|${r}`, sum((x, _, z) => x === i && z === k)]))), 'attributions'),
  ]);
  return { release, sum };
}

function published(release: Release, id: string, coords: string): number | 's' {
  const tb = release.tables.find((x) => x.table.id === id)!;
  const i = tb.table.cells.findIndex((c) => c.coords.join('|') === coords);
  return i < 0 ? 0 : tb.values[i];
}

const key = (f: AuditFinding) => `${f.table}|${f.coords.join('×')}|${f.measure}`;

/** Throws unless the shortcuts and the exhaustive audit agree on the file `text` checked against `release` and alone. */
async function verify(release: Release, text: string): Promise<void> {
  const against = officialFromLongForms(release.tables.map((tb) => ({ name: `${tb.table.id}.csv`, text: formatLongForm([tb], source) })));
  const lf = readLongForm(text, { name: 'file.csv', values: 'published' });
  const { official, mine } = checkedTables(lf, against, undefined, '2026-10-31');
  const listed = new Set(mine.flatMap((tb) => tb.cells.filter((c) => !c.unlisted).map((c) => `${tb.id}|${c.coords.join('×')}`)));
  const relevant = (f: AuditFinding) => !f.table.startsWith('fichier:') || listed.has(`${f.table}|${f.coords.join('×')}`);
  const audit = (tables: PublishedTable[], options: { newFrom?: number; exhaustive?: boolean }) =>
    auditPublished(tables, { threshold: 10, ...options }).then((r) => new Set(r.findings.filter(relevant).map(key)));
  const compare = (label: string, shortcut: Set<string>, exhaustive: Set<string>, base: Set<string>) => {
    const missed = [...exhaustive].filter((k) => !base.has(k) && !shortcut.has(k));
    const extra = [...shortcut].filter((k) => !exhaustive.has(k));
    if (missed.length + extra.length > 0) throw new Error(`${label}: missed ${missed.join(', ')}; extra ${extra.join(', ')}\n${text}`);
  };
  const all = [...official, ...mine];
  compare('against the release', await audit(all, { newFrom: official.length }),
    await audit(all, { newFrom: official.length, exhaustive: true }), await audit(official, { exhaustive: true }));
  compare('alone', await audit(mine, {}), await audit(mine, { exhaustive: true }), new Set());
}

t.test('a file crossing typology and reservation: the shortcuts find what the exhaustive audit finds', async (t) => {
  const caseArb = fc.record({
    truth: truthArb,
    unit: fc.constantFrom(...UNITS),
    margins: fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
    interior: fc.array(fc.constantFrom('none', 'none', 'value', 's'), { minLength: 9, maxLength: 9 }),
  });
  await fc.assert(fc.asyncProperty(caseArb, async ({ truth, unit, margins, interior }) => {
    const { release, sum } = await releaseOf(truth);
    const lines: string[] = [];
    ['_T', ...TYPOLOGIES].forEach((ty, j) => {
      if (margins[j]) lines.push(`attributions;${unit};${ty};_T;${published(release, 'by_typology', `${unit}|${ty}`)}`);
    });
    RESERVATIONS.forEach((r, k) => {
      if (margins[4 + k]) lines.push(`attributions;${unit};_T;${r};${published(release, 'by_reservation', `${unit}|${r}`)}`);
    });
    interior.forEach((how, i) => {
      if (how === 'none') return;
      const [j, k] = [Math.floor(i / 3), i % 3];
      const v = how === 's' ? 's' : sum((c, y, z) => under(unit, COMMUNES[c]) && y === j && z === k);
      lines.push(`attributions;${unit};${TYPOLOGIES[j]};${RESERVATIONS[k]};${v}`);
    });
    if (lines.length > 0) await verify(release, `measure;geo;typology;reservation;value\n${lines.join('\n')}\n${source}\n`);
  }), { numRuns: 60, seed: 20261124 });
  t.pass('60 random releases and files, about half with something the file discloses');
});

t.test('a file of one dimension at units whose communes and EPCI are linked: the same', async (t) => {
  const caseArb = fc.record({
    truth: truthArb,
    units: fc.subarray(UNITS, { minLength: 1, maxLength: 3 }),
    listed: fc.array(fc.constantFrom('none', 'release', 'release', 'truth'), { minLength: 4 * UNITS.length, maxLength: 4 * UNITS.length }),
  });
  await fc.assert(fc.asyncProperty(caseArb, async ({ truth, units, listed }) => {
    const { release, sum } = await releaseOf(truth);
    const lines: string[] = [];
    units.forEach((unit) => ['_T', ...TYPOLOGIES].forEach((ty, j) => {
      const how = listed[UNITS.indexOf(unit) * 4 + j];
      if (how === 'none') return;
      // Some figures are the truth where the release suppresses it: what a careless export would publish.
      const v = how === 'release' ? published(release, 'by_typology', `${unit}|${ty}`) : sum((c, y) => under(unit, COMMUNES[c]) && (j === 0 || y === j - 1));
      lines.push(`attributions;${unit};${ty};${v}`);
    }));
    if (lines.length > 0) await verify(release, `measure;geo;typology;value\n${lines.join('\n')}\n${source}\n`);
  }), { numRuns: 60, seed: 20261125 });
  t.pass('60 random releases and files');
});
