// /detailed (role analyst): the nominative universe, within the user's habilitation, enforced in the SQL
// (detailed/queries.ts). Lookup by NUD, search with keyset pagination, encrypted extraction (CSV or Arrow). Every
// attempt, granted or not, is journaled with its parameters and the NUDs shown, before the answer leaves.
// The only code of the project that opens the detailed universe.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { codes, communesOf, formatGeo, geoExists, parseGeo } from '../../universes/index.ts';
import { error } from '../../registry/index.ts';
import { isNational, territoryCommunes } from '../accounts/territory.ts';
import { encryptEnvelope } from '../detailed/envelope.ts';
import { detailedSourceLine, extractArrow, extractCsv } from '../detailed/export.ts';
import { count, extraction, lookup, page, EXPORT_COLUMNS, type SearchFilters } from '../detailed/queries.ts';
import { DetailedSource } from '../detailed/source.ts';
import { IsoDate, NudSchema, QueryBoolean } from './params.ts';
import { restrictTo } from '../plugins/auth.ts';

const keys = <T extends Record<string, string>>(list: T) => Object.keys(list) as [keyof T & string, ...(keyof T & string)[]];

const Geo = z.string().max(20)
  .refine((s) => { const g = parseGeo(s); return g !== undefined && g.level !== 'FR' && geoExists(g); },
    'territoire inconnu : COM:45234, EPCI:200070183, DEP:45 ou REG:24 attendu (code officiel en vigueur)');
const Name = z.string().regex(/^[\p{L}][\p{L} '’-]{1,49}$/u, 'début de nom de 2 à 50 lettres (espaces, apostrophes, tirets admis)');

const filterShape = {
  geo: Geo.optional(),
  status: z.enum(['active', 'radiated']).optional(),
  typology: z.enum(keys(codes.typology)).optional(),
  dalo: z.enum(keys(codes.dalo)).optional(),
  filedFrom: IsoDate.optional(),
  filedTo: IsoDate.optional(),
  name: Name.optional(),
};

type FilterInput = { geo?: string; status?: 'active' | 'radiated'; typology?: string; dalo?: string; priority?: boolean; filedFrom?: string; filedTo?: string; name?: string };

export const detailedRoutes: FastifyPluginAsync = async (root) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const cfg = app.config;
  const source = new DetailedSource(app.dataDir);
  app.addHook('onClose', async () => source.close());
  restrictTo(app, 'analyst');
  const limited = {
    rateLimit: {
      max: cfg.detailedRateLimit.max, timeWindow: cfg.detailedRateLimit.windowSeconds * 1000, hook: 'preHandler' as const,
      keyGenerator: (request: FastifyRequest) => request.user?.username ?? request.ip,
    },
  };

  /** The communes a query may touch: the habilitation, narrowed to `geo` when given (403 if disjoint). */
  async function scope(request: FastifyRequest, action: string, input: FilterInput): Promise<SearchFilters> {
    const territory = request.user.territory;
    let communes: string[] | null = isNational(territory) ? null : [...territoryCommunes(territory)];
    if (input.geo !== undefined) {
      const wanted = communesOf(parseGeo(input.geo)!);
      const mine = communes === null ? null : new Set(communes);
      communes = mine === null ? wanted : wanted.filter((c) => mine.has(c));
      if (communes.length === 0) {
        await request.audit(action, { outcome: 'denied', params: { ...input, reason: 'hors-territoire' } });
        throw error('AUTH_OUTSIDE_TERRITORY', [formatGeo(parseGeo(input.geo)!), territory.join(', ')]);
      }
    }
    const { geo: _geo, ...rest } = input;
    return { communes, ...rest };
  }

  app.get('/requests/:nud', {
    config: limited,
    schema: {
      summary: 'Une demande par son numéro unique (si une de ses communes souhaitées est dans votre territoire)',
      params: z.strictObject({ nud: NudSchema }),
    },
  }, async (request) => {
    const { nud } = request.params;
    const communes = isNational(request.user.territory) ? null : [...territoryCommunes(request.user.territory)];
    const found = await source.run((u) => lookup(u, nud, communes));
    if (!found) {
      // Absent and out of the territory are the same answer: no oracle of which NUDs exist elsewhere.
      await request.audit('detailed.lookup', { outcome: 'denied', params: { nud, reason: 'absente-ou-hors-territoire' }, nuds: [] });
      throw error('SRV_NUD_NOT_FOUND', [nud]);
    }
    await request.audit('detailed.lookup', { params: { nud }, nuds: [nud] });
    return found;
  });

  app.get('/requests', {
    config: limited,
    schema: {
      summary: 'Recherche des demandes du territoire (pagination par curseur : after = dernier numéro unique reçu)',
      querystring: z.strictObject({
        ...filterShape,
        priority: QueryBoolean.optional(),
        after: NudSchema.optional(),
        limit: z.coerce.number().int().min(1).max(cfg.maxPageSize).default(Math.min(50, cfg.maxPageSize)),
      }),
    },
  }, async (request) => {
    const { after, limit, ...input } = request.query;
    const filters = await scope(request, 'detailed.search', input);
    const { total, items } = await source.run(async (u) => ({
      total: await count(u, filters), items: await page(u, filters, after, limit),
    }));
    const nuds = items.map((i) => i.nud);
    await request.audit('detailed.search', { params: { ...request.query, total }, nuds });
    return { total, items, next: items.length === limit ? nuds[nuds.length - 1] : null };
  });

  app.post('/extractions', {
    config: limited,
    schema: {
      summary: 'Extraction chiffrée (AES-256-GCM) d\'une sélection : la clé est dans l\'en-tête X-Infocentre-Key, affichée une seule fois',
      body: z.strictObject({
        ...filterShape,
        priority: z.boolean().optional(),
        format: z.enum(['csv', 'arrow']),
        columns: z.array(z.enum(EXPORT_COLUMNS)).min(1).max(EXPORT_COLUMNS.length).optional(),
      }),
    },
  }, async (request, reply) => {
    const { format, columns: wanted, ...input } = request.body;
    const filters = await scope(request, 'detailed.export', input);
    // The NUD is always extracted: the journal records which requests left.
    const columns = wanted ? EXPORT_COLUMNS.filter((c) => c === 'nud' || wanted.includes(c)) : [...EXPORT_COLUMNS];
    const now = app.now();
    const result = await source.run(async (u, meta) => {
      const n = await count(u, filters);
      if (n > cfg.maxExportRows) return { n, rows: undefined, meta };
      return { n, rows: await extraction(u, filters, columns, cfg.maxExportRows), meta };
    });
    if (!result.rows) {
      await request.audit('detailed.export', { outcome: 'denied', params: { ...request.body, total: result.n, reason: 'trop-volumineuse' } });
      throw error('SRV_EXPORT_TOO_LARGE', [result.n, cfg.maxExportRows]);
    }
    const allColumns = [...columns, 'wished_communes'];
    const sourceLine = detailedSourceLine(result.meta.asOf, now);
    const plain = format === 'csv'
      ? extractCsv(allColumns, result.rows, sourceLine)
      : extractArrow(allColumns, result.rows, sourceLine, { snapshot: result.meta.snapshotId, extracted_by: request.user.username });
    const envelope = encryptEnvelope(plain);
    const nuds = result.rows.map((r) => String(r.nud));
    await request.audit('detailed.export', { params: { ...request.body, rows: nuds.length, sha256: envelope.sha256 }, nuds });
    const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', `attachment; filename="extraction-${stamp}.${format}.icx"`)
      .header('x-infocentre-key', envelope.key)
      .header('x-infocentre-rows', String(nuds.length))
      .header('x-infocentre-sha256', envelope.sha256)
      .send(envelope.bytes);
  });
};
