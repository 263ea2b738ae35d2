// The validation rules of an extract, as SQL over the text columns read from the file (DuckDB checks millions of
// rows in a few seconds). Each rule is a condition that makes a row unusable and the reason written to the
// quarantine; a row gets every reason that applies, in the order of the list. docs/extract-format.md describes the
// same rules for people.
//
// Rules are evaluated into a bit mask (bit i: rule i broken) while the file is read, so that the reasons, which are
// text, are only written for the few rejected rows. `late` rules need what is known only once every row is read:
// the snapshot date (`as_of`), the wished communes' lookup (`choice_unknown`), the loaded requests.
import { codes } from '../universes/index.ts';
import type { CodeList } from '../universes/index.ts';

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const inList = (col: string, list: CodeList) => `${col} IN (${Object.keys(list).map(quote).join(', ')})`;

/** Macros shared by the rules: French dates, whole numbers, O/N flags; NULL when the text does not qualify. */
export const MACROS = `
CREATE OR REPLACE TEMP MACRO fr_date(x) AS CASE WHEN x LIKE '__/__/____' THEN try_strptime(x, '%d/%m/%Y')::DATE END;
CREATE OR REPLACE TEMP MACRO whole(x) AS CASE WHEN regexp_full_match(x, '[0-9]{1,9}') THEN x::INTEGER END;
CREATE OR REPLACE TEMP MACRO flag(x) AS CASE x WHEN 'O' THEN true WHEN 'N' THEN false END;
`;

export const NUD_PATTERN = '([0-9]{3}|02A|02B)(0[1-9]|1[0-2])[0-9]{2}[0-9]{6}[0-9A-Z]{5}';

export interface Rule {
  reason: string;
  /** Condition making the row unusable (NULL counts as false). */
  bad: string;
  /** SQL of the faulty value, appended to the reason. */
  detail?: string;
  late?: boolean;
}

const rule = (reason: string, bad: string, detail?: string): Rule => ({ reason, bad, detail });
const late = (reason: string, bad: string, detail?: string): Rule => ({ reason, bad, detail, late: true });

/** A date column: absent when required, not a real JJ/MM/AAAA date, or after the snapshot date. */
function dateRules(raw: string, typed: string, label: string, required: boolean): Rule[] {
  return [
    ...(required ? [rule(`${label} manquante`, `${raw} IS NULL`)] : []),
    rule(`${label} invalide (JJ/MM/AAAA attendu)`, `${raw} IS NOT NULL AND ${typed} IS NULL`, raw),
    late(`${label} postérieure à la date de l'extrait`, `${typed} > as_of`),
  ];
}

/** How a file's rows are typed and checked while it is read: `typed` values are kept next to the text. */
export interface FileChecks {
  typed: string;
  rules: readonly Rule[];
}

const REQUEST_RULES: readonly Rule[] = [
  rule('numéro unique manquant', 'nud IS NULL'),
  rule('numéro unique mal formé (18 caractères : territoire, mois et année de dépôt, séquence, guichet)',
    `NOT regexp_full_match(nud, '${NUD_PATTERN}')`, 'nud'),
  ...dateRules('date_depot', 'filed_on', 'date de dépôt', true),
  rule('le mois et l\'année du numéro unique ne sont pas ceux de la date de dépôt',
    `regexp_full_match(nud, '${NUD_PATTERN}') AND substr(nud, 4, 4) <> strftime(filed_on, '%m%y')`),
  ...dateRules('date_renouvellement', 'renewed_on', 'date de renouvellement', false),
  rule('date de renouvellement antérieure au dépôt', 'renewed_on < filed_on'),
  ...dateRules('date_radiation', 'radiated_on', 'date de radiation', false),
  rule('date de radiation antérieure au dépôt', 'radiated_on < filed_on'),
  rule('motif de radiation sans date de radiation, ou l\'inverse', '(date_radiation IS NULL) <> (motif_radiation IS NULL)'),
  rule('motif de radiation inconnu', `NOT ${inList('motif_radiation', codes.radiationMotive)}`, 'motif_radiation'),
  rule('nom manquant', 'nom IS NULL'),
  rule('prénom manquant', 'prenom IS NULL'),
  ...dateRules('date_naissance', 'birth_date', 'date de naissance', true),
  rule('âge au dépôt hors de 16 à 120 ans', 'filed_on IS NOT NULL AND (birth_date > filed_on - INTERVAL 16 YEAR OR birth_date < filed_on - INTERVAL 120 YEAR)'),
  rule('sexe inconnu (F ou M attendu)', 'sexe IS NULL OR sexe NOT IN (\'F\', \'M\')'),
  rule('situation familiale inconnue', `situation_familiale IS NULL OR NOT ${inList('situation_familiale', codes.maritalStatus)}`),
  rule('nationalité inconnue (1, 2 ou 3 attendu)', `nationalite IS NULL OR NOT ${inList('nationalite', codes.nationality)}`),
  rule('adresse manquante', 'adresse IS NULL'),
  rule('code postal invalide (5 chiffres attendus)', `code_postal IS NULL OR NOT regexp_full_match(code_postal, '[0-9]{5}')`),
  rule('courriel invalide', `NOT regexp_full_match(courriel, '[^@ ]+@[^@ ]+[.][^@ ]+')`),
  rule('taille du ménage invalide (1 à 20)', 'household_size IS NULL OR household_size NOT BETWEEN 1 AND 20'),
  rule('nombre d\'adultes invalide (au moins 1)', 'adults IS NULL OR adults < 1'),
  rule('nombre d\'enfants invalide', 'children IS NULL'),
  rule('adultes + enfants différent de la taille du ménage', 'adults + children <> household_size'),
  rule('situation professionnelle inconnue', `situation_professionnelle IS NULL OR NOT ${inList('situation_professionnelle', codes.employment)}`),
  rule('ressources mensuelles invalides (euros entiers attendus)', 'monthly_resources IS NULL'),
  rule('logement actuel inconnu', `logement_actuel IS NULL OR NOT ${inList('logement_actuel', codes.currentHousing)}`),
  rule('motif de la demande inconnu', `motif_demande IS NULL OR NOT ${inList('motif_demande', codes.reason)}`),
  rule('typologie inconnue', `typologie IS NULL OR NOT ${inList('typologie', codes.typology)}`),
  rule('indicateur de handicap invalide (O ou N attendu)', 'handicap_flag IS NULL'),
  rule('nature du handicap sans handicap déclaré', 'NOT handicap_flag AND nature_handicap IS NOT NULL'),
  rule('nature du handicap inconnue', `NOT ${inList('nature_handicap', codes.handicapNature)}`),
  rule('indicateur de mutation invalide (O ou N attendu)', 'mutation_flag IS NULL'),
  rule('SIREN du bailleur manquant pour une mutation', 'mutation_flag AND siren_bailleur IS NULL'),
  rule('SIREN du bailleur invalide (9 chiffres attendus)', `NOT regexp_full_match(siren_bailleur, '[0-9]{9}')`),
  rule('statut DALO inconnu', `dalo IS NULL OR NOT ${inList('dalo', codes.dalo)}`),
  rule('indicateur de public prioritaire invalide (O ou N attendu)', 'priority IS NULL'),
  rule('accord collectif inconnu', `NOT ${inList('accord_collectif', codes.collectiveAgreement)}`),
  rule('aucune commune souhaitée', 'communes_souhaitees IS NULL'),
  late('commune souhaitée inconnue', 'choice_unknown IS NOT NULL', 'choice_unknown'),
  rule('commune souhaitée en double', 'choice_repeats > 0'),
];

const ATTRIBUTION_RULES: readonly Rule[] = [
  rule('numéro unique manquant', 'nud IS NULL'),
  rule('numéro unique mal formé', `NOT regexp_full_match(nud, '${NUD_PATTERN}')`, 'nud'),
  late('demande inconnue ou rejetée : ce numéro unique n\'est pas parmi les demandes chargées', 'nud IS NOT NULL AND request_filed_on IS NULL'),
  ...dateRules('date_attribution', 'attributed_on', 'date d\'attribution', true),
  late('date d\'attribution antérieure au dépôt de la demande', 'attributed_on < request_filed_on'),
  rule('identifiant RPLS invalide (10 caractères attendus)', `identifiant_rpls IS NULL OR NOT regexp_full_match(identifiant_rpls, '[0-9A-Z]{10}')`),
  late('commune du logement inconnue', 'commune_known IS NULL', 'commune'),
  rule('typologie inconnue', `typologie IS NULL OR NOT ${inList('typologie', codes.typology)}`),
  rule('réservataire inconnu', `reservataire IS NULL OR NOT ${inList('reservataire', codes.reservation)}`),
];

export const REQUEST_CHECKS: FileChecks = {
  typed: `fr_date(date_depot) AS filed_on, fr_date(date_renouvellement) AS renewed_on,
    fr_date(date_radiation) AS radiated_on, fr_date(date_naissance) AS birth_date,
    whole(taille_menage) AS household_size, whole(nb_adultes) AS adults, whole(nb_enfants) AS children,
    whole(ressources_mensuelles) AS monthly_resources, flag(handicap) AS handicap_flag, flag(mutation) AS mutation_flag,
    flag(public_prioritaire) AS priority,
    len(string_split(communes_souhaitees, '|')) - list_unique(string_split(communes_souhaitees, '|')) AS choice_repeats`,
  rules: REQUEST_RULES,
};

/** `req_unknown` (rid, choice_unknown): the wished communes missing from the geography, per request that has any. */
export const UNKNOWN_CHOICES_SQL = `
CREATE TEMP TABLE req_unknown AS
SELECT rid, string_agg(DISTINCT commune, ', ' ORDER BY commune) AS choice_unknown
FROM (SELECT rowid AS rid, unnest(string_split(communes_souhaitees, '|')) AS commune FROM req_checked WHERE communes_souhaitees IS NOT NULL)
WHERE commune NOT IN (SELECT commune FROM ref.geo)
GROUP BY rid`;

export const ATTRIBUTION_CHECKS: FileChecks = {
  typed: 'fr_date(date_attribution) AS attributed_on',
  rules: ATTRIBUTION_RULES,
};

/** Bit mask of the broken rules of one kind (read-time or late), each rule keeping its place in the list. */
export function maskSql(rules: readonly Rule[], kind: 'read' | 'late'): string {
  if (rules.length > 63) throw new Error('at most 63 rules per file fit a BIGINT mask');
  const bits = rules.flatMap((r, i) => ((r.late ?? false) === (kind === 'late') ? [`(coalesce(${r.bad}, false)::BIGINT << ${i})`] : []));
  return bits.length > 0 ? bits.join(' | ') : '0::BIGINT';
}

/** Every reason of a rejected row, from its mask, separated by « ; ». */
export function reasonsSql(rules: readonly Rule[], mask: string): string {
  return `concat_ws(' ; ', ${rules.map((r, i) =>
    `CASE WHEN (${mask} >> ${i}) & 1 = 1 THEN ${r.detail ? `${quote(`${r.reason} : `)} || coalesce(${r.detail}, '')` : quote(r.reason)} END`).join(',\n    ')})`;
}

/** The reason of a valid row repeating the key of an earlier valid row (line of the first one appended). */
export const duplicateReason = (what: string) => `${what} en double : déjà chargé depuis la ligne `;
