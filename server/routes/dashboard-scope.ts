// What the dashboard and export routes share: the served release (aggregated universe only, protected by the
// disclosure engine), the parameters `geo` and `period` checked against the release and the user's habilitation, and
// the data-quality alerts in force for the period a view covers.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  checkGeo, forgetPreviousRelease, getRelease, listDashboards, previousRelease, type DashboardView, type Release,
} from '../../dashboards/index.ts';
import { todayInParis } from '../../disclosure/source-line.ts';
import { error, InfocentreError } from '../../registry/index.ts';
import { currentSnapshot, formatGeo, parseGeo } from '../../universes/index.ts';
import { isNational, territoryCovers, type Territory } from '../accounts/territory.ts';
import type { Alert } from '../alerts/store.ts';
import { cachedView } from './dashboard-cache.ts';

export const GeoParam = z.string().max(20)
  .regex(/^(FR|(REG|DEP|EPCI|COM):[0-9A-Z]{1,9})$/, 'territoire attendu sous la forme FR, REG:24, DEP:45, EPCI:200070183 ou COM:45234');
export const PeriodParam = z.string().max(8)
  .regex(/^(12M|[0-9]{4}|[0-9]{4}-Q[1-4]|[0-9]{4}-(0[1-9]|1[0-2]))$/, 'période attendue : 2026-10 (mois), 2026-Q3 (trimestre), 2026 (année) ou 12M');
export const DashboardId = z.string().max(64).regex(/^[a-z0-9-]+$/, 'identifiant de tableau de bord (ex. stock-typologie)');

export const ViewQuery = z.strictObject({
  geo: GeoParam.optional().describe('Territoire ; par défaut, celui de votre habilitation'),
  period: PeriodParam.optional().describe('Période publiée ; 12M (12 derniers mois) par défaut'),
});

/** How long the served release is reused before checking which snapshot is current (as the detailed routes do). */
const RELEASE_CHECK_MS = 1000;
const served = new Map<string, { at: number; release: Release }>();

/**
 * The release of the snapshot being served; while it is being computed, the latest earlier snapshot's release if one
 * is cached (dashboards/release-previous.ts), else IC_DASH_009. A missing snapshot is the server's 503, not a path in
 * a message.
 */
export async function servedRelease(app: FastifyInstance): Promise<Release> {
  const known = served.get(app.dataDir);
  if (known && Date.now() - known.at < RELEASE_CHECK_MS) return known.release;
  let release: Release;
  try {
    // Never computed on the server's own thread: a national release takes minutes of LPs.
    release = await getRelease(app.dataDir, { background: true });
    forgetPreviousRelease();
  } catch (err) {
    if (err instanceof InfocentreError && err.code === 'IC_CLI_002') throw error('SRV_NO_SNAPSHOT');
    const current = err instanceof InfocentreError && err.code === 'IC_DASH_009' ? await currentSnapshot(app.dataDir) : undefined;
    const previous = current ? await previousRelease(app.dataDir, current.id) : undefined;
    if (!previous) throw err;
    if (known?.release.snapshotId !== previous.snapshotId) {
      app.log.info({ served: previous.snapshotId, pending: current!.id }, 'release being computed: the previous snapshot\'s is served meanwhile');
    }
    release = previous;
  }
  served.set(app.dataDir, { at: Date.now(), release });
  return release;
}

let today: { minute: number; date: string } | undefined;

/**
 * Today in Paris, the edition date of source lines. Computed once a minute: Paris midnight falls on a whole minute
 * of UTC, so the date is the same throughout a UTC minute.
 */
export function editionDate(now: Date): string {
  const minute = Math.floor(now.getTime() / 60_000);
  if (today?.minute !== minute) today = { minute, date: todayInParis(now) };
  return today.date;
}

/** The geography a user sees first: France for national services, else the first unit of the habilitation. */
export function defaultGeo(territory: Territory): string {
  return isNational(territory) ? 'FR' : territory[0];
}

/**
 * The view of a dashboard for a geography within the user's habilitation. A geography outside it is refused
 * (IC_AUTH_008) and the attempt journaled: looking around a habilitation is something the journal should show.
 */
export async function viewFor(app: FastifyInstance, request: FastifyRequest, id: string, query: z.infer<typeof ViewQuery>, action: string): Promise<{ release: Release; view: DashboardView }> {
  const release = await servedRelease(app);
  const territory = request.user.territory;
  const geo = checkGeo(query.geo ?? defaultGeo(territory));
  if (!territoryCovers(territory, parseGeo(geo)!)) {
    await request.audit(action, { outcome: 'denied', params: { dashboard: id, geo, period: query.period ?? null, reason: 'hors-territoire' } });
    throw error('AUTH_OUTSIDE_TERRITORY', [formatGeo(parseGeo(geo)!), territory.join(', ')]);
  }
  return { release, view: cachedView(release, id, geo, query.period) };
}

const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const pad = (n: number) => String(n).padStart(2, '0');

/** First and last day (ISO) of a published period; the rolling window and current periods end at the snapshot. */
export function periodDates(release: Release, period: string): { from: string; to: string } {
  const asOf = release.asOf;
  let from: string;
  let to: string;
  const q = /^([0-9]{4})-Q([1-4])$/.exec(period);
  if (period === '12M') {
    from = `${release.window.rolling[0]}-01`;
    to = asOf;
  } else if (q) {
    const first = (Number(q[2]) - 1) * 3 + 1;
    from = `${q[1]}-${pad(first)}-01`;
    to = `${q[1]}-${pad(first + 2)}-${pad(lastDay(Number(q[1]), first + 2))}`;
  } else if (/^[0-9]{4}$/.test(period)) {
    from = `${period}-01-01`;
    to = `${period}-12-31`;
  } else {
    from = `${period}-01`;
    to = `${period}-${pad(lastDay(Number(period.slice(0, 4)), Number(period.slice(5, 7))))}`;
  }
  return { from, to: to > asOf ? asOf : to };
}

/** Alerts in force for what a view shows: its period for flows, the snapshot date for stocks, both when mixed. */
export async function alertsFor(app: FastifyInstance, release: Release, view: DashboardView): Promise<Alert[]> {
  const kind = listDashboards().find((d) => d.id === view.id)!.periodKind;
  const { from, to } = periodDates(release, view.period);
  if (kind === 'stock') return app.alerts.inForce(release.asOf, release.asOf);
  return app.alerts.inForce(from, kind === 'both' ? release.asOf : to);
}
