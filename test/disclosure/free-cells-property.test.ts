// The shortcuts of `check` (novelty.ts, free-cells.ts) against the exhaustive audit, on random releases and random
// files crossing two dimensions the release publishes apart: every disclosure the exhaustive audit finds that the
// release alone does not have, the shortcuts find too, and they find nothing it does not.
import fc from 'fast-check';
import t from 'tap';
import { checkedTables } from '../../disclosure/check-tables.ts';
import {
  AGGREGATED_UNIVERSE_NAME, auditPublished, formatLongForm, formatSourceLine, frenchGeoDimension, officialFromLongForms, protect,
  readLongForm, type AuditFinding, type PublishedTable,
} from '../../disclosure/index.ts';
import { category, table } from './helpers/tables.ts';

const TYPOLOGIES = ['T1', 'T2', 'T3'];
const RESERVATIONS = ['COLTER', 'PPRIOR', 'AUCUN'];
const COMMUNES = ['41001', '41002', '41006', '45001', '45002', '45004'];
const UNITS = ['REG:24', 'DEP:41', 'DEP:45', 'COM:41001', 'COM:41006', 'COM:45004'];
const geo = frenchGeoDimension([...COMMUNES.map((c) => `COM:${c}`), 'EPCI:200072072']);
const source = formatSourceLine({ universe: AGGREGATED_UNIVERSE_NAME, dataDate: '2026-10-31', editionDate: '2026-11-24' });
const under = (unit: string, commune: string) =>
  unit === 'REG:24' || unit === `COM:${commune}` || (unit.startsWith('DEP:') && commune.startsWith(unit.slice(4)));

const count = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 9 }) }, { weight: 4, arbitrary: fc.integer({ min: 10, max: 40 }) });
const caseArb = fc.record({
  truth: fc.array(count, { minLength: COMMUNES.length * 9, maxLength: COMMUNES.length * 9 }),
  unit: fc.constantFrom(...UNITS),
  margins: fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
  interior: fc.array(fc.constantFrom('none', 'none', 'value', 's'), { minLength: 9, maxLength: 9 }),
});

const key = (f: AuditFinding) => `${f.table}|${f.coords.join('×')}|${f.measure}`;

t.test('check\'s shortcuts find what the exhaustive audit finds, and only that', async (t) => {
  await fc.assert(fc.asyncProperty(caseArb, async ({ truth, unit, margins, interior }) => {
    const at = (c: number, ty: number, r: number) => truth[c * 9 + ty * 3 + r];
    const sum = (pick: (c: number, ty: number, r: number) => boolean) => {
      let s = 0;
      COMMUNES.forEach((_, c) => [0, 1, 2].forEach((ty) => [0, 1, 2].forEach((r) => { if (pick(c, ty, r)) s += at(c, ty, r); })));
      return s;
    };
    const release = await protect([
      table('by_typology', [geo, category('typology', TYPOLOGIES)], Object.fromEntries(COMMUNES.flatMap((c, i) =>
        TYPOLOGIES.map((ty, j) => [`COM:${c}|${ty}`, sum((x, y) => x === i && y === j)]))), 'attributions'),
      table('by_reservation', [geo, category('reservation', RESERVATIONS)], Object.fromEntries(COMMUNES.flatMap((c, i) =>
        RESERVATIONS.map((r, k) => [`COM:${c}|${r}`, sum((x, _, z) => x === i && z === k)]))), 'attributions'),
    ]);
    const published = (id: string, coords: string) => {
      const tb = release.tables.find((x) => x.table.id === id)!;
      const i = tb.table.cells.findIndex((c) => c.coords.join('|') === coords);
      return i < 0 ? 0 : tb.values[i];
    };
    const inUnit = (c: number) => under(unit, COMMUNES[c]);
    const lines: string[] = [];
    ['_T', ...TYPOLOGIES].forEach((ty, j) => {
      if (margins[j]) lines.push(`attributions;${unit};${ty};_T;${published('by_typology', `${unit}|${ty}`)}`);
    });
    RESERVATIONS.forEach((r, k) => {
      if (margins[4 + k]) lines.push(`attributions;${unit};_T;${r};${published('by_reservation', `${unit}|${r}`)}`);
    });
    interior.forEach((how, i) => {
      if (how === 'none') return;
      const [j, k] = [Math.floor(i / 3), i % 3];
      const v = how === 's' ? 's' : sum((c, y, z) => inUnit(c) && y === j && z === k);
      lines.push(`attributions;${unit};${TYPOLOGIES[j]};${RESERVATIONS[k]};${v}`);
    });
    if (lines.length === 0) return;
    const against = officialFromLongForms(release.tables.map((tb) => ({ name: `${tb.table.id}.csv`, text: formatLongForm([tb], source) })));
    const lf = readLongForm(`measure;geo;typology;reservation;value\n${lines.join('\n')}\n${source}\n`, { name: 'file.csv', values: 'published' });
    const { official, mine } = checkedTables(lf, against, undefined, '2026-10-31');
    const listed = new Set(mine.flatMap((tb) => tb.cells.filter((c) => !c.unlisted).map((c) => `${tb.id}|${c.coords.join('×')}`)));
    const relevant = (f: AuditFinding) => !f.table.startsWith('fichier:') || listed.has(`${f.table}|${f.coords.join('×')}`);
    const keys = (findings: AuditFinding[]) => new Set(findings.filter(relevant).map(key));
    const compare = (label: string, shortcut: Set<string>, exhaustive: Set<string>, base: Set<string>) => {
      const missed = [...exhaustive].filter((k) => !base.has(k) && !shortcut.has(k));
      const extra = [...shortcut].filter((k) => !exhaustive.has(k));
      if (missed.length + extra.length > 0) throw new Error(`${label}: missed ${missed.join(', ')}; extra ${extra.join(', ')}\n${lines.join('\n')}`);
    };
    const audit = (tables: PublishedTable[], options: { newFrom?: number; exhaustive?: boolean }) =>
      auditPublished(tables, { threshold: 10, ...options }).then((r) => keys(r.findings));
    const all = [...official, ...mine];
    compare('against the release', await audit(all, { newFrom: official.length }),
      await audit(all, { newFrom: official.length, exhaustive: true }), await audit(official, { exhaustive: true }));
    compare('alone', await audit(mine, {}), await audit(mine, { exhaustive: true }), new Set());
  }), { numRuns: 100, seed: 20261124 });
  t.pass('100 random releases and files, about half with something the file discloses');
});
