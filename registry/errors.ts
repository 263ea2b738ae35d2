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
} as const satisfies Record<string, ErrorSpec>;

export type ErrorName = keyof typeof ERRORS;

export function fail(name: ErrorName, ...args: unknown[]): never {
  throw new InfocentreError(ERRORS[name], args);
}

export function error(name: ErrorName, args: unknown[] = [], details?: unknown): InfocentreError {
  return new InfocentreError(ERRORS[name], args, details);
}
