// Retention of personal data (seed 001: kept one year after the radiation of the request). For every snapshot's
// detailed universe, the requests radiated before the cut-off lose all their rows (request, wished communes,
// attributions). The universe is rebuilt into a new file from the rows kept and renamed over the old one, rather
// than DELETEd in place: a DuckDB DELETE leaves the old bytes in free blocks of the file, and a rebuild leaves
// nothing behind. It also works while the server runs: the server reads the old file (shared read-only lock), sees
// the new inode at its next request and reopens (detailed/source.ts). A snapshot being written by a load (locked
// for writing) is skipped and reported. The aggregated universe holds no personal data and is left as is.
import { DuckDBInstance } from '@duckdb/node-api';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { DETAILED_DDL, DETAILED_INDEXES, snapshotPaths, snapshotsDir } from '../../universes/index.ts';

export interface SnapshotPurge {
  snapshot: string;
  requests: number;
  choices: number;
  attributions: number;
  skipped?: string;
}

export interface RadiatedPurgeReport {
  cutoff: string; // requests radiated strictly before this date were purged
  snapshots: SnapshotPurge[];
}

const TABLES = ['snapshot', 'requests', 'request_choices', 'attributions'] as const;

export async function purgeRadiated(dataDir: string, now: Date, retentionDays: number): Promise<RadiatedPurgeReport> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString().slice(0, 10);
  const report: RadiatedPurgeReport = { cutoff, snapshots: [] };
  let ids: string[];
  try {
    ids = (await readdir(snapshotsDir(dataDir))).filter((d) => !d.startsWith('.')).sort();
  } catch {
    return report;
  }
  for (const id of ids) {
    const paths = snapshotPaths(dataDir, id);
    try {
      await stat(paths.detailed);
    } catch {
      continue;
    }
    report.snapshots.push(await purgeOne(id, paths.detailed, cutoff));
  }
  return report;
}

async function purgeOne(id: string, path: string, cutoff: string): Promise<SnapshotPurge> {
  const result: SnapshotPurge = { snapshot: id, requests: 0, choices: 0, attributions: 0 };
  const tmp = `${path}.purge.tmp`;
  await rm(tmp, { force: true });
  const instance = await DuckDBInstance.create(tmp, { threads: '2' });
  const conn = await instance.connect();
  let replace = false;
  try {
    try {
      await conn.run(`ATTACH '${path.replace(/'/g, "''")}' AS old (READ_ONLY)`);
    } catch (err) {
      result.skipped = `univers en cours d'écriture (${(err as Error).message.split('\n')[0].slice(0, 120)})`;
      return result;
    }
    const one = async (text: string) => Number((await conn.runAndReadAll(text, [cutoff])).getRows()[0][0]);
    const gone = 'SELECT nud FROM old.requests WHERE radiated_on < CAST($1 AS DATE)';
    result.requests = await one(`SELECT count(*) FROM (${gone})`);
    result.choices = await one(`SELECT count(*) FROM old.request_choices WHERE nud IN (${gone})`);
    result.attributions = await one(`SELECT count(*) FROM old.attributions WHERE nud IN (${gone})`);
    if (result.requests + result.choices + result.attributions === 0) return result;
    await conn.run(DETAILED_DDL);
    for (const t of TABLES) {
      const keep = t === 'snapshot' ? '' : ` WHERE nud NOT IN (${gone})`;
      await conn.run(`INSERT INTO ${t} SELECT * FROM old.${t}${keep}`, [cutoff].slice(0, keep ? 1 : 0));
    }
    await conn.run(DETAILED_INDEXES);
    await conn.run('DETACH old');
    await conn.run('CHECKPOINT');
    replace = true;
  } finally {
    conn.closeSync();
    instance.closeSync();
    if (!replace) await rm(tmp, { force: true });
  }
  await rename(tmp, path);
  await rm(`${tmp}.wal`, { force: true });
  return result;
}
