// What a predefined dashboard is, as data: a title, notes, and blocks that each read cells of the release (or
// derive a statistic from published cells only). The view (view.ts) turns a definition, a geography and a period into
// rows; the chart (chart.ts) draws the rows. No block may compute a number from anything but the release.

/** A release table, or a pair: `fine` (down to the département, finer categories or periods) when the geography
 *  is France, a région or a département, `coarse` (down to the commune) otherwise; `coarse: null` when the block is
 *  published from the département up only (the view then leaves it out and says so in its notes). */
export type TableChoice = string | { fine: string; coarse: string | null };

export interface CellsBlock {
  kind: 'cells';
  indicator: string; // French label of what the block shows
  table: TableChoice;
  /** Flows: one row per month of the chosen period (when the table publishes months at this geography). */
  series?: boolean;
}

/** Mean wait (sum of waiting days / count), published only when both are published. */
export interface MeanBlock {
  kind: 'mean';
  indicator: string;
  table: TableChoice;
  unit: 'mois' | 'jours';
}

/** Median wait in months to attribution, published only when its count cell is. */
export interface MedianBlock {
  kind: 'median';
  indicator: string;
  table: TableChoice;
}

/** numerator / denominator over the same coordinates; `s` when either is suppressed; undefined when the denominator
 *  is 0. `byCategory` repeats it for each category of the denominator table; `children` for the units one level down. */
export interface RatioBlock {
  kind: 'ratio';
  indicator: string;
  numerator: string; // release table
  denominator: string; // release table
  byCategory?: boolean;
  children?: boolean;
}

export type Block = CellsBlock | MeanBlock | MedianBlock | RatioBlock;

export interface DashboardDefinition {
  id: string;
  title: string;
  description: string;
  /** Stocks are at the snapshot date whatever the chosen period; flows follow the period. */
  periodKind: 'stock' | 'flow' | 'both';
  notes: string[];
  blocks: Block[];
}
