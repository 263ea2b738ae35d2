// 9. Resources class relative to the PLAI / PLUS ceilings.
import type { DashboardDefinition } from '../definition.ts';

export const resources: DashboardDefinition = {
  id: 'ressources',
  title: 'Ressources des demandeurs au regard des plafonds PLAI et PLUS',
  description: 'Demandes actives selon la position des ressources du ménage par rapport aux plafonds PLAI et PLUS (catégorie de ménage et zone).',
  periodKind: 'stock',
  notes: ['Le croisement avec la typologie souhaitée est publié jusqu\'au département.'],
  blocks: [{ kind: 'cells', indicator: 'Demandes actives par classe de ressources', table: { fine: 'stock_resources_typology', coarse: 'stock_resources' } }],
};
