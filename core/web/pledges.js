// The pledges view: Partner2Connect pledges from the metrics `pledges.*` of the pledges indicator. The headline is
// the gross figure, everything pledged by the date with withdrawn pledges included, as ITU counts; the active
// figure (not withdrawn) stands beside it, both labelled, so neither is mistaken for the other.
import { results } from './api.js';
import { barChart, lineChart, PALETTE } from './charts.js';
import { words } from './format.js';
import { empty, figure, html, table } from './page.js';
import { byMetricEntity, isPublished, latestPublished, toPoint, valueText } from './records.js';
import { CHART_GROUPS, entityName, FOCUS_AREAS, isDerived } from './views.js';

const MEASURES = [
  { id: 'count', what: 'number', axis: 'Pledges', row: 'Pledges' },
  { id: 'value_usd', what: 'estimated value', axis: 'Estimated value', row: 'Estimated value' },
];
const GROSS = { colour: PALETTE[0], label: 'gross: all pledged, withdrawn included (as ITU counts)' };
const ACTIVE = { colour: PALETTE[1], label: 'active: not withdrawn' };

export async function pledgesView(state, box) {
  const pledges = state.metrics.filter((m) => m.id.startsWith('pledges.') && !isDerived(m.id));
  if (!pledges.length) return empty(box, 'There are no pledge indicators in this run (no pledges indicator instance).');
  box.append(html('p', { class: 'note' }, 'Pledge figures come from the pledge registry configured in [pledges]. The registry bundled with p2c is an illustrative sample, not ITU data.'));
  const regions = CHART_GROUPS.filter((g) => g !== 'WLD');
  const headline = state.filters.group || 'WLD';
  const params = { metric: pledges.map((m) => m.id).join(','), group: [...new Set(['WLD', ...regions, headline])].join(',') };
  if (state.filters.year) params.to = state.filters.year;
  const data = byMetricEntity(await results(params));
  const ids = new Set(pledges.map((m) => m.id));
  const unitOf = (id) => (pledges.find((m) => m.id === id) || {}).unit || '';
  const of = (id, code) => (data.get(id) || new Map()).get(code) || [];

  // Headline: gross and active, each with its year, of the group filter (the world without one).
  const rows = [];
  for (const measure of MEASURES) {
    const gross = latestPublished(of(`pledges.${measure.id}_gross`, headline));
    const active = latestPublished(of(`pledges.${measure.id}_active`, headline));
    if (!gross && !active) continue;
    const cell = (r, id) => (r ? `${valueText(r, unitOf(id))} (data as of ${r.year})` : 'not in this run');
    rows.push({ data: { measure: measure.id }, cells: [measure.row, cell(gross, `pledges.${measure.id}_gross`),
      cell(active, `pledges.${measure.id}_active`)] });
  }
  if (rows.length) box.append(table([entityName(state, headline), 'Gross: all pledged, withdrawn included (as ITU counts)', 'Active: not withdrawn'], rows,
    { class: 'pledge-headline' }));
  else empty(box, `No gross or active pledge totals (pledges.count_gross, pledges.count_active) ${state.filters.year ? `up to ${state.filters.year}` : 'in this run'}.`);

  // Breakdowns of the gross figure at the latest year of the headline entity.
  const breakdown = (title, prefix, keep) => {
    for (const measure of MEASURES) {
      const start = `pledges.${measure.id}_gross_${prefix}`;
      const chosen = [...ids].filter((id) => id.startsWith(start) && keep(id.slice(start.length)));
      if (!chosen.length) continue;
      const years = chosen.map((id) => latestPublished(of(id, headline))).filter(Boolean).map((r) => r.year);
      if (!years.length) continue;  // nothing published up to the year filter: said once above, not per chart
      const year = Math.max(...years);
      const bars = [];
      for (const id of chosen) {
        const r = of(id, headline).find((x) => x.year === year && isPublished(x));
        if (r) bars.push({ label: words(id.slice(start.length)), value: r.value });
      }
      box.append(figure(barChart({ title: `${title} (${measure.what}, gross), ${entityName(state, headline)}, data as of ${year}`, xLabel: measure.axis,
        unit: unitOf(chosen[0]), bars }), '', { ...params, metric: chosen.join(','), group: headline }));
    }
  };
  breakdown('Pledges by focus area', '', (rest) => FOCUS_AREAS.includes(rest));
  breakdown('Pledges by sector', 'sector_', () => true);
  breakdown('Pledges by type', 'type_', () => true);

  // By implementation region: gross and active side by side.
  for (const measure of MEASURES) {
    const grossId = `pledges.${measure.id}_gross`, activeId = `pledges.${measure.id}_active`;
    if (!ids.has(grossId) && !ids.has(activeId)) continue;
    const bars = [];
    for (const code of regions) {
      const gross = latestPublished(of(grossId, code));
      const active = latestPublished(of(activeId, code));
      if (gross) bars.push({ label: `${entityName(state, code)} gross (${gross.year})`, value: gross.value, colour: GROSS.colour, note: `data as of ${gross.year}` });
      if (active) bars.push({ label: `${entityName(state, code)} active (${active.year})`, value: active.value, colour: ACTIVE.colour, note: `data as of ${active.year}` });
    }
    if (bars.length) box.append(figure(barChart({ title: `Pledges by implementation region (${measure.what})`, xLabel: measure.axis,
      unit: unitOf(ids.has(grossId) ? grossId : activeId), bars, legend: [GROSS, ACTIVE] }), grossId,
      { ...params, metric: [grossId, activeId].filter((id) => ids.has(id)).join(','), group: regions.join(',') }));
  }

  const reporting = ['pledges.reporting_rate', 'pledges.share_completed', 'pledges.share_in_progress']
    .filter((id) => of(id, headline).length);
  const series = reporting.map((id) => ({ name: words(id.slice(8)), points: of(id, headline).map(toPoint) }));
  if (series.length) box.append(figure(lineChart({ title: `Pledge reporting and implementation status over time, ${entityName(state, headline)}`, yLabel: 'Share of pledges', unit: '%', series }), '',
    { ...params, metric: reporting.join(','), group: headline }));
}
