// Checks that make a file unusable as a whole, before any row is read: absent or empty file, wrong separator,
// missing header columns, a file cut short (interrupted transfer), an encoding that is not UTF-8.
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { fail } from '../registry/index.ts';
import { NIR_COLUMN, SEPARATOR } from './format.ts';

export interface FileHeader {
  path: string;
  name: string;
  columns: string[];
  /** The extract carries a NIR column: dropped on read. */
  nir: boolean;
  /** Columns the format does not know: ignored, never stored. */
  ignored: string[];
}

const PROBE = 64 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Fields of one CSV line (quotes honoured), enough to count them. */
function fieldCount(line: string): { fields: number; openQuote: boolean } {
  let fields = 1, quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === SEPARATOR && !quoted) fields++;
  }
  return { fields, openQuote: quoted };
}

export async function preflight(path: string, dir: string, required: readonly string[]): Promise<FileHeader> {
  const name = basename(path);
  const size = await stat(path).then((s) => s.size, () => fail('ETL_MISSING_FILE', name, dir));
  if (size === 0) fail('ETL_EMPTY_FILE', name);
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, PROBE));
    await fh.read(head, 0, head.length, 0);
    const end = head.indexOf(0x0a);
    let headerBytes = end === -1 ? head : head.subarray(0, end);
    if (headerBytes[0] === 0xef && headerBytes[1] === 0xbb && headerBytes[2] === 0xbf) headerBytes = headerBytes.subarray(3);
    let header: string;
    try {
      header = utf8.decode(headerBytes).replace(/\r$/, '');
    } catch {
      fail('ETL_UNREADABLE', name, 'l\'en-tête n\'est pas en UTF-8');
    }
    if (header.trim() === '') fail('ETL_EMPTY_FILE', name);
    if (!header.includes(SEPARATOR)) {
      const other = [',', '\t', '|'].find((sep) => header.includes(sep));
      if (other) fail('ETL_BAD_SEPARATOR', name, other === '\t' ? 'tabulation' : `« ${other} »`);
    }
    const columns = header.split(SEPARATOR).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    const missing = required.filter((c) => !columns.includes(c));
    if (missing.length > 0) fail('ETL_MISSING_COLUMNS', name, missing.join(', '));

    // The last line: a complete file ends with a newline; a cut one ends inside a row.
    const tail = Buffer.alloc(Math.min(size, PROBE));
    await fh.read(tail, 0, tail.length, size - tail.length);
    if (tail[tail.length - 1] !== 0x0a && end !== -1) {
      const lastLine = tail.subarray(tail.lastIndexOf(0x0a) + 1).toString('utf8').replace(/\r$/, '');
      const { fields, openQuote } = fieldCount(lastLine);
      if (openQuote || fields < columns.length) fail('ETL_TRUNCATED', name, `${fields} champ(s) sur ${columns.length}`);
    }
    const known = new Set([...required, NIR_COLUMN]);
    return { path, name, columns, nir: columns.includes(NIR_COLUMN), ignored: columns.filter((c) => !known.has(c)) };
  } finally {
    await fh.close();
  }
}
