// Code lists: the SNE exchange-format codes carried by extracts, and the classes the aggregated universe uses
// instead of exact values. Each list maps a stable code to its French label; labels are what users see.

export type CodeList = Readonly<Record<string, string>>;

export const maritalStatus = {
  C: 'Célibataire', M: 'Marié(e)', D: 'Divorcé(e)', S: 'Séparé(e)', P: 'Pacsé(e)', U: 'Concubin(e)', V: 'Veuf(ve)',
} as const satisfies CodeList;

export const nationality = { '1': 'Française', '2': 'Union européenne', '3': 'Hors Union européenne' } as const satisfies CodeList;

export const employment = {
  CDI: 'CDI ou fonctionnaire', CDD: 'CDD, stage, intérim', ART: 'Artisan, commerçant, profession libérale',
  CHO: 'Chômage', APP: 'Apprenti', ETU: 'Étudiant', RET: 'Retraité', AUT: 'Autre',
} as const satisfies CodeList;

export const currentHousing = {
  HLM: 'Locataire HLM', LP: 'Locataire parc privé', RS: 'Résidence sociale, foyer, pension de famille',
  RHVS: 'Résidence hôtelière à vocation sociale', RE: 'Résidence étudiante', SLHT: 'Sous-locataire ou hébergé temporaire',
  SH: 'Structure d\'hébergement', CDEFCM: 'Centre de l\'enfance, centre maternel', CPE: 'Chez parents ou enfants',
  CP: 'Chez un particulier', LTG: 'Logé à titre gratuit', FONC: 'Logement de fonction', POCC: 'Propriétaire occupant',
  CAMCAR: 'Camping, caravane', HOT: 'Hôtel', SD: 'Sans abri', SQUAT: 'Squat',
} as const satisfies CodeList;

export const reason = {
  '01': 'Sans logement, hébergé ou logement temporaire', '02': 'Démolition', '03': 'Logement indigne ou indécent',
  '04': 'Logement repris ou mis en vente', '05': 'Procédure d\'expulsion', '06': 'Violences familiales',
  '07': 'Handicap', '08': 'Raisons de santé', '09': 'Logement trop cher', '10': 'Logement trop grand',
  '11': 'Divorce, séparation', '12': 'Décohabitation', '13': 'Logement trop petit', '14': 'Futur couple',
  '15': 'Regroupement familial', '16': 'Assistant(e) maternel(le) ou familial(e)', '17': 'Problèmes de voisinage',
  '18': 'Mutation professionnelle', '19': 'Rapprochement du lieu de travail', '20': 'Rapprochement des services',
  '21': 'Rapprochement de la famille', '22': 'Accédant à la propriété en difficulté', '23': 'Autre motif',
} as const satisfies CodeList;

export const typology = {
  C: 'Chambre', T1: 'T1', T2: 'T2', T3: 'T3', T4: 'T4', T5: 'T5', T6P: 'T6 et plus',
} as const satisfies CodeList;

export const radiationMotive = {
  RADATT: 'Attribution', RADREN: 'Non-renouvellement', RADABA: 'Abandon', RADIRR: 'Irrecevabilité', RADCON: 'Injoignable',
} as const satisfies CodeList;

export const dalo = { NON: 'Pas de recours DALO', ACTIF: 'DALO actif', CADUC: 'DALO caduc', ACTREL: 'DALO actif, relogement' } as const satisfies CodeList;

export const collectiveAgreement = { ACD: 'Accord collectif départemental', ACI: 'Accord collectif intercommunal' } as const satisfies CodeList;

export const reservation = {
  COLTER: 'Collectivités territoriales', COLACT: 'Employeurs, Action Logement', PPRIOR: 'Préfet, publics prioritaires',
  PFONCT: 'Préfet, fonctionnaires', AUTRES: 'Autres réservataires', AUCUN: 'Non réservé (bailleur)',
} as const satisfies CodeList;

export const handicapNature = {
  MOT: 'Moteur', VIS: 'Visuel', AUD: 'Auditif', PSY: 'Psychique', MEN: 'Mental', AUT: 'Autre',
} as const satisfies CodeList;

// Classes of the aggregated universe: exact ages, household make-up and resources never reach it.

export const ageClass = {
  Y_LT25: 'Moins de 25 ans', Y25T34: '25 à 34 ans', Y35T44: '35 à 44 ans', Y45T54: '45 à 54 ans',
  Y55T64: '55 à 64 ans', Y_GE65: '65 ans et plus',
} as const satisfies CodeList;

export const householdClass = {
  SEUL: 'Personne seule', MONO: 'Famille monoparentale', COUPLE: 'Couple sans enfant',
  COUPLE_ENF: 'Couple avec enfant(s)', AUTRE: 'Autre ménage',
} as const satisfies CodeList;

export const householdSize = { P1: '1 personne', P2: '2 personnes', P3: '3 personnes', P4: '4 personnes', P5: '5 personnes', P6P: '6 personnes et plus' } as const satisfies CodeList;

/** Position of the household's resources against the PLAI and PLUS ceilings for its category and zone. */
export const resourceClass = {
  PLAI: 'Sous le plafond PLAI', PLUS: 'Entre les plafonds PLAI et PLUS', HPLUS: 'Au-dessus du plafond PLUS',
} as const satisfies CodeList;

export const seniorityClass = {
  M_LT6: 'Moins de 6 mois', M6T12: '6 mois à 1 an', Y1T2: '1 à 2 ans', Y2T3: '2 à 3 ans', Y3T5: '3 à 5 ans', Y_GE5: '5 ans et plus',
} as const satisfies CodeList;

/** The total code of a category dimension, as SDMX writes it. */
export const TOTAL = '_T';
