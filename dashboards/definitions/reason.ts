// 7. Main reason for the request.
import type { DashboardDefinition } from '../definition.ts';

export const reason: DashboardDefinition = {
  id: 'motif',
  title: 'Motif principal de la demande',
  description: 'Demandes actives à la date des données selon le motif principal déclaré.',
  periodKind: 'stock',
  notes: ['Les 23 motifs sont publiés jusqu\'au département ; aux échelles de l\'EPCI et de la commune, ils sont regroupés en 7 familles.'],
  blocks: [{ kind: 'cells', indicator: 'Demandes actives par motif', table: { fine: 'stock_reason', coarse: 'stock_reason_group' } }],
};
