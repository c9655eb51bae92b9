// The choropleth world map of the dashboard, drawn by the report's rules (core/src/report/svg_map.cpp,
// docs/map.md): five classes on nice breaks at the quintiles, darker for higher values; "no data" as grey
// hatching; estimates as their class colour under white dots with a dashed outline; states too small to see as
// dots. Every economy is focusable and carries data-entity, data-value and data-year; its <title> and a text box
// shown on hover or focus give its name, value and year.
import { el, fitted } from './charts.js';
import { formatValue } from './format.js';
import { t } from './i18n.js';

// Green through blue to violet, each at least 3:1 against white (WCAG 2.1, 1.4.11): 3.42, 4.17, 5.24, 7.45 and
// 13.07 to 1. The report's colours (svg_map.cpp).
export const CLASS_COLOURS = ['#5E9A2E', '#2E8B6E', '#2A7398', '#3D4F9F', '#3B1F6E'];
const NO_DATA_OUTLINE = '#767676';
const W = 760, LEFT = 10, TOP = 40, LEGEND_ENTRY = 185, PER_ROW = 4;
let instances = 0;  // pattern ids stay unique when a page holds several maps

// Two significant digits: breaks people can read.
function niceBreak(v) {
  if (v === 0 || !Number.isFinite(v)) return v;
  const magnitude = Math.pow(10, Math.floor(Math.log10(Math.abs(v))) - 1);
  return Math.round(v / magnitude) * magnitude;
}

// Up to five classes {low, high, colour} at the quintiles; fewer when values repeat, never an empty one.
export function mapClasses(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!sorted.length) return [];
  const low = sorted[0], high = sorted[sorted.length - 1];
  const breaks = [];
  for (let k = 1; k < CLASS_COLOURS.length; k++) {
    const edge = niceBreak(sorted[Math.min(Math.floor((k * sorted.length) / 5), sorted.length - 1)]);
    if (edge > low && edge <= high && (!breaks.length || edge > breaks[breaks.length - 1])) breaks.push(edge);
  }
  const classes = [];
  let from = low;
  for (const edge of breaks) {
    classes.push({ low: from, high: edge });
    from = edge;
  }
  classes.push({ low: from, high });
  const n = classes.length;
  classes.forEach((c, i) => { c.colour = CLASS_COLOURS[n === 1 ? 2 : Math.floor((i * (CLASS_COLOURS.length - 1)) / (n - 1))]; });
  return classes;
}

export function classOf(classes, value) {
  for (let i = 0; i + 1 < classes.length; i++) if (value < classes[i].high) return i;
  return classes.length - 1;
}

export function classLabel(classes, i, unit, format = formatValue) {
  const c = classes[i];
  const range = () => t('map.range', { low: format(c.low, unit), high: format(c.high, unit) });
  if (classes.length === 1) return c.low === c.high ? format(c.low, unit) : range();
  if (i === 0) return t('map.below', { value: format(c.high, unit) });
  if (i === classes.length - 1) return t('map.above', { value: format(c.low, unit) });
  return range();
}

function patterns(id, classes) {
  const defs = el('defs');
  const hatch = el('pattern', { id: `${id}-no-data`, width: 4, height: 4, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
  hatch.append(el('rect', { width: 4, height: 4, fill: '#f0f0f0' }), el('line', { x1: 0, y1: 0, x2: 0, y2: 4, stroke: '#9a9a9a', 'stroke-width': 1.2 }));
  defs.append(hatch);
  classes.forEach((c, i) => {
    const dots = el('pattern', { id: `${id}-estimated-${i}`, width: 3, height: 3, patternUnits: 'userSpaceOnUse' });
    dots.append(el('rect', { width: 3, height: 3, fill: c.colour }), el('circle', { cx: 1.5, cy: 1.5, r: 0.7, fill: '#ffffff' }));
    defs.append(dots);
  });
  return defs;
}

// spec: {title, unit, year, values: Map(iso3 -> {value, year, estimated, name}), geometry (world-map.json),
// names: Map(iso3 -> name) or a function, formatValue}. Economies without an entry in `values` are no data.
export function choropleth(spec) {
  const format = spec.formatValue || formatValue;
  const geometry = spec.geometry;
  const nameOf = (shape) => {
    const v = spec.values.get(shape.iso3);
    if (v && v.name) return v.name;
    if (typeof spec.names === 'function') return spec.names(shape.iso3) || shape.name;
    return (spec.names && spec.names.get(shape.iso3)) || shape.name;
  };
  const onMap = geometry.economies.filter((s) => spec.values.has(s.iso3));
  const classes = mapClasses(onMap.map((s) => spec.values.get(s.iso3).value));
  const anyEstimated = onMap.some((s) => spec.values.get(s.iso3).estimated);
  const shown = (v) => t(v.estimated ? 'map.value_estimated' : 'map.value', { value: format(v.value, spec.unit), year: v.year });

  // The text alternative: as the report's (svg_map.cpp text_alternative).
  const years = new Map();
  for (const s of onMap) { const y = spec.values.get(s.iso3).year; years.set(y, (years.get(y) || 0) + 1); }
  const counts = classes.map(() => 0);
  for (const s of onMap) counts[classOf(classes, spec.values.get(s.iso3).value)]++;
  const ranked = [...onMap].sort((a, b) => spec.values.get(b.iso3).value - spec.values.get(a.iso3).value);
  const list = (items) => items.map((s) => `${nameOf(s)} ${shown(spec.values.get(s.iso3))}`).join('; ');
  let description = t('map.desc', { title: spec.title, year: spec.year });
  if (!onMap.length) description += ` ${t('map.desc_none')}`;
  else {
    const from = [...years.entries()].sort((a, b) => b[0] - a[0]).map(([y, n]) => t('map.desc_from', { count: n, year: y })).join(', ');
    const estimated = onMap.filter((s) => spec.values.get(s.iso3).estimated).length;
    description += ` ${t('map.desc_counts', {
      with: onMap.length, from: estimated ? `${from}; ${t('map.desc_estimated', { count: estimated })}` : from,
      without: geometry.economies.length - onMap.length,
      classes: classes.map((c, i) => `${classLabel(classes, i, spec.unit, format)}: ${counts[i]}`).join('; '),
      highest: list(ranked.slice(0, 3)), lowest: list(ranked.slice(-3).reverse()) })}`;
  }

  const id = `p2c-map-${++instances}`;
  const scale = (W - 2 * LEFT) / geometry.width;
  const mapHeight = geometry.height * scale;
  const legendTop = TOP + mapHeight + 14;
  const entries = classes.length + 2 + (anyEstimated ? 1 : 0);
  const H = Math.ceil(legendTop + 20 * Math.ceil(entries / PER_ROW) + 8 + 34);  // + the text box's line
  const svg = el('svg', {
    class: 'p2c-chart p2c-map', 'data-chart': 'map', 'data-year': spec.year, role: 'img', viewBox: `0 0 ${W} ${H}`,
    width: W, height: H, 'font-family': 'sans-serif', 'font-size': 12,
  });
  svg.append(el('title', {}, spec.title), el('desc', {}, description), patterns(id, classes),
    el('rect', { x: 0, y: 0, width: W, height: H, fill: '#ffffff' }),
    el('text', { x: LEFT, y: 22, 'font-size': 15, 'font-weight': 'bold' }, fitted(spec.title, W - 2 * LEFT, 15, 'bold')));
  const noData = `url(#${id}-no-data)`;
  const g = el('g', { class: 'map', transform: `translate(${LEFT} ${TOP}) scale(${scale.toFixed(4)})` });
  for (const u of geometry.unlisted || []) {
    const p = el('path', { class: 'unlisted', d: u.path, fill: noData, stroke: NO_DATA_OUTLINE, 'stroke-width': 0.5 });
    p.append(el('title', {}, t('map.unlisted', { name: u.name })));
    g.append(p);
  }
  // The text box under the legend: what hover and keyboard focus point at, for those who cannot see a tooltip.
  const box = el('text', { x: LEFT, y: H - 12, 'font-size': 13, class: 'map-focus', 'aria-live': 'polite' },
    t('map.prompt'));
  const marks = [];
  // Shapes first, dots over them: a small state is never hidden by its neighbour.
  for (const dots of [false, true]) {
    for (const shape of geometry.economies) {
      if (Boolean(shape.dot) !== dots) continue;
      const v = spec.values.get(shape.iso3);
      const k = v ? classOf(classes, v.value) : -1;
      const attributes = {
        class: dots ? 'economy dot' : 'economy', tabindex: 0, 'data-entity': shape.iso3,
        fill: v ? (v.estimated ? `url(#${id}-estimated-${k})` : classes[k].colour) : noData,
        stroke: !v ? NO_DATA_OUTLINE : v.estimated || dots ? '#333333' : '#ffffff',
        'stroke-width': dots ? 0.8 : 0.5, 'stroke-dasharray': v && v.estimated ? '2 1' : '',
        'data-value': v ? v.value : '', 'data-year': v ? v.year : '', 'data-class': v ? k : 'none',
        'data-flags': v && v.estimated ? 'estimated' : '',
      };
      const node = dots
        ? el('circle', { ...attributes, cx: shape.dot[0], cy: shape.dot[1], r: geometry.dot_radius })
        : el('path', { ...attributes, d: shape.path });
      const text = `${nameOf(shape)}: ${v ? shown(v) : t('chart.no_data')}`;
      node.append(el('title', {}, text));
      const show = () => { box.textContent = text; };
      node.addEventListener('mouseenter', show);
      node.addEventListener('focus', show);
      marks.push(node);
    }
  }
  g.append(...marks);
  svg.append(g);
  const legend = el('g', { class: 'legend' });
  const items = classes.map((c, i) => [`class-${i}`, el('rect', { width: 14, height: 14, fill: c.colour }), classLabel(classes, i, spec.unit, format)]);
  items.push(['no-data', el('rect', { width: 14, height: 14, fill: noData, stroke: NO_DATA_OUTLINE }), t('chart.no_data')]);
  if (anyEstimated) items.push(['estimated', el('rect', { width: 14, height: 14, fill: `url(#${id}-estimated-0)`, stroke: '#333333', 'stroke-dasharray': '2 1' }), t('chart.legend_estimated')]);
  items.push(['dot', el('circle', { cx: 7, cy: 7, r: 3, fill: '#ffffff', stroke: '#333333' }), t('map.legend_dot')]);
  items.forEach(([key, swatch, label], i) => {
    const item = el('g', { class: 'legend-item', 'data-legend': key,
      transform: `translate(${LEFT + LEGEND_ENTRY * (i % PER_ROW)} ${legendTop + 20 * Math.floor(i / PER_ROW)})` });
    item.append(swatch, el('text', { x: 20, y: 11, 'font-size': 12 }, fitted(label, LEGEND_ENTRY - 26)));
    legend.append(item);
  });
  svg.append(legend, box);
  return svg;
}
