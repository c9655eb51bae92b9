// The dashboard's SVG charts, drawn by the report's rules (docs/reports.md): labelled axes with units, nice ticks,
// a legend, the Okabe-Ito palette, role="img" with <title> and <desc>, and data-series / data-year / data-label /
// data-value on every mark, so that tools and tests can read a chart.
//
// Only published values are marks. A line breaks at a year without one; a withheld year gets a tick on the axis
// (no data-value: it is not a value) whose tooltip says why. Estimates are hollow markers on dashed segments.
import { axisScale, axisTitle, formatValue, linear, niceTicks, tickLabel, yearRanges, yearTicks } from './format.js';
import { t, unitText } from './i18n.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
// The report's palette (core/src/report/svg_chart.cpp): Okabe-Ito hues, each at least 3:1 against white.
export const PALETTE = ['#0072B2', '#B97F00', '#009E73', '#CC79A7', '#3F8FBF', '#D55E00', '#8F8827', '#000000'];
// Series beyond the palette are dash-dotted: plain dashes mean "estimated".
const SERIES_DASHES = ['', '12 3 2 3', '2 2 8 2'];
const ESTIMATE_DASH = '4 3';
const HOLLOW = '#ffffff';

export function el(name, attributes = {}, text) {
  const node = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attributes)) if (v !== undefined && v !== null && v !== '') node.setAttribute(k, String(v));
  if (text instanceof Node) node.append(text);
  else if (text !== undefined) node.textContent = text;
  return node;
}

function openSvg(width, height, title, description, kind) {
  const svg = el('svg', {
    class: 'p2c-chart', 'data-chart': kind, role: 'img', viewBox: `0 0 ${width} ${height}`, width, height,
    'font-family': 'sans-serif', 'font-size': 12,
  });
  svg.append(el('title', {}, title), el('desc', {}, description), el('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }));
  svg.append(el('text', { x: 76, y: 22, 'font-size': 15, 'font-weight': 'bold' }, fitted(title, width - 76 - 8, 15, 'bold')));
  return svg;
}

function noData(title, kind, why = '') {
  const svg = openSvg(760, 120, title, `${t('chart.no_data_desc', { title })}${why ? ` ${why}` : ''}`, kind);
  svg.append(el('text', { x: 76, y: 70, 'font-size': 14, 'data-empty': 'true' }, why ? t('chart.no_published') : t('chart.no_data')));
  return svg;
}

function legendEntry(svg, x, y, kind, label, draw) {
  const g = el('g', { class: 'legend-item', 'data-legend': kind });
  draw(g);
  g.append(el('text', { x: x + 28, y: y + 4, 'font-size': 11 }, fitted(label, svg.viewBox.baseVal.width - x - 32, 11)));
  svg.append(g);
}

// Splits a series at its points without a value, then each stretch into polylines of one style: a segment
// touching an estimate is dashed, so the eye sees which part of a line rests on observations.
function pieces(points) {
  const out = [];
  let previous = null;
  let current = null;
  for (const p of points) {
    if (p.value === null) {
      previous = null;
      current = null;
      continue;
    }
    if (previous) {
      const estimated = previous.estimated || p.estimated;
      if (!current || current.estimated !== estimated) {
        current = { estimated, points: [previous] };
        out.push(current);
      }
      current.points.push(p);
    }
    previous = p;
  }
  return out;
}

// The width of a text as the browser draws it in the charts' font, measured, not guessed from its length: a title
// in French or a label in Chinese takes the room its letters take.
let ruler = null;
export function textWidth(text, size = 12, weight = 'normal') {
  if (!ruler) ruler = document.createElement('canvas').getContext('2d');
  ruler.font = `${weight} ${size}px sans-serif`;
  return ruler.measureText(text).width;
}

// Text cut to `width` pixels with an ellipsis, the whole of it in a <title> (a tooltip and the accessible name):
// no text runs off its chart.
export function fitted(text, width, size = 12, weight = 'normal') {
  if (textWidth(text, size, weight) <= width) return text;
  const letters = Array.from(text);
  let keep = letters.length;
  while (keep > 1 && textWidth(`${letters.slice(0, keep).join('')}…`, size, weight) > width) keep--;
  const node = document.createElementNS(SVG_NS, 'tspan');
  node.textContent = `${letters.slice(0, keep).join('').trimEnd()}…`;
  node.append(el('title', {}, text));
  return node;
}

const hasTarget = (spec) => spec.target !== null && spec.target !== undefined;
const targetName = (spec) => spec.targetLabel || t('chart.target');

function pointTitle(name, p, unit) {
  const value = formatValue(p.value, unit);
  let text = `${name} ${p.year}: ${p.estimated ? (p.reason ? t('value.estimated_because', { value, reason: p.reason }) : t('value.estimated', { value })) : value}`;
  if (p.coverage) text += `; ${p.coverage}`;
  return text;
}

// More series than the palette tells apart make a tangle: beyond this, a chart becomes small multiples.
const MAX_SERIES = 8;

// spec: {title, yLabel, unit, series:[{name, display, status, panel, points:[{year, value|null, estimated, withheld,
// reason, coverage}]}], target, targetLabel}; `name` is the entity's code (data-series), `display` what readers call
// it (legend, description, tooltips), `status` a word or two, under the name in the legend, `panel` the small
// multiple it belongs to when there are more than MAX_SERIES series. The description names each series' latest
// published value with its year and coverage, and the withheld years after it.
export function lineChart(spec) {
  return spec.series.length > MAX_SERIES ? smallMultiples(spec) : linePanel(spec);
}

// One SVG holding a line chart per panel (the series' `panel`, in order of first appearance; equal slices where the
// series name none), stacked, all on the same value axis so that the panels compare, each with its own legend.
function smallMultiples(spec) {
  const panels = new Map();
  for (const s of spec.series) {
    const key = s.panel || '';
    if (!panels.has(key)) panels.set(key, []);
    panels.get(key).push(s);
  }
  if (panels.size === 1 || [...panels.values()].some((list) => list.length > MAX_SERIES)) {
    panels.clear();
    const count = Math.ceil(spec.series.length / MAX_SERIES);
    const size = Math.ceil(spec.series.length / count);
    for (let i = 0; i < spec.series.length; i += size) panels.set(`${i / size + 1}/${count}`, spec.series.slice(i, i + size));
  }
  const domain = spec.series.flatMap((s) => s.points.filter((p) => p.value !== null).map((p) => p.value));
  const charts = [...panels].map(([panel, series]) => linePanel({ ...spec, title: panel, series, domain }));
  const W = 760, head = 30;
  const H = head + charts.reduce((sum, c) => sum + c.viewBox.baseVal.height, 0);
  const description = `${spec.title}. ${charts.map((c) => c.querySelector('desc').textContent).join(' ')}`;
  const svg = openSvg(W, H, spec.title, description, 'line');
  svg.dataset.panels = String(charts.length);
  let offset = head;
  for (const chart of charts) {
    // A panel is part of the figure, not a figure: no role, class or text alternative of its own.
    for (const name of ['class', 'role', 'data-chart']) chart.removeAttribute(name);
    chart.querySelector('desc').remove();
    chart.setAttribute('x', 0);
    chart.setAttribute('y', offset);
    chart.setAttribute('class', 'panel');
    offset += chart.viewBox.baseVal.height;
    svg.append(chart);
  }
  return svg;
}

function linePanel(spec) {
  const values = [];
  let first = Infinity, last = -Infinity;
  for (const s of spec.series) for (const p of s.points) {
    if (p.value !== null) values.push(p.value);
    first = Math.min(first, p.year);
    last = Math.max(last, p.year);
  }
  const latest = [];
  const notPublished = [];
  for (const s of spec.series) {
    const published = s.points.filter((p) => p.value !== null);
    const newest = published.reduce((a, b) => (a && a.year > b.year ? a : b), null);
    const who = s.display || s.name;
    if (newest) {
      const value = formatValue(newest.value, spec.unit);
      latest.push(`${who} ${newest.estimated ? t('value.estimated', { value }) : value}, ${t('chart.data_as_of', { year: newest.year })}` +
        `${s.status ? `, ${s.status}` : ''}${newest.coverage ? ` (${newest.coverage})` : ''}`);
    }
    const later = s.points.filter((p) => p.withheld && (!newest || p.year > newest.year));
    if (later.length)
      notPublished.push(`${who} ${t('value.years_withheld', { years: yearRanges(later.map((p) => p.year)), reason: later[later.length - 1].reason })}`);
  }
  if (values.length === 0) return noData(spec.title, 'line', notPublished.length ? t('chart.not_published', { list: notPublished.join('; ') }) : '');
  if (spec.target !== null && spec.target !== undefined) values.push(spec.target);
  if (spec.domain) values.push(...spec.domain);
  const anyEstimated = spec.series.some((s) => s.points.some((p) => p.value !== null && p.estimated));
  const anyWithheld = spec.series.some((s) => s.points.some((p) => p.withheld));

  const ticks = niceTicks(Math.min(0, ...values), Math.max(0, ...values));
  const scale = axisScale(Math.max(Math.abs(ticks[0]), Math.abs(ticks[ticks.length - 1])), spec.unit);
  // The legend gives each series two lines (name, then status); the chart grows to hold it, never cuts it.
  const hasTargetLine = spec.target !== null && spec.target !== undefined;
  const legendHeight = 6 + 32 * spec.series.length + 18 * [anyEstimated, anyWithheld, hasTargetLine].filter(Boolean).length + 8;
  const W = 760, top = 44, H = Math.max(400, top + legendHeight + 16), left = 76, right = W - 200, bottom = H - 56;
  const x = linear(first === last ? first - 1 : first, first === last ? last + 1 : last, left, right);
  const y = linear(ticks[0], ticks[ticks.length - 1], bottom, top);
  let description = t('chart.line_desc', { title: spec.title, axis: axisTitle(spec.yLabel, unitText(spec.unit)), first, last, latest: latest.join('; ') });
  if (notPublished.length) description += ` ${t('chart.not_published_observed', { list: notPublished.join('; ') })}`;
  if (anyEstimated) description += ` ${t('chart.hollow_note')}`;
  if (anyWithheld) description += ` ${t('chart.withheld_note')}`;
  if (hasTarget(spec)) description += ` ${t('chart.target_note', { target: targetName(spec), value: formatValue(spec.target, spec.unit) })}`;
  const svg = openSvg(W, H, spec.title, description, 'line');
  for (const tick of ticks) {
    svg.append(el('line', { x1: left, x2: right, y1: y(tick), y2: y(tick), stroke: '#dddddd' }));
    svg.append(el('text', { x: left - 6, y: y(tick) + 4, 'text-anchor': 'end', class: 'tick' }, tickLabel(tick / scale.divisor)));
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
    const label = `${targetName(spec)}: ${formatValue(spec.target, spec.unit)}`;
    const line = el('line', { class: 'target', 'data-target': spec.target, x1: left, x2: right, y1: y(spec.target), y2: y(spec.target),
      stroke: '#000000', 'stroke-width': 1.5, 'stroke-dasharray': '8 5' });
    line.append(el('title', {}, label));
    svg.append(line);
  }
  let index = 0, legendY = top + 6;
  for (const s of spec.series) {
    if (!s.points.length) continue;
    const points = [...s.points].sort((a, b) => a.year - b.year);
    const colour = PALETTE[index % PALETTE.length];
    const dash = SERIES_DASHES[Math.floor(index / PALETTE.length) % SERIES_DASHES.length];
    const g = el('g', { class: 'series', 'data-series': s.name });
    for (const piece of pieces(points)) {
      g.append(el('polyline', { points: piece.points.map((p) => `${x(p.year).toFixed(1)},${y(p.value).toFixed(1)}`).join(' '),
        fill: 'none', stroke: colour, 'stroke-width': piece.estimated ? 1.5 : 2,
        'stroke-dasharray': piece.estimated ? ESTIMATE_DASH : dash, 'data-estimated': piece.estimated ? 'true' : 'false' }));
    }
    for (const p of points) {
      if (p.withheld) {
        const tick = el('line', { class: 'withheld', x1: x(p.year).toFixed(1), x2: x(p.year).toFixed(1), y1: bottom - 1, y2: bottom - 10,
          stroke: colour, 'stroke-width': 2.5, 'data-series': s.name, 'data-year': p.year, 'data-withheld': 'true' });
        tick.append(el('title', {}, `${s.display || s.name} ${p.year}: withheld: ${p.reason}`));
        g.append(tick);
      }
      if (p.value === null) continue;
      const c = el('circle', { cx: x(p.year).toFixed(1), cy: y(p.value).toFixed(1), r: p.estimated ? 3.5 : 3,
        fill: p.estimated ? HOLLOW : colour, stroke: colour, 'stroke-width': p.estimated ? 1.5 : 1,
        'data-series': s.name, 'data-year': p.year, 'data-value': p.value, 'data-flags': p.estimated ? 'estimated' : '',
        'data-estimated': p.estimated ? 'true' : 'false' });
      c.append(el('title', {}, pointTitle(s.display || s.name, p, spec.unit)));
      g.append(c);
    }
    svg.append(g);
    const legend = el('g', { class: 'legend-item', 'data-series': s.name });
    legend.append(el('line', { x1: right + 16, x2: right + 38, y1: legendY, y2: legendY, stroke: colour, 'stroke-width': 3, 'stroke-dasharray': dash }));
    legend.append(el('text', { x: right + 44, y: legendY + 4 }, fitted(s.display || s.name, W - right - 48)));
    if (s.status) legend.append(el('text', { x: right + 44, y: legendY + 17, 'font-size': 11, fill: '#444444' }, fitted(s.status, W - right - 48, 11)));
    svg.append(legend);
    legendY += 32;
    index++;
  }
  legendY += 4;
  if (anyEstimated) {
    legendEntry(svg, right + 16, legendY, 'estimated', t('chart.legend_estimated'), (g) => {
      g.append(el('line', { x1: right + 16, x2: right + 38, y1: legendY, y2: legendY, stroke: '#333333', 'stroke-width': 1.5, 'stroke-dasharray': ESTIMATE_DASH }));
      g.append(el('circle', { cx: right + 27, cy: legendY, r: 3.5, fill: HOLLOW, stroke: '#333333', 'stroke-width': 1.5 }));
    });
    legendY += 18;
  }
  if (anyWithheld) {
    legendEntry(svg, right + 16, legendY, 'withheld', t('chart.legend_withheld'), (g) => {
      g.append(el('line', { x1: right + 27, x2: right + 27, y1: legendY + 5, y2: legendY - 5, stroke: '#333333', 'stroke-width': 2.5 }));
    });
    legendY += 18;
  }
  // The target is named in the legend, clear of the lines that may run along it.
  if (spec.target !== null && spec.target !== undefined) {
    legendEntry(svg, right + 16, legendY, 'target', `${targetName(spec)}: ${formatValue(spec.target, spec.unit)}`, (g) => {
      g.append(el('line', { x1: right + 16, x2: right + 38, y1: legendY, y2: legendY, stroke: '#000000', 'stroke-width': 1.5, 'stroke-dasharray': '8 5' }));
    });
  }
  return svg;
}

function valueAxis(svg, ticks, x, top, bottom, scale, label) {
  for (const tick of ticks) {
    svg.append(el('line', { x1: x(tick), x2: x(tick), y1: top, y2: bottom, stroke: '#dddddd' }));
    svg.append(el('text', { x: x(tick), y: bottom + 16, 'text-anchor': 'middle', class: 'tick' }, tickLabel(tick / scale.divisor)));
  }
  const a = x(ticks[0]), b = x(ticks[ticks.length - 1]);
  svg.append(el('line', { x1: a, x2: b, y1: bottom, y2: bottom, stroke: '#333333' }));
  svg.append(el('text', { x: (a + b) / 2, y: bottom + 38, 'text-anchor': 'middle', class: 'axis-label' }, axisTitle(label, scale.unit)));
}

// spec: {title, xLabel, unit, bars:[{label, value, colour, estimated, note}], legend:[{label, colour}], caption}.
// An estimated bar is hollow with a dashed outline; `note` (a year, the coverage) goes into its tooltip.
export function barChart(spec) {
  if (!spec.bars.length) return noData(spec.title, 'bar');
  const values = spec.bars.map((b) => b.value);
  const ticks = niceTicks(Math.min(0, ...values), Math.max(0, ...values));
  const scale = axisScale(Math.max(Math.abs(ticks[0]), Math.abs(ticks[ticks.length - 1])), spec.unit);
  const legend = spec.legend || [];
  const W = 760, row = 22, left = 190, right = W - 90;
  // Legend entries side by side from the bars' left edge, on as many rows as their measured widths need.
  const places = [];
  let lx = left, ly = 40;
  for (const item of legend) {
    const width = 16 + textWidth(item.label);
    if (lx > left && lx + width > W - 8) [lx, ly] = [left, ly + 20];
    places.push([lx, ly]);
    lx += width + 14;
  }
  const top = 44 + (legend.length ? ly - 40 + 20 : 0);
  const bottom = top + row * spec.bars.length + 4;
  const anyEstimated = spec.bars.some((b) => b.estimated);
  const H = bottom + 56 + (anyEstimated ? 16 : 0);
  const x = linear(ticks[0], ticks[ticks.length - 1], left, right);
  const shown = (b) => (b.estimated ? t('value.estimated', { value: formatValue(b.value, spec.unit) }) : formatValue(b.value, spec.unit));
  let description = t('chart.bar_desc', { title: spec.title, axis: axisTitle(spec.xLabel, unitText(spec.unit)), bars: spec.bars.map((b) => `${b.label} ${shown(b)}`).join('; ') });
  if (spec.caption) description += ` ${spec.caption}`;
  if (anyEstimated) description += ` ${t('chart.bar_hollow_note')}`;
  const svg = openSvg(W, H, spec.title, description, 'bar');
  legend.forEach((item, i) => {
    const [ix, iy] = places[i];
    const g = el('g', { class: 'legend-item', 'data-series': item.label });
    g.append(el('rect', { x: ix, y: iy, width: 12, height: 12, fill: item.colour }), el('text', { x: ix + 16, y: iy + 10 }, fitted(item.label, W - ix - 20)));
    svg.append(g);
  });
  valueAxis(svg, ticks, x, top, bottom, scale, spec.xLabel);
  spec.bars.forEach((b, i) => {
    const y0 = top + 4 + row * i;
    const from = x(Math.min(0, b.value)), to = x(Math.max(0, b.value));
    const colour = b.colour || PALETTE[0];
    svg.append(el('text', { x: left - 6, y: y0 + 13, 'text-anchor': 'end' }, fitted(b.label, left - 10)));
    const rect = el('rect', { x: from, y: y0, width: Math.max(to - from, 0.5), height: 16, fill: b.estimated ? HOLLOW : colour,
      stroke: b.estimated ? colour : '', 'stroke-width': b.estimated ? 1.5 : '', 'stroke-dasharray': b.estimated ? ESTIMATE_DASH : '',
      'data-label': b.label, 'data-value': b.value, 'data-estimated': b.estimated ? 'true' : 'false' });
    rect.append(el('title', {}, `${b.label}: ${shown(b)}${b.note ? `; ${b.note}` : ''}`));
    // The value beside its bar, or inside its end where the bar leaves no room after it.
    const fits = to + 4 + textWidth(shown(b), 11) <= W - 2;
    svg.append(rect, el('text', { x: fits ? to + 4 : to - 4, y: y0 + 12, 'font-size': 11, 'text-anchor': fits ? 'start' : 'end',
      fill: fits || b.estimated ? '#1a1a1a' : '#ffffff' }, shown(b)));
  });
  svg.append(el('line', { x1: x(0), x2: x(0), y1: top, y2: bottom, stroke: '#333333' }));
  if (anyEstimated)
    svg.append(el('text', { x: left, y: H - 8, 'font-size': 11, 'data-legend': 'estimated' }, t('chart.bar_legend_estimated')));
  return svg;
}

// spec: {title, xLabel, unit, segments:[name], bars:[{label, values:[]}]}
export function stackedBarChart(spec) {
  if (!spec.bars.length) return noData(spec.title, 'stacked-bar');
  const totals = spec.bars.map((b) => b.values.reduce((s, v) => s + Math.max(v, 0), 0));
  const ticks = niceTicks(0, Math.max(...totals));
  const scale = axisScale(Math.abs(ticks[ticks.length - 1]), spec.unit);
  const W = 760, row = 26, left = 230, right = W - 30, legendTop = 44, top = legendTop + 24;
  const bottom = top + row * spec.bars.length + 4, H = bottom + 56;
  const x = linear(ticks[0], ticks[ticks.length - 1], left, right);
  const description = t('chart.stacked_desc', { title: spec.title, axis: axisTitle(spec.xLabel, unitText(spec.unit)), bars: spec.bars.map((b) =>
    `${b.label}: ${b.values.map((v, i) => `${spec.segments[i]} ${formatValue(v, spec.unit)}`).join(', ')}`).join('; ') });
  const svg = openSvg(W, H, spec.title, description, 'stacked-bar');
  let lx = left;
  spec.segments.forEach((name, i) => {
    const g = el('g', { class: 'legend-item', 'data-series': name });
    g.append(el('rect', { x: lx, y: legendTop, width: 12, height: 12, fill: PALETTE[i % PALETTE.length] }),
      el('text', { x: lx + 16, y: legendTop + 10 }, fitted(name, W - lx - 20)));
    svg.append(g);
    lx += 30 + textWidth(name);
  });
  valueAxis(svg, ticks, x, top, bottom, scale, spec.xLabel);
  spec.bars.forEach((b, i) => {
    const y0 = top + 4 + row * i;
    svg.append(el('text', { x: left - 6, y: y0 + 14, 'text-anchor': 'end' }, fitted(b.label, left - 10)));
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
