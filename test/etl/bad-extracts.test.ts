// Every hand-made bad extract gives either a specific error (and publishes nothing) or quarantine entries for
// exactly the broken lines, with every other row loaded.
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { InfocentreError } from '../../registry/index.ts';
import { currentSnapshot, openDetailed } from '../../universes/index.ts';
import { BAD, loadInto, tempDataDir } from './helpers/load.ts';
import { loadExtract } from '../../etl/index.ts';

interface Expected { description: string; error?: string; asOf?: string; rejected?: Record<string, number[]> }

const csvLines = (text: string) => text.split('\n').filter((l) => l !== '');

for (const name of readdirSync(BAD).sort()) {
  const dir = join(BAD, name);
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;

  t.test(`${name}: ${expected.description}`, async (t) => {
    if (expected.error) {
      const dataDir = await tempDataDir(t);
      const err = await loadExtract({ dir, dataDir }).then(() => undefined, (e: unknown) => e);
      t.ok(err instanceof InfocentreError, 'a registry error');
      t.equal((err as InfocentreError).code, expected.error, (err as Error).message);
      t.ok((err as InfocentreError).hint.length > 0, 'with a hint');
      t.equal(await currentSnapshot(dataDir), undefined, 'nothing published');
      t.same(await readdir(join(dataDir, 'snapshots')).catch(() => []), [], 'no snapshot folder left behind');
      return;
    }
    const { dataDir, report } = await loadInto(t, dir, expected.asOf && expected.asOf.split('-').reverse().join('/'));
    const snap = (await currentSnapshot(dataDir))!;
    const u = await openDetailed(snap.detailed);
    t.teardown(() => u.close());
    for (const file of report.files) {
      const rejected = expected.rejected![file.file];
      t.equal(file.read, file.loaded + file.rejected, `${file.file}: read = loaded + rejected`);
      t.equal(file.rejected, rejected.length, `${file.file}: ${rejected.length} rejected`);
      const lines = csvLines(await readFile(join(dir, file.file), 'utf8'));
      t.equal(file.read, lines.length - 1, `${file.file}: every data line was read`);
      if (rejected.length > 0) {
        const quarantine = csvLines(await readFile(join(snap.dir, file.quarantine!), 'utf8')).slice(1);
        t.same(quarantine.map((l) => Number(l.split(';')[0])), rejected, `${file.file}: the broken lines are in quarantine`);
        for (const l of quarantine) t.match(l.split(';')[1], /\S/, 'each with a reason');
      } else {
        t.equal(file.quarantine, null);
      }
      // No good row lost: every line not rejected is in the detailed universe under its NUD.
      const table = file.file === 'demandes.csv' ? 'requests' : 'attributions';
      const stored = new Set((await u.sql<{ nud: string }>(`SELECT nud FROM ${table}`)).map((r) => r.nud));
      const good = lines.slice(1).filter((_, i) => !rejected.includes(i + 2)).map((l) => l.split(';')[0]);
      t.equal(stored.size, good.length, `${file.file}: ${good.length} rows loaded`);
      t.ok(good.every((nud) => stored.has(nud)), `${file.file}: every good row is loaded`);
    }
  });
}

t.test('a missing file is a specific error', async (t) => {
  const dataDir = await tempDataDir(t);
  await t.rejects(loadExtract({ dir: dataDir, dataDir }), { code: 'IC_ETL_001' });
});

t.test('an invalid --as-of is refused before anything is read', async (t) => {
  const dataDir = await tempDataDir(t);
  await t.rejects(loadExtract({ dir: join(BAD, 'dates'), dataDir, asOf: '31/02/2026' }), { code: 'IC_ETL_009' });
});
