// 6. Seniority of active requests, and the median wait to attribution.
import type { DashboardDefinition } from '../definition.ts';

export const seniority: DashboardDefinition = {
  id: 'anciennete-delais',
  title: 'Ancienneté des demandes actives et délai d\'attribution',
  description: 'Demandes actives par ancienneté à la date des données ; délai médian et moyen entre le dépôt et l\'attribution pour les attributions de la période.',
  periodKind: 'both',
  notes: [
    'Le délai médian est publié seulement si le nombre d\'attributions correspondant l\'est (au moins 10).',
    'Aux échelles de l\'EPCI et de la commune, les délais portent sur les 12 derniers mois.',
  ],
  blocks: [
    { kind: 'cells', indicator: 'Demandes actives par ancienneté', table: 'stock_seniority' },
    { kind: 'mean', indicator: 'Ancienneté moyenne des demandes actives', table: 'stock_seniority', unit: 'mois' },
    { kind: 'median', indicator: 'Délai médian d\'attribution', table: { fine: 'attributions_monthly_typology', coarse: 'attributions_12m_typology' } },
    { kind: 'mean', indicator: 'Délai moyen d\'attribution', table: { fine: 'attributions_monthly_typology', coarse: 'attributions_12m_typology' }, unit: 'mois' },
  ],
};
