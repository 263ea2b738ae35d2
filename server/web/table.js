// The protected table of a dashboard block, as a real data table: a caption, column headers, a row header per line.
// Suppressed cells are `s` (secret statistique), never blank and never zero.
import { h, secret } from './ui.js';

const number = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

const UNITS = { nombre: 'Nombre de demandes', ratio: 'Ratio', mois: 'Mois', jours: 'Jours' };

export function valueCell(value) {
  if (value === 's') return h('td', { class: 'num', 'data-secret': 'true' }, secret());
  if (value === null || value === undefined) {
    return h('td', { class: 'num' }, h('abbr', { title: 'non défini (dénominateur nul)' }, 'n.d.'));
  }
  return h('td', { class: 'num' }, number.format(value));
}

/** The table of one block of a view: the rows whose `block` is `index`. */
export function blockTable(view, index) {
  const block = view.blocks[index];
  const rows = view.rows.filter((r) => r.block === index);
  const byPeriod = block.series;
  const byGeo = new Set(rows.map((r) => r.geo)).size > 1;
  const columns = [
    ...(byGeo ? [{ title: 'Territoire', text: (r) => r.geoLabel }] : []),
    ...(byPeriod ? [{ title: 'Période', text: (r) => r.periodLabel }] : []),
    ...block.categories.map((c) => ({ title: c.title, text: (r) => r.labels[c.name] ?? 'Ensemble' })),
  ];
  if (columns.length === 0) columns.push({ title: 'Indicateur', text: () => block.indicator });
  const head = h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c.title)), h('th', { scope: 'col' }, UNITS[block.unit] ?? block.unit));
  const body = rows.map((r) => {
    const [first, ...rest] = columns;
    const total = Object.values(r.categories).some((c) => c === '_T') || (byGeo && r.geo === view.geo);
    return h('tr', { class: total ? 'total' : null },
      h('th', { scope: 'row' }, first.text(r)),
      rest.map((c) => h('td', {}, c.text(r))),
      valueCell(r.value));
  });
  const caption = `${block.indicator} – ${view.geoLabel}, ${view.periodLabel}`;
  return h('div', { class: 'table-wrap' },
    h('table', {}, h('caption', {}, caption), h('thead', {}, head), h('tbody', {}, body)));
}
