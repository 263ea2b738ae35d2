// 1. Stock of active requests by typology wished.
import type { DashboardDefinition } from '../definition.ts';

export const stockTypology: DashboardDefinition = {
  id: 'stock-typologie',
  title: 'Demandes actives par typologie souhaitée',
  description: 'Nombre de demandes de logement social en cours à la date des données, par typologie de logement souhaitée.',
  periodKind: 'stock',
  notes: ['Demandes actives à la date des données, comptées dans la commune de premier choix.'],
  blocks: [{ kind: 'cells', indicator: 'Demandes actives', table: 'stock_typology' }],
};
