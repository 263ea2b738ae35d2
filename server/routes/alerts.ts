// /alerts: data-quality notices. Every authenticated user reads those in force for a period (dashboards and exports
// show them); admins post and withdraw them (journaled).
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALERT_KINDS, alertText } from '../alerts/store.ts';
import { IsoDate } from './params.ts';

const AlertOut = z.object({
  id: z.string(), kind: z.enum(ALERT_KINDS), message: z.string(), from: z.string(), to: z.string(), text: z.string(),
  createdAt: z.string(), createdBy: z.string(),
});

export const alertRoutes: FastifyPluginAsync = async (root) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.addHook('onRequest', app.authenticate);
  const out = (a: Parameters<typeof alertText>[0]) => ({
    id: a.id, kind: a.kind, message: a.message, from: a.from, to: a.to, text: alertText(a), createdAt: a.createdAt, createdBy: a.createdBy,
  });

  app.get('/', {
    schema: {
      summary: 'Alertes en vigueur (toutes, ou celles qui concernent la période from–to des données)',
      querystring: z.strictObject({ from: IsoDate.optional(), to: IsoDate.optional() }),
      response: { 200: z.object({ alerts: z.array(AlertOut) }) },
    },
  }, async (request) => {
    const { from, to } = request.query;
    const alerts = from || to ? await app.alerts.inForce(from ?? '0000-01-01', to ?? '9999-12-31') : await app.alerts.list();
    return { alerts: alerts.map(out) };
  });

  app.post('/', {
    preHandler: app.requireRole('admin'),
    schema: {
      summary: 'Publie une alerte de maintenance ou de dysfonctionnement pour une période des données',
      body: z.strictObject({ kind: z.enum(ALERT_KINDS), message: z.string().trim().min(3).max(500), from: IsoDate, to: IsoDate }),
      response: { 201: AlertOut },
    },
  }, async (request, reply) => {
    const alert = await app.alerts.add(request.body, request.user.username);
    await request.audit('alerts.add', { params: { id: alert.id, kind: alert.kind, from: alert.from, to: alert.to } });
    return reply.code(201).send(out(alert));
  });

  app.delete('/:id', {
    preHandler: app.requireRole('admin'),
    schema: { summary: 'Retire une alerte', params: z.strictObject({ id: z.uuid() }), response: { 200: AlertOut } },
  }, async (request) => {
    const alert = await app.alerts.withdraw(request.params.id);
    await request.audit('alerts.withdraw', { params: { id: alert.id } });
    return out(alert);
  });
};
