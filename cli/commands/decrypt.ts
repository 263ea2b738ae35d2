// `infocentre decrypt FILE --key HEX [--out PATH]`: opens an encrypted extraction of the detailed universe
// (AES-256-GCM, format in server/detailed/envelope.ts) with the key shown once when it was made.
import type { Command } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import { decryptEnvelope } from '../../server/index.ts';

export function registerDecrypt(root: Command): void {
  root.command('decrypt')
    .description('Déchiffre une extraction de l\'univers détaillé (.icx) avec sa clé')
    .argument('<file>', 'fichier .icx')
    .requiredOption('--key <hex>', 'clé de 64 caractères hexadécimaux affichée lors de l\'extraction')
    .option('--out <path>', 'fichier déchiffré (par défaut : le nom sans .icx)')
    .action(async (file: string, opts: { key: string; out?: string }) => {
      const plain = decryptEnvelope(await readFile(file), opts.key);
      const out = opts.out ?? (file.endsWith('.icx') ? file.slice(0, -4) : `${file}.dechiffre`);
      await writeFile(out, plain, { mode: 0o600 });
      process.stdout.write(`${out} (${plain.length} octets)\n`);
    });
}
