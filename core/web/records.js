// What a result record says about its own value (docs/outputs.md): published or withheld, observed or estimated,
// and how much of a group stands behind it. Every view reads values through these, so that a withheld group value
// is never drawn or written as a number and an estimate is never shown as an observation.
import { formatValue, percent, yearRanges } from './format.js';
import { t } from './i18n.js';

const hasFlag = (r, flag) => (r.flags || []).includes(flag);
export const isWithheld = (r) => hasFlag(r, 'withheld');
export const isEstimated = (r) => hasFlag(r, 'estimated');
// A withheld record's value is null; one flagged withheld is treated as unpublished even if it had a number.
export const isPublished = (r) => r.value !== null && r.value !== undefined && !isWithheld(r);

// metric -> entity -> records by year
export function byMetricEntity(records) {
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

// The latest value that is published: what "latest" means everywhere on the page, shown with its year.
export function latestPublished(list) {
  for (let i = (list || []).length - 1; i >= 0; i--) if (isPublished(list[i])) return list[i];
  return null;
}

// The withheld records after `year` (all of them for -Infinity): what the latest published value does not show.
export const withheldAfter = (list, year) => (list || []).filter((r) => isWithheld(r) && r.year > year);

// The latest record with a status (progress is assessed on the latest published value).
export function latestStatusRecord(list) {
  for (let i = (list || []).length - 1; i >= 0; i--) if (list[i].status) return list[i];
  return null;
}

// "off track", or "insufficient data: latest value from 1990, more than 5 years before 2025": a status the host
// could not give says why.
export function statusText(record) {
  if (!record || !record.status) return t('status.none');
  const why = record.status === 'insufficient_data' && record.reason ? `: ${record.reason}` : '';
  return `${t(`status.${record.status}`)}${why}`;
}

// "observed: 78 % of population, 181 of 248 members", and what estimates add to it; '' for an economy.
export function coverageText(r) {
  const c = r.coverage;
  if (!c) return '';
  // Without population figures the host weighs members only, and the shares are 0.
  const people = c.population_share > 0 || c.observed_population_share > 0;
  const members = t('coverage.members', { count: c.members_observed, total: c.members });
  let text = people ? t('coverage.observed_people', { share: percent(c.observed_population_share), members })
    : t('coverage.observed', { members });
  if (c.members_with_data > c.members_observed) {
    const withEstimates = t('coverage.members_with_data', { count: c.members_with_data });
    text += `; ${people ? t('coverage.estimates_people', { share: percent(c.population_share), members: withEstimates })
      : t('coverage.estimates', { members: withEstimates })}`;
  }
  return text;
}

// "35.0 %", "35.0 % (estimated)", "withheld: <reason>" or "no value: <reason>".
export function valueText(r, unit) {
  if (isWithheld(r)) return t('value.withheld', { reason: r.reason || t('value.withheld_default') });
  if (!isPublished(r)) return r.reason ? t('value.none_because', { reason: r.reason }) : t('value.none');
  return isEstimated(r) ? t('value.estimated', { value: formatValue(r.value, unit) }) : formatValue(r.value, unit);
}

// "2022-2023 withheld: <reason of the latest>": the years after the latest published value that are not shown.
export function withheldText(records) {
  if (!records.length) return '';
  const newest = records[records.length - 1];
  return t('value.years_withheld', { years: yearRanges(records.map((r) => r.year)), reason: newest.reason || t('value.withheld_default') });
}

// A record as a line-chart point: withheld and missing years have no value (the line breaks there).
export const toPoint = (r) => ({
  year: r.year,
  value: isPublished(r) ? r.value : null,
  estimated: isEstimated(r),
  withheld: isWithheld(r),
  reason: r.reason || '',
  coverage: coverageText(r),
});
