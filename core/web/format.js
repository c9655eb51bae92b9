// Numbers, units and axis ticks as the dashboard writes them, following the report's rules (docs/reports.md):
// money and people scaled to the language's large numbers, ticks at 1, 2, 2.5 or 5 times a power of ten.
import { numberScales, numberSeparators, t, unitText } from './i18n.js';

export function compact(v) {
  const m = Math.abs(v);
  if (m === 0) return '0';
  if (m >= 100 || Number.isInteger(v)) return v.toFixed(0);
  if (m >= 10) return v.toFixed(1);
  if (m >= 1) return v.toFixed(2);
  if (m >= 0.001) return v.toFixed(3);
  return v.toPrecision(3);
}

export function tickText(v) {
  let text = compact(v);
  if (text.includes('.') && !text.includes('e')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return text === '-0' ? '0' : text;
}

// The unit of an axis or a value as readers see it, and the divisor of numbers drawn on it: money and people scaled
// to the language's large numbers (millions and billions, 万 and 亿), the words in the reader's language.
export function axisScale(largest, unit) {
  const money = unit === 'USD';
  if (!money && unit !== 'people') return { divisor: 1, unit: unitText(unit) };
  const scale = numberScales().find((s) => largest >= s.divisor);
  if (!scale) return { divisor: 1, unit: unitText(unit) };
  return { divisor: scale.divisor, word: scale.word, unit: t(money ? 'unit.usd_scaled' : 'unit.people_scaled', { scale: scale.word }) };
}

// The number in the language's decimal mark and thousands separator (numbers are computed in the "1,234.5" form).
function localised(text) {
  const { decimal, group } = numberSeparators();
  return text.replace(/[.,]/g, (c) => (c === '.' ? decimal : group));
}

// "35.0 %", "USD 1.2 bn", "2.5 pp": the number with its unit; "pp" (percentage points) is the unit of a
// difference of two percentages, a gap or a trend, never to be read as a percentage of something.
// One format per unit, so that numbers side by side compare (the report's rule, core/src/report/svg_chart.cpp):
// shares and their differences with one decimal ("88.0 %"), money and people scaled ("2.6 bn people"), other
// counts with thousands separated ("250,783 people"), each in the reader's language ("88,0 %", "2,6 Md personnes").
function withThousands(text) {
  if (text.includes('e')) return text;
  const [whole, decimals] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return decimals === undefined ? grouped : `${grouped}.${decimals}`;
}

export function formatValue(v, unit) {
  const u = unit || '';
  const scale = axisScale(Math.abs(v), u);
  let n;
  if (u.startsWith('%') || u.startsWith('pp')) n = v.toFixed(1);
  else if (scale.divisor !== 1) n = tickText(v / scale.divisor);
  else n = withThousands(compact(v));
  if (n === '-0.0' || n === '-0') n = n.slice(1);
  n = localised(n);
  if (!u) return n;
  if (u === '%') return t('value.percent', { n });
  if (u === 'USD') return scale.divisor === 1 ? t('value.usd', { n }) : t('value.usd_scaled', { n, scale: scale.word });
  return `${n} ${scale.unit}`;
}

// A share of 0..1 as a whole percentage, rounded down as the host's reasons are, so that a share just under a
// publishing threshold never reads as reaching it; a share below 1 % but not 0 is "< 1 %", not "0 %".
export function percent(share) {
  const p = Math.floor(share * 100 + 1e-9);
  return p === 0 && share > 0 ? t('value.under_one_percent') : t('value.percent', { n: p });
}

export function niceTicks(low, high, count = 5) {
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

export function yearTicks(first, last) {
  const step = [1, 2, 5, 10, 20, 25, 50, 100].find((s) => (last - first) / s <= 8) || 100;
  const ticks = [];
  for (let y = Math.ceil(first / step) * step; y <= last; y += step) ticks.push(y);
  return ticks;
}

// [2007, 2008, 2009, 2012] -> "2007-2009, 2012": a run of withheld years stays short enough to read.
export function yearRanges(years) {
  const sorted = [...years].sort((a, b) => a - b);
  const parts = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return parts.join(', ');
}

export const linear = (d0, d1, r0, r1) => (v) => (d1 === d0 ? (r0 + r1) / 2 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0));
export const axisTitle = (label, unit) => (!unit ? label : label ? `${label} (${unit})` : unit);
// An axis tick in the reader's language ("2,5" in French).
export const tickLabel = (v) => localised(tickText(v));
