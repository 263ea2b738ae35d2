// Reading what a command is given: files (an unreadable one is IC_CLI_101) and flags (a bad value is IC_CLI_001,
// naming the flag). Flags shared by several commands are defined here once, so they read the same everywhere.
import { readFile } from 'node:fs/promises';
import { Option } from 'commander';
import { error, fail } from '../registry/index.ts';

export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw error('CLI_UNREADABLE', [path, (err as NodeJS.ErrnoException).code ?? String(err)]);
  }
}

/** A whole number written in digits only (no sign, exponent or blank: `--port ''` is not port 0), within bounds. */
export function parseInteger(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) {
    fail('CLI_BAD_OPTION', `${flag} ${text} (entier ${max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `de ${min} à ${max}`} attendu)`);
  }
  return n;
}

export const parseThreshold = (text: string): number => parseInteger('--threshold', text, 2);

/** A real calendar day written AAAA-MM-JJ (2026-02-30 is refused, not read as 2 March). */
export function parseIsoDate(flag: string, text: string): Date {
  const d = new Date(`${text}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text) {
    fail('CLI_BAD_OPTION', `${flag} ${text} (date AAAA-MM-JJ attendue)`);
  }
  return d;
}

export const dataDirOption = () => new Option('--data-dir <dir>', 'dossier des données').default('data');

// The flags of the commands that serve (`serve`, `start`), and what they mean once checked.
export const portOption = () => new Option('--port <n>', 'port d\'écoute').default('3000');
export const hostOption = () => new Option('--host <host>', 'adresse d\'écoute (127.0.0.1 : derrière un proxy HTTPS)').default('127.0.0.1');

export interface ListenFlags { port: string; host: string; dataDir: string }

export function listenAddress(flags: ListenFlags): { port: number; host: string; dataDir: string } {
  return { port: parseInteger('--port', flags.port, 0, 65535), host: flags.host, dataDir: flags.dataDir };
}
