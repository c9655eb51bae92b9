// The p2c dashboard: the views of `p2c report` (docs/reports.md), drawn live from the service's JSON API
// (docs/service.md) as SVG, with filters kept in the URL hash so that a view can be linked.
//
// Chart conventions match the report's: labelled axes with units, nice ticks, a legend, the Okabe-Ito
// palette, role="img" with <title> and <desc>, and data-series / data-year / data-label / data-value on
// every mark. No framework, no build step, no request outside /api/v1 and /assets.
'use strict';

(() => {
  const API = '/api/v1';
  const SVG_NS = 'http://www.w3.org/2000/svg';
  // Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies.
  const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
  const DASHES = ['', '6 3', '2 3'];
  const CHART_GROUPS = ['WLD', 'LDC', 'LLDC', 'SIDS', 'ITU.AFR', 'ITU.AMS', 'ITU.ARB', 'ITU.ASP', 'ITU.CIS', 'ITU.EUR'];
  const INCOME_GROUPS = ['WB.HIC', 'WB.UMC', 'WB.LMC', 'WB.LIC'];
  const FOCUS_AREAS = ['access', 'adoption', 'value_creation', 'investment_acceleration'];
  const DERIVED = ['.trend', '.growth', '.gap', '.projection', '.members_meeting_target'];
  const FILTERS = ['group', 'economy', 'focus', 'wsis', 'year'];
  const FURTHEST = 15;
  const PAGE = 1000;  // results per request: the API's default page size (it takes up to 100,000)

  const state = { filters: {}, metrics: [], run: null, entities: null, generation: 0 };

  // ---- API -------------------------------------------------------------------------------------------

  async function getJSON(path) {
    let response;
    try {
      response = await fetch(path, { headers: { Accept: 'application/json' } });
    } catch (e) {
      throw new Error(`cannot reach the p2c service for ${path}: ${e.message}`);
    }
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      throw new Error(`${path}: HTTP ${response.status}, the answer is not JSON`);
    }
    if (!response.ok) {
      const message = body && body.error ? body.error.message : `HTTP ${response.status}`;
      const error = new Error(`${path}: ${message}`);
      error.status = response.status;
      throw error;
    }
    return body;
  }

  // Every result matching `params`, following the pages of the API. The pages must all come from one run:
  // when the service swaps in a new run between two pages, the collection starts again.
  async function results(params) {
    for (let attempt = 0; attempt < 3; attempt++) {
      const all = [];
      let run = null;
      for (let offset = 0; ; ) {
        const query = new URLSearchParams(params);
        query.set('limit', String(PAGE));
        query.set('offset', String(offset));
        const page = await getJSON(`${API}/results?${query}`);
        if (run === null) run = page.run_id;
        if (page.run_id !== run) break;
        all.push(...page.results);
        offset += page.results.length;
        if (page.results.length === 0 || offset >= page.total) return all;
      }
    }
    throw new Error('the results kept changing while they were read (the service recomputes very often); reload the page');
  }

  // ---- numbers and scales -------------------------------------------------------------------------------

  function compact(v) {
    const m = Math.abs(v);
    if (m === 0) return '0';
    if (m >= 100 || Number.isInteger(v)) return v.toFixed(0);
    if (m >= 10) return v.toFixed(1);
    if (m >= 1) return v.toFixed(2);
    if (m >= 0.001) return v.toFixed(3);
    return v.toPrecision(3);
  }

  function tickText(v) {
    let t = compact(v);
    if (t.includes('.') && !t.includes('e')) t = t.replace(/0+$/, '').replace(/\.$/, '');
    return t === '-0' ? '0' : t;
  }

  function axisScale(largest, unit) {
    const money = unit === 'USD';
    if (!money && unit !== 'people') return { divisor: 1, unit };
    const scaled = (divisor, word) => ({ divisor, unit: money ? `USD ${word}` : `${word} people` });
    if (largest >= 1e9) return scaled(1e9, 'bn');
    if (largest >= 1e6) return scaled(1e6, 'm');
    return { divisor: 1, unit };
  }

  function formatValue(v, unit) {
    const scale = axisScale(Math.abs(v), unit || '');
    const n = compact(v / scale.divisor);
    if (!scale.unit) return n;
    if (scale.unit === '%') return `${n} %`;
    if (scale.unit.startsWith('USD')) return scale.unit.length > 3 ? `USD ${n} ${scale.unit.slice(4)}` : `USD ${n}`;
    return `${n} ${scale.unit}`;
  }

  function niceTicks(low, high, count = 5) {
    if (low > high) [low, high] = [high, low];
    if (low === high) {
      const widen = low === 0 ? 1 : Math.abs(low) * 0.1;
      low -= widen;
      high += widen;
    }
    const raw = (high - low) / count;
    const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    const r = raw / magnitude;
    const step = (r <= 1 ? 1 : r <= 2 ? 2 : r <= 2.5 ? 2.5 : r <= 5 ? 5 : 10) * magnitude;
    const ticks = [];
    for (let i = Math.floor(low / step + 1e-9); i <= Math.ceil(high / step - 1e-9); i++) {
      const t = i * step;
      ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
    }
    return ticks;
  }

  function yearTicks(first, last) {
    const step = [1, 2, 5, 10, 20, 25, 50, 100].find((s) => (last - first) / s <= 8) || 100;
    const ticks = [];
    for (let y = Math.ceil(first / step) * step; y <= last; y += step) ticks.push(y);
    return ticks;
  }

  const linear = (d0, d1, r0, r1) => (v) => (d1 === d0 ? (r0 + r1) / 2 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0));
  const axisTitle = (label, unit) => (!unit ? label : label ? `${label} (${unit})` : unit);
  const words = (code) => String(code || '').replace(/_/g, ' ');
  const isDerived = (id) => DERIVED.some((s) => id.endsWith(s));

  // ---- SVG ---------------------------------------------------------------------------------------------

  function el(name, attributes = {}, text) {
    const node = document.createElementNS(SVG_NS, name);
    for (const [k, v] of Object.entries(attributes)) if (v !== undefined && v !== null && v !== '') node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function openSvg(width, height, title, description, kind) {
    const svg = el('svg', {
      class: 'p2c-chart', 'data-chart': kind, role: 'img', viewBox: `0 0 ${width} ${height}`, width, height,
      'font-family': 'sans-serif', 'font-size': 12,
    });
    svg.append(el('title', {}, title), el('desc', {}, description), el('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }));
    svg.append(el('text', { x: 76, y: 22, 'font-size': 15, 'font-weight': 'bold' }, title));
    return svg;
  }

  function noData(title, kind) {
    const svg = openSvg(760, 120, title, `${title}: no data.`, kind);
    svg.append(el('text', { x: 76, y: 70, 'font-size': 14, 'data-empty': 'true' }, 'no data'));
    return svg;
  }

  // spec: {title, yLabel, unit, series:[{name, label, points:[{year, value, low}]}], target, targetLabel}
  function lineChart(spec) {
    const values = [];
    let first = Infinity, last = -Infinity;
    for (const s of spec.series) for (const p of s.points) {
      values.push(p.value);
      first = Math.min(first, p.year);
      last = Math.max(last, p.year);
    }
    if (values.length === 0) return noData(spec.title, 'line');
    if (spec.target !== null && spec.target !== undefined) values.push(spec.target);
    const ticks = niceTicks(Math.min(0, ...values), Math.max(0, ...values));
    const scale = axisScale(Math.max(Math.abs(ticks[0]), Math.abs(ticks[ticks.length - 1])), spec.unit);
    const W = 760, H = 400, left = 76, top = 44, right = W - 200, bottom = H - 56;
    const x = linear(first === last ? first - 1 : first, first === last ? last + 1 : last, left, right);
    const y = linear(ticks[0], ticks[ticks.length - 1], bottom, top);
    const latest = spec.series.filter((s) => s.points.length).map((s) => {
      const p = s.points.reduce((a, b) => (b.year > a.year ? b : a));
      return `${s.label || s.name} ${formatValue(p.value, spec.unit)} in ${p.year}`;
    });
    let description = `${spec.title}. Line chart of ${axisTitle(spec.yLabel, spec.unit)} by year, ${first} to ${last}. Latest values: ${latest.join('; ')}.`;
    if (spec.target !== null && spec.target !== undefined) description += ` Dashed line: ${spec.targetLabel || 'target'} of ${formatValue(spec.target, spec.unit)}.`;
    const svg = openSvg(W, H, spec.title, description, 'line');
    for (const t of ticks) {
      svg.append(el('line', { x1: left, x2: right, y1: y(t), y2: y(t), stroke: '#dddddd' }));
      svg.append(el('text', { x: left - 6, y: y(t) + 4, 'text-anchor': 'end', class: 'tick' }, tickText(t / scale.divisor)));
    }
    for (const year of yearTicks(first, last)) {
      svg.append(el('line', { x1: x(year), x2: x(year), y1: bottom, y2: bottom + 5, stroke: '#333333' }));
      svg.append(el('text', { x: x(year), y: bottom + 18, 'text-anchor': 'middle', class: 'tick' }, String(year)));
    }
    svg.append(el('line', { x1: left, x2: left, y1: top, y2: bottom, stroke: '#333333' }));
    svg.append(el('line', { x1: left, x2: right, y1: bottom, y2: bottom, stroke: '#333333' }));
    svg.append(el('text', { x: (left + right) / 2, y: H - 12, 'text-anchor': 'middle', class: 'axis-label' }, 'Year'));
    svg.append(el('text', { transform: `translate(16 ${(top + bottom) / 2}) rotate(-90)`, 'text-anchor': 'middle', class: 'axis-label' },
      axisTitle(spec.yLabel, scale.unit)));
    if (spec.target !== null && spec.target !== undefined) {
      const label = `${spec.targetLabel || 'target'}: ${formatValue(spec.target, spec.unit)}`;
      const line = el('line', { class: 'target', 'data-target': spec.target, x1: left, x2: right, y1: y(spec.target), y2: y(spec.target),
        stroke: '#000000', 'stroke-width': 1.5, 'stroke-dasharray': '8 5' });
      line.append(el('title', {}, label));
      svg.append(line, el('text', { x: right - 4, y: y(spec.target) - 5, 'text-anchor': 'end', 'font-size': 11 }, label));
    }
    let index = 0, legendY = top + 6, anyLow = false;
    for (const s of spec.series) {
      if (!s.points.length) continue;
      const points = [...s.points].sort((a, b) => a.year - b.year);
      const colour = PALETTE[index % PALETTE.length];
      const dash = DASHES[Math.floor(index / PALETTE.length) % DASHES.length];
      const g = el('g', { class: 'series', 'data-series': s.name });
      g.append(el('polyline', { points: points.map((p) => `${x(p.year).toFixed(1)},${y(p.value).toFixed(1)}`).join(' '),
        fill: 'none', stroke: colour, 'stroke-width': 2, 'stroke-dasharray': dash }));
      for (const p of points) {
        anyLow = anyLow || p.low;
        const c = el('circle', { cx: x(p.year).toFixed(1), cy: y(p.value).toFixed(1), r: 3, fill: p.low ? '#ffffff' : colour, stroke: colour,
          'data-series': s.name, 'data-year': p.year, 'data-value': p.value, 'data-flags': p.low ? 'low_coverage' : '' });
        c.append(el('title', {}, `${s.name} ${p.year}: ${formatValue(p.value, spec.unit)}${p.low ? ' (low coverage)' : ''}`));
        g.append(c);
      }
      svg.append(g);
      const legend = el('g', { class: 'legend-item', 'data-series': s.name });
      legend.append(el('line', { x1: right + 16, x2: right + 38, y1: legendY, y2: legendY, stroke: colour, 'stroke-width': 3, 'stroke-dasharray': dash }));
      legend.append(el('text', { x: right + 44, y: legendY + 4 }, s.label || s.name));
      svg.append(legend);
      legendY += 18;
      index++;
    }
    if (anyLow) svg.append(el('text', { x: right + 16, y: legendY + 8, 'font-size': 10 }, 'hollow marker: low coverage'));
    return svg;
  }

  // spec: {title, xLabel, unit, bars:[{label, value}]}
  function barChart(spec) {
    if (!spec.bars.length) return noData(spec.title, 'bar');
    const values = spec.bars.map((b) => b.value);
    const ticks = niceTicks(Math.min(0, ...values), Math.max(0, ...values));
    const scale = axisScale(Math.max(Math.abs(ticks[0]), Math.abs(ticks[ticks.length - 1])), spec.unit);
    const W = 760, row = 22, left = 190, right = W - 90, top = 44;
    const bottom = top + row * spec.bars.length + 4, H = bottom + 56;
    const x = linear(ticks[0], ticks[ticks.length - 1], left, right);
    const description = `${spec.title}. Bar chart of ${axisTitle(spec.xLabel, spec.unit)}: ${spec.bars.map((b) => `${b.label} ${formatValue(b.value, spec.unit)}`).join('; ')}.`;
    const svg = openSvg(W, H, spec.title, description, 'bar');
    valueAxis(svg, ticks, x, top, bottom, scale, spec.xLabel);
    spec.bars.forEach((b, i) => {
      const y0 = top + 4 + row * i;
      const from = x(Math.min(0, b.value)), to = x(Math.max(0, b.value));
      svg.append(el('text', { x: left - 6, y: y0 + 13, 'text-anchor': 'end' }, b.label));
      const rect = el('rect', { x: from, y: y0, width: Math.max(to - from, 0.5), height: 16, fill: b.colour || PALETTE[0],
        'data-label': b.label, 'data-value': b.value });
      rect.append(el('title', {}, `${b.label}: ${formatValue(b.value, spec.unit)}`));
      svg.append(rect, el('text', { x: to + 4, y: y0 + 12, 'font-size': 11 }, formatValue(b.value, spec.unit)));
    });
    svg.append(el('line', { x1: x(0), x2: x(0), y1: top, y2: bottom, stroke: '#333333' }));
    return svg;
  }

  function valueAxis(svg, ticks, x, top, bottom, scale, label) {
    for (const t of ticks) {
      svg.append(el('line', { x1: x(t), x2: x(t), y1: top, y2: bottom, stroke: '#dddddd' }));
      svg.append(el('text', { x: x(t), y: bottom + 16, 'text-anchor': 'middle', class: 'tick' }, tickText(t / scale.divisor)));
    }
    const a = x(ticks[0]), b = x(ticks[ticks.length - 1]);
    svg.append(el('line', { x1: a, x2: b, y1: bottom, y2: bottom, stroke: '#333333' }));
    svg.append(el('text', { x: (a + b) / 2, y: bottom + 38, 'text-anchor': 'middle', class: 'axis-label' }, axisTitle(label, scale.unit)));
  }

  // spec: {title, xLabel, unit, segments:[name], bars:[{label, values:[]}]}
  function stackedBarChart(spec) {
    if (!spec.bars.length) return noData(spec.title, 'stacked-bar');
    const totals = spec.bars.map((b) => b.values.reduce((s, v) => s + Math.max(v, 0), 0));
    const ticks = niceTicks(0, Math.max(...totals));
    const scale = axisScale(Math.abs(ticks[ticks.length - 1]), spec.unit);
    const W = 760, row = 26, left = 230, right = W - 30, legendTop = 44, top = legendTop + 24;
    const bottom = top + row * spec.bars.length + 4, H = bottom + 56;
    const x = linear(ticks[0], ticks[ticks.length - 1], left, right);
    const description = `${spec.title}. Stacked bar chart of ${axisTitle(spec.xLabel, spec.unit)}: ${spec.bars.map((b) =>
      `${b.label}: ${b.values.map((v, i) => `${spec.segments[i]} ${formatValue(v, spec.unit)}`).join(', ')}`).join('; ')}.`;
    const svg = openSvg(W, H, spec.title, description, 'stacked-bar');
    let lx = left;
    spec.segments.forEach((name, i) => {
      const g = el('g', { class: 'legend-item', 'data-series': name });
      g.append(el('rect', { x: lx, y: legendTop, width: 12, height: 12, fill: PALETTE[i % PALETTE.length] }),
        el('text', { x: lx + 16, y: legendTop + 10 }, name));
      svg.append(g);
      lx += 30 + 7 * name.length;
    });
    valueAxis(svg, ticks, x, top, bottom, scale, spec.xLabel);
    spec.bars.forEach((b, i) => {
      const y0 = top + 4 + row * i;
      svg.append(el('text', { x: left - 6, y: y0 + 14, 'text-anchor': 'end' }, b.label));
      let start = 0;
      b.values.forEach((v, s) => {
        if (v <= 0) return;
        const rect = el('rect', { x: x(start), y: y0, width: x(start + v) - x(start), height: 18, fill: PALETTE[s % PALETTE.length],
          'data-label': b.label, 'data-series': spec.segments[s], 'data-value': v });
        rect.append(el('title', {}, `${b.label}, ${spec.segments[s]}: ${formatValue(v, spec.unit)}`));
        svg.append(rect);
        start += v;
      });
    });
    return svg;
  }

  // ---- page pieces ---------------------------------------------------------------------------------------

  function html(tag, attributes = {}, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attributes)) if (v !== undefined && v !== null && v !== '') node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function figure(svg, metric) {
    const f = html('figure', { class: 'chart', 'data-metric': metric || '' });
    f.append(svg, html('figcaption', {}, svg.querySelector('desc').textContent));
    return f;
  }

  function table(header, rows) {
    const t = html('table');
    const head = html('tr');
    for (const h of header) head.append(html('th', { scope: 'col' }, h));
    t.append(html('thead'));
    t.tHead.append(head);
    const body = html('tbody');
    for (const row of rows) {
      const tr = html('tr');
      for (const cell of row) tr.append(html('td', {}, cell));
      body.append(tr);
    }
    t.append(body);
    return t;
  }

  function showError(message) {
    const box = document.getElementById('error');
    box.hidden = false;
    box.textContent = box.textContent ? `${box.textContent}\n${message}` : message;
  }

  function clearError() {
    const box = document.getElementById('error');
    box.hidden = true;
    box.textContent = '';
  }

  // ---- data shaping --------------------------------------------------------------------------------------

  // metric -> entity -> records by year
  function byMetricEntity(records) {
    const out = new Map();
    for (const r of records) {
      if (!out.has(r.metric)) out.set(r.metric, new Map());
      const m = out.get(r.metric);
      if (!m.has(r.entity)) m.set(r.entity, []);
      m.get(r.entity).push(r);
    }
    for (const m of out.values()) for (const list of m.values()) list.sort((a, b) => a.year - b.year);
    return out;
  }

  function latestWithValue(list) {
    for (let i = (list || []).length - 1; i >= 0; i--) if (list[i].value !== null) return list[i];
    return null;
  }

  function latestStatus(list) {
    for (let i = (list || []).length - 1; i >= 0; i--) if (list[i].status) return list[i].status;
    return '';
  }

  function selectedMetrics(predicate) {
    const { focus, wsis } = state.filters;
    return state.metrics.filter((m) => !isDerived(m.id) && (!focus || m.focus_area === focus) &&
      (!wsis || (m.wsis_lines || []).includes(wsis)) && predicate(m));
  }

  const chartGroups = () => (state.filters.group ? [state.filters.group] : CHART_GROUPS);
  const axisLabel = (title) => (title.length <= 40 ? title : 'Value');

  function progressFigure(metric, data) {
    const entities = [...chartGroups()];
    if (state.filters.economy) entities.push(state.filters.economy);
    const series = [];
    const rows = [];
    for (const code of entities) {
      const list = (data.get(metric.id) || new Map()).get(code) || [];
      const points = list.filter((r) => r.value !== null).map((r) => ({ year: r.year, value: r.value, low: (r.flags || []).includes('low_coverage') }));
      if (!points.length) continue;
      const status = latestStatus(list);
      series.push({ name: code, label: status ? `${code}: ${words(status)}` : code, points });
      const latest = latestWithValue(list);
      rows.push([code, String(latest.year), formatValue(latest.value, metric.unit), status ? words(status) : 'not assessed']);
    }
    const svg = lineChart({ title: metric.title, yLabel: axisLabel(metric.title), unit: metric.unit, series,
      target: metric.target, targetLabel: metric.target !== null ? `${metric.target_year} target` : '' });
    const f = figure(svg, metric.id);
    if (rows.length) f.append(table(['Entity', 'Latest year', 'Latest value', 'Status'], rows));
    else if (metric.aggregation === 'share_meeting_target')
      f.append(html('p', { class: 'note' }, `Groups have no value in ${metric.unit}: their value is the share of members meeting the target, the metric ${metric.id}.members_meeting_target.`));
    return f;
  }

  function entityParams(extra = {}) {
    const params = { ...extra };
    params.group = chartGroups().join(',');
    if (state.filters.economy) params.economy = state.filters.economy;
    if (state.filters.year) params.to = state.filters.year;
    return params;
  }

  function empty(container, message) {
    container.append(html('p', { class: 'empty' }, message));
  }

  // ---- views -------------------------------------------------------------------------------------------

  async function progressViews(focusBox, sdgBox) {
    const targeted = selectedMetrics((m) => m.target !== null && m.target !== undefined);
    if (!targeted.length) {
      empty(focusBox, 'No metric with a target matches the filters.');
      empty(sdgBox, 'No metric with a target matches the filters.');
      return;
    }
    const data = byMetricEntity(await results(entityParams({ metric: targeted.map((m) => m.id).join(',') })));
    for (const focus of FOCUS_AREAS) {
      if (state.filters.focus && state.filters.focus !== focus) continue;
      const metrics = targeted.filter((m) => m.focus_area === focus);
      const heading = html('h3', { id: `focus-${focus.replace(/_/g, '-')}` }, `Focus area: ${words(focus)}`);
      focusBox.append(heading);
      if (!metrics.length) empty(focusBox, 'No metric of this focus area has a target (or matches the WSIS filter).');
      for (const m of metrics) focusBox.append(progressFigure(m, data));
    }
    const indicators = [...new Set(targeted.flatMap((m) => m.sdg_indicators || []))].sort();
    if (!indicators.length) empty(sdgBox, 'No metric with a target serves an SDG indicator under these filters.');
    for (const indicator of indicators) {
      sdgBox.append(html('h3', { id: `sdg-${indicator}` }, `SDG indicator ${indicator}`));
      for (const m of targeted.filter((t) => (t.sdg_indicators || []).includes(indicator))) sdgBox.append(progressFigure(m, data));
    }
  }

  async function furthestView(box) {
    const targeted = selectedMetrics((m) => m.target !== null && m.target !== undefined);
    const known = new Set(state.metrics.map((m) => m.id));
    const gaps = targeted.filter((m) => known.has(`${m.id}.gap`));
    if (!gaps.length) return empty(box, 'No metric with a target and a progress assessment matches the filters.');
    const params = { metric: gaps.map((m) => `${m.id}.gap`).join(',') };
    if (state.filters.year) params.to = state.filters.year;
    const data = byMetricEntity(await results(params));
    let drawn = 0;
    for (const m of gaps) {
      const records = [];
      for (const list of (data.get(`${m.id}.gap`) || new Map()).values()) {
        const latest = latestWithValue(list);
        if (latest && latest.entity_kind === 'economy' && latest.value > 0) records.push(latest);
      }
      if (!records.length) continue;
      records.sort((a, b) => b.value - a.value);
      const top = records.slice(0, FURTHEST);
      const bars = top.map((r) => ({ label: `${r.entity} (${r.year})`, value: r.value,
        colour: r.entity === state.filters.economy ? PALETTE[5] : PALETTE[0] }));
      box.append(figure(barChart({ title: `${m.title}: gap to the ${m.target_year} target`, xLabel: 'Gap to target',
        unit: top[0].unit || m.unit, bars }), `${m.id}.gap`));
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

  async function umcView(box) {
    const bands = selectedMetrics((m) => m.id.includes('.band_') && (m.unit || '').startsWith('band'));
    if (!bands.length) return empty(box, 'No UMC band metrics (umc.band_*) match the filters.');
    const params = { metric: bands.map((m) => m.id).join(',') };
    if (state.filters.year) params.to = state.filters.year;
    if (state.filters.group) params.group = state.filters.group;
    const records = await results(params);
    const data = byMetricEntity(records.filter((r) => r.entity_kind === 'economy'));
    const names = new Map();
    const counts = [];
    for (const m of bands) {
      const count = new Map();
      for (const list of (data.get(m.id) || new Map()).values()) {
        const latest = latestWithValue(list);
        if (latest) count.set(latest.value, (count.get(latest.value) || 0) + 1);
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
    box.append(figure(stackedBarChart({ title: 'Economies by UMC 2030 progress band', xLabel: 'Economies', unit: '', segments, bars }), ''));
    if (state.filters.group) box.append(html('p', { class: 'note' }, `Economies of the group filter (${state.filters.group}) only.`));
  }

  async function idiView(box) {
    const score = state.metrics.find((m) => m.plugin === 'idi' && m.id.endsWith('.score'));
    if (!score) return empty(box, 'No ICT Development Index in this run.');
    const groups = state.filters.group ? [state.filters.group] : [...CHART_GROUPS, ...INCOME_GROUPS];
    const params = { metric: score.id, group: groups.join(',') };
    if (state.filters.economy) params.economy = state.filters.economy;
    if (state.filters.year) params.to = state.filters.year;
    const data = byMetricEntity(await results(params)).get(score.id) || new Map();
    const bars = [];
    for (const code of [...groups, state.filters.economy].filter(Boolean)) {
      const latest = latestWithValue(data.get(code));
      if (latest) bars.push({ label: `${code} (${latest.year})`, value: latest.value, colour: latest.entity_kind === 'economy' ? PALETTE[5] : PALETTE[0] });
    }
    if (!bars.length) return empty(box, 'No IDI values for these groups and years.');
    box.append(figure(barChart({ title: `${score.title} by group`, xLabel: 'IDI', unit: score.unit, bars }), score.id));
  }

  async function pledgesView(box) {
    const pledges = state.metrics.filter((m) => m.id.startsWith('pledges.') && !isDerived(m.id));
    if (!pledges.length) return empty(box, 'There are no pledge indicators in this run (no pledges indicator instance).');
    box.append(html('p', { class: 'note' }, 'Pledge figures come from the pledge registry configured in [pledges]. The registry bundled with p2c is an illustrative sample, not ITU data.'));
    const regions = CHART_GROUPS.filter((g) => g !== 'WLD');
    const params = { metric: pledges.map((m) => m.id).join(','), group: ['WLD', ...regions].join(',') };
    if (state.filters.year) params.to = state.filters.year;
    const data = byMetricEntity(await results(params));
    const unitOf = (id) => (pledges.find((m) => m.id === id) || {}).unit || '';
    const world = (id) => (data.get(id) || new Map()).get('WLD') || [];
    const breakdown = (title, prefix, keep) => {
      for (const measure of ['count_', 'value_usd_']) {
        const ids = pledges.map((m) => m.id).filter((id) => id.startsWith(`pledges.${measure}${prefix}`) && keep(id.slice(`pledges.${measure}${prefix}`.length)));
        if (!ids.length) continue;
        const year = Math.max(...ids.map((id) => (latestWithValue(world(id)) || { year: 0 }).year));
        const bars = [];
        for (const id of ids) {
          const r = world(id).find((x) => x.year === year && x.value !== null);
          if (r) bars.push({ label: words(id.slice(`pledges.${measure}${prefix}`.length)), value: r.value });
        }
        const unit = unitOf(ids[0]);
        box.append(figure(barChart({ title: `${title} (${measure === 'count_' ? 'number' : 'estimated value'}), WLD ${year}`,
          xLabel: unit.startsWith('USD') ? 'Estimated value' : 'Pledges', unit, bars }), ''));
      }
    };
    breakdown('Pledges by focus area', '', (rest) => FOCUS_AREAS.includes(rest));
    breakdown('Pledges by sector', 'sector_', () => true);
    breakdown('Pledges by type', 'type_', () => true);
    for (const id of ['pledges.count', 'pledges.value_usd']) {
      if (!data.has(id)) continue;
      const bars = [];
      for (const code of regions) {
        const latest = latestWithValue(data.get(id).get(code));
        if (latest) bars.push({ label: `${code} (${latest.year})`, value: latest.value });
      }
      if (bars.length) box.append(figure(barChart({ title: `Pledges by implementation region (${id.endsWith('count') ? 'number' : 'estimated value'})`,
        xLabel: unitOf(id).startsWith('USD') ? 'Estimated value' : 'Pledges', unit: unitOf(id), bars }), id));
    }
    const series = ['pledges.reporting_rate', 'pledges.share_completed', 'pledges.share_in_progress']
      .filter((id) => data.has(id))
      .map((id) => ({ name: words(id.slice(8)), points: world(id).filter((r) => r.value !== null).map((r) => ({ year: r.year, value: r.value })) }));
    if (series.length) box.append(figure(lineChart({ title: 'Pledge reporting and implementation status over time, WLD', yLabel: 'Share of pledges', unit: '%', series }), ''));
  }

  // ---- filters and the URL hash ------------------------------------------------------------------------

  function readHash() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ''));
    const filters = {};
    for (const name of FILTERS) filters[name] = params.get(name) || '';
    return filters;
  }

  function writeHash(filters) {
    const params = new URLSearchParams();
    for (const name of FILTERS) if (filters[name]) params.set(name, filters[name]);
    const hash = params.toString();
    if (hash !== location.hash.replace(/^#/, '')) location.hash = hash;
    else render();
  }

  function fillSelect(id, options) {
    const select = document.getElementById(id);
    for (const [value, label] of options) select.append(html('option', { value }, label));
  }

  function syncSelects() {
    for (const name of FILTERS) {
      const select = document.getElementById(`filter-${name}`);
      const value = state.filters[name];
      if (value && ![...select.options].some((o) => o.value === value)) {
        showError(`The address asks for ${name} "${value}", which this run does not have; showing all instead.`);
        state.filters[name] = '';
      }
      select.value = state.filters[name];
    }
  }

  async function render() {
    const generation = ++state.generation;
    document.body.dataset.ready = 'false';
    clearError();
    state.filters = readHash();
    syncSelects();
    const views = {
      'view-focus-areas': null, 'view-sdg-indicators': null, 'view-furthest-from-target': furthestView,
      'view-umc-bands': umcView, 'view-idi-by-group': idiView, 'view-pledges': pledgesView,
    };
    const boxes = {};
    for (const id of Object.keys(views)) {
      const section = document.getElementById(id);
      section.dataset.state = 'loading';
      boxes[id] = html('div', { class: 'charts' });
    }
    const run = async (ids, work) => {
      try {
        await work();
        if (generation !== state.generation) return;
        for (const id of ids) {
          document.getElementById(id).querySelector('.charts').replaceWith(boxes[id]);
          document.getElementById(id).dataset.state = 'ready';
        }
      } catch (e) {
        if (generation !== state.generation) return;
        showError(e.message);
        for (const id of ids) document.getElementById(id).dataset.state = 'error';
      }
    };
    await Promise.all([
      run(['view-focus-areas', 'view-sdg-indicators'], () => progressViews(boxes['view-focus-areas'], boxes['view-sdg-indicators'])),
      ...Object.entries(views).filter(([, view]) => view).map(([id, view]) => run([id], () => view(boxes[id]))),
    ]);
    if (generation === state.generation) document.body.dataset.ready = 'true';
  }

  async function start() {
    try {
      const [run, catalogue, entities] = await Promise.all([
        getJSON(`${API}/runs/current`), getJSON(`${API}/metrics`), getJSON(`${API}/entities`)]);
      state.run = run;
      state.metrics = catalogue.metrics;
      state.entities = entities;
      document.getElementById('run-info').textContent =
        `Run ${run.id}, started ${run.started_at} (${Number(run.duration_seconds).toFixed(2)} s): ${run.records} records, ${run.failures} failures.`;
      fillSelect('filter-group', entities.groups.map((g) => [g.code, `${g.code} ${g.name}`]));
      fillSelect('filter-economy', entities.economies.map((e) => [e.code, `${e.code} ${e.name}`]));
      const lines = [...new Set(state.metrics.flatMap((m) => m.wsis_lines || []))]
        .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)) || a.localeCompare(b));
      fillSelect('filter-wsis', lines.map((l) => [l, l]));
      const lastYear = Number(String(run.started_at).slice(0, 4)) || new Date().getFullYear();
      const years = [];
      for (let y = lastYear; y >= 1990; y--) years.push([String(y), String(y)]);
      fillSelect('filter-year', years);
    } catch (e) {
      document.getElementById('run-info').textContent = 'The current run could not be loaded.';
      showError(e.message);
      document.body.dataset.ready = 'true';
      return;
    }
    document.getElementById('filters').addEventListener('change', (event) => {
      const filters = { ...state.filters, [event.target.name]: event.target.value };
      writeHash(filters);
    });
    // The section links scroll without touching the hash, which holds the filters.
    for (const link of document.querySelectorAll('[data-view-link]'))
      link.addEventListener('click', (event) => {
        event.preventDefault();
        document.querySelector(link.getAttribute('href')).scrollIntoView();
      });
    window.addEventListener('hashchange', render);
    await render();
  }

  document.addEventListener('DOMContentLoaded', start);
})();
