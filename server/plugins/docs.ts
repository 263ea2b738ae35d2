// OpenAPI description generated from the routes' zod schemas, browsable at /docs (swagger-ui, with its own CSP).
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { shared } from './shared.ts';

export const docsPlugin = shared('infocentre-docs', async (app: FastifyInstance) => {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Infocentre de la demande de logement social',
        description: 'Tableaux de bord protégés par le secret statistique, univers détaillé pour les agents habilités, '
          + 'journal des accès. Authentification : POST /auth/login puis en-tête Authorization: Bearer <jeton>.',
        version: '1',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
});
