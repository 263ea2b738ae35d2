// One answer shape for every refusal: `{ code, message, hint }` with the registry's HTTP status. Validation errors
// (zod, through the type provider) become IC_SRV_001 with the parameter and the rule it breaks, in French.
// Unexpected errors are logged with the request id and answered 500 with that id as reference, nothing else.
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { error, InfocentreError } from '../../registry/index.ts';
import { shared } from './shared.ts';

interface Issue { code?: string; message?: string; path?: PropertyKey[]; [k: string]: unknown }

/** A short French description of a zod issue. */
export function describeIssue(where: string, issue: Issue): string {
  const path = [where, ...(issue.path ?? []).map(String)].filter((p) => p !== '').join('.');
  const i = issue as Record<string, unknown>;
  let rule: string;
  switch (issue.code) {
    case 'too_big': rule = i.origin === 'string' ? `au plus ${i.maximum} caractères` : i.origin === 'array' ? `au plus ${i.maximum} éléments` : `au plus ${i.maximum}`; break;
    case 'too_small': rule = i.origin === 'string' ? `au moins ${i.minimum} caractère(s)` : i.origin === 'array' ? `au moins ${i.minimum} élément(s)` : `au moins ${i.minimum}`; break;
    case 'invalid_type': rule = i.input === undefined ? 'paramètre obligatoire absent' : `type ${String(i.expected)} attendu`; break;
    case 'invalid_format': rule = 'format invalide'; break;
    case 'invalid_value': rule = `valeur parmi ${(i.values as unknown[] | undefined)?.map(String).join(', ') ?? '?'} attendue`; break;
    case 'unrecognized_keys': rule = `paramètre(s) inconnu(s) : ${(i.keys as string[] | undefined)?.map((k) => k.slice(0, 40)).join(', ')}`; break;
    case 'custom': rule = issue.message ?? 'valeur refusée'; break;
    default: rule = issue.message ?? 'valeur invalide';
  }
  return `${path} : ${rule}`;
}

export const errorsPlugin = shared('infocentre-errors', async (app: FastifyInstance) => {
  app.setErrorHandler((err: FastifyError | InfocentreError, request, reply) => {
    if (err instanceof InfocentreError) {
      if (err.statusCode >= 500) request.log.error({ err, cause: (err as { cause?: unknown }).cause }, 'refused with a server error');
      return reply.code(err.statusCode).send(err.toJSON());
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = (err as FastifyError).validationContext ?? '';
      const text = err.validation.map((v) => describeIssue(where, {
        ...(v.params as Record<string, unknown>), code: v.keyword, message: v.message,
        path: v.instancePath.split('/').filter((p) => p !== ''),
      })).join(' ; ');
      return reply.code(400).send(error('SRV_BAD_REQUEST', [text]).toJSON());
    }
    const status = (err as FastifyError).statusCode ?? 500;
    if (status === 429) {
      return reply.code(429).send(error('SRV_RATE_LIMITED', [reply.getHeader('retry-after') ? `${reply.getHeader('retry-after')} s` : 'un instant']).toJSON());
    }
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ ...error('SRV_BAD_REQUEST', [(err as FastifyError).message]).toJSON() });
    }
    request.log.error({ err }, 'unexpected error');
    return reply.code(500).send(error('SRV_INTERNAL', [request.id]).toJSON());
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(error('SRV_NOT_FOUND', [`${request.method} ${request.url.split('?')[0].slice(0, 80)}`]).toJSON());
  });
});
