// 4. Attributions per month, by typology and by reservation type.
import type { DashboardDefinition } from '../definition.ts';

export const attributions: DashboardDefinition = {
  id: 'attributions',
  title: 'Attributions par mois, par typologie et par réservataire',
  description: 'Logements attribués au cours de la période, par typologie du logement et par type de réservataire.',
  periodKind: 'flow',
  notes: [
    'Commune du logement attribué.',
    'Aux échelles de l\'EPCI et de la commune, seul le cumul des 12 derniers mois est publié.',
  ],
  blocks: [
    { kind: 'cells', indicator: 'Attributions par typologie', table: { fine: 'attributions_monthly_typology', coarse: 'attributions_12m_typology' }, series: true },
    { kind: 'cells', indicator: 'Attributions par réservataire', table: { fine: 'attributions_monthly_reservation', coarse: null } },
  ],
};
