// The predefined dashboards, in the order the list shows them.
import type { DashboardDefinition } from '../definition.ts';
import { attributions } from './attributions.ts';
import { household } from './household.ts';
import { mutations } from './mutations.ts';
import { newRequests } from './new-requests.ts';
import { pressure } from './pressure.ts';
import { priorityPublics } from './priority-publics.ts';
import { radiations } from './radiations.ts';
import { reason } from './reason.ts';
import { resources } from './resources.ts';
import { seniority } from './seniority.ts';
import { stockTypology } from './stock-typology.ts';

export const DASHBOARDS: readonly DashboardDefinition[] = [
  stockTypology, newRequests, radiations, attributions, pressure, seniority, reason, household, resources, mutations,
  priorityPublics,
];
