// Kysely types and DDL of the two universes. They are the contract between the ETL that writes them and the
// parts that read them: change a table here, and everything that reads it sees the change at compile time.
//
// The detailed universe is nominative and keyed by NUD. The aggregated universe holds grouped counts only:
// no NUD, no name, no birth date, no address, no e-mail, no exact resources, no nature of a handicap.
// The NIR exists in neither.

/** A DATE column as the DuckDB client returns it once converted by the reader (ISO `YYYY-MM-DD`). */
export type IsoDate = string;

export interface SnapshotTable {
  as_of: IsoDate; // "Données du": the date the extract describes
  loaded_at: string; // ISO timestamp of the load
  source: string; // where the extract came from (folder name, not a path with personal information)
}

// ---- detailed universe ---------------------------------------------------------------------------------------

export interface RequestTable {
  nud: string; // 18 characters, primary key
  filed_on: IsoDate;
  renewed_on: IsoDate | null;
  radiated_on: IsoDate | null;
  radiation_motive: string | null; // codes.radiationMotive
  last_name: string;
  first_name: string;
  birth_date: IsoDate;
  sex: string; // F | M
  marital_status: string; // codes.maritalStatus
  nationality: string; // codes.nationality
  address: string;
  postal_code: string;
  email: string | null;
  household_size: number;
  adults: number;
  children: number;
  employment: string; // codes.employment
  monthly_resources: number; // euros per month, whole household
  current_housing: string; // codes.currentHousing
  reason: string; // codes.reason, main reason
  typology: string; // codes.typology
  handicap: boolean;
  handicap_nature: string | null; // codes.handicapNature: sensitive, detailed universe only
  mutation: boolean; // already a social tenant
  landlord_siren: string | null; // SIREN of the current social landlord when mutation
  dalo: string; // codes.dalo
  priority: boolean; // recognised priority public (L.441-1 criteria)
  collective_agreement: string | null; // codes.collectiveAgreement
  first_commune: string; // the main wished commune (choice rank 1)
}

/** Wished communes in order; rank 1 is the main one. Habilitations are checked against these. */
export interface RequestChoiceTable {
  nud: string;
  rank: number;
  commune: string;
}

export interface AttributionTable {
  nud: string;
  attributed_on: IsoDate;
  rpls_id: string; // 10 characters, dwelling id in the RPLS
  commune: string; // commune of the dwelling
  typology: string; // codes.typology of the dwelling
  reservation: string; // codes.reservation
}

export interface DetailedDB {
  snapshot: SnapshotTable;
  requests: RequestTable;
  request_choices: RequestChoiceTable;
  attributions: AttributionTable;
}

// ---- aggregated universe --------------------------------------------------------------------------------------

/** Reference geography (public data), so that aggregated queries can roll communes up without the detailed side. */
export interface GeoCommuneTable {
  commune: string;
  dep: string;
  reg: string;
  epci: string | null;
}

/**
 * Requests grouped by every dimension the dashboards use. `n` is the number of requests in the group.
 * Geography is the first-choice commune (choices of other ranks double-count and are never summed).
 */
export interface RequestFactTable {
  commune: string;
  filed_month: IsoDate; // first day of the month of filing
  radiated_month: IsoDate | null; // first day of the month of radiation, null while active
  radiation_motive: string | null;
  typology: string;
  age_class: string; // codes.ageClass, age at the snapshot date
  household_class: string; // codes.householdClass
  household_size: string; // codes.householdSize
  resource_class: string; // codes.resourceClass
  reason: string;
  current_housing: string;
  employment: string;
  mutation: boolean;
  dalo: boolean; // DALO decision in force (ACTIF or ACTREL)
  priority: boolean;
  handicap: boolean; // the flag only, never its nature
  n: number;
  sum_wait_days: number; // days from filing to radiation, or to the snapshot date while active
}

/** Attributions grouped; geography is the dwelling's commune. */
export interface AttributionFactTable {
  commune: string;
  attributed_month: IsoDate;
  typology: string;
  reservation: string;
  mutation: boolean;
  dalo: boolean;
  priority: boolean;
  wait_months: number; // whole months from filing to attribution (medians are computed from these groups)
  n: number;
  sum_wait_days: number;
}

export interface AggregatedDB {
  snapshot: SnapshotTable;
  geo_commune: GeoCommuneTable;
  request_facts: RequestFactTable;
  attribution_facts: AttributionFactTable;
}

/** Columns that must never appear in the aggregated universe, whatever table they would be in. */
export const PERSONAL_COLUMNS = [
  'nud', 'nir', 'last_name', 'first_name', 'birth_date', 'address', 'postal_code', 'email',
  'monthly_resources', 'handicap_nature', 'landlord_siren', 'rpls_id',
] as const;

export const DETAILED_DDL = `
CREATE TABLE snapshot (as_of DATE NOT NULL, loaded_at TIMESTAMP NOT NULL, source VARCHAR NOT NULL);
CREATE TABLE requests (
  nud VARCHAR PRIMARY KEY, filed_on DATE NOT NULL, renewed_on DATE, radiated_on DATE, radiation_motive VARCHAR,
  last_name VARCHAR NOT NULL, first_name VARCHAR NOT NULL, birth_date DATE NOT NULL, sex VARCHAR NOT NULL,
  marital_status VARCHAR NOT NULL, nationality VARCHAR NOT NULL, address VARCHAR NOT NULL, postal_code VARCHAR NOT NULL,
  email VARCHAR, household_size INTEGER NOT NULL, adults INTEGER NOT NULL, children INTEGER NOT NULL,
  employment VARCHAR NOT NULL, monthly_resources INTEGER NOT NULL, current_housing VARCHAR NOT NULL,
  reason VARCHAR NOT NULL, typology VARCHAR NOT NULL, handicap BOOLEAN NOT NULL, handicap_nature VARCHAR,
  mutation BOOLEAN NOT NULL, landlord_siren VARCHAR, dalo VARCHAR NOT NULL, priority BOOLEAN NOT NULL,
  collective_agreement VARCHAR, first_commune VARCHAR NOT NULL
);
CREATE TABLE request_choices (nud VARCHAR NOT NULL, rank INTEGER NOT NULL, commune VARCHAR NOT NULL);
CREATE TABLE attributions (
  nud VARCHAR NOT NULL, attributed_on DATE NOT NULL, rpls_id VARCHAR NOT NULL, commune VARCHAR NOT NULL,
  typology VARCHAR NOT NULL, reservation VARCHAR NOT NULL
);
`;

/** Indexes of the detailed universe, created once its rows are in (cheaper than maintaining them row by row):
 * the habilitation check of every detailed query looks up a request's wished communes by NUD. Without the index on
 * request_choices (tried: its NUD order alone lets DuckDB read one row group) national lookups took 1.5 to 5 ms more
 * at p50 through the server; the 3.6 s it costs a national load were judged the better price. */
export const DETAILED_INDEXES = `
CREATE INDEX request_choices_nud ON request_choices (nud);
CREATE INDEX attributions_nud ON attributions (nud);
`;

export const AGGREGATED_DDL = `
CREATE TABLE snapshot (as_of DATE NOT NULL, loaded_at TIMESTAMP NOT NULL, source VARCHAR NOT NULL);
CREATE TABLE geo_commune (commune VARCHAR PRIMARY KEY, dep VARCHAR NOT NULL, reg VARCHAR NOT NULL, epci VARCHAR);
CREATE TABLE request_facts (
  commune VARCHAR NOT NULL, filed_month DATE NOT NULL, radiated_month DATE, radiation_motive VARCHAR,
  typology VARCHAR NOT NULL, age_class VARCHAR NOT NULL, household_class VARCHAR NOT NULL, household_size VARCHAR NOT NULL,
  resource_class VARCHAR NOT NULL, reason VARCHAR NOT NULL, current_housing VARCHAR NOT NULL, employment VARCHAR NOT NULL,
  mutation BOOLEAN NOT NULL, dalo BOOLEAN NOT NULL, priority BOOLEAN NOT NULL, handicap BOOLEAN NOT NULL,
  n INTEGER NOT NULL, sum_wait_days BIGINT NOT NULL
);
CREATE TABLE attribution_facts (
  commune VARCHAR NOT NULL, attributed_month DATE NOT NULL, typology VARCHAR NOT NULL, reservation VARCHAR NOT NULL,
  mutation BOOLEAN NOT NULL, dalo BOOLEAN NOT NULL, priority BOOLEAN NOT NULL, wait_months INTEGER NOT NULL,
  n INTEGER NOT NULL, sum_wait_days BIGINT NOT NULL
);
`;
