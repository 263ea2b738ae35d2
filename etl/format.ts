// The registry extract format (docs/extract-format.md): two semicolon-separated UTF-8 CSV files with a header, as
// French administrations export them. The generator writes these columns and the loader reads them; the mapping
// onto universes/schema.ts is given here once.

export const REQUESTS_FILE = 'demandes.csv';
export const ATTRIBUTIONS_FILE = 'attributions.csv';
export const SEPARATOR = ';';
/** Separator between the wished communes of one request, in order (first = main choice). */
export const CHOICE_SEPARATOR = '|';
/** Accepted on read and dropped at once: the NIR is never stored (seed 001). */
export const NIR_COLUMN = 'nir';

/** Extract column → detailed-universe column of `requests` (null: handled apart). */
export const REQUEST_COLUMNS = {
  numero_unique: 'nud',
  date_depot: 'filed_on',
  date_renouvellement: 'renewed_on',
  date_radiation: 'radiated_on',
  motif_radiation: 'radiation_motive',
  nom: 'last_name',
  prenom: 'first_name',
  date_naissance: 'birth_date',
  sexe: 'sex',
  situation_familiale: 'marital_status',
  nationalite: 'nationality',
  adresse: 'address',
  code_postal: 'postal_code',
  courriel: 'email',
  taille_menage: 'household_size',
  nb_adultes: 'adults',
  nb_enfants: 'children',
  situation_professionnelle: 'employment',
  ressources_mensuelles: 'monthly_resources',
  logement_actuel: 'current_housing',
  motif_demande: 'reason',
  typologie: 'typology',
  handicap: 'handicap',
  nature_handicap: 'handicap_nature',
  mutation: 'mutation',
  siren_bailleur: 'landlord_siren',
  dalo: 'dalo',
  public_prioritaire: 'priority',
  accord_collectif: 'collective_agreement',
  communes_souhaitees: null, // → requests.first_commune and request_choices
} as const;

export const ATTRIBUTION_COLUMNS = {
  numero_unique: 'nud',
  date_attribution: 'attributed_on',
  identifiant_rpls: 'rpls_id',
  commune: 'commune',
  typologie: 'typology',
  reservataire: 'reservation',
} as const;

export type RequestColumn = keyof typeof REQUEST_COLUMNS;
export type AttributionColumn = keyof typeof ATTRIBUTION_COLUMNS;
export const REQUEST_HEADER = Object.keys(REQUEST_COLUMNS) as RequestColumn[];
export const ATTRIBUTION_HEADER = Object.keys(ATTRIBUTION_COLUMNS) as AttributionColumn[];

/** Columns holding personal data (docs/extract-format.md); they never reach the aggregated universe. */
export const PERSONAL_EXTRACT_COLUMNS: readonly string[] = [
  'numero_unique', 'nom', 'prenom', 'date_naissance', 'adresse', 'code_postal', 'courriel', 'ressources_mensuelles',
  'nature_handicap', 'siren_bailleur', 'identifiant_rpls', NIR_COLUMN,
];

/** Yes/no flags are written O (oui) or N (non). */
export const YES = 'O';
export const NO = 'N';
