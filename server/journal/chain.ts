// The hash chain of the access journal. Each line is a JSON object whose last field is `mac`:
//   mac = HMAC-SHA256(key, prev + "\n" + <the line's JSON without its mac field>)
// where `prev` (a field of the entry) is the mac of the previous entry. Altering, inserting, reordering or deleting an
// entry breaks the chain from there on; forging a consistent chain needs the key (data/system/journal.key), which an
// attacker who can only write the journal does not have. After a purge the file starts with an anchor line that
// carries the mac of the last purged entry, itself MACed, so the rest stays verifiable.
import { createHash, createHmac } from 'node:crypto';

export const GENESIS = '0'.repeat(64);

export function macOf(key: Buffer, prev: string, body: string): string {
  return createHmac('sha256', key).update(prev).update('\n').update(body).digest('hex');
}

/** The line for `body` (an object whose JSON must not end with a mac field): `{…body…,"mac":"<hex>"}`. */
export function sealLine(key: Buffer, prev: string, body: object): { line: string; mac: string } {
  const json = JSON.stringify(body);
  const mac = macOf(key, prev, json);
  return { line: `${json.slice(0, -1)},"mac":"${mac}"}`, mac };
}

const MAC_SUFFIX = /,"mac":"([0-9a-f]{64})"}$/;

/** Splits a line into the exact JSON that was MACed and its mac; undefined when the line has no mac field. */
export function openLine(line: string): { body: string; mac: string } | undefined {
  const m = MAC_SUFFIX.exec(line);
  if (!m) return undefined;
  return { body: `${line.slice(0, m.index)}}`, mac: m[1] };
}

/** Count and SHA-256 of a list of NUDs (sorted), journaled instead of the list itself for large answers. */
export function nudDigest(nuds: readonly string[]): string {
  return createHash('sha256').update([...nuds].sort().join('\n')).digest('hex');
}
