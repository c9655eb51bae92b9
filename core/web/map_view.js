// The dashboard's map view: any economy metric (not a derived one) of the served run, each economy at its latest
// published value up to the chosen year, as a choropleth (map.js). The geometry, core/web/world-map.json, is read
// once per page. Without a chosen year, the map is drawn at the latest year most economies have observed data for,
// as the report's map is.
import { results } from './api.js';
import { byName, t } from './i18n.js';
import { choropleth } from './map.js';
import { empty, figure, foldedTable, html } from './page.js';
import { isEstimated, latestPublished, valueText } from './records.js';
import { entityName, isDerived } from './views.js';

const WIDE_COVERAGE = 0.75;  // a year's observed economy values against the best year's (map_section.cpp)
let geometry = null;

function worldMap() {
  if (!geometry) {
    geometry = fetch('/assets/world-map.json').then((response) => {
      if (!response.ok) throw new Error(`/assets/world-map.json: HTTP ${response.status}`);
      return response.json();
    });
    geometry.catch(() => { geometry = null; });  // a failed read is tried again on the next render
  }
  return geometry;
}

// Metrics of economies: not derived, not the coalition's pledges (those are counted for the world and groups).
const mappable = (state) => state.metrics.filter((m) => !isDerived(m.id) && !m.id.startsWith('pledges.'));
const defaultMetric = (metrics) => metrics.find((m) => m.plugin === 'sdg_17_8' && m.id.endsWith('.internet_users')) ||
  metrics.find((m) => m.target !== null && m.target !== undefined) || metrics[0];

function wideCoverageYear(records) {
  const observed = new Map();
  for (const r of records) if (r.value !== null && !isEstimated(r)) observed.set(r.year, (observed.get(r.year) || 0) + 1);
  const best = Math.max(0, ...observed.values());
  const years = [...observed.keys()].sort((a, b) => b - a);
  return years.find((y) => observed.get(y) >= WIDE_COVERAGE * best) || years[0] || null;
}

function select(label, name, options, value) {
  const box = html('label', { class: 'map-picker' }, `${label} `);
  const list = html('select', { name });
  for (const [v, text] of options) list.append(html('option', { value: v }, text));
  list.value = String(value);
  box.append(list);
  return [box, list];
}

export async function mapView(state, box) {
  const metrics = mappable(state);
  if (!metrics.length) return empty(box, t('map.no_metric'));
  let metric = defaultMetric(metrics);
  let year = state.filters.year ? Number(state.filters.year) : null;
  const controls = html('div', { class: 'map-controls' });
  const target = html('div', { class: 'map-figure' });
  box.append(controls, target);

  const draw = async (records) => {
    const economies = records.filter((r) => r.entity_kind === 'economy' && r.year <= year);
    const byEntity = new Map();
    for (const r of economies.sort((a, b) => a.year - b.year)) {
      if (!byEntity.has(r.entity)) byEntity.set(r.entity, []);
      byEntity.get(r.entity).push(r);
    }
    const values = new Map();
    const rows = [];
    for (const [code, list] of byEntity) {
      const latest = latestPublished(list);
      if (!latest) continue;
      values.set(code, { value: latest.value, year: latest.year, estimated: isEstimated(latest), name: entityName(state, code) });
      rows.push({ data: { entity: code, year: String(latest.year) }, cells: [entityName(state, code), String(latest.year), valueText(latest, metric.unit)] });
    }
    const svg = choropleth({ title: t('map.title', { title: metric.title, year }), unit: metric.unit, year, values,
      geometry: await worldMap(), names: (code) => entityName(state, code) });
    const f = figure(svg, metric.id, { metric: metric.id, to: String(year) });
    rows.sort((a, b) => byName(a.cells[0], b.cells[0]));
    f.append(foldedTable(t('map.every'), [t('table.economy'), t('table.data_as_of'), t('table.latest')], () => rows));
    target.replaceChildren(f);
  };

  const load = async (fresh) => {
    const records = await results(year && !fresh ? { metric: metric.id, to: String(year) } : { metric: metric.id });
    if (fresh || !year) year = state.filters.year ? Number(state.filters.year) : wideCoverageYear(records.filter((r) => r.entity_kind === 'economy'));
    if (!year) {
      target.replaceChildren();
      return empty(target, t('map.none', { title: metric.title }));
    }
    const years = [...new Set(records.map((r) => r.year))].sort((a, b) => b - a);
    const [metricBox, metricList] = select(t('map.metric'), 'map-metric',
      [...metrics].sort((a, b) => byName(a.title, b.title)).map((m) => [m.id, m.title]), metric.id);
    const [yearBox, yearList] = select(t('filters.year'), 'map-year', years.map((y) => [y, String(y)]), year);
    metricList.addEventListener('change', () => {
      metric = metrics.find((m) => m.id === metricList.value);
      load(true).catch((e) => empty(target, e.message));
    });
    // Earlier years are in the records already; only the economies' latest values change.
    yearList.addEventListener('change', () => {
      year = Number(yearList.value);
      draw(records).catch((e) => empty(target, e.message));
    });
    controls.replaceChildren(metricBox, yearBox);
    await draw(records);
  };
  await load(false);
}
