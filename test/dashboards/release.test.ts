// One consistent release per snapshot: linked cells agree across tables, the cache round-trips, and
// `infocentre release` writes every table in the long form.
import t from 'tap';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/index.ts';
import { cellCoords, forgetReleases, getRelease, readRelease, RELEASE_TABLES } from '../../dashboards/index.ts';
import { currentSnapshot } from '../../universes/index.ts';
import { handMadeRelease, SOURCE_LINE } from './helpers/release.ts';

t.test('a cell shared by two tables is published in both or suppressed in both', async (t) => {
  const { release } = await handMadeRelease();
  const byIdentity = new Map<string, { value: unknown; table: string }>();
  let shared = 0;
  const conflicts: string[] = [];
  for (const table of release.tables.values()) {
    for (const [key, value] of table.values) {
      const coords = cellCoords(key);
      const identity = [table.measure, ...table.dimensions.map((d, i) => coords[i] === d.root ? '' : `${d.name}=${coords[i]}`).filter(Boolean).sort()].join('|');
      const seen = byIdentity.get(identity);
      if (!seen) byIdentity.set(identity, { value, table: table.id });
      else {
        shared++;
        if (seen.value !== value) conflicts.push(`${identity}: ${seen.table}=${seen.value} vs ${table.id}=${value}`);
      }
    }
  }
  t.ok(shared > 100, `tables share cells (${shared})`);
  t.same(conflicts.slice(0, 10), [], 'linked cells agree');
});

t.test('the cache on disk gives back the release as the engine computed it', async (t) => {
  const { release, dataDir, computed } = await handMadeRelease();
  const snapshot = (await currentSnapshot(dataDir))!;
  const cached = (await readRelease(snapshot))!;
  t.ok(cached, 'cache found');
  t.same([...cached.tables.keys()], RELEASE_TABLES.map((s) => s.id));
  t.same(computed.tables.map((c) => c.id), RELEASE_TABLES.map((s) => s.id));
  for (const c of computed.tables) {
    const table = cached.tables.get(c.id)!;
    t.same([...table.values], c.values, `${c.id} values`);
    t.same(table.waitDays && [...table.waitDays], c.waitDays, `${c.id} waiting days`);
    // A map: the cache lists medians in cell order, the engine in the order it computed them.
    const sorted = (m?: Iterable<[string, number]>) => m && [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    t.same(sorted(table.medians), sorted(c.medians), `${c.id} medians`);
  }
  t.ok(computed.tables.some((c) => c.waitDays?.length), 'waiting days are published somewhere');
  t.equal(cached.builtAt, computed.builtAt);
  forgetReleases();
  t.equal((await getRelease(dataDir)).builtAt, release.builtAt, 'served from the cache, not recomputed');
});

t.test('infocentre release --out writes one long-form file per table', async (t) => {
  const { dataDir } = await handMadeRelease();
  const out = await mkdtemp(join(tmpdir(), 'infocentre-release-out-'));
  t.teardown(() => rm(out, { recursive: true, force: true }));
  const printed: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => printed.push(chunk) > 0) as typeof process.stdout.write;
  try {
    await main(['node', 'infocentre', 'release', '--data-dir', dataDir, '--out', out]);
  } finally {
    process.stdout.write = write;
  }
  t.notOk(process.exitCode, 'exit 0');
  const said = printed.join('');
  t.match(said, new RegExp(`^${RELEASE_TABLES.length} tables écrites dans .+ \\(instantané \\S+, données du 2026-10-31\\)\n`));
  t.match(said, /\nSecret statistique : \d+ cellules, \d+ masquées \(\d+ primaires, \d+ complémentaires\), \d+ tours d'audit, \d+ programmes linéaires, [\d.]+ s\n$/,
    'what the engine did, for the operator');
  const files = (await readdir(out)).sort();
  t.same(files, RELEASE_TABLES.map((s) => `${s.id}.csv`).sort());
  const stock = (await readFile(join(out, 'stock_typology.csv'), 'utf8')).trimEnd().split('\n');
  t.equal(stock[0], 'measure;period;geo;typology;value');
  t.match(stock.at(-1), SOURCE_LINE.replace(/éditées le .*/, 'éditées le '), 'source line last');
  t.ok(stock.slice(1, -1).every((l) => /^requests_active;2026-10-31;(FR|(REG|DEP|EPCI|COM):[0-9A-Z]+);[A-Z0-9_]+;(\d+|s)$/.test(l)));
});
