// 5. Pressure ratio: active requests per attribution over the last 12 months, by geography.
import type { DashboardDefinition } from '../definition.ts';

export const pressure: DashboardDefinition = {
  id: 'pression',
  title: 'Pression de la demande : demandes actives pour une attribution',
  description: 'Demandes actives à la date des données rapportées aux attributions des 12 derniers mois, par typologie et pour les territoires un niveau en dessous.',
  periodKind: 'stock',
  notes: [
    'Ratio calculé uniquement à partir de cellules publiées : il est masqué (s) dès que les demandes ou les attributions le sont.',
    'Demandes : commune de premier choix ; attributions : commune du logement.',
  ],
  blocks: [
    { kind: 'ratio', indicator: 'Demandes actives pour une attribution (12 mois), par typologie', numerator: 'stock_typology', denominator: 'attributions_12m_typology', byCategory: true },
    { kind: 'ratio', indicator: 'Demandes actives pour une attribution (12 mois), par territoire', numerator: 'stock_typology', denominator: 'attributions_12m_typology', children: true },
  ],
};
