// The release tables of a snapshot, as data. Every number a dashboard shows is a cell of one of these tables, and
// they are protected together (linked by measure + non-root coordinates), so a cell seen in two dashboards is
// published in both or suppressed in both.
//
// Granularity is chosen so the whole national release stays protectable in a minute (docs/dashboards.md):
// - stocks are counted at the snapshot date, down to the commune, one category at a time (coarse groups for reasons);
//   crossed or detailed categories stop at the département;
// - flows (new requests, radiations, attributions) are monthly (months, quarters, years, rolling 12 months) down
//   to the département, and over the rolling 12 months only at EPCI and commune level;
// - at EPCI and commune level, only what matters most there: stock by typology, seniority, reason group, household,
//   resources, mutation, priority publics; new requests, radiations by motive and attributions by typology over 12
//   months. The rest (age class, attributions by reservation, mutation or public) stops at the département.
import type { CategoryName, CategoryUse } from './categories.ts';
import type { GeoDepth } from './geo.ts';

export type FactSource = 'stock' | 'new' | 'radiations' | 'attributions';

const MEASURES = {
  requests_active: 'Demandes actives',
  requests_new: 'Demandes nouvelles',
  radiations: 'Radiations',
  attributions: 'Attributions',
} as const;

export type Measure = keyof typeof MEASURES;

const MEASURE_OF: Record<FactSource, Measure> = {
  stock: 'requests_active', new: 'requests_new', radiations: 'radiations', attributions: 'attributions',
};

export interface ReleaseTableSpec {
  id: string;
  measure: Measure;
  source: FactSource;
  geo: GeoDepth;
  /** Flows only: months, quarters and years as well as the rolling 12 months. */
  finePeriods: boolean;
  categories: CategoryUse[];
  /** Sum of waiting days, from which mean waits are published. */
  waitDays: boolean;
  /** Median wait in months, published for the table's category totals (attributions). */
  medianWait: boolean;
}

interface SpecInput {
  source: FactSource;
  geo: GeoDepth;
  fine?: boolean;
  cats?: (CategoryName | [CategoryName, 'group'])[];
  waitDays?: boolean;
  medianWait?: boolean;
}

function spec(id: string, s: SpecInput): ReleaseTableSpec {
  return {
    id, measure: MEASURE_OF[s.source], source: s.source, geo: s.geo, finePeriods: s.fine ?? false,
    categories: (s.cats ?? []).map((c) => Array.isArray(c) ? { category: c[0], level: c[1] } : { category: c, level: 'detail' }),
    waitDays: s.waitDays ?? false, medianWait: s.medianWait ?? false,
  };
}

export const RELEASE_TABLES: readonly ReleaseTableSpec[] = [
  // stocks at the snapshot date
  spec('stock_typology', { source: 'stock', geo: 'COM', cats: ['typology'] }),
  spec('stock_seniority', { source: 'stock', geo: 'COM', cats: ['seniority'], waitDays: true }),
  spec('stock_reason_group', { source: 'stock', geo: 'COM', cats: [['reason', 'group']] }),
  spec('stock_reason', { source: 'stock', geo: 'DEP', cats: ['reason'] }),
  spec('stock_household', { source: 'stock', geo: 'COM', cats: ['household'] }),
  spec('stock_age', { source: 'stock', geo: 'DEP', cats: ['age'] }),
  spec('stock_household_age', { source: 'stock', geo: 'DEP', cats: ['household', 'age'] }),
  spec('stock_resources', { source: 'stock', geo: 'COM', cats: ['resources'] }),
  spec('stock_resources_typology', { source: 'stock', geo: 'DEP', cats: ['resources', 'typology'] }),
  spec('stock_mutation', { source: 'stock', geo: 'COM', cats: ['mutation'] }),
  spec('stock_publics', { source: 'stock', geo: 'COM', cats: ['dalo', 'priority'] }),
  // new requests
  spec('new_monthly', { source: 'new', geo: 'DEP', fine: true, cats: ['mutation'] }),
  spec('new_12m', { source: 'new', geo: 'COM', cats: ['mutation'] }),
  // radiations
  spec('radiations_monthly', { source: 'radiations', geo: 'DEP', fine: true, cats: ['motive'] }),
  spec('radiations_12m', { source: 'radiations', geo: 'COM', cats: ['motive'] }),
  // attributions
  spec('attributions_monthly_typology', { source: 'attributions', geo: 'DEP', fine: true, cats: ['typology'], waitDays: true, medianWait: true }),
  spec('attributions_monthly_reservation', { source: 'attributions', geo: 'DEP', fine: true, cats: ['reservation'] }),
  spec('attributions_monthly_mutation', { source: 'attributions', geo: 'DEP', fine: true, cats: ['mutation'] }),
  spec('attributions_monthly_publics', { source: 'attributions', geo: 'DEP', fine: true, cats: ['dalo', 'priority'] }),
  spec('attributions_12m_typology', { source: 'attributions', geo: 'COM', cats: ['typology'], waitDays: true, medianWait: true }),
];
