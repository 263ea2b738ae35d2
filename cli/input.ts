// Reading what a command is given: files (an unreadable one is IC_CLI_101) and shared flags.
import { readFile } from 'node:fs/promises';
import { error, fail } from '../registry/index.ts';

export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw error('CLI_UNREADABLE', [path, (err as NodeJS.ErrnoException).code ?? String(err)]);
  }
}

export function parseThreshold(text: string): number {
  const threshold = Number(text);
  if (!/^\d+$/.test(text) || threshold < 2) fail('CLI_BAD_OPTION', `--threshold ${text} (entier ≥ 2 attendu)`);
  return threshold;
}
