// Personal data that must never appear in a published table (seeds 000 and 001): columns named after a person's
// identifiers or contact details, and values that look like a request number (NUD) or a social security number (NIR),
// an e-mail address or a phone number, whatever the column is called.

function normalise(name: string): string[] {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

const COLUMN_KINDS: [RegExp, string][] = [
  [/^(nud|nur|numero_unique|num_unique|numero_demande|no_unique)$/, 'numéro unique de demande (NUD)'],
  [/^(nir|numero_secu|securite_sociale|num_secu|secu|numero_ss|insee_personne)$/, 'numéro de sécurité sociale (NIR)'],
  [/^(nom|prenom|prenoms|name|firstname|lastname|surname|given_name|first_name|last_name|nom_usage|nom_naissance|nom_prenom|full_name|fullname)$/, 'nom ou prénom'],
  [/^(naissance|date_naissance|date_de_naissance|birth|birthdate|birth_date|date_of_birth|dob|ddn|ne_le)$/, 'date de naissance'],
  [/^(adresse|address|rue|street|voie|domicile)$/, 'adresse'],
  [/^(email|mail|courriel|e_mail|adresse_mail|adresse_electronique)$/, 'adresse électronique'],
  [/^(telephone|tel|phone|mobile|portable)$/, 'téléphone'],
  [/^(iban|rib|bic)$/, 'coordonnées bancaires'],
];

/** Tokens that make a column about places, not people (`nom_commune` is a commune's name). */
const PLACE = new Set(['commune', 'communes', 'departement', 'region', 'epci', 'territoire', 'ville', 'libelle', 'label', 'geo', 'dimension', 'mesure', 'measure', 'indicateur']);

/** What personal datum a column's name announces, or undefined. */
export function personalColumn(name: string): string | undefined {
  const tokens = normalise(name);
  if (tokens.some((t) => PLACE.has(t))) return undefined;
  const joined = tokens.join('_');
  for (const [pattern, kind] of COLUMN_KINDS) {
    if (pattern.test(joined)) return kind;
    for (let i = 0; i < tokens.length; i++) {
      for (let j = i + 1; j <= tokens.length; j++) if (pattern.test(tokens.slice(i, j).join('_'))) return kind;
    }
  }
  return undefined;
}

// NUD: territory (3: `045`, `02A`, `974`, `111`) + month (2) + year (2) + sequence (6) + office (5).
const NUD = /^(\d{3}|\d{2}[AB])(0[1-9]|1[0-2])\d{2}\d{6}[0-9A-Z]{5}$/;
// NIR: sex (1, 2, or 3/4/7/8 for temporary numbers), year (2), month (01–12, 20–99 for unknown), département (2 or
// 2A/2B), commune (3), order (3), key (2, optional here).
const NIR = /^[1-478]\d{2}(0[1-9]|1[0-2]|[2-9]\d)(\d{2}|2A|2B)\d{6}(\d{2})?$/;
const EMAIL = /^[^@\s;]+@[^@\s;]+\.[A-Za-z]{2,}$/;
const PHONE = /^(\+33|0033|0)[1-9]\d{8}$/;

function nirKeyValid(nir: string): boolean {
  const body = nir.slice(0, 13).replace('2A', '19').replace('2B', '18');
  const key = 97 - Number(BigInt(body) % 97n);
  return key === Number(nir.slice(13));
}

/** What personal datum a value looks like, or undefined. */
export function personalValue(value: string): string | undefined {
  const compact = value.replace(/[\s.\-]/g, '').toUpperCase();
  if (NUD.test(compact)) return 'un numéro unique de demande (NUD)';
  if (NIR.test(compact) && (compact.length === 13 || nirKeyValid(compact))) return 'un numéro de sécurité sociale (NIR)';
  if (EMAIL.test(value.trim())) return 'une adresse électronique';
  if (PHONE.test(compact)) return 'un numéro de téléphone';
  return undefined;
}
