// Dashboard views and their JSON answers, kept per release. A release never changes once computed, so the view of a
// (dashboard, geography, period) is built once; its answer also depends on the edition date of the source line, the
// alerts in force and whether the user may export, which are part of its key. Serving a dashboard is then a lookup,
// not a rebuild of rows, chart spec and JSON on every request. Views are frozen: a cached view is shared.
import { dashboardView, ROLLING, type DashboardView, type Release } from '../../dashboards/index.ts';

/** Views kept per release (least recently used dropped first): a view of a département's communes is a few 100 kB. */
const MAX_VIEWS = 1024;
/** Answers kept per view: one per edition date, alerts and export right in use (a handful at a time). */
const MAX_ANSWERS = 8;

const viewsOf = new WeakMap<Release, Map<string, DashboardView>>();
const answersOf = new WeakMap<DashboardView, Map<string, string>>();

/** The view of dashboard `id` (throws as dashboardView does for an unknown dashboard or period). */
export function cachedView(release: Release, id: string, geo: string, period: string | undefined): DashboardView {
  let views = viewsOf.get(release);
  if (!views) viewsOf.set(release, (views = new Map()));
  const key = `${id}|${geo}|${period ?? ROLLING}`;
  let view = views.get(key);
  if (view) {
    views.delete(key); // most recently used last
  } else {
    view = deepFreeze(dashboardView(release, id, { geo, period }));
    if (views.size >= MAX_VIEWS) views.delete(views.keys().next().value!);
  }
  views.set(key, view);
  return view;
}

/** The answer for `view` under `key`, built by `build` the first time. */
export function cachedAnswer(view: DashboardView, key: string, build: () => string): string {
  let answers = answersOf.get(view);
  if (!answers) answersOf.set(view, (answers = new Map()));
  let answer = answers.get(key);
  if (answer === undefined) {
    answer = build();
    if (answers.size >= MAX_ANSWERS) answers.clear();
    answers.set(key, answer);
  }
  return answer;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
