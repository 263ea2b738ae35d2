// The SQL of the detailed routes. The habilitation is part of every query: a request is visible only when one of
// its wished communes (request_choices) is in the list of communes passed as a parameter — a semi-join evaluated by
// DuckDB, never a filter applied to rows already read. `communes: null` is a national habilitation.
import { listValue } from '@duckdb/node-api';
import { sql, type SelectQueryBuilder } from 'kysely';
import type { DetailedDB, RequestTable, Universe } from '../../universes/index.ts';

type RequestsQuery<O> = SelectQueryBuilder<DetailedDB & { r: RequestTable }, 'r', O>;

export interface SearchFilters {
  /** Communes the search is restricted to: the habilitation, or its intersection with a requested area. */
  communes: string[] | null;
  status?: 'active' | 'radiated';
  typology?: string;
  dalo?: string;
  priority?: boolean;
  filedFrom?: string;
  filedTo?: string;
  /** Prefix of the last name, letters only (validated by the route). */
  name?: string;
}

/** Fields of a search result: enough to identify the file and triage it, nothing sensitive. */
export const SUMMARY_COLUMNS = [
  'nud', 'last_name', 'first_name', 'filed_on', 'renewed_on', 'radiated_on', 'radiation_motive', 'first_commune',
  'typology', 'household_size', 'dalo', 'priority', 'mutation',
] as const satisfies readonly (keyof RequestTable)[];

/**
 * Fields an extraction may carry. The nature of a handicap (health data) is shown one file at a time by the NUD
 * lookup only, never in lists or bulk extractions; the handicap flag is exported.
 */
export const EXPORT_COLUMNS = [
  'nud', 'filed_on', 'renewed_on', 'radiated_on', 'radiation_motive', 'last_name', 'first_name', 'birth_date', 'sex',
  'marital_status', 'nationality', 'address', 'postal_code', 'email', 'household_size', 'adults', 'children', 'employment',
  'monthly_resources', 'current_housing', 'reason', 'typology', 'handicap', 'mutation', 'landlord_siren', 'dalo',
  'priority', 'collective_agreement', 'first_commune',
] as const satisfies readonly (keyof RequestTable)[];
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

function communeList(communes: string[]) {
  return sql<boolean>`c.commune IN (SELECT unnest(${listValue(communes)}::VARCHAR[]))`;
}

/** The habilitation clause of lists: a semi-join of the requests on their wished communes in the territory. */
function withinTerritory<O>(qb: RequestsQuery<O>, communes: string[] | null): RequestsQuery<O> {
  if (communes === null) return qb;
  return qb.where('r.nud', 'in', (eb) => eb.selectFrom('request_choices as c').select('c.nud').where(communeList(communes)));
}

/**
 * The habilitation clause of a lookup: the same rule for one NUD, written so that DuckDB reads only that request's
 * wished communes (an uncorrelated EXISTS on `c.nud = $nud`, which an index on request_choices(nud) serves) instead
 * of joining every choice of the territory.
 */
function oneWithinTerritory<O>(qb: RequestsQuery<O>, nud: string, communes: string[] | null): RequestsQuery<O> {
  if (communes === null) return qb;
  return qb.where(({ exists, selectFrom }) => exists(selectFrom('request_choices as c').select(sql`1`.as('one'))
    .where('c.nud', '=', nud).where(sql<boolean>`list_contains(${listValue(communes)}::VARCHAR[], c.commune)`)));
}

function filtered<O>(qb: RequestsQuery<O>, f: SearchFilters): RequestsQuery<O> {
  let q = withinTerritory(qb, f.communes);
  if (f.status === 'active') q = q.where('r.radiated_on', 'is', null);
  if (f.status === 'radiated') q = q.where('r.radiated_on', 'is not', null);
  if (f.typology !== undefined) q = q.where('r.typology', '=', f.typology);
  if (f.dalo !== undefined) q = q.where('r.dalo', '=', f.dalo);
  if (f.priority !== undefined) q = q.where('r.priority', '=', f.priority);
  if (f.filedFrom !== undefined) q = q.where(sql<boolean>`r.filed_on >= CAST(${f.filedFrom} AS DATE)`);
  if (f.filedTo !== undefined) q = q.where(sql<boolean>`r.filed_on <= CAST(${f.filedTo} AS DATE)`);
  if (f.name !== undefined) q = q.where(sql<boolean>`starts_with(lower(r.last_name), ${f.name.toLowerCase()})`);
  return q;
}

export async function lookup(u: Universe<DetailedDB>, nud: string, communes: string[] | null) {
  const [request] = await u.all(oneWithinTerritory(u.q.selectFrom('requests as r').selectAll('r').where('r.nud', '=', nud), nud, communes));
  if (!request) return undefined;
  const choices = await u.all(u.q.selectFrom('request_choices').select(['rank', 'commune']).where('nud', '=', nud).orderBy('rank'));
  const attributions = await u.all(u.q.selectFrom('attributions')
    .select(['attributed_on', 'rpls_id', 'commune', 'typology', 'reservation']).where('nud', '=', nud).orderBy('attributed_on'));
  return { request, choices, attributions };
}

export async function count(u: Universe<DetailedDB>, f: SearchFilters): Promise<number> {
  const [row] = await u.all(filtered(u.q.selectFrom('requests as r'), f).select((eb) => eb.fn.countAll<number>().as('n')));
  return Number(row?.n ?? 0);
}

/** One page in NUD order, keyset-paginated: `after` is the last NUD of the previous page. */
export async function page(u: Universe<DetailedDB>, f: SearchFilters, after: string | undefined, limit: number) {
  let q = filtered(u.q.selectFrom('requests as r'), f).select(SUMMARY_COLUMNS.map((c) => `r.${c}` as const));
  if (after !== undefined) q = q.where('r.nud', '>', after);
  return u.all(q.orderBy('r.nud').limit(limit));
}

/** The rows of an extraction (at most `max`), with the wished communes in rank order as `wished_communes`. */
export async function extraction(u: Universe<DetailedDB>, f: SearchFilters, columns: readonly ExportColumn[], max: number) {
  const q = filtered(u.q.selectFrom('requests as r'), f)
    .select(columns.map((c) => `r.${c}` as const))
    .select(sql<string>`(SELECT string_agg(w.commune, '|' ORDER BY w.rank) FROM request_choices w WHERE w.nud = r.nud)`.as('wished_communes'))
    .orderBy('r.nud').limit(max);
  return u.all(q) as Promise<Record<string, unknown>[]>;
}
