// Every CLI command, one file each. A command file exports a function that registers it on the root program.
import type { Command } from 'commander';
import { registerRelease } from './release.ts';
import { registerFixtures } from './fixtures.ts';
import { registerLoad } from './load.ts';
import { registerProtect } from './protect.ts';
import { registerCheck } from './check.ts';
import { registerServe } from './serve.ts';
import { registerUsers } from './users.ts';
import { registerJournal } from './journal.ts';
import { registerPurge } from './purge.ts';
import { registerDecrypt } from './decrypt.ts';
import { registerStart } from './start.ts';

type RegisterCommand = (root: Command) => void;

export const commands: RegisterCommand[] = [
  registerRelease,
  registerFixtures,
  registerLoad,
  registerProtect,
  registerCheck,
  registerServe,
  registerUsers,
  registerJournal,
  registerPurge,
  registerDecrypt,
  registerStart,
];
