// Every error a user, an API client or a pipeline can meet, with a stable code that is never reused once
// published (retire a code by leaving it here, marked as retired). Messages are in French, for the people who use
// the infocentre; each says what to do. `%s` placeholders are filled in order.
//
// Add entries here only (never a second registry); codes are grouped by part: ETL_, DISC_, DASH_, SRV_, AUTH_, CLI_.

export interface ErrorSpec {
  code: string;
  status: number; // HTTP status when it reaches the API
  message: string;
  hint: string; // what to do about it
}

export class InfocentreError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly hint: string;
  readonly details?: unknown;

  constructor(spec: ErrorSpec, args: readonly unknown[], details?: unknown) {
    let i = 0;
    super(spec.message.replace(/%s/g, () => String(args[i++] ?? '')));
    this.name = 'InfocentreError';
    this.code = spec.code;
    this.statusCode = spec.status;
    this.hint = spec.hint;
    this.details = details;
  }

  toJSON(): { code: string; message: string; hint: string; details?: unknown } {
    return { code: this.code, message: this.message, hint: this.hint, ...(this.details === undefined ? {} : { details: this.details }) };
  }
}

function define(code: string, status: number, message: string, hint: string): ErrorSpec {
  return { code, status, message, hint };
}

export const ERRORS = {
  // ---- CLI
  CLI_BAD_OPTION: define('IC_CLI_001', 400, 'Option invalide : %s', 'Consultez `infocentre <commande> --help`.'),
  CLI_NO_SNAPSHOT: define('IC_CLI_002', 409, 'Aucun instantané chargé dans %s.', 'Chargez un extrait avec `infocentre load DOSSIER`.'),
  // ---- dashboards and exports (dashboards/)
  DASH_NO_SNAPSHOT_ROW: define('IC_DASH_001', 500, 'L\'univers agrégé doit contenir une ligne de date d\'instantané ; il en contient %s.', 'Rechargez l\'extrait avec `infocentre load DOSSIER`.'),
  DASH_UNKNOWN_COMMUNE: define('IC_DASH_002', 500, 'La commune %s (table %s) est absente du référentiel géographique de l\'univers agrégé.', 'Rechargez l\'extrait : le chargement doit rattacher chaque commune à son département et à sa région.'),
  DASH_UNKNOWN_DASHBOARD: define('IC_DASH_003', 404, 'Tableau de bord inconnu : %s.', 'Choisissez un tableau de bord de la liste (GET /api/dashboards).'),
  DASH_BAD_GEO: define('IC_DASH_004', 400, 'Territoire invalide ou inconnu : %s.', 'Indiquez FR, REG:84, DEP:45, EPCI:200000172 ou COM:45001.'),
  DASH_BAD_PERIOD: define('IC_DASH_005', 400, 'Période non publiée : %s.', 'Choisissez un mois (2026-10), un trimestre (2026-Q3), une année (2026) ou 12M parmi les périodes publiées ; les plages libres ne sont pas proposées (secret statistique).'),
  DASH_BAD_FORMAT: define('IC_DASH_006', 400, 'Format d\'export inconnu : %s.', 'Formats : csv, long, arrow, json, vega-lite, svg, png.'),
  DASH_BAD_WIDTH: define('IC_DASH_007', 400, 'Largeur d\'image invalide : %s.', 'Indiquez une largeur entière entre 320 et 4000 pixels.'),
  DASH_RELEASE_CORRUPT: define('IC_DASH_008', 500, 'Le cache de diffusion %s est illisible ou incomplet.', 'Supprimez ce dossier release/ : il sera recalculé à la prochaine demande.'),
} as const satisfies Record<string, ErrorSpec>;

export type ErrorName = keyof typeof ERRORS;

export function fail(name: ErrorName, ...args: unknown[]): never {
  throw new InfocentreError(ERRORS[name], args);
}

export function error(name: ErrorName, args: unknown[] = [], details?: unknown): InfocentreError {
  return new InfocentreError(ERRORS[name], args, details);
}
