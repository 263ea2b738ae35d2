// /api (any authenticated role that grants `viewer`): the predefined dashboards, each view for a geography of the
// user's habilitation and a published period, and the geography search of the page's picker. Everything comes from
// the snapshot's release (aggregated universe, protected by the disclosure engine): these routes never open the
// detailed universe. Exports are in exports.ts.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  chartSpec, geoPicker, listDashboards, periodLabel, publishedPeriods, sourceLineFor, EXPORT_FORMATS,
  type GeoOption, type Release,
} from '../../dashboards/index.ts';
import { parseGeo } from '../../universes/index.ts';
import { grants } from '../accounts/roles.ts';
import { territoryCovers, type Territory } from '../accounts/territory.ts';
import { alertText } from '../alerts/store.ts';
import { webRoutes } from '../web/assets.ts';
import { exportRoutes } from './exports.ts';
import { cachedAnswer } from './dashboard-cache.ts';
import { alertsFor, DashboardId, defaultGeo, editionDate, servedRelease, viewFor, ViewQuery } from './dashboard-scope.ts';
import { restrictTo } from '../plugins/auth.ts';

const Level = z.enum(['FR', 'REG', 'DEP', 'EPCI', 'COM']);
const Value = z.union([z.number(), z.literal('s'), z.null()]).describe('nombre publié, `s` (secret statistique) ou null (non défini)');

const ListAnswer = z.object({
  asOf: z.string(),
  defaultGeo: z.string(),
  periods: z.array(z.object({ code: z.string(), label: z.string() })),
  dashboards: z.array(z.object({ id: z.string(), title: z.string(), description: z.string(), periodKind: z.enum(['stock', 'flow', 'both']) })),
});

const AlertOut = z.object({ kind: z.string(), label: z.string(), text: z.string(), from: z.string(), to: z.string() });

const ViewAnswer = z.object({
  id: z.string(), title: z.string(), description: z.string(), notes: z.array(z.string()),
  periodKind: z.enum(['stock', 'flow', 'both']),
  geo: z.string(), geoLabel: z.string(), period: z.string(), periodLabel: z.string(), asOf: z.string(), threshold: z.number(),
  blocks: z.array(z.object({
    indicator: z.string(), kind: z.string(), unit: z.string(), table: z.string(), series: z.boolean(),
    categories: z.array(z.object({ name: z.string(), title: z.string() })),
  })),
  rows: z.array(z.object({
    block: z.number(), measure: z.string(), table: z.string(),
    derived: z.boolean().describe('statistique dérivée de cellules publiées (ratio, moyenne, médiane), pas un effectif'),
    period: z.string(), periodLabel: z.string(), geo: z.string(), geoLabel: z.string(),
    categories: z.record(z.string(), z.string()), labels: z.record(z.string(), z.string()), value: Value, unit: z.string(),
  })),
  spec: z.record(z.string(), z.unknown()).describe('Spécification Vega-Lite du graphique, données en ligne'),
  source: z.string().describe('Ligne de source obligatoire'),
  alerts: z.array(AlertOut),
  exports: z.array(z.enum(EXPORT_FORMATS)).describe('Formats d\'export permis au rôle (vide sans le rôle exporter)'),
});

/** The serialiser Fastify would compile for the view's response schema, applied once per cached answer. */
const serializeView = serializerCompiler({ schema: ViewAnswer, method: 'GET', url: '/api/dashboards/:id' }) as (data: unknown) => string;

const GeoAnswer = z.object({ options: z.array(z.object({ code: z.string(), label: z.string(), level: Level })) });

/** Layout width of the page's chart: the main column of the page on a laptop screen. */
const PAGE_CHART_WIDTH = 1000;

const ALERT_LABELS: Record<string, string> = { maintenance: 'Maintenance', dysfonctionnement: 'Dysfonctionnement' };

/** Lower case, without accents, hyphens or apostrophes: « saint jean de b » finds Saint-Jean-de-Braye. */
function normalise(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().replace(/[-'’]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** The picker's units the territory covers, per release and habilitation (computed once: habilitations are few). */
const allowedCache = new WeakMap<Release, Map<string, GeoOption[]>>();
function allowedUnits(release: Release, territory: Territory): GeoOption[] {
  let byTerritory = allowedCache.get(release);
  if (!byTerritory) allowedCache.set(release, (byTerritory = new Map()));
  const key = territory.join(',');
  let options = byTerritory.get(key);
  if (!options) {
    options = geoPicker(release).filter((o) => territoryCovers(territory, parseGeo(o.code)!));
    if (byTerritory.size > 1000) byTerritory.clear();
    byTerritory.set(key, options);
  }
  return options;
}

export function searchGeo(release: Release, territory: Territory, q: string, limit: number): GeoOption[] {
  const options = allowedUnits(release, territory);
  const wanted = normalise(q);
  if (wanted === '') return options.slice(0, limit);
  const scored: { o: GeoOption; score: number }[] = [];
  for (const o of options) {
    const label = normalise(o.label);
    const code = o.code.toLowerCase();
    const bare = code.slice(code.indexOf(':') + 1);
    let score: number;
    if (bare === wanted || code === wanted || label === wanted) score = 0;
    else if (label.startsWith(wanted)) score = 1;
    else if (label.split(' ').some((w) => w.startsWith(wanted))) score = 2;
    else if (bare.startsWith(wanted)) score = 3;
    else if (label.includes(wanted)) score = 4;
    else continue;
    scored.push({ o, score });
  }
  // Stable sort: within a score, the picker's order (coarse levels first, then by name).
  return scored.sort((a, b) => a.score - b.score).slice(0, limit).map((s) => s.o);
}

export const dashboardRoutes: FastifyPluginAsync = async (root) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  restrictTo(app, 'viewer');

  app.get('/dashboards', {
    schema: {
      summary: 'Tableaux de bord prédéfinis, périodes publiées et territoire proposé par défaut',
      tags: ['tableaux de bord'],
      response: { 200: ListAnswer },
    },
  }, async (request) => {
    const release = await servedRelease(app);
    return {
      asOf: release.asOf,
      defaultGeo: defaultGeo(request.user.territory),
      periods: publishedPeriods(release.window).map((code) => ({ code, label: periodLabel(release.window, code) })),
      dashboards: listDashboards(),
    };
  });

  app.get('/dashboards/:id', {
    schema: {
      summary: 'Un tableau de bord pour un territoire de votre habilitation et une période publiée : tableau protégé (`s` = secret statistique), graphique Vega-Lite, ligne de source, alertes',
      tags: ['tableaux de bord'],
      params: z.strictObject({ id: DashboardId }),
      querystring: ViewQuery,
      response: { 200: ViewAnswer },
    },
  }, async (request, reply) => {
    const { release, view } = await viewFor(app, request, request.params.id, request.query, 'dashboard.view');
    const alerts = await alertsFor(app, release, view);
    const edited = editionDate(app.now());
    const exports = grants(request.user.role, 'exporter');
    const json = cachedAnswer(view, `${edited}|${exports}|${alerts.map((a) => a.id).join(',')}`, () => {
      const source = sourceLineFor(view.asOf, edited);
      const texts = alerts.map(alertText);
      return serializeView({
        ...view,
        periodKind: listDashboards().find((d) => d.id === view.id)!.periodKind,
        spec: chartSpec(view, { sourceLine: source, alerts: texts, width: PAGE_CHART_WIDTH }) as unknown as Record<string, unknown>,
        source,
        alerts: alerts.map((a, i) => ({ kind: a.kind, label: ALERT_LABELS[a.kind] ?? a.kind, text: texts[i], from: a.from, to: a.to })),
        exports: exports ? [...EXPORT_FORMATS] : [],
      });
    });
    // Already serialised by the route's response schema (serializeView): a JSON string is sent as is.
    return (reply as FastifyReply).type('application/json; charset=utf-8').send(json);
  });

  app.get('/geo', {
    schema: {
      summary: 'Recherche de territoires de votre habilitation par nom ou par code (sélecteur de la page)',
      tags: ['tableaux de bord'],
      querystring: z.strictObject({
        q: z.string().max(80).default('').describe('Début du nom ou du code : « orl », « 45 », « 45234 »'),
        limit: z.coerce.number().int().min(1).max(50).default(20),
      }),
      response: { 200: GeoAnswer },
    },
  }, async (request) => {
    const release = await servedRelease(app);
    return { options: searchGeo(release, request.user.territory, request.query.q, request.query.limit) };
  });
};

/** The dashboards' API (/api: views, geography search, exports) and the web page, as one plugin of the app. */
export const dashboardPlugins: FastifyPluginAsync = async (app) => {
  await app.register(dashboardRoutes, { prefix: '/api' });
  await app.register(exportRoutes, { prefix: '/api' });
  await app.register(webRoutes);
};
