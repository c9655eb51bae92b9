// HTML pieces of the dashboard: figures with their text alternative, tables, messages.
export function html(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) if (v !== undefined && v !== null && v !== '') node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

// A chart with its text alternative (the SVG's <desc>) as caption, so that what the chart says is also text.
export function figure(svg, metric) {
  const f = html('figure', { class: 'chart', 'data-metric': metric || '' });
  f.append(svg, html('figcaption', {}, svg.querySelector('desc').textContent));
  return f;
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
