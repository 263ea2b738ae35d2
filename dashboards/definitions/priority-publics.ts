// 11. Priority publics (DALO, priority criteria) among requests and attributions.
import type { DashboardDefinition } from '../definition.ts';

export const priorityPublics: DashboardDefinition = {
  id: 'publics-prioritaires',
  title: 'Publics prioritaires (DALO, critères de priorité)',
  description: 'Demandes actives et attributions des ménages reconnus au titre du DALO ou d\'un critère de priorité (L.441-1 CCH).',
  periodKind: 'both',
  notes: ['Attributions sur la période choisie (12 derniers mois à l\'EPCI et à la commune).'],
  blocks: [
    { kind: 'cells', indicator: 'Demandes actives', table: 'stock_publics' },
    { kind: 'cells', indicator: 'Attributions', table: { fine: 'attributions_monthly_publics', coarse: null } },
  ],
};
