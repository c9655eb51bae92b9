// The pledges view: Partner2Connect pledges from the metrics `pledges.*` of the pledges indicator. The headline is
// the gross figure, everything pledged by the date with withdrawn pledges included, as ITU counts; the active
// figure (not withdrawn) stands beside it, both labelled, so neither is mistaken for the other.
import { results } from './api.js';
import { barChart, lineChart, PALETTE } from './charts.js';
import { language, t } from './i18n.js';
import { empty, figure, html, table } from './page.js';
import { byMetricEntity, isPublished, latestPublished, toPoint, valueText } from './records.js';
import { CHART_GROUPS, entityName, FOCUS_AREAS, isDerived } from './views.js';

// The words are read when drawn, in the reader's language.
const MEASURES = [
  { id: 'count', what: () => t('pledges.number'), axis: () => t('pledges.axis_count') },
  { id: 'value_usd', what: () => t('pledges.estimated_value'), axis: () => t('pledges.value') },
];
const GROSS = { colour: PALETTE[0], label: () => t('pledges.gross') };
const ACTIVE = { colour: PALETTE[1], label: () => t('pledges.active') };
// "private_sector" under "sector": its name in the reader's language.
const term = (kind, code) => t(`${kind}.${code}`);

export async function pledgesView(state, box) {
  const pledges = state.metrics.filter((m) => m.id.startsWith('pledges.') && !isDerived(m.id));
  if (!pledges.length) return empty(box, t('pledges.none'));
  box.append(html('p', { class: 'note' }, t('pledges.note')));
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
    const cell = (r, id) => (r ? `${valueText(r, unitOf(id))} (${t('chart.data_as_of', { year: r.year })})` : t('pledges.not_in_run'));
    rows.push({ data: { measure: measure.id }, cells: [measure.axis(), cell(gross, `pledges.${measure.id}_gross`),
      cell(active, `pledges.${measure.id}_active`)] });
  }
  const heading = (text) => text.charAt(0).toLocaleUpperCase(language()) + text.slice(1);
  if (rows.length) box.append(table([entityName(state, headline), heading(GROSS.label()), heading(ACTIVE.label())], rows,
    { class: 'pledge-headline' }));
  else empty(box, state.filters.year ? t('pledges.no_totals_year', { year: state.filters.year }) : t('pledges.no_totals'));

  // Breakdowns of the gross figure at the latest year of the headline entity.
  const breakdown = (kind, prefix, keep) => {
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
        if (r) bars.push({ label: term(kind, id.slice(start.length)), value: r.value });
      }
      const title = t('pledges.breakdown_title', { by: t(`pledges.by_${kind}`), what: measure.what(), entity: entityName(state, headline), year });
      box.append(figure(barChart({ title, xLabel: measure.axis(),
        unit: unitOf(chosen[0]), bars }), '', { ...params, metric: chosen.join(','), group: headline }));
    }
  };
  breakdown('focus', '', (rest) => FOCUS_AREAS.includes(rest));
  breakdown('sector', 'sector_', () => true);
  breakdown('type', 'type_', () => true);

  // By implementation region: gross and active side by side.
  for (const measure of MEASURES) {
    const grossId = `pledges.${measure.id}_gross`, activeId = `pledges.${measure.id}_active`;
    if (!ids.has(grossId) && !ids.has(activeId)) continue;
    const bars = [];
    for (const code of regions) {
      const gross = latestPublished(of(grossId, code));
      const active = latestPublished(of(activeId, code));
      if (gross) bars.push({ label: t('pledges.bar_gross', { entity: entityName(state, code), year: gross.year }), value: gross.value,
        colour: GROSS.colour, note: t('chart.data_as_of', { year: gross.year }) });
      if (active) bars.push({ label: t('pledges.bar_active', { entity: entityName(state, code), year: active.year }), value: active.value,
        colour: ACTIVE.colour, note: t('chart.data_as_of', { year: active.year }) });
    }
    const legend = [GROSS, ACTIVE].map((l) => ({ colour: l.colour, label: l.label() }));
    if (bars.length) box.append(figure(barChart({ title: t('pledges.by_region_title', { what: measure.what() }), xLabel: measure.axis(),
      unit: unitOf(ids.has(grossId) ? grossId : activeId), bars, legend }), grossId,
      { ...params, metric: [grossId, activeId].filter((id) => ids.has(id)).join(','), group: regions.join(',') }));
  }

  const reporting = ['pledges.reporting_rate', 'pledges.share_completed', 'pledges.share_in_progress']
    .filter((id) => of(id, headline).length);
  const series = reporting.map((id) => ({ name: id.slice(8), display: term('pledges', id.slice(8)), points: of(id, headline).map(toPoint) }));
  if (series.length) box.append(figure(lineChart({ title: t('pledges.status_title', { entity: entityName(state, headline) }), yLabel: t('pledges.share_axis'), unit: '%', series }), '',
    { ...params, metric: reporting.join(','), group: headline }));
}
