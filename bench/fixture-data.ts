// The benches' data: a data dir with a loaded snapshot of a generated fixture (`national`, `small`) or of the committed
// `tiny` extract, kept in bench/out/server-<size> so that the load (minutes at national scale) and the snapshot's
// release (about 13 min) are paid once for every bench and every run.
import { rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateFixtures, loadExtract } from '../etl/index.ts';
import { currentSnapshot, DETAILED_INDEXES, openDetailed } from '../universes/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

/** True when the data dir's current snapshot has every index the current ETL creates in the detailed universe. */
async function hasCurrentIndexes(dataDir: string): Promise<boolean> {
  const snap = await currentSnapshot(dataDir);
  if (!snap) return false;
  const wanted = [...DETAILED_INDEXES.matchAll(/CREATE INDEX (\w+)/g)].map((m) => m[1]);
  const u = await openDetailed(snap.detailed);
  try {
    const have = new Set((await u.sql<{ name: string }>('SELECT index_name AS name FROM duckdb_indexes()')).map((r) => r.name));
    return wanted.every((name) => have.has(name));
  } finally {
    u.close();
  }
}

/**
 * The data dir `external` when given (INFOCENTRE_BENCH_DATA), else bench/out/server-<size>, loaded again when the
 * ETL that loaded it predates the current indexes.
 */
export async function fixtureDataDir(size: 'national' | 'small' | 'tiny', external?: string): Promise<string> {
  if (external) return resolve(external);
  const dir = join(here, 'out', `server-${size}`);
  if (await hasCurrentIndexes(dir)) return dir;
  process.stderr.write(`loading the ${size} fixture${size === 'national' ? ' (several minutes)' : ''}…\n`);
  await rm(dir, { recursive: true, force: true });
  if (size === 'tiny') {
    await loadExtract({ dir: join(root, 'fixtures', 'tiny'), dataDir: dir });
    return dir;
  }
  const extract = join(here, 'out', `server-${size}-extract`);
  await generateFixtures({ size, seed: 1, out: extract });
  await loadExtract({ dir: extract, dataDir: dir });
  await rm(extract, { recursive: true, force: true });
  return dir;
}
