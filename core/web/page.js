// HTML pieces of the dashboard: figures with their text alternative and downloads, tables, messages.
import { API } from './api.js';
import { t } from './i18n.js';

export function html(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) if (v !== undefined && v !== null && v !== '') node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

// A chart with its text alternative (the SVG's <desc>) as caption, so that what the chart says is also text, and
// its downloads: the chart as SVG, and the records it was drawn from as CSV. `query`: the /api/v1/results
// parameters the view read the chart's records with; the CSV link asks the API for the same records as CSV, so the
// file holds exactly those records, in the columns of the csv_results sink.
export function figure(svg, metric, query) {
  const f = html('figure', { class: 'chart', 'data-metric': metric || '' });
  f.append(svg, html('figcaption', {}, svg.querySelector('desc').textContent), downloads(svg, metric, query));
  return f;
}

function fileName(metric, svg) {
  const title = metric || (svg.querySelector('title') || {}).textContent || 'chart';
  return title.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'chart';
}

function downloads(svg, metric, query) {
  const box = html('p', { class: 'downloads' });
  const name = fileName(metric, svg);
  if (query) {
    const params = new URLSearchParams({ ...query, format: 'csv', limit: '100000' });
    params.delete('offset');
    box.append(html('a', { href: `${API}/results?${params}`, download: `${name}.csv`, 'data-download': 'csv' },
      t('download.csv')));
  }
  // Serialised when asked for: most charts are never downloaded.
  const image = html('a', { href: '#', download: `${name}.svg`, 'data-download': 'svg' }, t('download.svg'));
  image.addEventListener('click', () => {
    if (image.dataset.url) URL.revokeObjectURL(image.dataset.url);
    const text = new XMLSerializer().serializeToString(svg);
    image.dataset.url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
    image.href = image.dataset.url;
  });
  box.append(image);
  return box;
}

// rows: arrays of cells, or {cells, data} where data becomes data-* attributes of the row (tests read them).
export function table(header, rows, attributes = {}) {
  const t = html('table', attributes);
  const head = html('tr');
  for (const h of header) head.append(html('th', { scope: 'col' }, h));
  t.append(html('thead'));
  t.tHead.append(head);
  const body = html('tbody');
  for (const row of rows) {
    const tr = html('tr');
    const cells = Array.isArray(row) ? row : row.cells;
    if (!Array.isArray(row)) for (const [k, v] of Object.entries(row.data || {})) tr.dataset[k] = v;
    for (const cell of cells) tr.append(html('td', {}, cell));
    body.append(tr);
  }
  t.append(body);
  return t;
}

// A folded table built only when opened: every number of a chart is available without the page paying for
// thousands of rows nobody unfolds.
export function foldedTable(summary, header, makeRows) {
  const details = html('details', { class: 'data' });
  details.append(html('summary', {}, summary));
  details.addEventListener('toggle', () => {
    if (details.open && !details.querySelector('table')) details.append(table(header, makeRows(), { class: 'all-values' }));
  });
  return details;
}

export function empty(container, message) {
  container.append(html('p', { class: 'empty' }, message));
}

export function showError(message) {
  const box = document.getElementById('error');
  box.hidden = false;
  box.textContent = box.textContent ? `${box.textContent}\n${message}` : message;
}

export function clearError() {
  const box = document.getElementById('error');
  box.hidden = true;
  box.textContent = '';
}
