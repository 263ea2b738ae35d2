// Extraction files of the detailed universe, before encryption: CSV (UTF-8 with BOM, `;`, the source line last) and
// Arrow IPC (source line in the schema metadata). CSV cells that a spreadsheet would run as a formula (starting with
// = + - @, a tab or a carriage return) are prefixed with a quote (OWASP's CSV injection advice): a name or an address
// typed as "=HYPERLINK(…)" in a registry must not run on the analyst's computer.
import { Bool, Field, Int32, RecordBatch, Schema, Table, Utf8, tableToIPC, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import Papa from 'papaparse';
import { DETAILED_UNIVERSE_NAME, formatSourceLine, todayInParis } from '../../disclosure/index.ts';

export type ExtractFormat = 'csv' | 'arrow';

export function sanitiseCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'boolean' ? (value ? 'O' : 'N') : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function detailedSourceLine(asOf: string, now: Date): string {
  return formatSourceLine({ universe: DETAILED_UNIVERSE_NAME, dataDate: asOf, editionDate: todayInParis(now) });
}

export function extractCsv(columns: readonly string[], rows: readonly Record<string, unknown>[], source: string): Buffer {
  const body = Papa.unparse({ fields: [...columns], data: rows.map((r) => columns.map((c) => sanitiseCell(r[c]))) }, {
    delimiter: ';', newline: '\n', quotes: false,
  });
  return Buffer.from(`\uFEFF${body}\n${source}\n`, 'utf8');
}

const INTEGER_COLUMNS = new Set(['household_size', 'adults', 'children', 'monthly_resources']);
const BOOLEAN_COLUMNS = new Set(['handicap', 'mutation', 'priority']);

export function extractArrow(columns: readonly string[], rows: readonly Record<string, unknown>[], source: string, meta: Record<string, string>): Uint8Array {
  const fields: Field[] = [];
  const vectors: Record<string, Vector> = {};
  for (const c of columns) {
    const type: DataType = INTEGER_COLUMNS.has(c) ? new Int32() : BOOLEAN_COLUMNS.has(c) ? new Bool() : new Utf8();
    vectors[c] = vectorFromArray(rows.map((r) => (r[c] ?? null) as never), type) as Vector;
    fields.push(new Field(c, type, true));
  }
  const plain = new Table(vectors);
  const schema = new Schema(fields, new Map([['source', source], ...Object.entries(meta)]));
  return tableToIPC(new Table(schema, plain.batches.map((b) => new RecordBatch(schema, b.data))), 'stream');
}
