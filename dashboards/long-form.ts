// The long form of a published table (issue 3): semicolon CSV, header `measure;period;geo;<other dimensions>;value`,
// geography prefixed by level, `_T` for category totals, `value` an integer or `s`, the source line last.
// Cells absent from the table are zero cells. Rows follow the dimensions' code order, so files diff well.
import type { Dimension, PublishedValue } from '../disclosure/model.ts';
import { AGGREGATED_UNIVERSE_NAME, formatSourceLine, todayInParis } from '../disclosure/source-line.ts';

export interface LongFormSource {
  measure: string;
  dimensions: Dimension[]; // period first, geo second, then categories
  values: Map<string, PublishedValue>;
}

export function sourceLineFor(asOf: string, editionDate: string = todayInParis()): string {
  return formatSourceLine({ universe: AGGREGATED_UNIVERSE_NAME, dataDate: asOf, editionDate });
}

/** Keys sorted by each dimension's code order. */
export function orderedKeys(dimensions: Dimension[], keys: Iterable<string>): string[] {
  const rank = dimensions.map((d) => new Map(d.codes.map((c, i) => [c, i])));
  const coords = [...keys].map((k) => ({ k, c: k.split('\u0001').map((code, d) => rank[d].get(code) ?? Number.MAX_SAFE_INTEGER) }));
  coords.sort((a, b) => {
    for (let d = 0; d < a.c.length; d++) if (a.c[d] !== b.c[d]) return a.c[d] - b.c[d];
    return 0;
  });
  return coords.map((x) => x.k);
}

export function writeLongForm(t: LongFormSource, asOf: string, editionDate?: string): string {
  const header = ['measure', ...t.dimensions.map((d) => d.name), 'value'];
  const lines = [header.join(';')];
  for (const key of orderedKeys(t.dimensions, t.values.keys())) {
    lines.push([t.measure, ...key.split('\u0001'), String(t.values.get(key))].join(';'));
  }
  lines.push(sourceLineFor(asOf, editionDate));
  return `${lines.join('\n')}\n`;
}
