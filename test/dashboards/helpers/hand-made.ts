// A small aggregated universe built by hand, with real communes and a seeded generator, so dashboard tests know
// exactly what they are looking at: big communes (Orléans, Tours, Paris), a middle one and a tiny one (Champoulet,
// a handful of requests) whose figures must never show.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { random } from '../../../fixtures/index.ts';
import { AGGREGATED_DDL, codes, geography, openAggregated, publishSnapshot, snapshotPaths } from '../../../universes/index.ts';

const AS_OF = '2026-10-31';
export const SMALL_COMMUNE = '45070'; // Champoulet
export const COMMUNE_WEIGHTS: Record<string, number> = { '45234': 900, '45232': 160, '45070': 4, '37261': 700, '75056': 1400 };

const month = (i: number) => `${2020 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`;
const LAST_MONTH = (2026 - 2020) * 12 + 9; // 2026-10
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

/** Writes data/snapshots/<id>/aggregated.duckdb and makes it CURRENT; returns the snapshot's folder. */
export async function handMadeDataDir(dataDir: string, id = 'hand-made', seed = 7): Promise<string> {
  const paths = snapshotPaths(dataDir, id);
  await mkdir(paths.dir, { recursive: true });
  const u = await openAggregated(paths.aggregated, 'write');
  try {
    await u.sql(AGGREGATED_DDL);
    await u.sql(`INSERT INTO snapshot VALUES (DATE '${AS_OF}', TIMESTAMP '2026-11-23 08:00:00', 'hand-made')`);
    const g = geography();
    for (const code of Object.keys(COMMUNE_WEIGHTS)) {
      const c = g.communes.get(code)!;
      await u.sql('INSERT INTO geo_commune VALUES ($1, $2, $3, $4)', [c.code, c.dep, c.reg, c.epci]);
    }
    const { next: r, pick } = random(seed);
    const requests = new Map<string, { cols: unknown[]; n: number; wait: number }>();
    const attributions = new Map<string, { cols: unknown[]; n: number; wait: number }>();
    for (const [commune, weight] of Object.entries(COMMUNE_WEIGHTS)) {
      for (let k = 0; k < weight; k++) {
        const filed = Math.floor(LAST_MONTH - r() * r() * 80);
        const filedMonth = month(Math.max(0, filed));
        const radiated = r() < 0.35 ? Math.min(LAST_MONTH, filed + 1 + Math.floor(r() * 30)) : undefined;
        const radiatedMonth = radiated === undefined ? null : month(radiated);
        const motive = radiatedMonth ? (r() < 0.4 ? 'RADATT' : pick(['RADREN', 'RADREN', 'RADABA', 'RADIRR', 'RADCON'])) : null;
        const typology = pick(['T1', 'T2', 'T2', 'T3', 'T3', 'T4', 'T5', 'C', 'T6P']);
        const mutation = r() < 0.3;
        const dalo = r() < 0.05;
        const priority = r() < 0.2;
        const cols = [
          commune, filedMonth, radiatedMonth, motive, typology,
          pick(Object.keys(codes.ageClass)), pick(Object.keys(codes.householdClass)),
          pick(Object.keys(codes.householdSize)), pick(['PLAI', 'PLAI', 'PLAI', 'PLUS', 'HPLUS']),
          pick(Object.keys(codes.reason)), pick(Object.keys(codes.currentHousing)), pick(Object.keys(codes.employment)),
          mutation, dalo, priority, r() < 0.08,
        ];
        const wait = daysBetween(filedMonth, radiatedMonth ?? AS_OF);
        add(requests, cols, wait);
        if (motive === 'RADATT') {
          const attCols = [commune, radiatedMonth, typology, pick(Object.keys(codes.reservation)), mutation, dalo, priority,
            Math.max(0, radiated! - filed)];
          add(attributions, attCols, wait);
        }
      }
    }
    await insertAll(u, 'request_facts', [...requests.values()]);
    await insertAll(u, 'attribution_facts', [...attributions.values()]);
  } finally {
    u.close();
  }
  await writeFile(join(paths.dir, 'report.json'), JSON.stringify({ source: 'hand-made' }));
  await publishSnapshot(dataDir, id);
  return paths.dir;
}

function add(into: Map<string, { cols: unknown[]; n: number; wait: number }>, cols: unknown[], wait: number): void {
  const key = JSON.stringify(cols);
  const g = into.get(key);
  if (g) {
    g.n++;
    g.wait += wait;
  } else into.set(key, { cols, n: 1, wait });
}

const literal = (v: unknown): string =>
  v === null ? 'NULL' : typeof v === 'string' ? `'${v}'` : String(v);

async function insertAll(
  u: Awaited<ReturnType<typeof openAggregated>>, table: string, groups: { cols: unknown[]; n: number; wait: number }[],
): Promise<void> {
  for (let i = 0; i < groups.length; i += 1000) {
    const values = groups.slice(i, i + 1000).map((g) => `(${[...g.cols, g.n, g.wait].map(literal).join(', ')})`);
    await u.sql(`INSERT INTO ${table} VALUES ${values.join(',\n')}`);
  }
}
