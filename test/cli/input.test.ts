// What a command is given is checked before anything runs: a bad flag is IC_CLI_001 naming the flag, exit code 2,
// and nothing is written.
import t, { type Test } from 'tap';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../cli/index.ts';
import { listenAddress, parseInteger, parseIsoDate, parseThreshold } from '../../cli/input.ts';

function refusal(t: Test, fn: () => unknown, flag: string): void {
  t.throws(fn, { code: 'IC_CLI_001', message: new RegExp(`^Option invalide : ${flag} `) }, `${flag} refused`);
}

t.test('whole numbers are digits only, within bounds', async (t) => {
  t.equal(parseInteger('--limit', '100', 1), 100);
  t.equal(parseInteger('--seed', '0', 0, 0xffffffff), 0);
  t.equal(parseThreshold('10'), 10);
  for (const text of ['', ' 5', '5 ', '1e3', '-1', '3.5', '0x10', 'dix']) refusal(t, () => parseInteger('--limit', text, 1), '--limit');
  refusal(t, () => parseInteger('--keep', '0', 1), '--keep');
  refusal(t, () => parseThreshold('1'), '--threshold');
  refusal(t, () => parseInteger('--seed', String(2 ** 32), 0, 0xffffffff), '--seed');
});

t.test('the port is 0 to 65535, never a blank read as 0', async (t) => {
  t.same(listenAddress({ port: '0', host: '127.0.0.1', dataDir: 'd' }), { port: 0, host: '127.0.0.1', dataDir: 'd' });
  t.equal(listenAddress({ port: '65535', host: 'h', dataDir: 'd' }).port, 65535);
  for (const port of ['', '65536', '-1', '80.5']) refusal(t, () => listenAddress({ port, host: 'h', dataDir: 'd' }), '--port');
});

t.test('dates are real calendar days written AAAA-MM-JJ', async (t) => {
  t.equal(parseIsoDate('--from', '2024-02-29').toISOString(), '2024-02-29T00:00:00.000Z');
  for (const text of ['2026-02-30', '2025-02-29', '2026-2-3', '03/02/2026', '2026-02-03T10:00', 'hier']) {
    refusal(t, () => parseIsoDate('--from', text), '--from');
  }
});

/** Runs `infocentre …` in this process; returns its exit code and what it wrote on stderr. */
async function run(...args: string[]): Promise<{ code: number; stderr: string }> {
  const write = process.stderr.write;
  let stderr = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    await main(['node', 'infocentre', ...args]);
  } finally {
    process.stderr.write = write;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, stderr };
}

t.test('commands refuse a bad flag before doing anything', async (t) => {
  const dataDir = join(t.testdirName, 'data');
  const cases: [string[], string][] = [
    [['start', '--port', '70000', '--data-dir', dataDir], '--port'],
    [['serve', '--port', '', '--data-dir', dataDir], '--port'],
    [['serve', '--token-minutes', '0', '--data-dir', dataDir], '--token-minutes'],
    [['serve', '--inactivity-days', 'jamais', '--data-dir', dataDir], '--inactivity-days'],
    [['load', join(t.testdirName, 'extract'), '--keep', '0', '--data-dir', dataDir], '--keep'],
    [['release', '--threshold', '1e1', '--out', join(t.testdirName, 'out'), '--data-dir', dataDir], '--threshold'],
    [['purge', '--journal-days', 'un an', '--data-dir', dataDir], '--journal-days'],
    [['journal', 'search', '--from', '2026-02-30', '--data-dir', dataDir], '--from'],
    [['journal', 'search', '--limit', '0', '--data-dir', dataDir], '--limit'],
    [['fixtures', '--seed', '1.5', '--out', join(t.testdirName, 'extract')], '--seed'],
    [['protect', join(t.testdirName, 'in.csv'), '--data-date', '2026-13-01'], '--data-date'],
  ];
  for (const [args, flag] of cases) {
    const { code, stderr } = await run(...args);
    t.equal(code, 2, `${args.join(' ')}: exit code 2`);
    t.match(stderr, `[IC_CLI_001] Option invalide : ${flag}`, `${args[0]}: names ${flag}`);
  }
  t.notOk(existsSync(t.testdirName), 'nothing was written: no data folder, extract or release');
});
