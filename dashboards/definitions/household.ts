// 8. Household composition and age class of the applicant.
import type { DashboardDefinition } from '../definition.ts';

export const household: DashboardDefinition = {
  id: 'menages',
  title: 'Composition du ménage et âge du demandeur',
  description: 'Demandes actives à la date des données selon la composition du ménage et la classe d\'âge du demandeur.',
  periodKind: 'stock',
  notes: ['Le croisement composition × âge est publié jusqu\'au département ; en dessous, chaque variable séparément.'],
  blocks: [
    { kind: 'cells', indicator: 'Demandes actives par composition du ménage et âge', table: { fine: 'stock_household_age', coarse: 'stock_household' } },
    { kind: 'cells', indicator: 'Demandes actives par âge du demandeur', table: { fine: 'stock_age', coarse: null } },
  ],
};
