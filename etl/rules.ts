// The validation rules of an extract, as SQL over the staged text columns (DuckDB checks millions of rows in a few
// seconds). Each rule is a condition that makes a row unusable and the reason written to the quarantine; a row
// gets every reason that applies. docs/extract-format.md describes the same rules for people.
import { codes } from '../universes/index.ts';
import type { CodeList } from '../universes/index.ts';

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const inList = (col: string, list: CodeList) => `${col} IN (${Object.keys(list).map(quote).join(', ')})`;

/** Macros shared by the rules: French dates, whole numbers, O/N flags; NULL when the text does not qualify. */
export const MACROS = `
CREATE OR REPLACE TEMP MACRO fr_date(x) AS
  CASE WHEN length(x) = 10 AND substr(x, 3, 1) = '/' AND substr(x, 6, 1) = '/' THEN try_strptime(x, '%d/%m/%Y')::DATE END;
CREATE OR REPLACE TEMP MACRO whole(x) AS CASE WHEN regexp_full_match(x, '[0-9]{1,9}') THEN x::INTEGER END;
CREATE OR REPLACE TEMP MACRO flag(x) AS CASE x WHEN 'O' THEN true WHEN 'N' THEN false END;
`;

export const NUD_PATTERN = '([0-9]{3}|02A|02B)(0[1-9]|1[0-2])[0-9]{2}[0-9]{6}[0-9A-Z]{5}';

/** [reason, condition making the row unusable, optional SQL detail appended to the reason (the faulty value)] */
type Rule = [reason: string, badWhen: string, detail?: string];

/** A date column: absent when required, not a real JJ/MM/AAAA date, or after the snapshot date. */
function dateRules(raw: string, typed: string, label: string, required: boolean, asOf: string): Rule[] {
  return [
    ...(required ? [[`${label} manquante`, `${raw} IS NULL`] as Rule] : []),
    [`${label} invalide (JJ/MM/AAAA attendu)`, `${raw} IS NOT NULL AND ${typed} IS NULL`, raw],
    [`${label} postérieure à la date de l'extrait`, `${typed} > DATE '${asOf}'`],
  ];
}

function requestRules(asOf: string): Rule[] {
  return [
    ['numéro unique manquant', 'nud IS NULL'],
    ['numéro unique mal formé (18 caractères : territoire, mois et année de dépôt, séquence, guichet)',
      `NOT regexp_full_match(nud, '${NUD_PATTERN}')`, 'nud'],
    ...dateRules('date_depot', 'filed_on', 'date de dépôt', true, asOf),
    ['le mois et l\'année du numéro unique ne sont pas ceux de la date de dépôt',
      `regexp_full_match(nud, '${NUD_PATTERN}') AND substr(nud, 4, 4) <> strftime(filed_on, '%m%y')`],
    ...dateRules('date_renouvellement', 'renewed_on', 'date de renouvellement', false, asOf),
    ['date de renouvellement antérieure au dépôt', 'renewed_on < filed_on'],
    ...dateRules('date_radiation', 'radiated_on', 'date de radiation', false, asOf),
    ['date de radiation antérieure au dépôt', 'radiated_on < filed_on'],
    ['motif de radiation sans date de radiation, ou l\'inverse', '(date_radiation IS NULL) <> (motif_radiation IS NULL)'],
    ['motif de radiation inconnu', `NOT ${inList('motif_radiation', codes.radiationMotive)}`, 'motif_radiation'],
    ['nom manquant', 'nom IS NULL'],
    ['prénom manquant', 'prenom IS NULL'],
    ...dateRules('date_naissance', 'birth_date', 'date de naissance', true, asOf),
    ['âge au dépôt hors de 16 à 120 ans', 'filed_on IS NOT NULL AND (birth_date > filed_on - INTERVAL 16 YEAR OR birth_date < filed_on - INTERVAL 120 YEAR)'],
    ['sexe inconnu (F ou M attendu)', 'sexe IS NULL OR sexe NOT IN (\'F\', \'M\')'],
    ['situation familiale inconnue', `situation_familiale IS NULL OR NOT ${inList('situation_familiale', codes.maritalStatus)}`],
    ['nationalité inconnue (1, 2 ou 3 attendu)', `nationalite IS NULL OR NOT ${inList('nationalite', codes.nationality)}`],
    ['adresse manquante', 'adresse IS NULL'],
    ['code postal invalide (5 chiffres attendus)', `code_postal IS NULL OR NOT regexp_full_match(code_postal, '[0-9]{5}')`],
    ['courriel invalide', `NOT regexp_full_match(courriel, '[^@ ]+@[^@ ]+[.][^@ ]+')`],
    ['taille du ménage invalide (1 à 20)', 'household_size IS NULL OR household_size NOT BETWEEN 1 AND 20'],
    ['nombre d\'adultes invalide (au moins 1)', 'adults IS NULL OR adults < 1'],
    ['nombre d\'enfants invalide', 'children IS NULL'],
    ['adultes + enfants différent de la taille du ménage', 'adults + children <> household_size'],
    ['situation professionnelle inconnue', `situation_professionnelle IS NULL OR NOT ${inList('situation_professionnelle', codes.employment)}`],
    ['ressources mensuelles invalides (euros entiers attendus)', 'monthly_resources IS NULL'],
    ['logement actuel inconnu', `logement_actuel IS NULL OR NOT ${inList('logement_actuel', codes.currentHousing)}`],
    ['motif de la demande inconnu', `motif_demande IS NULL OR NOT ${inList('motif_demande', codes.reason)}`],
    ['typologie inconnue', `typologie IS NULL OR NOT ${inList('typologie', codes.typology)}`],
    ['indicateur de handicap invalide (O ou N attendu)', 'handicap_flag IS NULL'],
    ['nature du handicap sans handicap déclaré', 'NOT handicap_flag AND nature_handicap IS NOT NULL'],
    ['nature du handicap inconnue', `NOT ${inList('nature_handicap', codes.handicapNature)}`],
    ['indicateur de mutation invalide (O ou N attendu)', 'mutation_flag IS NULL'],
    ['SIREN du bailleur manquant pour une mutation', 'mutation_flag AND siren_bailleur IS NULL'],
    ['SIREN du bailleur invalide (9 chiffres attendus)', `NOT regexp_full_match(siren_bailleur, '[0-9]{9}')`],
    ['statut DALO inconnu', `dalo IS NULL OR NOT ${inList('dalo', codes.dalo)}`],
    ['indicateur de public prioritaire invalide (O ou N attendu)', 'priority IS NULL'],
    ['accord collectif inconnu', `NOT ${inList('accord_collectif', codes.collectiveAgreement)}`],
    ['aucune commune souhaitée', 'communes_souhaitees IS NULL'],
    ['commune souhaitée inconnue', 'choice_unknown IS NOT NULL', 'choice_unknown'],
    ['commune souhaitée en double', 'choice_repeats > 0'],
  ];
}

function attributionRules(asOf: string): Rule[] {
  return [
    ['numéro unique manquant', 'nud IS NULL'],
    ['numéro unique mal formé', `NOT regexp_full_match(nud, '${NUD_PATTERN}')`, 'nud'],
    ['demande inconnue ou rejetée : ce numéro unique n\'est pas parmi les demandes chargées', 'nud IS NOT NULL AND request_filed_on IS NULL'],
    ...dateRules('date_attribution', 'attributed_on', 'date d\'attribution', true, asOf),
    ['date d\'attribution antérieure au dépôt de la demande', 'attributed_on < request_filed_on'],
    ['identifiant RPLS invalide (10 caractères attendus)', `identifiant_rpls IS NULL OR NOT regexp_full_match(identifiant_rpls, '[0-9A-Z]{10}')`],
    ['commune du logement inconnue', 'commune_known IS NULL', 'commune'],
    ['typologie inconnue', `typologie IS NULL OR NOT ${inList('typologie', codes.typology)}`],
    ['réservataire inconnu', `reservataire IS NULL OR NOT ${inList('reservataire', codes.reservation)}`],
  ];
}

const reasonsOf = (rules: Rule[]) => `concat_ws(' ; ', ${rules.map(([reason, bad, detail]) =>
  `CASE WHEN coalesce(${bad}, false) THEN ${detail ? `${quote(`${reason} : `)} || coalesce(${detail}, '')` : quote(reason)} END`).join(',\n    ')})`;

/**
 * Typed requests with their reasons (empty when valid), from the staged text (`req_raw`, with `line`) and the
 * wished communes (`req_choice_raw`); `asOf` (ISO, already validated) is the snapshot date.
 */
export function checkedRequestsSql(asOf: string): string {
  return `
CREATE TEMP TABLE req_checked AS
WITH choice_problems AS (
  SELECT c.line,
    string_agg(DISTINCT c.commune, ', ' ORDER BY c.commune) FILTER (WHERE g.commune IS NULL) AS choice_unknown,
    count(*) - count(DISTINCT c.commune) AS choice_repeats
  FROM req_choice_raw c LEFT JOIN geo g ON g.commune = c.commune
  GROUP BY c.line
  HAVING choice_unknown IS NOT NULL OR choice_repeats > 0
), typed AS (
  SELECT r.*, numero_unique AS nud, fr_date(date_depot) AS filed_on, fr_date(date_renouvellement) AS renewed_on,
    fr_date(date_radiation) AS radiated_on, fr_date(date_naissance) AS birth_date,
    whole(taille_menage) AS household_size, whole(nb_adultes) AS adults, whole(nb_enfants) AS children,
    whole(ressources_mensuelles) AS monthly_resources, flag(r.handicap) AS handicap_flag, flag(r.mutation) AS mutation_flag,
    flag(public_prioritaire) AS priority, p.choice_unknown, p.choice_repeats
  FROM req_raw r LEFT JOIN choice_problems p USING (line)
)
SELECT *, ${reasonsOf(requestRules(asOf))} AS reasons FROM typed`;
}

export function checkedAttributionsSql(asOf: string): string {
  return `
CREATE TEMP TABLE att_checked AS
WITH typed AS (
  SELECT a.*, numero_unique AS nud, fr_date(date_attribution) AS attributed_on, q.filed_on AS request_filed_on,
    g.commune AS commune_known
  FROM att_raw a
  LEFT JOIN (SELECT nud, filed_on FROM req_checked WHERE reasons = '') q ON q.nud = a.numero_unique
  LEFT JOIN geo g ON g.commune = a.commune
)
SELECT *, ${reasonsOf(attributionRules(asOf))} AS reasons FROM typed`;
}

/** A valid row repeating the NUD of an earlier valid row is rejected; rows rejected for their own reasons do not count. */
export function duplicateSql(table: 'req_checked' | 'att_checked', what: string): string {
  return `
UPDATE ${table} SET reasons = '${what} en double : déjà chargé depuis la ligne ' || f.first_line
FROM (SELECT nud, min(line) AS first_line FROM ${table} WHERE reasons = '' GROUP BY nud HAVING count(*) > 1) f
WHERE ${table}.nud = f.nud AND ${table}.reasons = '' AND ${table}.line > f.first_line`;
}
