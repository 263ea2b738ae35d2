// Every error a user, an API client or a pipeline can meet, with a stable code that is never reused once
// published (retire a code by leaving it here, marked as retired). Messages are in French, for the people who use
// the infocentre; each says what to do. `%s` placeholders are filled in order.
//
// Add entries here only (never a second registry); codes are grouped by part: ETL_, DISC_, DASH_, SRV_, AUTH_, CLI_.
import { fillPlaceholders } from './placeholders.ts';

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
    super(fillPlaceholders(spec.message, args));
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
  CLI_UNREADABLE: define('IC_CLI_101', 400, 'Impossible de lire %s : %s.', 'Vérifiez le chemin du fichier ou du dossier et ses droits de lecture.'),
  // ---- ETL (etl/): unusable extracts and failed loads; the snapshot being served stays untouched
  ETL_MISSING_FILE: define('IC_ETL_001', 400, 'Fichier %s absent du dossier d\'extrait %s.', 'Un extrait contient demandes.csv et attributions.csv (voir docs/extract-format.md).'),
  ETL_EMPTY_FILE: define('IC_ETL_002', 400, 'Le fichier %s est vide (pas même de ligne d\'en-tête).', 'Exportez de nouveau l\'extrait : la première ligne doit nommer les colonnes.'),
  ETL_BAD_SEPARATOR: define('IC_ETL_003', 400, 'Le fichier %s n\'est pas séparé par des points-virgules (séparateur détecté : %s).', 'Exportez le fichier en CSV avec « ; » comme séparateur, comme le prévoit docs/extract-format.md.'),
  ETL_MISSING_COLUMNS: define('IC_ETL_004', 400, 'Colonnes absentes de l\'en-tête de %s : %s.', 'Ajoutez ces colonnes (même vides) ; les noms attendus sont dans docs/extract-format.md.'),
  ETL_TRUNCATED: define('IC_ETL_005', 400, 'Le fichier %s est tronqué : la dernière ligne (%s) est incomplète et sans fin de ligne.', 'Le transfert a probablement été interrompu : récupérez de nouveau le fichier complet.'),
  ETL_UNREADABLE: define('IC_ETL_006', 400, 'Le fichier %s est illisible : %s.', 'Vérifiez qu\'il s\'agit d\'un CSV encodé en UTF-8, séparé par des points-virgules.'),
  ETL_NO_VALID_REQUEST: define('IC_ETL_007', 400, 'Aucune demande valide dans %s (%s lignes rejetées) : rien n\'a été publié.', 'Consultez le motif de rejet de chaque ligne dans %s.'),
  ETL_TOTALS_MISMATCH: define('IC_ETL_008', 500, 'Contrôle d\'intégrité : l\'univers agrégé ne concorde pas avec l\'univers détaillé (%s) ; l\'instantané n\'a pas été publié.', 'Ne diffusez rien de cet instantané ; relancez le chargement et signalez l\'anomalie si elle persiste.'),
  ETL_BAD_AS_OF: define('IC_ETL_009', 400, 'Date de l\'extrait invalide : %s.', 'Indiquez --as-of au format JJ/MM/AAAA (une date réelle, non future).'),
  ETL_LOCKED: define('IC_ETL_010', 409, 'Un chargement est déjà en cours dans %s (processus %s).', 'Attendez la fin de ce chargement, ou supprimez %s si ce processus n\'existe plus.'),
  ETL_NO_DATE: define('IC_ETL_011', 400, 'Impossible de déduire la date de l\'extrait %s : aucune date valide.', 'Indiquez la date avec --as-of JJ/MM/AAAA.'),
  // ---- dashboards and exports (dashboards/)
  DASH_NO_SNAPSHOT_ROW: define('IC_DASH_001', 500, 'L\'univers agrégé doit contenir une ligne de date d\'instantané ; il en contient %s.', 'Rechargez l\'extrait avec `infocentre load DOSSIER`.'),
  DASH_UNKNOWN_COMMUNE: define('IC_DASH_002', 500, 'La commune %s (table %s) est absente du référentiel géographique de l\'univers agrégé.', 'Rechargez l\'extrait : le chargement doit rattacher chaque commune à son département et à sa région.'),
  DASH_UNKNOWN_DASHBOARD: define('IC_DASH_003', 404, 'Tableau de bord inconnu : %s.', 'Choisissez un tableau de bord de la liste (GET /api/dashboards).'),
  DASH_BAD_GEO: define('IC_DASH_004', 400, 'Territoire invalide ou inconnu : %s.', 'Indiquez FR, REG:84, DEP:45, EPCI:200000172 ou COM:45001.'),
  DASH_BAD_PERIOD: define('IC_DASH_005', 400, 'Période non publiée : %s.', 'Choisissez un mois (2026-10), un trimestre (2026-Q3), une année (2026) ou 12M parmi les périodes publiées ; les plages libres ne sont pas proposées (secret statistique).'),
  DASH_BAD_FORMAT: define('IC_DASH_006', 400, 'Format d\'export inconnu : %s.', 'Formats : csv, long, arrow, json, vega-lite, svg, png.'),
  DASH_BAD_WIDTH: define('IC_DASH_007', 400, 'Largeur d\'image invalide : %s.', 'Indiquez une largeur entière entre 320 et 4000 pixels.'),
  DASH_RELEASE_CORRUPT: define('IC_DASH_008', 500, 'Le cache de diffusion %s est illisible ou incomplet.', 'Supprimez ce dossier release/ : il sera recalculé à la prochaine demande.'),
  DASH_RELEASE_PENDING: define('IC_DASH_009', 503, 'La diffusion protégée de l\'instantané %s est en cours de calcul (depuis %s, processus %s).', 'Réessayez dans quelques minutes : les tableaux de bord sont servis dès qu\'elle est prête.'),
  // ---- disclosure engine (disclosure/)
  DISC_BAD_TABLE: define('IC_DISC_001', 400, 'Table %s : %s.', 'Corrigez la description de la table (dimensions, codes, relations) avant de la protéger.'),
  DISC_UNKNOWN_CODE: define('IC_DISC_002', 400, 'Table %s, cellule %s : le code %s est inconnu pour la dimension %s.', 'Utilisez uniquement les codes déclarés dans la dimension (ou dans le fichier de hiérarchie).'),
  DISC_BAD_COUNT: define('IC_DISC_003', 400, 'Table %s, cellule %s : %s n\'est pas un effectif entier positif ou nul.', 'Un effectif est un nombre entier de demandes (0, 1, 2…).'),
  DISC_BAD_MAGNITUDE: define('IC_DISC_004', 400, 'Table %s, cellule %s : la grandeur %s vaut %s ; un nombre fini positif ou nul est attendu.', 'Les grandeurs (sommes de jours d\'attente, de ressources) sont des sommes positives, nulles quand l\'effectif est nul.'),
  DISC_DUPLICATE_CELL: define('IC_DISC_005', 400, 'Table %s : la cellule %s apparaît deux fois.', 'Donnez chaque combinaison de codes une seule fois.'),
  DISC_INCONSISTENT_MARGIN: define('IC_DISC_006', 400, 'Table %s : %s marge(s) ne valent pas la somme de leurs cellules détaillées : %s.', 'Corrigez ces totaux ou omettez-les : les marges manquantes sont calculées à partir des cellules détaillées.'),
  DISC_LINK_MISMATCH: define('IC_DISC_007', 400, 'La cellule %s vaut %s dans la table %s et %s dans la table %s.', 'Des tables protégées ensemble doivent donner la même valeur à une même cellule (même mesure, mêmes codes).'),
  DISC_TOO_LARGE: define('IC_DISC_008', 400, 'Table %s : %s cellules, au-delà de la limite de %s.', 'Découpez la table (moins de dimensions croisées ou des niveaux plus agrégés).'),
  DISC_UNPROTECTABLE: define('IC_DISC_009', 409, 'Impossible de protéger la cellule %s de la table %s : aucune autre cellule ne peut être masquée pour elle (celles qui le pourraient sont déjà publiées dans une diffusion précédente).', 'Masquez aussi ces cellules dans la diffusion précédente ou publiez cette table à un niveau plus agrégé.'),
  DISC_DUPLICATE_TABLE: define('IC_DISC_010', 400, 'Deux tables portent l\'identifiant %s.', 'Donnez un identifiant distinct à chaque table d\'une diffusion.'),
  // ---- long form, hierarchy files, `protect` and `check` (disclosure/longform.ts, check.ts, protect-file.ts)
  DISC_LF_EMPTY: define('IC_DISC_101', 400, 'Fichier %s : vide ou sans ligne d\'en-tête.', 'Le format long commence par l\'en-tête measure;period;geo;<autres dimensions>;value.'),
  DISC_LF_HEADER: define('IC_DISC_102', 400, 'Fichier %s, ligne 1 : en-tête invalide : %s.', 'En-tête attendu : measure;period;geo;<une colonne par autre dimension>;value (séparateur point-virgule ; measure et period facultatifs pour protect).'),
  DISC_LF_COLUMNS: define('IC_DISC_103', 400, 'Fichier %s, ligne %s : %s colonne(s) au lieu de %s.', 'Chaque ligne donne un code par colonne de l\'en-tête, séparés par des points-virgules.'),
  DISC_LF_VALUE: define('IC_DISC_104', 400, 'Fichier %s, ligne %s : valeur « %s » invalide (%s attendu).', 'La colonne value contient un effectif entier positif ou nul, ou s pour une cellule masquée (fichiers publiés seulement).'),
  DISC_LF_GEO: define('IC_DISC_105', 400, 'Fichier %s, ligne %s : code géographique « %s » %s.', 'Codes admis : FR, REG:84, DEP:45, EPCI:200000172, COM:45001 (code officiel géographique en vigueur).'),
  DISC_LF_DUPLICATE: define('IC_DISC_106', 400, 'Fichier %s, ligne %s : la cellule %s figure déjà ligne %s.', 'Donnez chaque combinaison de codes une seule fois.'),
  DISC_LF_EMPTY_CODE: define('IC_DISC_107', 400, 'Fichier %s, ligne %s : code vide dans la colonne %s.', 'Utilisez _T (ou la racine de la hiérarchie) pour le total d\'une dimension.'),
  DISC_LF_NO_ROWS: define('IC_DISC_108', 400, 'Fichier %s : aucune cellule.', 'Le fichier doit contenir au moins une ligne de données après l\'en-tête.'),
  DISC_HIER_LINE: define('IC_DISC_110', 400, 'Fichier de hiérarchie %s, ligne %s : %s.', 'Format : dimension;code;parent (parent vide pour la racine), une ligne par code, séparateur point-virgule.'),
  DISC_HIER_UNKNOWN_CODE: define('IC_DISC_111', 400, 'Fichier %s, ligne %s : le code « %s » de la dimension %s est absent du fichier de hiérarchie.', 'Ajoutez ce code (et son parent) au fichier de hiérarchie, ou corrigez la ligne.'),
  DISC_HIER_GEO: define('IC_DISC_112', 400, 'Fichier de hiérarchie %s : la dimension geo ne s\'y décrit pas.', 'La géographie suit le découpage officiel (communes, EPCI, départements, régions) : retirez ses lignes du fichier.'),
  // ---- findings of `infocentre check` (problems in a table someone wants to publish; exit code 1)
  DISC_CHECK_SMALL: define('IC_DISC_201', 422, 'Ligne %s (%s) : valeur publiée %s, entre 1 et %s (secret statistique).', 'Masquez cette cellule (s) puis protégez la table avec `infocentre protect` pour masquer aussi ce qui permettrait de la recalculer.'),
  DISC_CHECK_NO_SOURCE: define('IC_DISC_202', 422, 'La ligne de source obligatoire est absente : la dernière ligne du fichier est « %s ».', 'Terminez le fichier par : Source : GIP SNE - Infocentre NUNIQUE SNE (<univers>). Données du : JJ/MM/AAAA éditées le JJ/MM/AAAA'),
  DISC_CHECK_BAD_SOURCE: define('IC_DISC_203', 422, 'Ligne %s : ligne de source mal formée ou date impossible : « %s ».', 'Forme exacte : Source : GIP SNE - Infocentre NUNIQUE SNE (<univers>). Données du : JJ/MM/AAAA éditées le JJ/MM/AAAA'),
  DISC_CHECK_SOURCE_NOT_LAST: define('IC_DISC_204', 422, 'Ligne %s : la ligne de source doit être la dernière ligne du fichier.', 'Déplacez la ligne de source à la fin du fichier.'),
  DISC_CHECK_PERSONAL_COLUMN: define('IC_DISC_205', 422, 'Colonne « %s » : donnée à caractère personnel (%s) interdite dans une table diffusée.', 'Retirez cette colonne : seules des données agrégées d\'au moins 10 demandes peuvent être communiquées.'),
  DISC_CHECK_PERSONAL_VALUE: define('IC_DISC_206', 422, 'Ligne %s, colonne %s : la valeur « %s » ressemble à %s.', 'Une table diffusée ne contient aucun identifiant de personne ni de demande : retirez ces valeurs.'),
  DISC_CHECK_AUDIT: define('IC_DISC_207', 422, '%s (%s) : %s.', 'Masquez d\'autres cellules de la même relation (total ou autre partie) ; `infocentre protect` choisit lesquelles.'),
  DISC_CHECK_DISAGREES: define('IC_DISC_208', 422, 'Ligne %s (%s) : %s ici, %s dans la diffusion officielle (table %s).', 'Reprenez les chiffres (et les masquages) de la diffusion officielle de l\'instantané : `infocentre release --out DOSSIER`.'),
  DISC_CHECK_RECOMPUTABLE: define('IC_DISC_209', 422, 'Avec la diffusion officielle, la cellule masquée %s (table %s) devient : %s.', 'Masquez dans votre table les cellules qui permettent ce calcul, ou reprenez les masquages de la diffusion officielle.'),
  DISC_CHECK_OTHER_SNAPSHOT: define('IC_DISC_210', 422, 'La ligne de source date les données du %s ; la diffusion officielle est celle du %s.', 'Comparez la table à la diffusion de la même date, ou refaites-la sur l\'instantané courant.'),
  // ---- server: requests, journal, detailed universe (server/)
  SRV_BAD_REQUEST: define('IC_SRV_001', 400, 'Paramètres invalides : %s.', 'Corrigez la demande ; chaque route décrit ses paramètres sur /docs.'),
  SRV_NOT_FOUND: define('IC_SRV_002', 404, 'Route inconnue : %s.', 'Consultez la liste des routes sur /docs.'),
  SRV_INTERNAL: define('IC_SRV_003', 500, 'Erreur interne du serveur (référence %s).', 'Réessayez ; si l\'erreur persiste, transmettez la référence à l\'administrateur.'),
  SRV_JOURNAL_UNAVAILABLE: define('IC_SRV_004', 503, 'Le journal des accès ne peut pas être écrit : la demande est refusée.', 'Aucune donnée n\'est communiquée sans trace. Prévenez l\'administrateur (espace disque, droits sur data/system/).'),
  SRV_NO_SNAPSHOT: define('IC_SRV_005', 503, 'Aucun instantané n\'est chargé.', 'Chargez un extrait avec `infocentre load DOSSIER`.'),
  SRV_NUD_NOT_FOUND: define('IC_SRV_006', 404, 'Aucune demande %s dans votre territoire d\'habilitation.', 'Vérifiez le numéro unique ; seules les demandes dont une commune souhaitée est dans votre territoire sont consultables.'),
  SRV_EXPORT_TOO_LARGE: define('IC_SRV_007', 400, 'La sélection compte %s demandes, au-delà de la limite d\'extraction de %s.', 'Restreignez la sélection (commune, période, typologie) pour extraire moins de demandes.'),
  SRV_SYSTEM_BUSY: define('IC_SRV_008', 503, 'Le fichier %s est verrouillé par un autre processus depuis trop longtemps.', 'Réessayez dans un instant ; si le verrou persiste, vérifiez qu\'aucune commande infocentre n\'est bloquée, puis supprimez %s.'),
  SRV_BAD_ALERT: define('IC_SRV_009', 400, 'Alerte invalide : %s.', 'Une alerte a un type (maintenance ou dysfonctionnement), un texte et une période du JJ au JJ (début avant fin).'),
  SRV_UNKNOWN_ALERT: define('IC_SRV_010', 404, 'Alerte inconnue : %s.', 'Listez les alertes avec GET /alerts.'),
  SRV_BAD_ENVELOPE: define('IC_SRV_011', 400, 'Extraction chiffrée illisible : %s.', 'Vérifiez le fichier et la clé affichée lors de l\'extraction (64 caractères hexadécimaux).'),
  SRV_RATE_LIMITED: define('IC_SRV_012', 429, 'Trop de demandes : réessayez dans %s.', 'Patientez avant de réessayer.'),
  SRV_JOURNAL_BROKEN: define('IC_SRV_013', 500, 'Journal des accès altéré : %s.', 'Conservez le fichier en l\'état pour enquête et prévenez le responsable de traitement ; `infocentre journal verify` détaille l\'anomalie.'),
  SRV_BAD_CONFIG: define('IC_SRV_014', 500, 'Configuration du serveur invalide : %s.', 'Corrigez la configuration (options de `infocentre serve`).'),
  // ---- accounts, authentication, habilitations (server/accounts, server/plugins/auth.ts)
  AUTH_MISSING_TOKEN: define('IC_AUTH_001', 401, 'Authentification requise.', 'Connectez-vous (POST /auth/login) et envoyez le jeton : en-tête Authorization: Bearer <jeton>.'),
  AUTH_INVALID_TOKEN: define('IC_AUTH_002', 401, 'Jeton invalide, expiré ou révoqué.', 'Reconnectez-vous (POST /auth/login).'),
  AUTH_BAD_CREDENTIALS: define('IC_AUTH_003', 401, 'Identifiant ou mot de passe incorrect.', 'Après plusieurs échecs le compte est verrouillé temporairement ; en cas d\'oubli, demandez une réinitialisation à l\'administrateur.'),
  AUTH_LOCKED: define('IC_AUTH_004', 423, 'Compte verrouillé après des échecs de connexion répétés, jusqu\'à %s.', 'Patientez jusqu\'à cette heure ou demandez à l\'administrateur de réinitialiser le mot de passe.'),
  AUTH_DISABLED: define('IC_AUTH_005', 403, 'Compte désactivé : %s.', 'Demandez sa réactivation (réinitialisation) à l\'administrateur.'),
  AUTH_OUTSIDE_HOURS: define('IC_AUTH_006', 403, 'Accès autorisé seulement %s (heure de Paris) pour l\'organisme %s.', 'Reconnectez-vous pendant les heures d\'ouverture.'),
  AUTH_FORBIDDEN_ROLE: define('IC_AUTH_007', 403, 'Votre rôle (%s) ne donne pas accès à cette ressource (rôle %s requis).', 'Demandez l\'habilitation nécessaire au directeur de votre organisme.'),
  AUTH_OUTSIDE_TERRITORY: define('IC_AUTH_008', 403, 'Le territoire %s est hors de votre habilitation (%s).', 'Choisissez un territoire compris dans votre habilitation.'),
  AUTH_WEAK_PASSWORD: define('IC_AUTH_009', 400, 'Mot de passe refusé : %s.', 'Au moins 12 caractères avec au moins 3 types parmi majuscules, minuscules, chiffres et caractères spéciaux, ou au moins 14 caractères ; pas votre identifiant ; différent du précédent.'),
  AUTH_BAD_TOTP: define('IC_AUTH_010', 401, 'Code à usage unique incorrect, expiré ou déjà utilisé.', 'Saisissez le code à 6 chiffres affiché par votre application d\'authentification (il change toutes les 30 secondes).'),
  AUTH_BAD_CHALLENGE: define('IC_AUTH_011', 401, 'Étape de connexion invalide ou expirée (%s).', 'Recommencez la connexion (POST /auth/login).'),
  AUTH_UNKNOWN_USER: define('IC_AUTH_012', 404, 'Compte inconnu : %s.', 'Listez les comptes avec `infocentre users list`.'),
  AUTH_USER_EXISTS: define('IC_AUTH_013', 409, 'Le compte %s existe déjà.', 'Choisissez un autre identifiant : un compte par personne, jamais partagé.'),
  AUTH_BAD_TERRITORY: define('IC_AUTH_014', 400, 'Habilitation territoriale invalide : %s.', 'Donnez une liste de DEP:45, EPCI:200000172 ou COM:45234 (codes officiels en vigueur), REG:24 ou FR, séparés par des virgules.'),
  AUTH_BAD_ACCOUNT: define('IC_AUTH_015', 400, 'Compte invalide : %s.', 'Identifiant : 3 à 64 caractères parmi lettres minuscules, chiffres, point, tiret, souligné (prenom.nom) ; rôle : viewer, exporter, analyst ou admin.'),
  AUTH_TOTP_NOT_ENROLLING: define('IC_AUTH_016', 409, 'Aucun enrôlement TOTP en cours pour ce compte.', 'Demandez d\'abord un secret (POST /auth/totp/setup), puis confirmez-le avec un code.'),
  AUTH_BAD_HOURS: define('IC_AUTH_017', 400, 'Heures d\'accès invalides : %s.', 'Forme attendue : "lun-ven 08:00-19:00" (jours lun, mar, mer, jeu, ven, sam, dim), ou "aucune" pour lever la restriction.'),
} as const satisfies Record<string, ErrorSpec>;

export type ErrorName = keyof typeof ERRORS;

export function fail(name: ErrorName, ...args: unknown[]): never {
  throw new InfocentreError(ERRORS[name], args);
}

export function error(name: ErrorName, args: unknown[] = [], details?: unknown): InfocentreError {
  return new InfocentreError(ERRORS[name], args, details);
}
