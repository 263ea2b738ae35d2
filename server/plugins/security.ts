// Security headers on every answer (helmet: CSP, HSTS, nosniff, frame-ancestors none, no referrer) and no caching of
// answers by default: they may carry personal data. A route serving static, public assets may set its own
// Cache-Control.
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import { shared } from './shared.ts';

export const securityPlugin = shared('infocentre-security', async (app: FastifyInstance) => {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
});
