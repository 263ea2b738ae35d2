// Small hand-made tables for the disclosure tests: a category dimension, a geography with its two hierarchies.
import type { Cell, Dimension, Release, Table } from '../../../disclosure/index.ts';

export function category(name: string, leaves: string[]): Dimension {
  return { name, root: '_T', codes: ['_T', ...leaves], relations: [{ total: '_T', parts: leaves }] };
}

/** Geography from communes → [département, EPCI or null]; régions omitted (one région = FR). */
export function geo(communes: Record<string, [string, string | null]>): Dimension {
  const deps = new Map<string, string[]>();
  const epcis = new Map<string, string[]>();
  for (const [c, [d, e]] of Object.entries(communes)) {
    deps.set(d, [...(deps.get(d) ?? []), `COM:${c}`]);
    if (e) epcis.set(e, [...(epcis.get(e) ?? []), `COM:${c}`]);
  }
  return {
    name: 'geo', root: 'FR', unitLevel: true,
    codes: ['FR', ...[...deps.keys()].map((d) => `DEP:${d}`), ...[...epcis.keys()].map((e) => `EPCI:${e}`), ...Object.keys(communes).map((c) => `COM:${c}`)],
    relations: [
      { total: 'FR', parts: [...deps.keys()].map((d) => `DEP:${d}`) },
      ...[...deps].map(([d, parts]) => ({ total: `DEP:${d}`, parts })),
      ...[...epcis].map(([e, parts]) => ({ total: `EPCI:${e}`, parts })),
    ],
  };
}

export function table(id: string, dimensions: Dimension[], counts: Record<string, number>, measure = 'requests'): Table {
  const cells: Cell[] = Object.entries(counts).map(([k, count]) => ({ coords: k.split('|'), count }));
  return { id, measure, dimensions, cells };
}

/** Published value of a cell of a protected table. */
export function published(release: Release, tableId: string, coords: string): number | 's' | undefined {
  const t = release.tables.find((x) => x.table.id === tableId)!;
  const i = t.table.cells.findIndex((c) => c.coords.join('|') === coords);
  return i < 0 ? undefined : t.values[i];
}

export function suppressedCells(release: Release, tableId: string): string[] {
  const t = release.tables.find((x) => x.table.id === tableId)!;
  return t.table.cells.filter((_, i) => t.values[i] === 's').map((c) => c.coords.join('|')).sort();
}
