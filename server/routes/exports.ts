// /api/dashboards/:id/exports/:format (role exporter): a dashboard view as a citable file — CSV (BOM, `;`), the long
// form `check` reads, Arrow IPC, JSON, the Vega-Lite spec, SVG or PNG drawn on the server at a chosen width — each
// carrying the mandatory source line and the alerts in force. Every export is journaled (who, what, when) before
// its bytes leave; if the journal cannot be written, nothing is sent (IC_SRV_004).
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exportView, EXPORT_FORMATS, MAX_WIDTH, MIN_WIDTH } from '../../dashboards/index.ts';
import { alertText } from '../alerts/store.ts';
import { alertsFor, DashboardId, editionDate, GeoParam, PeriodParam, viewFor } from './dashboard-scope.ts';
import { restrictTo } from '../plugins/auth.ts';

export const exportRoutes: FastifyPluginAsync = async (root) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  restrictTo(app, 'exporter');

  app.get('/dashboards/:id/exports/:format', {
    schema: {
      summary: 'Export d\'un tableau de bord (rôle exporter, journalisé) avec la ligne de source et les alertes en vigueur',
      description: 'csv : UTF-8 avec BOM, séparateur « ; » ; long : forme longue lue par `infocentre check` ; arrow : flux Arrow IPC '
        + '(source dans les métadonnées du schéma) ; json ; vega-lite : spécification (source dans description) ; svg, png : '
        + `graphique rendu sur le serveur, largeur ${MIN_WIDTH} à ${MAX_WIDTH} pixels.`,
      tags: ['exports'],
      params: z.strictObject({ id: DashboardId, format: z.enum(EXPORT_FORMATS) }),
      querystring: z.strictObject({
        geo: GeoParam.optional(),
        period: PeriodParam.optional(),
        width: z.coerce.number().int().min(MIN_WIDTH).max(MAX_WIDTH).optional().describe('Largeur des images svg et png, en pixels'),
      }),
    },
  }, async (request, reply) => {
    const { id, format } = request.params;
    const { width } = request.query;
    const { release, view } = await viewFor(app, request, id, request.query, 'dashboard.export');
    const alerts = await alertsFor(app, release, view);
    const file = await exportView(view, format, { alerts: alerts.map(alertText), width, editionDate: editionDate(app.now()) });
    await request.audit('dashboard.export', {
      params: { dashboard: id, geo: view.geo, period: view.period, format, ...(width === undefined ? {} : { width }), snapshot: view.snapshotId, file: file.filename },
    });
    return reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .send(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
  });
};
