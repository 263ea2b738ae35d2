// THE list of route plugins the app registers, in order, each in its own encapsulated context (decorators of the
// app — authenticate, requireRole, journal, alerts, config — are visible inside). To add routes, write a plugin file
// here (or under server/web/) and add ONE line below.
import type { FastifyPluginAsync } from 'fastify';
import { adminRoutes } from './admin.ts';
import { alertRoutes } from './alerts.ts';
import { authRoutes } from './auth.ts';
import { dashboardPlugins } from './dashboards.ts';
import { detailedRoutes } from './detailed.ts';
import { healthRoutes } from './health.ts';

export interface RoutePlugin {
  plugin: FastifyPluginAsync;
  prefix?: string;
}

export const routePlugins: RoutePlugin[] = [
  { plugin: healthRoutes },
  { plugin: authRoutes, prefix: '/auth' },
  { plugin: adminRoutes, prefix: '/admin' },
  { plugin: alertRoutes, prefix: '/alerts' },
  { plugin: detailedRoutes, prefix: '/detailed' },
  { plugin: dashboardPlugins }, // /api/dashboards…, /api/geo, exports, and the web page (/, /web/, /vendor/)
];
