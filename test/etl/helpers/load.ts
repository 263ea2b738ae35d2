// Loads an extract into a fresh temporary data folder, removed when the test ends.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadExtract, type LoadReport } from '../../../etl/index.ts';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
export const TINY = join(FIXTURES, 'tiny');
export const BAD = join(FIXTURES, 'bad');

export async function tempDataDir(t: { teardown(fn: () => unknown): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'infocentre-etl-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export async function loadInto(t: { teardown(fn: () => unknown): void }, extract: string, asOf?: string): Promise<{ dataDir: string; report: LoadReport }> {
  const dataDir = await tempDataDir(t);
  return { dataDir, report: await loadExtract({ dir: extract, dataDir, asOf }) };
}
