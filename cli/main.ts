// The `infocentre` command line. Each command lives in its own file under commands/ and is listed in
// commands/index.ts; this file only wires them into commander and turns errors into exit codes.
import { Command, CommanderError } from 'commander';
import { InfocentreError } from '../registry/index.ts';
import { commands } from './commands/index.ts';

function program(): Command {
  const root = new Command('infocentre')
    .description('Infocentre de la demande de logement social : chargement, tableaux protégés par le secret statistique, contrôle')
    .exitOverride()
    .showHelpAfterError();
  for (const register of commands) register(root);
  return root;
}

/** Exit codes: 0 success, 1 the command ran and found problems (check), 2 unusable input or failure. */
export async function main(argv: string[]): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    if (err instanceof InfocentreError) {
      process.stderr.write(`infocentre: [${err.code}] ${err.message}\n  ${err.hint}\n`);
      process.exitCode = 2;
      return;
    }
    throw err;
  }
}
