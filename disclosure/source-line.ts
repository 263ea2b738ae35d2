// The mandatory source line (seed 000) carried by every export:
// `Source : GIP SNE - Infocentre NUNIQUE SNE (<universe name>). Données du : JJ/MM/AAAA éditées le JJ/MM/AAAA`

export interface SourceLine {
  universe: string; // 'univers agrégé', or a source named by `protect --source`
  dataDate: string; // ISO YYYY-MM-DD: the snapshot date
  editionDate: string; // ISO YYYY-MM-DD: when the export was made
}

const PATTERN =
  /^Source : GIP SNE - Infocentre NUNIQUE SNE \(([^()\r\n]+)\)\. Données du : (\d{2})\/(\d{2})\/(\d{4}) éditées le (\d{2})\/(\d{2})\/(\d{4})$/;

export function frenchDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** Today's date in Paris, as ISO, for the "éditées le" part. */
export function todayInParis(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(now);
}

export function formatSourceLine(s: SourceLine): string {
  return `Source : GIP SNE - Infocentre NUNIQUE SNE (${s.universe}). Données du : ${frenchDate(s.dataDate)} éditées le ${frenchDate(s.editionDate)}`;
}

function validIso(y: string, m: string, d: string): string | undefined {
  const iso = `${y}-${m}-${d}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : undefined;
}

/** Parses a source line back; undefined when it is not exactly of the mandatory form with real dates. */
export function parseSourceLine(text: string): SourceLine | undefined {
  const m = PATTERN.exec(text.replace(/^\uFEFF/, '').trimEnd());
  if (!m) return undefined;
  const dataDate = validIso(m[4], m[3], m[2]);
  const editionDate = validIso(m[7], m[6], m[5]);
  if (!dataDate || !editionDate) return undefined;
  return { universe: m[1], dataDate, editionDate };
}

export const AGGREGATED_UNIVERSE_NAME = 'univers agrégé';
export const DETAILED_UNIVERSE_NAME = 'univers détaillé';
