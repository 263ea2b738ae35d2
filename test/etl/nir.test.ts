// The NIR of an extract that carries one never reaches any table of either universe, nor the quarantine or the
// report: every column of every table is scanned for each NIR of the fixture.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { currentSnapshot, openUniverse } from '../../universes/index.ts';
import { BAD, loadInto } from './helpers/load.ts';

const expected = JSON.parse(await readFile(join(BAD, 'nir', 'expected.json'), 'utf8')) as { nir: string[] };

t.test('the NIR is dropped on read, reported, and stored nowhere', async (t) => {
  const { dataDir, report } = await loadInto(t, join(BAD, 'nir'));
  t.ok(expected.nir.length >= 10, 'the fixture carries NIRs');
  const requests = report.files.find((f) => f.file === 'demandes.csv')!;
  t.equal(requests.nirDropped, true, 'the report says the NIR column was dropped');
  t.notOk(requests.ignoredColumns.includes('nir'));

  // The first 13 digits (without the key) identify the person: none of them may appear, whole or inside a value.
  const pattern = expected.nir.map((n) => n.slice(0, 13)).join('|');
  const snap = (await currentSnapshot(dataDir))!;
  for (const path of [snap.detailed, snap.aggregated]) {
    const u = await openUniverse<Record<string, never>>(path);
    t.teardown(() => u.close());
    const columns = await u.sql<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_catalog = current_database()`);
    t.ok(columns.length > 10, `${path}: columns listed`);
    t.notOk(columns.some((c) => c.column_name.toLowerCase().includes('nir')), 'no NIR column');
    let scanned = 0;
    for (const { table_name, column_name } of columns) {
      const [hit] = await u.sql<{ n: number }>(
        `SELECT count(*) AS n FROM "${table_name}" WHERE regexp_matches(CAST("${column_name}" AS VARCHAR), '${pattern}')`);
      t.equal(hit.n, 0, `${table_name}.${column_name} holds no NIR`);
      scanned++;
    }
    t.equal(scanned, columns.length);
  }
  const files = [join(snap.dir, 'report.json'), ...(await readdir(snap.quarantine)).map((f) => join(snap.quarantine, f))];
  t.ok(files.length >= 2, 'report and quarantine present');
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    t.notOk(expected.nir.some((n) => text.includes(n.slice(0, 13))), `${file} holds no NIR`);
  }
  const quarantine = await readFile(join(snap.quarantine, 'demandes.csv'), 'utf8');
  t.match(quarantine, /\[NIR masqué\]/, 'the raw line of a malformed row is kept with its NIR masked');
});
