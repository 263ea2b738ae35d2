// 10. Mutations (applicants already in social housing) versus external requests.
import type { DashboardDefinition } from '../definition.ts';

export const mutations: DashboardDefinition = {
  id: 'mutations',
  title: 'Demandes de mutation et demandes externes',
  description: 'Part des demandeurs déjà locataires du parc social parmi les demandes actives, les demandes nouvelles et les attributions.',
  periodKind: 'both',
  notes: ['Demandes actives à la date des données ; demandes nouvelles et attributions sur la période choisie (12 derniers mois à l\'EPCI et à la commune).'],
  blocks: [
    { kind: 'cells', indicator: 'Demandes actives', table: 'stock_mutation' },
    { kind: 'cells', indicator: 'Demandes nouvelles', table: { fine: 'new_monthly', coarse: 'new_12m' } },
    { kind: 'cells', indicator: 'Attributions', table: { fine: 'attributions_monthly_mutation', coarse: null } },
  ],
};
