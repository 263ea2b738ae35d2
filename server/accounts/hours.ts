// Access hours of an organisation (seed 004: "du lundi au vendredi de 8 h à 19 h"), in Paris time whatever the
// server's time zone, written "lun-ven 08:00-19:00".
import { error } from '../../registry/index.ts';

export interface AccessHours {
  days: number[]; // ISO weekdays, 1 = Monday … 7 = Sunday
  from: string; // HH:MM, inclusive
  to: string; // HH:MM, exclusive
}

const DAYS = ['lun', 'mar', 'mer', 'jeu', 'ven', 'sam', 'dim'];

export function parseAccessHours(text: string): AccessHours {
  const m = /^\s*(lun|mar|mer|jeu|ven|sam|dim)(?:-(lun|mar|mer|jeu|ven|sam|dim))?\s+([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-4]):([0-5][0-9])\s*$/.exec(text);
  if (!m) throw error('AUTH_BAD_HOURS', [text.slice(0, 60)]);
  const first = DAYS.indexOf(m[1]) + 1;
  const last = m[2] ? DAYS.indexOf(m[2]) + 1 : first;
  if (last < first) throw error('AUTH_BAD_HOURS', [`${m[1]}-${m[2]} : le premier jour doit précéder le dernier`]);
  const from = `${m[3]}:${m[4]}`;
  const to = `${m[5]}:${m[6]}`;
  if (to <= from) throw error('AUTH_BAD_HOURS', [`${from}-${to} : l'heure de fin doit suivre l'heure de début`]);
  return { days: Array.from({ length: last - first + 1 }, (_, i) => first + i), from, to };
}

export function formatAccessHours(h: AccessHours): string {
  const first = DAYS[h.days[0] - 1];
  const last = DAYS[h.days[h.days.length - 1] - 1];
  return `${first === last ? first : `${first}-${last}`} ${h.from}-${h.to}`;
}

const PARIS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});
const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export function withinAccessHours(h: AccessHours, now: Date): boolean {
  const parts = Object.fromEntries(PARIS.formatToParts(now).map((p) => [p.type, p.value]));
  const day = WEEKDAY[parts.weekday];
  const time = `${parts.hour}:${parts.minute}`;
  return h.days.includes(day) && time >= h.from && time < h.to;
}
