// The long form (issue 3), the one interchange form for tables: semicolon CSV, header
// `measure;period;geo;<one column per other dimension>;value`, geography codes prefixed by level (`FR`, `REG:84`,
// `DEP:45`, `EPCI:200000172`, `COM:45001`), `_T` for the total of a category dimension, `value` an integer or `s`, and
// the mandatory source line as the last line.
//
// Reading is lenient where a user's file may reasonably differ and strict everywhere else, with the line number in
// every error: `measure` and `period` are optional (a table to protect often has neither), columns may come in any
// order, fields may be double-quoted, blank lines are ignored. A line starting with `Source` is a source line
// candidate, never a data row (`check` judges its form and place).
import { error } from '../registry/index.ts';
import { restCode, type Unlisted } from './dimension-closure.ts';
import { frenchGeoDimension, GEO_DIMENSION } from './french-geography.ts';
import { treeDimension, type Hierarchies } from './hierarchy-file.ts';
import { SUPPRESSED, type Dimension, type PublishedValue, type Table } from './model.ts';
import { PERIOD_DIMENSION, periodDimension, TOTAL_CODE } from './period-dimension.ts';
import type { ProtectedTable, PublishedTable } from './release.ts';
import { parseSourceLine, type SourceLine } from './source-line.ts';

export const MEASURE_COLUMN = 'measure';
export const VALUE_COLUMN = 'value';
export const DEFAULT_MEASURE = 'count';

export interface LongFormRow {
  line: number; // 1-based line in the file
  measure: string;
  codes: string[]; // one per dimension column, in `columns` order
  value: PublishedValue;
}

export interface SourceCandidate {
  line: number;
  text: string;
  parsed?: SourceLine; // undefined when not of the mandatory form or with an impossible date
}

export interface LongForm {
  name: string; // the file's name, for messages
  header: string[]; // every column, as written
  columns: string[]; // the dimension columns, in file order
  hasMeasure: boolean;
  rows: LongFormRow[];
  sources: SourceCandidate[];
  lastLine?: { line: number; text: string }; // last non-blank line
}

export interface ReadOptions {
  name?: string;
  /** 'counts': a table to protect (integers only); 'published': integers or `s`. */
  values: 'counts' | 'published';
  /** Measure of every row when the file has no `measure` column. */
  measure?: string;
}

const SOURCE_START = /^Source\b/i;

function splitFields(raw: string): string[] {
  return raw.split(';').map((f) => {
    const t = f.trim();
    return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/""/g, '"').trim() : t;
  });
}

export function readLongForm(text: string, options: ReadOptions): LongForm {
  const name = options.name ?? 'table.csv';
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  if (headerAt < 0 || SOURCE_START.test(lines[headerAt].trim())) throw error('DISC_LF_EMPTY', [name]);
  const header = splitFields(lines[headerAt]);
  const lower = header.map((h) => h.toLowerCase());
  const badHeader = (what: string): never => { throw error('DISC_LF_HEADER', [name, what]); };
  if (lower.filter((h) => h === VALUE_COLUMN).length !== 1) badHeader(`une et une seule colonne « value » attendue dans « ${lines[headerAt]} »`);
  if (lower.filter((h) => h === MEASURE_COLUMN).length > 1) badHeader('colonne « measure » en double');
  header.forEach((h, i) => {
    if (h === '') badHeader(`colonne ${i + 1} sans nom`);
    if (lower.indexOf(h.toLowerCase()) !== i) badHeader(`colonne « ${h} » en double`);
  });
  const valueAt = lower.indexOf(VALUE_COLUMN);
  const measureAt = lower.indexOf(MEASURE_COLUMN);
  const dimAt = header.map((_, i) => i).filter((i) => i !== valueAt && i !== measureAt);
  // Canonical names are lower case for the two the engine knows (geo, period); others are kept as written.
  const columns = dimAt.map((i) => ([GEO_DIMENSION, PERIOD_DIMENSION].includes(lower[i]) ? lower[i] : header[i]));
  const rows: LongFormRow[] = [];
  const sources: SourceCandidate[] = [];
  const seen = new Map<string, number>();
  let lastLine: LongForm['lastLine'];
  for (let i = headerAt + 1; i < lines.length; i++) {
    const raw = lines[i];
    const line = i + 1;
    if (raw.trim() === '') continue;
    lastLine = { line, text: raw.trim() };
    if (SOURCE_START.test(raw.trim())) {
      sources.push({ line, text: raw.trim(), parsed: parseSourceLine(raw) });
      continue;
    }
    const fields = splitFields(raw);
    if (fields.length !== header.length) throw error('DISC_LF_COLUMNS', [name, line, fields.length, header.length]);
    fields.forEach((f, c) => { if (f === '' && c !== valueAt) throw error('DISC_LF_EMPTY_CODE', [name, line, header[c]]); });
    const measure = measureAt >= 0 ? fields[measureAt] : options.measure ?? DEFAULT_MEASURE;
    const codes = dimAt.map((c) => fields[c]);
    const value = parseValue(fields[valueAt], options.values, name, line);
    const key = [measure, ...codes].join('\u0001');
    const before = seen.get(key);
    if (before !== undefined) throw error('DISC_LF_DUPLICATE', [name, line, describe(columns, codes), before]);
    seen.set(key, line);
    rows.push({ line, measure, codes, value });
  }
  if (rows.length === 0) throw error('DISC_LF_NO_ROWS', [name]);
  return { name, header, columns, hasMeasure: measureAt >= 0, rows, sources, lastLine };
}

function parseValue(text: string, kind: ReadOptions['values'], name: string, line: number): PublishedValue {
  if (kind === 'published' && text === SUPPRESSED) return SUPPRESSED;
  if (/^\d+$/.test(text)) {
    const v = Number(text);
    if (Number.isSafeInteger(v)) return v;
  }
  throw error('DISC_LF_VALUE', [name, line, text, kind === 'counts' ? 'un effectif entier positif ou nul' : 'un entier positif ou nul, ou s']);
}

/** `geo=COM:45001 × typology=T2`, for messages. */
export function describe(columns: string[], codes: string[]): string {
  return codes.map((c, i) => `${columns[i]}=${c}`).join(' × ');
}

// ---- from rows to tables ----------------------------------------------------------------------------------------

export interface DimensionSources {
  /** Hierarchies of category dimensions (H.csv). */
  hierarchies?: Hierarchies;
  /**
   * Dimensions known per measure, then by name (the official release's): their relations and root are reused, so a
   * cell has the identity of the release's (the period of stocks is a date, that of attributions `12M`).
   */
  known?: Map<string, Map<string, Dimension>>;
  /** Data date (from the source line or an option): the end of `12M`. */
  dataDate?: string;
  unlisted: Unlisted;
  /** Codes to include beyond those the rows mention, per measure then dimension name (cells of a linked table). */
  extraCodes?: Map<string, Map<string, string[]>>;
}

export interface BuiltDimension {
  dimension: Dimension;
  /** Codes added for the engine only, never written out (a hidden period total, rest codes). */
  hidden: Set<string>;
}

/** The first line mentioning a code in a column, for error messages. */
function firstLine(lf: LongForm, rows: LongFormRow[], column: number, code: string): number {
  return rows.find((r) => r.codes[column] === code)?.line ?? 0;
}

export function buildDimension(lf: LongForm, rows: LongFormRow[], column: number, sources: DimensionSources, measure: string): BuiltDimension {
  const name = lf.columns[column];
  const mentioned = [...new Set([...rows.map((r) => r.codes[column]), ...(sources.extraCodes?.get(measure)?.get(name) ?? [])])];
  const { unlisted } = sources;
  const listed = new Set(mentioned);
  const restHidden = (d: Dimension): BuiltDimension => ({ dimension: d, hidden: new Set(d.codes.filter((c) => c.includes('~') && !listed.has(c))) });
  if (name === GEO_DIMENSION) {
    return restHidden(frenchGeoDimension(mentioned, unlisted, (code, reason) => {
      throw error('DISC_LF_GEO', [lf.name, firstLine(lf, rows, column, code), code, reason === 'malformed' ? 'mal formé' : 'inconnu du découpage administratif en vigueur']);
    }));
  }
  const tree = sources.hierarchies?.get(name);
  if (tree) {
    return restHidden(treeDimension(name, tree, mentioned, unlisted, (code) => {
      throw error('DISC_HIER_UNKNOWN_CODE', [lf.name, firstLine(lf, rows, column, code), code, name]);
    }));
  }
  const known = sources.known?.get(measure)?.get(name);
  if (known) return restHidden(knownDimension(known, mentioned, unlisted));
  if (name === PERIOD_DIMENSION) {
    const p = periodDimension(mentioned, unlisted, sources.dataDate);
    const hidden = new Set(p.dimension.codes.filter((c) => c.includes('~')));
    if (p.hidden) hidden.add(p.dimension.root);
    return { dimension: p.dimension, hidden };
  }
  return flatDimension(name, mentioned, unlisted);
}

/**
 * A category without a hierarchy: `_T` is the sum of the other codes. Without `_T`, the total is added (a missing
 * margin). When unlisted cells are unknown, the codes a file mentions need not be all of them: a rest code stands
 * for the others.
 */
function flatDimension(name: string, mentioned: string[], unlisted: Unlisted): BuiltDimension {
  const others = mentioned.filter((c) => c !== TOTAL_CODE);
  const hidden = new Set<string>();
  if (others.length === 0) return { dimension: { name, root: TOTAL_CODE, codes: [TOTAL_CODE], relations: [] }, hidden };
  const parts = [...others];
  if (unlisted === 'unknown') {
    parts.push(restCode(TOTAL_CODE));
    hidden.add(restCode(TOTAL_CODE));
  }
  return { dimension: { name, root: TOTAL_CODE, codes: [TOTAL_CODE, ...parts], relations: [{ total: TOTAL_CODE, parts }] }, hidden };
}

/**
 * A dimension borrowed from the official release, restricted to what a table mentions (plus the root). A tree (each
 * code the part of one relation) keeps the ancestors of the mentioned codes, so that reasons mentioned without their
 * group still add up to the total; otherwise only relations among mentioned codes are kept.
 */
function knownDimension(known: Dimension, mentioned: string[], unlisted: Unlisted): Dimension {
  const parent = new Map<string, string>();
  let tree = true;
  for (const r of known.relations) {
    for (const part of r.parts) {
      if (parent.has(part)) tree = false;
      parent.set(part, r.total);
    }
  }
  if (tree && mentioned.every((c) => c === known.root || parent.has(c))) {
    return treeDimension(known.name, { root: known.root, parent, order: known.codes }, mentioned, unlisted, (code) => {
      throw new Error(`${code} hors de la dimension ${known.name}`); // excluded by the test above
    });
  }
  const present = new Set([known.root, ...mentioned]);
  const codes = [known.root, ...mentioned.filter((c) => c !== known.root)];
  const relations = known.relations.flatMap((r) => {
    if (!present.has(r.total)) return [];
    const parts = r.parts.filter((p) => present.has(p));
    if (parts.length === 0) return [];
    if (unlisted === 'unknown' && parts.length < r.parts.length) {
      const rest = restCode(r.total, `autres${known.relations.indexOf(r)}`);
      parts.push(rest);
      codes.push(rest);
    }
    return [{ total: r.total, parts }];
  });
  return { ...known, codes, relations };
}

export interface LongFormTable {
  measure: string;
  rows: LongFormRow[];
  dimensions: BuiltDimension[];
}

/** Groups the rows by measure (one table each) and builds each table's dimensions. */
export function longFormTables(lf: LongForm, sources: DimensionSources): LongFormTable[] {
  const byMeasure = new Map<string, LongFormRow[]>();
  for (const r of lf.rows) {
    const list = byMeasure.get(r.measure) ?? [];
    list.push(r);
    byMeasure.set(r.measure, list);
  }
  return [...byMeasure].map(([measure, rows]) => ({
    measure, rows, dimensions: lf.columns.map((_, c) => buildDimension(lf, rows, c, sources, measure)),
  }));
}

export function tableId(lf: LongForm, t: LongFormTable, count: number): string {
  const base = lf.name.replace(/^.*[\\/]/, '').replace(/\.csv$/i, '');
  return count > 1 ? `${base}:${t.measure}` : base;
}

/** The tables of a long form to protect (values are counts). */
export function toTables(lf: LongForm, built: LongFormTable[]): Table[] {
  return built.map((t) => ({
    id: tableId(lf, t, built.length), measure: t.measure, dimensions: t.dimensions.map((d) => d.dimension),
    cells: t.rows.map((r) => ({ coords: r.codes, count: r.value as number })),
  }));
}

/**
 * The tables of a long form as published. With `unlisted` 'unknown', every cell the file does not list is unknown
 * to the attacker, so it is listed as suppressed (the engine otherwise counts unlisted cells 0).
 */
export function toPublished(lf: LongForm, built: LongFormTable[], unlisted: Unlisted): PublishedTable[] {
  return built.map((t) => {
    const cells: PublishedTable['cells'] = t.rows.map((r) => ({ coords: r.codes, value: r.value }));
    if (unlisted === 'unknown') {
      const listed = new Set(t.rows.map((r) => r.codes.join('\u0001')));
      forEachCombination(t.dimensions.map((d) => d.dimension.codes), (coords) => {
        if (!listed.has(coords.join('\u0001'))) cells.push({ coords: [...coords], value: SUPPRESSED, unlisted: true });
      });
    }
    return { id: tableId(lf, t, built.length), measure: t.measure, dimensions: t.dimensions.map((d) => d.dimension), cells };
  });
}

function forEachCombination(codes: string[][], visit: (coords: string[]) => void): void {
  const coords = new Array<string>(codes.length);
  const walk = (d: number): void => {
    if (d === codes.length) {
      visit(coords);
      return;
    }
    for (const c of codes[d]) {
      coords[d] = c;
      walk(d + 1);
    }
  };
  walk(0);
}

// ---- writing ------------------------------------------------------------------------------------------------------

export interface WriteOptions {
  /** Codes per dimension name never to write (hidden totals). */
  hidden?: Map<string, Set<string>>;
}

/**
 * Writes protected tables in the long form: `measure;<dimensions in table order>;value`, rows in the dimensions' code
 * order (so files diff well), suppressed cells as `s`, and the source line last. Tables must share their dimension
 * names (as the tables of one input file do).
 */
export function formatLongForm(tables: ProtectedTable[], sourceLine: string, options: WriteOptions = {}): string {
  const names = tables[0]?.table.dimensions.map((d) => d.name) ?? [];
  const out = [[MEASURE_COLUMN, ...names, VALUE_COLUMN].join(';')];
  for (const t of tables) {
    const dims = t.table.dimensions;
    const rank = dims.map((d) => new Map(d.codes.map((c, i) => [c, i])));
    const hidden = dims.map((d) => options.hidden?.get(d.name) ?? new Set<string>());
    const order = t.table.cells.map((_, i) => i)
      .filter((i) => t.table.cells[i].coords.every((c, d) => !hidden[d].has(c)))
      .sort((a, b) => {
        const ca = t.table.cells[a].coords;
        const cb = t.table.cells[b].coords;
        for (let d = 0; d < dims.length; d++) {
          const diff = rank[d].get(ca[d])! - rank[d].get(cb[d])!;
          if (diff !== 0) return diff;
        }
        return 0;
      });
    for (const i of order) out.push([t.table.measure, ...t.table.cells[i].coords, String(t.values[i])].join(';'));
  }
  out.push(sourceLine);
  return `${out.join('\n')}\n`;
}
