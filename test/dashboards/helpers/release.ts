// A release of the hand-made universe, protected by the real disclosure engine, computed once per test file (the
// tests only read it) and removed when the file's tests end.
import tap from 'tap';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forgetReleases, getRelease, type Release } from '../../../dashboards/index.ts';
import { handMadeDataDir } from './hand-made.ts';

export const EDITION = '2026-11-23';
export const SOURCE_LINE =
  'Source : GIP SNE - Infocentre NUNIQUE SNE (univers agrégé). Données du : 31/10/2026 éditées le 23/11/2026';

let shared: Promise<{ release: Release; dataDir: string }> | undefined;

async function build(): Promise<{ release: Release; dataDir: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'infocentre-dash-'));
  tap.teardown(() => rm(dataDir, { recursive: true, force: true }));
  await handMadeDataDir(dataDir);
  forgetReleases();
  return { release: await getRelease(dataDir, { editionDate: EDITION }), dataDir };
}

/** The file's shared release (computed on first use). */
export function handMadeRelease(): Promise<{ release: Release; dataDir: string }> {
  shared ??= build();
  return shared;
}
