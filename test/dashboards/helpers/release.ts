// A release of the hand-made universe, protected by the real disclosure engine, built once per test file.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forgetReleases, getRelease, type Release } from '../../../dashboards/index.ts';
import { handMadeDataDir } from './hand-made.ts';

export const EDITION = '2026-11-23';
export const SOURCE_LINE =
  'Source : GIP SNE - Infocentre NUNIQUE SNE (univers agrégé). Données du : 31/10/2026 éditées le 23/11/2026';

export async function handMadeRelease(t: { teardown(fn: () => unknown): void }): Promise<{ release: Release; dataDir: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'infocentre-dash-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  await handMadeDataDir(dataDir);
  forgetReleases();
  return { release: await getRelease(dataDir, { editionDate: EDITION }), dataDir };
}
