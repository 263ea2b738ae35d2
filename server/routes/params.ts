// Parameter shapes shared by the routes: validated at the edge, so that a malformed value is a 400 with its reason.
import { z } from 'zod';

/** Numéro unique: département (3 characters, 02A/02B for Corsica), month and year of filing, sequence, office. */
export const NUD_PATTERN = /^([0-9]{3}|02A|02B)(0[1-9]|1[0-2])[0-9]{2}[0-9]{6}[0-9A-Z]{5}$/;
export const NudSchema = z.string().regex(NUD_PATTERN, 'numéro unique de 18 caractères (ex. 0450124000123GDPUB)');

export const IsoDate = z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, 'date AAAA-MM-JJ')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'date inexistante');

/** `true`/`false` in a query string. */
export const QueryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');
