// The dashboard's views of the served run (the report's sections, docs/reports.md): progress by focus area and SDG
// indicator, furthest from target, UMC bands and IDI by group. Each takes the page state (filters, catalogue) and a
// box to fill. "Latest" is always the latest published value, shown with its year ("data as of").
import { results } from './api.js';
import { barChart, lineChart, PALETTE, stackedBarChart } from './charts.js';
import { words } from './format.js';
import { empty, figure, foldedTable, html, table } from './page.js';
import {
  byMetricEntity, coverageText, isEstimated, isPublished, isWithheld, latestPublished, latestStatusRecord, statusText,
  toPoint, valueText, withheldAfter, withheldText,
} from './records.js';

export const CHART_GROUPS = ['WLD', 'LDC', 'LLDC', 'SIDS', 'ITU.AFR', 'ITU.AMS', 'ITU.ARB', 'ITU.ASP', 'ITU.CIS', 'ITU.EUR'];
const INCOME_GROUPS = ['WB.HIC', 'WB.UMC', 'WB.LMC', 'WB.LIC'];
export const FOCUS_AREAS = ['access', 'adoption', 'value_creation', 'investment_acceleration'];
const DERIVED = ['.trend', '.growth', '.gap', '.projection', '.members_meeting_target'];
const FURTHEST = 15;

export const isDerived = (id) => DERIVED.some((s) => id.endsWith(s));
// What readers call an entity: its name (Kenya, Africa, World, High income), the UN lists by their usual short
// forms. Codes stay in the data attributes and downloads.
const SHORT_NAMES = { LDC: 'LDCs', LLDC: 'LLDCs', SIDS: 'SIDS' };
export function entityName(state, code) {
  if (SHORT_NAMES[code]) return SHORT_NAMES[code];
  if (!state.names) {
    const { economies = [], groups = [] } = state.entities || {};
    state.names = new Map([...economies, ...groups].map((e) => [e.code, e.name]));
  }
  return state.names.get(code) || code;
}
// The economies of the group filter (its members this year, as /api/v1/entities lists them); null without one.
export function groupMembers(state) {
  if (!state.filters.group) return null;
  const group = (state.entities.groups || []).find((g) => g.code === state.filters.group);
  return new Set(group ? group.members || [] : []);
}
const hasTarget = (m) => m.target !== null && m.target !== undefined;
// A profile draws the economy's own groups; the views, the group filter or the default groups.
const chartGroups = (state) => state.chartGroups || (state.filters.group ? [state.filters.group] : CHART_GROUPS);
const axisLabel = (title) => (title.length <= 40 ? title : 'Value');

function selectedMetrics(state, predicate) {
  const { focus, wsis } = state.filters;
  return state.metrics.filter((m) => !isDerived(m.id) && (!focus || m.focus_area === focus) &&
    (!wsis || (m.wsis_lines || []).includes(wsis)) && predicate(m));
}

function entityParams(state, extra = {}) {
  const params = { ...extra };
  params.group = chartGroups(state).join(',');
  if (state.filters.economy) params.economy = state.filters.economy;
  if (state.filters.year) params.to = state.filters.year;
  return params;
}

// Every record drawn, year by year, for the folded table under a chart.
const allValueRows = (state, drawn) => drawn.flatMap(([code, list, unit]) => list.map((r) => ({
  data: { entity: code, year: String(r.year) },
  cells: [entityName(state, code), String(r.year), valueText(r, unit), coverageText(r), isEstimated(r) && !isWithheld(r) ? r.reason || '' : ''],
})));

// A metric whose groups are summed up as the share of members meeting the target (a price in % of GNI per capita:
// a mean of prices says little) has its groups drawn as that share, the metric `<id>.members_meeting_target`.
const meetingShare = (state, metric) => (metric.aggregation === 'share_meeting_target'
  ? state.metrics.find((m) => m.id === `${metric.id}.members_meeting_target`) || null : null);

export function progressFigure(state, metric, data) {
  const share = meetingShare(state, metric);
  const entities = [...chartGroups(state)];
  if (state.filters.economy) entities.push(state.filters.economy);
  const series = [];
  const rows = [];
  const drawn = [];
  for (const code of entities) {
    // An economy's own value is in the metric's unit: beside a share of members it is listed, not drawn.
    const own = share && code === state.filters.economy;
    const shown = share && !own ? share : metric;
    const list = (data.get(shown.id) || new Map()).get(code) || [];
    if (!list.some((r) => isPublished(r) || isWithheld(r))) continue;
    const statusRecord = latestStatusRecord(list);
    const status = statusRecord ? statusRecord.status : '';
    if (!own) series.push({ name: code, display: entityName(state, code), status: words(status), points: list.map(toPoint) });
    const latest = latestPublished(list);
    rows.push({ data: { entity: code }, cells: [
      entityName(state, code),
      latest ? String(latest.year) : 'none published',
      latest ? valueText(latest, shown.unit) : '',
      latest ? coverageText(latest) : '',
      statusText(statusRecord),
      withheldText(withheldAfter(list, latest ? latest.year : -Infinity)),
    ] });
    drawn.push([code, list, shown.unit]);
  }
  const title = share ? `${metric.title}: members meeting the ${metric.target_year} target` : metric.title;
  const svg = lineChart({ title, yLabel: axisLabel(title), unit: share ? share.unit : metric.unit, series,
    target: share ? null : metric.target, targetLabel: hasTarget(metric) && !share ? `${metric.target_year} target` : '' });
  const ids = share ? `${share.id}${state.filters.economy ? `,${metric.id}` : ''}` : metric.id;
  const f = figure(svg, metric.id, entityParams(state, { metric: ids }));
  if (share) f.append(html('p', { class: 'note' }, `Each group's share of members whose value meets the ${metric.target_year} target (${metric.target} ${metric.unit}); a mean of the members' values would say little.`));
  if (rows.length) {
    f.append(table(['Entity', 'Data as of', 'Latest published value', 'Coverage', 'Status', 'Not published after it'], rows,
      { class: 'latest' }));
    f.append(foldedTable('Every value, year by year', ['Entity', 'Year', 'Value', 'Coverage', 'Estimated how'],
      () => allValueRows(state, drawn)));
  }
  return f;
}

export async function progressViews(state, focusBox, sdgBox) {
  const targeted = selectedMetrics(state, hasTarget);
  if (!targeted.length) {
    empty(focusBox, 'No metric with a target matches the filters.');
    empty(sdgBox, 'No metric with a target matches the filters.');
    return;
  }
  const ids = targeted.flatMap((m) => [m.id, (meetingShare(state, m) || {}).id]).filter(Boolean);
  const data = byMetricEntity(await results(entityParams(state, { metric: ids.join(',') })));
  for (const focus of FOCUS_AREAS) {
    if (state.filters.focus && state.filters.focus !== focus) continue;
    const metrics = targeted.filter((m) => m.focus_area === focus);
    focusBox.append(html('h3', { id: `focus-${focus.replace(/_/g, '-')}` }, `Focus area: ${words(focus)}`));
    if (!metrics.length) empty(focusBox, 'No metric of this focus area has a target (or matches the WSIS filter).');
    for (const m of metrics) focusBox.append(progressFigure(state, m, data));
  }
  const indicators = [...new Set(targeted.flatMap((m) => m.sdg_indicators || []))].sort();
  if (!indicators.length) empty(sdgBox, 'No metric with a target serves an SDG indicator under these filters.');
  for (const indicator of indicators) {
    sdgBox.append(html('h3', { id: `sdg-${indicator}` }, `SDG indicator ${indicator}`));
    for (const m of targeted.filter((t) => (t.sdg_indicators || []).includes(indicator))) sdgBox.append(progressFigure(state, m, data));
  }
}

// The gap's unit comes from the catalogue entry of `<metric>.gap` ("pp" for a share in %): a difference of two
// percentages is not itself a percentage. Economies whose latest value is too old have no gap and are not ranked.
export async function furthestView(state, box) {
  const catalogue = new Map(state.metrics.map((m) => [m.id, m]));
  const gaps = selectedMetrics(state, hasTarget).filter((m) => catalogue.has(`${m.id}.gap`));
  if (!gaps.length) return empty(box, 'No metric with a target and a progress assessment matches the filters.');
  const params = { metric: gaps.map((m) => `${m.id}.gap`).join(',') };
  if (state.filters.year) params.to = state.filters.year;
  const members = groupMembers(state);
  if (members) params.economy = [...members].join(',');
  const data = byMetricEntity(members && !members.size ? [] : await results(params));
  let drawn = 0;
  for (const m of gaps) {
    const gap = catalogue.get(`${m.id}.gap`);
    const records = [];
    for (const list of (data.get(gap.id) || new Map()).values()) {
      const latest = latestPublished(list);
      if (latest && latest.entity_kind === 'economy' && latest.value > 0 && (!members || members.has(latest.entity)))
        records.push(latest);
    }
    if (!records.length) continue;
    records.sort((a, b) => b.value - a.value);
    const top = records.slice(0, FURTHEST);
    const bars = top.map((r) => ({ label: `${entityName(state, r.entity)} (${r.year})`, value: r.value, estimated: isEstimated(r),
      note: `data as of ${r.year}`, colour: r.entity === state.filters.economy ? PALETTE[5] : PALETTE[0] }));
    const f = figure(barChart({ title: `${m.title}: gap to the ${m.target_year} target`, xLabel: 'Gap to target', unit: gap.unit, bars,
      caption: `Each economy${members ? ` of ${state.filters.group}` : ''} at its latest year with a value, in brackets (data as of); economies whose latest value is too old to assess are not ranked.` }), gap.id, { ...params, metric: gap.id });
    f.append(table(['Economy', 'Data as of', 'Gap to target', 'Status'],
      top.map((r) => ({ data: { entity: r.entity }, cells: [entityName(state, r.entity), String(r.year), valueText(r, gap.unit), statusText(r)] })),
      { class: 'latest' }));
    box.append(f);
    drawn++;
  }
  if (!drawn) empty(box, 'No economy has a gap to a target under these filters.');
}

function bandNames(unit) {
  const names = new Map();
  const inside = /\(([^)]*)\)/.exec(unit || '');
  if (!inside) return names;
  for (const item of inside[1].split(',')) {
    const match = /^\s*(\d+)\s+(.+)$/.exec(item);
    if (match) names.set(Number(match[1]), match[2].trim());
  }
  return names;
}

export async function umcView(state, box) {
  const bands = selectedMetrics(state, (m) => m.id.includes('.band_') && (m.unit || '').startsWith('band'));
  if (!bands.length) return empty(box, 'No UMC band metrics (umc.band_*) match the filters.');
  const params = { metric: bands.map((m) => m.id).join(',') };
  if (state.filters.year) params.to = state.filters.year;
  // The group filter selects the group's member economies: the bands are counted over economies.
  const members = groupMembers(state);
  if (members) params.economy = [...members].join(',');
  const records = members && !members.size ? [] : await results(params);
  const data = byMetricEntity(records.filter((r) => r.entity_kind === 'economy'));
  const names = new Map();
  const counts = [];
  const years = [];
  for (const m of bands) {
    const count = new Map();
    for (const list of (data.get(m.id) || new Map()).values()) {
      const latest = latestPublished(list);
      if (!latest) continue;
      count.set(latest.value, (count.get(latest.value) || 0) + 1);
      years.push(latest.year);
    }
    if (!count.size) continue;
    for (const [code, name] of bandNames(m.unit)) names.set(code, name);
    for (const code of count.keys()) if (!names.has(code)) names.set(code, `band ${code}`);
    counts.push([m, count]);
  }
  if (!counts.length) return empty(box, 'No economy has a UMC band under these filters.');
  const codes = [...names.keys()].sort((a, b) => a - b);
  const segments = codes.map((c) => `${c} ${names.get(c)}`);
  const bars = counts.map(([m, count]) => ({ label: words(m.id.slice(m.id.indexOf('.band_') + 6)), values: codes.map((c) => count.get(c) || 0) }));
  box.append(figure(stackedBarChart({ title: 'Economies by UMC 2030 progress band', xLabel: 'Economies', unit: '', segments, bars }), '', params));
  const first = Math.min(...years), last = Math.max(...years);
  box.append(html('p', { class: 'note', 'data-as-of': `${first}-${last}` },
    `Each economy at its latest year with a band: data as of ${first === last ? first : `${first} to ${last}`}.`));
  if (members) box.append(html('p', { class: 'note' }, `The ${members.size} member economies of ${state.filters.group} only.`));
}

export async function idiView(state, box) {
  const score = state.metrics.find((m) => m.plugin === 'idi' && m.id.endsWith('.score'));
  if (!score) return empty(box, 'No ICT Development Index in this run.');
  const groups = state.filters.group ? [state.filters.group] : [...CHART_GROUPS, ...INCOME_GROUPS];
  const params = { metric: score.id, group: groups.join(',') };
  if (state.filters.economy) params.economy = state.filters.economy;
  if (state.filters.year) params.to = state.filters.year;
  const data = byMetricEntity(await results(params)).get(score.id) || new Map();
  const bars = [];
  const rows = [];
  for (const code of [...groups, state.filters.economy].filter(Boolean)) {
    const list = data.get(code);
    const latest = latestPublished(list);
    const later = withheldText(withheldAfter(list, latest ? latest.year : -Infinity));
    if (latest) bars.push({ label: `${entityName(state, code)} (${latest.year})`, value: latest.value, estimated: isEstimated(latest),
      note: [`data as of ${latest.year}`, coverageText(latest)].filter(Boolean).join('; '),
      colour: latest.entity_kind === 'economy' ? PALETTE[5] : PALETTE[0] });
    if (latest || later) rows.push({ data: { entity: code }, cells: [entityName(state, code), latest ? String(latest.year) : 'none published',
      latest ? valueText(latest, score.unit) : '', latest ? coverageText(latest) : '', later] });
  }
  if (!rows.length) return empty(box, 'No IDI values for these groups and years.');
  const f = figure(barChart({ title: `${score.title} by group`, xLabel: 'IDI', unit: score.unit, bars,
    caption: 'Each group at its latest published year, in brackets (data as of).' }), score.id, params);
  f.append(table(['Entity', 'Data as of', 'Latest published value', 'Coverage', 'Not published after it'], rows, { class: 'latest' }));
  box.append(f);
}
