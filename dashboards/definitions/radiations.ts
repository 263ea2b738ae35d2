// 3. Radiations per month, by motive.
import type { DashboardDefinition } from '../definition.ts';

export const radiations: DashboardDefinition = {
  id: 'radiations',
  title: 'Radiations par mois et par motif',
  description: 'Demandes radiées au cours de chaque mois de la période, par motif (attribution, non-renouvellement, abandon…).',
  periodKind: 'flow',
  notes: ['Aux échelles de l\'EPCI et de la commune, seul le cumul des 12 derniers mois est publié.'],
  blocks: [{ kind: 'cells', indicator: 'Radiations', table: { fine: 'radiations_monthly', coarse: 'radiations_12m' }, series: true }],
};
