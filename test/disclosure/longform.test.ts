// The long form: reading, writing, round trip, and the dimensions built from what a table mentions.
import t from 'tap';
import {
  formatLongForm, frenchGeoDimension, longFormTables, protect, readLongForm, toPublished, toTables, type Dimension,
} from '../../disclosure/index.ts';
import { InfocentreError } from '../../registry/index.ts';

const SOURCE = 'Source : GIP SNE - Infocentre NUNIQUE SNE (univers agrégé). Données du : 31/10/2026 éditées le 02/11/2026';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof InfocentreError) return `${err.code} ${err.message}`;
    throw err;
  }
  return 'no error';
}

const relation = (d: Dimension, total: string) => d.relations.filter((r) => r.total === total).map((r) => [...r.parts].sort());

t.test('round trip: protect, write, read back the same published values and source line', async (t) => {
  const text = 'measure;period;geo;typology;value\n'
    + ['COM:45234;T1;40', 'COM:45234;T2;4', 'COM:45147;T1;30', 'COM:45147;T2;25', 'COM:41018;T1;12', 'COM:41018;T2;33']
      .map((l) => `requests_active;2026-10-31;${l}`).join('\n');
  const lf = readLongForm(text, { values: 'counts' });
  const built = longFormTables(lf, { unlisted: 'zero' });
  const release = await protect(toTables(lf, built));
  const written = formatLongForm(release.tables, SOURCE);
  const back = readLongForm(written, { values: 'published' });
  t.equal(back.sources.length, 1);
  t.equal(back.sources[0].line, back.lastLine!.line, 'the source line is the last line');
  t.same(back.sources[0].parsed, { universe: 'univers agrégé', dataDate: '2026-10-31', editionDate: '2026-11-02' });
  const p = release.tables[0];
  t.equal(back.rows.length, p.table.cells.length);
  const published = new Map(p.table.cells.map((c, i) => [c.coords.join('|'), p.values[i]]));
  for (const r of back.rows) t.equal(r.value, published.get(r.codes.join('|')), r.codes.join('|'));
  t.same(back.columns, ['period', 'geo', 'typology']);
  t.ok(back.rows.some((r) => r.value === 's'));
  // Read back as published (unlisted = zero) it has the same dimensions, so it links to the protected table.
  const again = toPublished(back, longFormTables(back, { unlisted: 'zero', dataDate: '2026-10-31' }), 'zero');
  t.same(again[0].dimensions.map((d) => d.codes), p.table.dimensions.map((d) => d.codes));
});

t.test('reader errors name the file and the line', async (t) => {
  const read = (text: string) => () => readLongForm(text, { name: 'T.csv', values: 'published' });
  t.match(codeOf(read('')), /^IC_DISC_101/);
  t.match(codeOf(read('geo;typology\nFR;_T\n')), /^IC_DISC_102 .*une et une seule colonne « value »/);
  t.match(codeOf(read('geo;geo;value\nFR;FR;1\n')), /^IC_DISC_102 .*en double/);
  t.match(codeOf(read('geo;value\nFR;12\nDEP:45\n')), /^IC_DISC_103 Fichier T\.csv, ligne 3 : 1 colonne\(s\) au lieu de 2/);
  t.match(codeOf(read('geo;value\nFR;12\nFR;13\n')), /^IC_DISC_106 Fichier T\.csv, ligne 3 : la cellule geo=FR figure déjà ligne 2/);
  t.match(codeOf(read('geo;value\nFR;-3\n')), /^IC_DISC_104 Fichier T\.csv, ligne 2 : valeur « -3 »/);
  t.match(codeOf(read('geo;typology;value\nFR;;3\n')), /^IC_DISC_107 Fichier T\.csv, ligne 2 : code vide dans la colonne typology/);
  t.match(codeOf(() => readLongForm('geo;value\nFR;s\n', { values: 'counts' })), /^IC_DISC_104/, 'no s in a table to protect');
  t.same(readLongForm('"geo";"value"\r\n"FR";"12"\r\n\r\n', { values: 'counts' }).rows[0].codes, ['FR'], 'quotes, CRLF, blank lines');
});

t.test('geography: ancestors added, relations from the real geography, both hierarchies', async (t) => {
  const d = frenchGeoDimension(['COM:45234', 'COM:45147', 'COM:41018']);
  t.same(d.codes, ['FR', 'REG:24', 'DEP:41', 'DEP:45', 'COM:41018', 'COM:45147', 'COM:45234']);
  t.same(relation(d, 'DEP:45'), [['COM:45147', 'COM:45234']]);
  t.same(relation(d, 'REG:24'), [['DEP:41', 'DEP:45']]);
  t.equal(d.unitLevel, true);
  // The CC des Terres du Val de Loire crosses the Loiret / Loir-et-Cher border: with communes of both sides listed,
  // its relation holds (unlisted members count 0, since their départements list others), and so does FR's second one.
  const cross = frenchGeoDimension(['EPCI:200070183', 'COM:45028', 'COM:41173', 'COM:45234']);
  t.same(relation(cross, 'EPCI:200070183'), [['COM:41173', 'COM:45028']]);
  t.same(relation(cross, 'FR').length, 2, 'FR = Σ régions and FR = Σ EPCI + communes outside them');
  t.ok(relation(cross, 'FR').some((parts) => parts.join() === 'COM:45234,EPCI:200070183'));
  // A département given without its communes: its EPCI members are unknown, so no EPCI relation is claimed.
  const partial = frenchGeoDimension(['EPCI:200070183', 'COM:45028', 'DEP:41']);
  t.same(relation(partial, 'EPCI:200070183'), []);
  // When unlisted cells are unknown (check), relations carry a rest for the unmentioned parts.
  const unknown = frenchGeoDimension(['COM:45234', 'DEP:45'], 'unknown');
  t.same(relation(unknown, 'DEP:45'), [['COM:45234', 'DEP:45~autres']]);
  t.match(codeOf(() => frenchGeoDimension(['COM:99999'])), /^IC_DISC_002/);
});

t.test('periods and flat categories', async (t) => {
  const lf = readLongForm('period;typology;value\n2026-Q3;_T;9\n2026-07;_T;3\n2026-08;_T;3\n2026-09;_T;3\n2026-07;T1;3\n', { values: 'counts' });
  const [period, typology] = longFormTables(lf, { unlisted: 'zero' })[0].dimensions.map((b) => b.dimension);
  t.same(relation(period, '2026-Q3'), [['2026-07', '2026-08', '2026-09']]);
  t.equal(period.root, '2026-Q3');
  t.same(relation(typology, '_T'), [['T1']]);
  const years = readLongForm('period;value\n2025;9\n2026;3\n', { values: 'counts' });
  const built = longFormTables(years, { unlisted: 'zero' })[0].dimensions[0];
  t.equal(built.dimension.root, '_T', 'two unrelated periods: a hidden total');
  t.ok(built.hidden.has('_T'));
});
