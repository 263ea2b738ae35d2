// The dashboard view: pickers (territory, period), alerts in force, the chart, the protected tables, the exports
// (for the exporter role) and the mandatory source line.
import { api, download } from './api.js';
import { embedChart } from './chart.js';
import { geoPicker } from './geo-picker.js';
import { blockTable } from './table.js';
import { announce, clearError, field, h, show, showError } from './ui.js';

const EXPORTS = [
  { format: 'csv', label: 'CSV (tableur)' },
  { format: 'long', label: 'CSV forme longue (contrôle)' },
  { format: 'arrow', label: 'Arrow' },
  { format: 'json', label: 'JSON' },
  { format: 'vega-lite', label: 'Spécification Vega-Lite' },
  { format: 'svg', label: 'Image SVG' },
  { format: 'png', label: 'Image PNG' },
];

export function dashboardHash(id, query) {
  const params = new URLSearchParams();
  if (query.geo) params.set('geo', query.geo);
  if (query.period) params.set('period', query.period);
  return `#/tableau/${encodeURIComponent(id)}?${params}`;
}

export async function renderDashboard(id, query, periods) {
  clearError();
  announce('Chargement du tableau de bord…');
  const params = new URLSearchParams();
  if (query.geo) params.set('geo', query.geo);
  if (query.period) params.set('period', query.period);
  let view;
  try {
    view = await api(`/api/dashboards/${encodeURIComponent(id)}?${params}`);
  } catch (err) {
    show(h('h1', {}, 'Tableau de bord'), h('p', {}, h('a', { href: '#/' }, 'Retour à la liste des tableaux de bord')));
    showError(err);
    return;
  }
  const go = (change) => { location.hash = dashboardHash(id, { geo: view.geo, period: view.period, ...change }); };

  const pickers = h('div', { class: 'pickers', role: 'group', 'aria-label': 'Choix du territoire et de la période' },
    geoPicker({ code: view.geo, label: view.geoLabel }, (option) => go({ geo: option.code })),
    periodPicker(view, periods, (period) => go({ period })));

  const chart = h('figure', { class: 'chart' },
    h('div', { id: 'chart' }),
    h('figcaption', { class: 'visually-hidden' }, 'Graphique du tableau de bord ; les mêmes valeurs figurent dans les tableaux ci-dessous.'));

  show(
    h('p', {}, h('a', { href: '#/' }, '← Tous les tableaux de bord')),
    h('h1', {}, view.title),
    h('p', {}, view.description),
    pickers,
    h('p', { class: 'scope' }, h('strong', {}, view.geoLabel), ` – ${view.periodLabel}`),
    alertBanners(view.alerts),
    chart,
    view.exports.length > 0 ? exportButtons(id, view) : null,
    h('h2', {}, 'Tableaux'),
    view.blocks.map((_, i) => blockTable(view, i)),
    view.notes.length > 0 ? h('section', { 'aria-labelledby': 'notes-title' },
      h('h2', { id: 'notes-title' }, 'Notes'), h('ul', { class: 'notes' }, view.notes.map((n) => h('li', {}, n)))) : null,
    h('p', { class: 'source' }, view.source),
  );
  announce(`${view.title} : ${view.geoLabel}, ${view.periodLabel}.`);
  embedChart(document.getElementById('chart'), view.spec).catch((err) => {
    document.getElementById('chart').replaceChildren(h('p', {}, `Le graphique n'a pas pu être affiché (${err.message}) ; les valeurs figurent dans les tableaux.`));
  });
}

function periodPicker(view, periods, onChange) {
  if (view.periodKind === 'stock') {
    return h('p', { class: 'field' }, h('strong', {}, 'Période'), `Stock au ${view.periodLabel.replace(/^Au /, '')}`);
  }
  const select = h('select', { name: 'period' },
    groupPeriods(periods).map(([label, items]) => h('optgroup', { label },
      items.map((p) => h('option', { value: p.code, selected: p.code === view.period }, p.label)))));
  select.addEventListener('change', () => onChange(select.value));
  return field('period', 'Période', select);
}

const KINDS = [
  ['Glissant', (c) => c === '12M'],
  ['Années', (c) => /^\d{4}$/.test(c)],
  ['Trimestres', (c) => /-Q\d$/.test(c)],
  ['Mois', (c) => /^\d{4}-\d{2}$/.test(c)],
];

function groupPeriods(periods) {
  return KINDS.map(([label, test]) => [label, periods.filter((p) => test(p.code))]).filter(([, items]) => items.length > 0);
}

function alertBanners(alerts) {
  if (alerts.length === 0) return null;
  return h('section', { class: 'alerts', 'aria-labelledby': 'alerts-title' },
    h('h2', { id: 'alerts-title', class: 'visually-hidden' }, 'Alertes sur les données'),
    alerts.map((a) => h('div', { class: 'alert-banner', role: 'note' }, h('strong', {}, `${a.label} : `), a.text)));
}

function exportButtons(id, view) {
  const width = h('input', { type: 'number', min: '320', max: '4000', step: '10', value: '1200', inputmode: 'numeric' });
  const buttons = EXPORTS.filter((e) => view.exports.includes(e.format)).map((e) => h('button', {
    type: 'button', class: 'secondary', 'data-format': e.format,
    onclick: async (event) => {
      clearError();
      const button = event.currentTarget;
      button.disabled = true;
      announce(`Préparation de l'export ${e.label}…`);
      try {
        const params = new URLSearchParams({ geo: view.geo, period: view.period });
        if (e.format === 'png' || e.format === 'svg') params.set('width', width.value);
        const name = await download(`/api/dashboards/${encodeURIComponent(id)}/exports/${e.format}?${params}`);
        announce(`Export ${name} téléchargé.`);
      } catch (err) {
        showError(err);
      } finally {
        button.disabled = false;
      }
    },
  }, e.label));
  return h('section', { class: 'exports', 'aria-labelledby': 'exports-title' },
    h('h2', { id: 'exports-title' }, 'Exporter'),
    buttons,
    h('label', { for: 'export-width' }, 'Largeur des images (pixels)'),
    Object.assign(width, { id: 'export-width' }));
}
