// The dashboard's views of the served run (the report's sections, docs/reports.md): progress by focus area and SDG
// indicator, furthest from target, UMC bands and IDI by group. Each takes the page state (filters, catalogue) and a
// box to fill. "Latest" is always the latest published value, shown with its year ("data as of").
import { results } from './api.js';
import { barChart, lineChart, PALETTE, stackedBarChart } from './charts.js';
import { groupName, groupShort, t, unitText } from './i18n.js';
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
// What readers call an entity in their language: its name (Kenya, Africa, World, High income), the UN lists by
// their usual short forms (LDCs, PMA). Codes stay in the data attributes and downloads.
export function entityName(state, code) {
  const translated = groupShort(code) || groupName(code);
  if (translated) return translated;
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
const axisLabel = (title) => (title.length <= 40 ? title : t('chart.value'));

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

// The small multiple a series goes to when a chart has too many: the world and the UN lists, the ITU regions, the
// income groups; an economy with the first.
const panelOf = (code) => (code.startsWith('ITU.') ? t('chart.panel_itu')
  : code.startsWith('WB.') ? t('chart.panel_income') : t('chart.panel_un'));

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
    if (!own) series.push({ name: code, display: entityName(state, code), status: status ? t(`status.${status}`) : '',
      panel: panelOf(code), points: list.map(toPoint) });
    const latest = latestPublished(list);
    rows.push({ data: { entity: code }, cells: [
      entityName(state, code),
      latest ? String(latest.year) : t('table.none_published'),
      latest ? valueText(latest, shown.unit) : '',
      latest ? coverageText(latest) : '',
      statusText(statusRecord),
      withheldText(withheldAfter(list, latest ? latest.year : -Infinity)),
    ] });
    drawn.push([code, list, shown.unit]);
  }
  const title = share ? t('progress.meeting_title', { title: metric.title, year: metric.target_year }) : metric.title;
  const svg = lineChart({ title, yLabel: axisLabel(title), unit: share ? share.unit : metric.unit, series,
    target: share ? null : metric.target, targetLabel: hasTarget(metric) && !share ? t('chart.target_year', { year: metric.target_year }) : '' });
  const ids = share ? `${share.id}${state.filters.economy ? `,${metric.id}` : ''}` : metric.id;
  const f = figure(svg, metric.id, entityParams(state, { metric: ids }));
  if (share) f.append(html('p', { class: 'note' }, t('progress.meeting_note', { year: metric.target_year, target: `${metric.target} ${unitText(metric.unit)}` })));
  if (rows.length) {
    f.append(table([t('table.entity'), t('table.data_as_of'), t('table.latest'), t('table.coverage'), t('table.status'), t('table.not_published_after')], rows,
      { class: 'latest' }));
    f.append(foldedTable(t('table.every_value'), [t('table.entity'), t('table.year'), t('table.value'), t('table.coverage'), t('table.estimated_how')],
      () => allValueRows(state, drawn)));
  }
  return f;
}

export async function progressViews(state, focusBox, sdgBox) {
  const targeted = selectedMetrics(state, hasTarget);
  if (!targeted.length) {
    empty(focusBox, t('progress.none'));
    empty(sdgBox, t('progress.none'));
    return;
  }
  const ids = targeted.flatMap((m) => [m.id, (meetingShare(state, m) || {}).id]).filter(Boolean);
  const data = byMetricEntity(await results(entityParams(state, { metric: ids.join(',') })));
  for (const focus of FOCUS_AREAS) {
    if (state.filters.focus && state.filters.focus !== focus) continue;
    const metrics = targeted.filter((m) => m.focus_area === focus);
    focusBox.append(html('h3', { id: `focus-${focus.replace(/_/g, '-')}` }, t('progress.focus_heading', { focus: t(`focus.${focus}`) })));
    if (!metrics.length) empty(focusBox, t('progress.focus_none'));
    for (const m of metrics) focusBox.append(progressFigure(state, m, data));
  }
  const indicators = [...new Set(targeted.flatMap((m) => m.sdg_indicators || []))].sort();
  if (!indicators.length) empty(sdgBox, t('progress.sdg_none'));
  for (const indicator of indicators) {
    sdgBox.append(html('h3', { id: `sdg-${indicator}` }, t('progress.sdg_heading', { indicator })));
    for (const m of targeted.filter((t) => (t.sdg_indicators || []).includes(indicator))) sdgBox.append(progressFigure(state, m, data));
  }
}

// The gap's unit comes from the catalogue entry of `<metric>.gap` ("pp" for a share in %): a difference of two
// percentages is not itself a percentage. Economies whose latest value is too old have no gap and are not ranked.
export async function furthestView(state, box) {
  const catalogue = new Map(state.metrics.map((m) => [m.id, m]));
  const gaps = selectedMetrics(state, hasTarget).filter((m) => catalogue.has(`${m.id}.gap`));
  if (!gaps.length) return empty(box, t('furthest.none'));
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
      note: t('chart.data_as_of', { year: r.year }), colour: r.entity === state.filters.economy ? PALETTE[5] : PALETTE[0] }));
    const f = figure(barChart({ title: t('furthest.title', { title: m.title, year: m.target_year }), xLabel: t('furthest.axis'), unit: gap.unit, bars,
      caption: members ? t('furthest.caption_group', { group: entityName(state, state.filters.group) }) : t('furthest.caption') }), gap.id, { ...params, metric: gap.id });
    f.append(table([t('table.economy'), t('table.data_as_of'), t('furthest.axis'), t('table.status')],
      top.map((r) => ({ data: { entity: r.entity }, cells: [entityName(state, r.entity), String(r.year), valueText(r, gap.unit), statusText(r)] })),
      { class: 'latest' }));
    box.append(f);
    drawn++;
  }
  if (!drawn) empty(box, t('furthest.no_gap'));
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

// "UMC 2030 progress band: Internet use" -> "Internet use": the dimension, in the reader's language.
const dimensionName = (m) => m.title.split(/[:：]/).pop().trim();

export async function umcView(state, box) {
  const bands = selectedMetrics(state, (m) => m.id.includes('.band_') && (m.unit || '').startsWith('band'));
  if (!bands.length) return empty(box, t('umc.none'));
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
    for (const [code, name] of bandNames(unitText(m.unit))) names.set(code, name);
    for (const code of count.keys()) if (!names.has(code)) names.set(code, t('umc.band', { band: code }));
    counts.push([m, count]);
  }
  if (!counts.length) return empty(box, t('umc.no_band'));
  const codes = [...names.keys()].sort((a, b) => a - b);
  const segments = codes.map((c) => `${c} ${names.get(c)}`);
  const bars = counts.map(([m, count]) => ({ label: dimensionName(m), values: codes.map((c) => count.get(c) || 0) }));
  box.append(figure(stackedBarChart({ title: t('umc.title'), xLabel: t('umc.axis'), unit: '', segments, bars }), '', params));
  const first = Math.min(...years), last = Math.max(...years);
  box.append(html('p', { class: 'note', 'data-as-of': `${first}-${last}` },
    t('umc.as_of', { years: first === last ? String(first) : `${first}-${last}` })));
  if (members) box.append(html('p', { class: 'note' }, t('umc.members', { count: members.size, group: entityName(state, state.filters.group) })));
}

export async function idiView(state, box) {
  const score = state.metrics.find((m) => m.plugin === 'idi' && m.id.endsWith('.score'));
  if (!score) return empty(box, t('idi.none'));
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
      note: [t('chart.data_as_of', { year: latest.year }), coverageText(latest)].filter(Boolean).join('; '),
      colour: latest.entity_kind === 'economy' ? PALETTE[5] : PALETTE[0] });
    if (latest || later) rows.push({ data: { entity: code }, cells: [entityName(state, code), latest ? String(latest.year) : t('table.none_published'),
      latest ? valueText(latest, score.unit) : '', latest ? coverageText(latest) : '', later] });
  }
  if (!rows.length) return empty(box, t('idi.no_values'));
  const f = figure(barChart({ title: t('idi.title', { title: score.title }), xLabel: 'IDI', unit: score.unit, bars,
    caption: t('idi.caption') }), score.id, params);
  f.append(table([t('table.entity'), t('table.data_as_of'), t('table.latest'), t('table.coverage'), t('table.not_published_after')], rows, { class: 'latest' }));
  box.append(f);
}
