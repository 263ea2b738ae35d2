// User-facing messages that are not errors (reports, notices, labels shared by several parts), in French, with
// stable keys. `%s` placeholders are filled in order. Add entries here; never a second registry.
import { fillPlaceholders } from './placeholders.ts';

const MESSAGES = {
  START_NO_DATA: 'Aucune donnée dans %s : génération et chargement du jeu de démonstration « small » (Île-de-France, Centre-Val de Loire, Auvergne-Rhône-Alpes ; environ 100 000 demandes)…',
  START_READY: 'Infocentre prêt sur %s (page web : %s/ ; documentation de l\'API : %s/docs)',
  START_RELEASE: 'Calcul de la diffusion protégée de l\'instantané (secret statistique) en arrière-plan : environ cinq minutes la première fois ; les tableaux de bord répondent IC_DASH_009 d\'ici là…',
  START_RELEASE_READY: 'Diffusion protégée prête (%s s) : les tableaux de bord sont servis.',
  START_RELEASE_FAILED: 'Échec du calcul de la diffusion protégée : %s',
  START_DEMO_LOGIN: 'Compte de démonstration : identifiant « %s », mot de passe provisoire « %s » (à changer à la première connexion).',
  START_DEMO_USED: 'Compte de démonstration : « %s » (mot de passe choisi à la première connexion ; `infocentre users reset %s` pour en obtenir un nouveau).',
  // `infocentre release` (cli/commands/release.ts)
  RELEASE_WRITTEN: '%s tables écrites dans %s (instantané %s, données du %s)',
  RELEASE_STATS: 'Secret statistique : %s cellules, %s masquées (%s primaires, %s complémentaires), %s tours d\'audit, %s programmes linéaires, %s s',
  RELEASE_CARRIED: 'Cohérente avec la diffusion de l\'instantané %s : %s cellules masquées déjà prouvées par son audit, non recalculées',
  // load report (etl/report.ts)
  ETL_REPORT_TITLE: 'Chargement de %s — instantané %s, données du %s (%s)',
  ETL_REPORT_FILE: '%s : %s lues = %s chargées + %s rejetées',
  ETL_REPORT_QUARANTINE: 'Lignes rejetées, avec leur numéro de ligne et leur motif : %s',
  ETL_REPORT_NIR: 'Colonne NIR présente dans %s : supprimée à la lecture, jamais enregistrée.',
  ETL_REPORT_IGNORED: 'Colonnes inconnues ignorées dans %s : %s',
  ETL_REPORT_PUBLISHED: 'Instantané %s publié (%s lignes/s, %s s). Instantané précédent conservé : %s',
  ETL_AS_OF_OPTION: 'date donnée par --as-of',
  ETL_AS_OF_EXTRACT: 'date la plus récente de l\'extrait',
  // disclosure audit findings (disclosure/audit.ts): what an attacker can prove about a cell
  DISC_FINDING_PINNED: 'cellule masquée recalculable : elle vaut forcément %s',
  DISC_FINDING_UPPER: 'cellule masquée dont on peut prouver qu\'elle vaut au plus %s, sous le seuil de %s',
  DISC_FINDING_LOWER: 'cellule masquée dont on peut prouver qu\'elle n\'est pas vide (au moins %s)',
  DISC_FINDING_MAGNITUDE_PINNED: 'grandeur %s d\'une cellule masquée recalculable : elle vaut forcément %s',
  DISC_FINDING_INFEASIBLE: 'valeurs publiées incompatibles entre elles : aucun tableau ne les vérifie toutes',
  DISC_FINDING_SMALL: 'valeur publiée %s comprise entre 1 et %s (secret statistique)',
  DISC_FINDING_CONFIDENTIAL: 'valeur publiée %s d\'une cellule confidentielle (unité géographique de moins de %s)',
  DISC_FINDING_NOT_ADDITIVE: 'total publié %s différent de la somme %s de ses parties publiées',
  DISC_FINDING_LINK_MISMATCH: 'valeur %s ici mais %s dans la table %s pour la même cellule',
  DISC_FINDING_WRONG_VALUE: 'valeur publiée %s différente de la valeur réelle',
} as const satisfies Record<string, string>;

export type MessageName = keyof typeof MESSAGES;

export function message(name: MessageName, ...args: unknown[]): string {
  return fillPlaceholders(MESSAGES[name], args);
}
