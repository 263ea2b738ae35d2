// The table model every part speaks to the disclosure engine in. Pure data: no database, no I/O.
//
// A dimension lists its codes and the additive relations among them: `total = sum(parts)`. A hierarchy is a set of
// relations; a dimension may carry several that are not nested (geography: commune → département → région → FR,
// and commune → EPCI → FR, where some EPCI straddle two départements). Category dimensions have the root `_T`.
//
// Cells of different tables are the same cell when they have the same measure and the same non-root coordinates:
// a table without a `typology` dimension is the `typology = _T` slice of one that has it. That identity is what
// links the tables of one release, so a cell is published in every table or suppressed in every table.

export interface Relation {
  total: string;
  parts: string[];
}

export interface Dimension {
  name: string; // canonical across tables: 'geo', 'period', 'typology', 'age_class'…
  root: string; // the grand total: '_T' for categories, 'FR' for geography
  codes: string[]; // every code the table uses, root included
  relations: Relation[];
  /** Codes whose unit as a whole is confidential when its total is under the threshold (geographic units). */
  unitLevel?: boolean;
}

export interface Cell {
  coords: string[]; // one code per dimension, in the table's dimension order
  count: number; // contributors: requests (or attributions)
  magnitudes?: Record<string, number>; // sums from which means are published, e.g. sum_wait_days
}

export interface Table {
  id: string; // stable name of the table within a release, e.g. 'stock_by_typology'
  measure: string; // what is counted: 'requests_active', 'attributions'…
  dimensions: Dimension[];
  cells: Cell[]; // missing combinations count 0
}

/** Engine settings; validated at the edges (config, CLI flags). */
export interface DisclosureOptions {
  threshold: number; // default 10: cells with 1 … threshold-1 contributors are confidential
}

export const DEFAULT_OPTIONS: DisclosureOptions = { threshold: 10 };

/** What leaves the engine for one cell. Suppressed cells carry no reason: primary and complementary look alike. */
export type PublishedValue = number | 's';

export const SUPPRESSED = 's' as const;
