// 2. New requests per month.
import type { DashboardDefinition } from '../definition.ts';

export const newRequests: DashboardDefinition = {
  id: 'demandes-nouvelles',
  title: 'Demandes nouvelles par mois',
  description: 'Demandes enregistrées pour la première fois au cours de chaque mois de la période.',
  periodKind: 'flow',
  notes: [
    'Mois d\'enregistrement initial, commune de premier choix.',
    'Aux échelles de l\'EPCI et de la commune, seul le cumul des 12 derniers mois est publié.',
  ],
  blocks: [{ kind: 'cells', indicator: 'Demandes nouvelles', table: { fine: 'new_monthly', coarse: 'new_12m' }, series: true }],
};
