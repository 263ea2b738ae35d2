// Every dashboard renders for France, a département and a small commune without publishing a count of 1 to 9, on
// the hand-made universe and on the committed `tiny` fixture (Loiret and Loir-et-Cher), for four kinds of period.
import t, { type Test } from 'tap';
import { dashboardView, exportView, listDashboards, type Release } from '../../dashboards/index.ts';
import { COMMUNE_WEIGHTS, SMALL_COMMUNE } from './helpers/hand-made.ts';
import { EDITION, handMadeRelease, suppressedCommune } from './helpers/release.ts';
import { sharedRelease } from './helpers/shared-release.ts';

// This file may be the one computing the tiny fixture's release (shared-release.ts): about 2.5 minutes on a loaded
// 2-core machine, after the hand-made one's minute.
t.setTimeout(600_000);

const PERIODS = [undefined, '2026', '2026-Q3', '2026-10'];

async function noSmallCount(t: Test, release: Release, geos: string[]): Promise<void> {
  t.ok(listDashboards().length >= 11, 'at least the 11 dashboards of issue 5');
  for (const d of listDashboards()) {
    for (const geo of geos) {
      for (const period of PERIODS) {
        const view = dashboardView(release, d.id, { geo, period });
        t.ok(view.rows.length > 0, `${d.id} ${geo} ${period ?? '12M'} has rows`);
        const leaks = view.rows.filter((r) => !r.derived && typeof r.value === 'number' && r.value >= 1 && r.value <= 9);
        t.same(leaks.map((r) => `${r.table} ${r.period} ${r.geo} ${JSON.stringify(r.categories)}=${r.value}`), [],
          `${d.id} ${geo} ${period ?? '12M'}: no count 1-9`);
        const long = new TextDecoder().decode((await exportView(view, 'long', { editionDate: EDITION })).bytes);
        const values = long.trim().split('\n').slice(1, -1).map((l) => l.split(';').at(-1));
        t.notOk(values.some((v) => /^[1-9]$/.test(v!)), `${d.id} ${geo} ${period ?? '12M'}: long export has no 1-9`);
      }
    }
  }
}

t.test('hand-made universe: each dashboard, each geography, four periods: no published cell of 1 to 9', async (t) => {
  const { release } = await handMadeRelease();
  await noSmallCount(t, release, ['FR', 'DEP:45', `COM:${SMALL_COMMUNE}`]);
});

t.test('tiny fixture: each dashboard, each geography, four periods: no published cell of 1 to 9', async (t) => {
  const { release } = await sharedRelease(t, 'tiny');
  await noSmallCount(t, release, ['FR', 'DEP:45', 'DEP:41', suppressedCommune(release, '45'), suppressedCommune(release, '41')]);
});

t.test('a commune under 10 requests gives no figure at all', async (t) => {
  const { release } = await handMadeRelease();
  t.ok(COMMUNE_WEIGHTS[SMALL_COMMUNE] < 10);
  const view = dashboardView(release, 'stock-typologie', { geo: `COM:${SMALL_COMMUNE}` });
  const total = view.rows.find((r) => r.categories.typology === '_T');
  t.equal(total?.value, 's', 'its total is suppressed');
  t.notOk(view.rows.some((r) => typeof r.value === 'number' && r.value > 0), 'no positive figure');
});

t.test('bad input is refused with its code', async (t) => {
  const { release } = await handMadeRelease();
  t.throws(() => dashboardView(release, 'nope', { geo: 'FR' }), { code: 'IC_DASH_003' });
  t.throws(() => dashboardView(release, 'radiations', { geo: 'DEP:999' }), { code: 'IC_DASH_004' });
  t.throws(() => dashboardView(release, 'radiations', { geo: 'FR', period: '2019' }), { code: 'IC_DASH_005' });
  t.throws(() => dashboardView(release, 'radiations', { geo: 'FR', period: '2026-01-01..2026-02-03' }), { code: 'IC_DASH_005' });
});
