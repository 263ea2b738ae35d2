// Public surface of the dashboards: the snapshot's release, the predefined dashboards, and their exports.
//
// For the server (typical route flow):
//   const release = await getRelease(dataDir);                  // protected once per snapshot, cached on disk;
//                                                                // IC_DASH_009 while another thread or process computes it
//   previousRelease(dataDir, currentId)                          // meanwhile, the latest earlier snapshot's release, if any
//   listDashboards()                                             // [{ id, title, description, periodKind }]
//   const view = dashboardView(release, id, { geo, period });    // throws InfocentreError IC_DASH_003/004/005
//   const file = await exportView(view, format, { alerts, width }); // { bytes, contentType, filename }; IC_DASH_006/007
//   chartSpec(view, { sourceLine, alerts })                      // Vega-Lite spec for vega-embed on the page
//   geoPicker(release) / publishedPeriods(release.window)        // what the pickers offer
// Habilitations (which geographies a user may see) are the server's business: check `view.geo` before answering.
// After a new snapshot is published, `getRelease` picks it up by itself (the cache is per snapshot id).
export { getRelease, computeRelease, forgetReleases } from './release.ts';
export { readRelease, writeRelease, releaseLongForm } from './release-cache.ts';
export type { Release, ComputedRelease, PublishedTable, ReleaseOptions } from './release.ts';
export { releaseInBackground, type BackgroundRelease, type BackgroundRun } from './release-background.ts';
export { previousRelease, forgetPreviousRelease } from './release-previous.ts';
export { dashboardView, listDashboards, checkGeo } from './view.ts';
export type { DashboardView, DashboardQuery, DashboardSummary, ViewRow, ViewCell, ViewBlock, ViewValue, Unit } from './view.ts';
export { exportView, EXPORT_FORMATS } from './exports.ts';
export type { ExportFormat, ExportFile, ExportOptions } from './exports.ts';
export { chartSpec } from './chart.ts';
export { renderSvg, renderPng, MIN_WIDTH, MAX_WIDTH } from './render.ts';
export { publishedPeriods, periodLabel, periodWindow, ROLLING } from './periods.ts';
export type { PeriodWindow } from './periods.ts';
export { geoLabel } from './geo.ts';
export { geoPicker } from './picker.ts';
export type { GeoOption } from './picker.ts';
export { sourceLineFor } from './source-line.ts';
export { RELEASE_TABLES } from './catalogue.ts';
export type { ReleaseTableSpec } from './catalogue.ts';
export { DASHBOARDS } from './definitions/index.ts';
export type { DashboardDefinition, Block } from './definition.ts';

// Building blocks of a release table, for whoever reads a table's cells or builds a Release by hand (tests, benches):
// `values` maps cellKey(coords) to a published value; dimensions are period, geo, then categories.
export { cellKey, cellCoords, addMargins } from './rollup.ts';
export { geoDimension, type CommuneRef, type GeoDepth } from './geo.ts';
export { categoryDimension, type CategoryUse } from './categories.ts';
export { flowPeriodDimension, stockPeriodDimension, monthsOf } from './periods.ts';
