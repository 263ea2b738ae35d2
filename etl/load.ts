// `infocentre load DIR`: validates an extract, builds both universes in a new snapshot folder, checks that they
// agree, then publishes the snapshot atomically. Until the final rename nothing the server reads has changed, so a
// failed or killed load leaves the previous snapshot serving and intact.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { error, fail } from '../registry/index.ts';
import {
  AGGREGATED_DDL, BUILDING_SUFFIX, currentSnapshot, publishSnapshot, snapshotPaths, snapshotsDir,
} from '../universes/index.ts';
import { ATTRIBUTION_FACTS_SQL, requestFactsSql } from './aggregate.ts';
import { parseFrenchDate } from './dates.ts';
import { createDetailed, writeAttributions, writeKeyAndChoices, writeRequests } from './detailed.ts';
import { ATTRIBUTIONS_FILE, ATTRIBUTION_HEADER, REQUESTS_FILE, REQUEST_HEADER } from './format.ts';
import { preflight, type FileHeader } from './preflight.ts';
import { referenceTables } from './reference-tables.ts';
import { type FileReport, type LoadReport } from './report.ts';
import { rejectRows } from './rejects.ts';
import { ATTRIBUTION_CHECKS, MACROS, REQUEST_CHECKS, UNKNOWN_CHOICES_SQL } from './rules.ts';
import { lockDataDir, newSnapshotId, pruneSnapshots, removeUnfinishedBuilds } from './snapshot-dir.ts';
import { columnOf, finalView, parserRejectsSql, stage, type Table } from './stage.ts';
import { checkTotals } from './totals.ts';

export const LOAD_STEPS = ['lecture', 'contrôle des lignes', 'univers détaillé', 'univers agrégé', 'contrôle d\'intégrité', 'publication'] as const;
export type LoadStep = (typeof LOAD_STEPS)[number];

export interface LoadOptions {
  /** Folder holding demandes.csv and attributions.csv. */
  dir: string;
  dataDir: string;
  /** Snapshot date, ISO or JJ/MM/AAAA; by default the latest date found in the extract that is not in the future. */
  asOf?: string;
  /** Called as each step starts. */
  progress?: (step: LoadStep, index: number, total: number) => void;
  /** Snapshots kept after publication (the served one always is). */
  keep?: number;
}

const one = async (conn: DuckDBConnection, sql: string): Promise<number> =>
  Number(((await conn.runAndReadAll(sql)).getRows()[0] ?? [0])[0] ?? 0);

/** Latest date of filing, renewal, radiation or attribution in the extract, ignoring dates after today. */
async function latestDate(conn: DuckDBConnection): Promise<string | undefined> {
  const rows = (await conn.runAndReadAll(`
    SELECT strftime(max(d), '%Y-%m-%d') FROM (
      SELECT greatest(filed_on, renewed_on, radiated_on) AS d FROM req_checked
      UNION ALL SELECT attributed_on FROM att_checked) WHERE d <= current_date`)).getRows();
  return (rows[0]?.[0] as string | null) ?? undefined;
}

function resolveAsOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? parseFrenchDate(`${text.slice(8, 10)}/${text.slice(5, 7)}/${text.slice(0, 4)}`) : parseFrenchDate(text);
  if (!iso || iso > new Date().toISOString().slice(0, 10)) fail('ETL_BAD_AS_OF', text);
  return iso;
}

/** Rejected rows with their line, every reason and their values as read, then the lines the CSV reader could not split. */
async function writeQuarantine(conn: DuckDBConnection, table: Table, rawColumns: readonly string[], path: string): Promise<void> {
  const raw = rawColumns.map((c) => `${columnOf(c)} AS "${c}"`).join(', ');
  await conn.run(`COPY (
      SELECT * FROM (
        SELECT r.line::BIGINT AS ligne, r.reasons AS motif, ${raw}, NULL::VARCHAR AS ligne_brute
        FROM ${table}_rejected r JOIN (SELECT rowid AS rid, * FROM ${table}_checked) c USING (rid)
        UNION ALL BY NAME ${parserRejectsSql(table)})
      ORDER BY ligne)
    TO '${path.replace(/'/g, "''")}' (FORMAT csv, DELIMITER ';', HEADER true)`);
}

export async function loadExtract(options: LoadOptions): Promise<LoadReport> {
  const started = performance.now();
  const dir = resolve(options.dir);
  const total = LOAD_STEPS.length;
  const step = (s: LoadStep) => options.progress?.(s, LOAD_STEPS.indexOf(s), total);
  const givenAsOf = resolveAsOf(options.asOf);

  step('lecture');
  const reqFile = await preflight(join(dir, REQUESTS_FILE), dir, REQUEST_HEADER);
  const attFile = await preflight(join(dir, ATTRIBUTIONS_FILE), dir, ATTRIBUTION_HEADER);

  await mkdir(snapshotsDir(options.dataDir), { recursive: true });
  const unlock = await lockDataDir(options.dataDir);
  try {
    await removeUnfinishedBuilds(options.dataDir);
    const previous = (await currentSnapshot(options.dataDir))?.id ?? null;
    const id = newSnapshotId();
    const final = snapshotPaths(options.dataDir, id);
    const building = snapshotPaths(options.dataDir, id + BUILDING_SUFFIX);
    await mkdir(building.quarantine, { recursive: true });
    const report = await build(dir, reqFile, attFile, building, givenAsOf, step);
    step('publication');
    const seconds = (performance.now() - started) / 1000;
    const read = report.files.reduce((s, f) => s + f.read, 0);
    const full: LoadReport = { ...report, snapshot: id, seconds, rowsPerSecond: read / seconds, previousSnapshot: previous };
    await writeFile(building.report, JSON.stringify(full, null, 2) + '\n');
    await rename(building.dir, final.dir);
    await publishSnapshot(options.dataDir, id);
    await pruneSnapshots(options.dataDir, options.keep ?? 5);
    return full;
  } finally {
    await unlock();
  }
}

type Built = Omit<LoadReport, 'snapshot' | 'seconds' | 'rowsPerSecond' | 'previousSnapshot'>;

async function build(
  dir: string, reqFile: FileHeader, attFile: FileHeader, paths: ReturnType<typeof snapshotPaths>,
  givenAsOf: string | undefined, step: (s: LoadStep) => void,
): Promise<Built> {
  const tmp = join(paths.dir, 'tmp');
  // Insertion order is kept so that a staged row's rowid gives its line. The current storage format (readable by the
  // pinned DuckDB 1.5) compresses strings about twice as fast as the default 0.10-compatible one.
  const instance = await DuckDBInstance.create(paths.detailed, {
    threads: '2', memory_limit: '3000MB', temp_directory: tmp, preserve_insertion_order: 'true', storage_compatibility_version: 'latest',
  });
  const conn = await instance.connect();
  const aggConn = await instance.connect();
  let ok = false;
  try {
    await createDetailed(conn);
    await conn.run(`ATTACH '${paths.aggregated.replace(/'/g, "''")}' AS agg`);
    await conn.run(`USE agg; ${AGGREGATED_DDL} USE detailed;`);
    await conn.run(MACROS);
    await referenceTables(conn);

    const reqStaged = await stage(conn, reqFile, 'req', REQUEST_HEADER, REQUEST_CHECKS);
    const attStaged = await stage(conn, attFile, 'att', ATTRIBUTION_HEADER, ATTRIBUTION_CHECKS);
    const asOf = givenAsOf ?? (await latestDate(conn)) ?? fail('ETL_NO_DATE', basename(dir));

    step('contrôle des lignes');
    await conn.run(UNKNOWN_CHOICES_SQL);
    await finalView(conn, reqStaged, REQUEST_CHECKS.rules, `u.choice_unknown, DATE '${asOf}' AS as_of`, 'LEFT JOIN req_unknown u ON u.rid = c.rowid');
    await rejectRows(conn, 'req', REQUEST_CHECKS.rules, 'numéro unique');

    step('univers détaillé');
    const loadedAt = new Date().toISOString();
    const source = basename(dir);
    const snapshotRow = `(DATE '${asOf}', TIMESTAMP '${loadedAt.replace('T', ' ').replace('Z', '')}', '${source.replace(/'/g, "''")}')`;
    await conn.run(`INSERT INTO snapshot VALUES ${snapshotRow}`);
    await writeRequests(conn);

    // The aggregated request facts need only the requests: a second connection computes them while this one builds
    // the requests' key (which keeps the second core busy only part of the time) and the wished communes.
    const aggregated = (async () => {
      await aggConn.run(`INSERT INTO agg.snapshot VALUES ${snapshotRow}`);
      await aggConn.run('INSERT INTO agg.geo_commune SELECT commune, dep, reg, epci FROM ref.geo');
      await aggConn.run(requestFactsSql(asOf));
    })();
    const detailed = (async () => {
      await writeKeyAndChoices(conn);
      // Attributions are checked against the requests just loaded.
      await finalView(conn, attStaged, ATTRIBUTION_CHECKS.rules, `q.filed_on AS request_filed_on, g.commune AS commune_known, DATE '${asOf}' AS as_of`,
        'LEFT JOIN requests q ON q.nud = c.nud LEFT JOIN ref.geo g ON g.commune = c.commune');
      await rejectRows(conn, 'att', ATTRIBUTION_CHECKS.rules, 'attribution');
      await writeAttributions(conn);
    })();
    // Both settle before anything is thrown: the instance must not close under a running statement.
    for (const settled of await Promise.allSettled([detailed, aggregated])) if (settled.status === 'rejected') throw settled.reason;

    step('univers agrégé');
    await conn.run(ATTRIBUTION_FACTS_SQL);

    const files: FileReport[] = [];
    for (const [file, table, staged, header] of [
      [reqFile, 'req', reqStaged, REQUEST_HEADER], [attFile, 'att', attStaged, ATTRIBUTION_HEADER],
    ] as const) {
      const loaded = await one(conn, `SELECT count(*) FROM ${table === 'req' ? 'requests' : 'attributions'}`);
      const rejected = await one(conn, `SELECT count(*) FROM ${table}_rejected`) + staged.parserRejects;
      const quarantine = rejected > 0 ? join('quarantine', file.name) : null;
      if (quarantine) await writeQuarantine(conn, table, header, join(paths.dir, quarantine));
      files.push({
        file: file.name, read: loaded + rejected, loaded, rejected, quarantine, nirDropped: file.nir, ignoredColumns: file.ignored,
      });
    }
    if (files[0].loaded === 0) throw error('ETL_NO_VALID_REQUEST', [reqFile.name, files[0].rejected, 'la quarantaine']);

    step('contrôle d\'intégrité');
    await checkTotals(conn);
    const requestChoices = await one(conn, 'SELECT count(*) FROM request_choices');
    ok = true;
    return { source, asOf, asOfFrom: givenAsOf ? 'option' : 'extract', loadedAt, files, requestChoices };
  } finally {
    aggConn.closeSync();
    conn.closeSync();
    instance.closeSync();
    await rm(tmp, { recursive: true, force: true });
    // A failed build holds personal data that nobody will read: remove it rather than leave it lying around.
    if (!ok) await rm(paths.dir, { recursive: true, force: true });
  }
}
