// The country profile (#/economy/NPL): one economy's latest figures with their year and status beside its groups
// (the UN lists, its ITU region and income group, the world), its progress charts against the 2030 targets, its
// IDI and UMC bands, and the pledges implemented there. Every value read through records.js, as elsewhere.
import { API, getJSON, results } from './api.js';
import { formatValue, percent, words } from './format.js';
import { empty, html, table } from './page.js';
import { byMetricEntity, latestPublished, latestStatusRecord, statusText, valueText } from './records.js';
import { entityName, isDerived, progressFigure } from './views.js';

const GROUP_FAMILIES = ['un_list', 'itu_region', 'wb_income', 'world'];
const PLEDGES_SHOWN = 20;

// The groups an economy is a member of this year, in the order readers compare with: UN lists, region, income, world.
export function groupsOf(state, code) {
  const groups = (state.entities.groups || []).filter((g) => GROUP_FAMILIES.includes(g.family) && (g.members || []).includes(code));
  return groups.sort((a, b) => GROUP_FAMILIES.indexOf(a.family) - GROUP_FAMILIES.indexOf(b.family)).map((g) => g.code);
}

// A name typed or picked in the finder ("Nepal", "nepal", "Nepal (NPL)", "NPL"): the economy's code, or ''.
export function findEconomy(state, text) {
  const wanted = text.trim().toLocaleLowerCase();
  if (!wanted) return '';
  const economies = state.entities.economies || [];
  const exact = economies.find((e) => e.name.toLocaleLowerCase() === wanted || e.code.toLowerCase() === wanted ||
    `${e.name} (${e.code})`.toLocaleLowerCase() === wanted);
  if (exact) return exact.code;
  const starting = economies.filter((e) => e.name.toLocaleLowerCase().startsWith(wanted));
  return starting.length === 1 ? starting[0].code : '';
}

// "61.8 % (estimated) (2024)"; a group's value also says how much of its population is observed.
function figureText(record, unit) {
  const observed = record.coverage ? `; ${percent(record.coverage.observed_population_share)} of population observed` : '';
  return `${valueText(record, unit)} (${record.year}${observed})`;
}

function headlineTable(state, code, groups, metrics, data) {
  const entities = [code, ...groups];
  const rows = [];
  for (const m of metrics) {
    const own = (data.get(m.id) || new Map()).get(code) || [];
    const latest = latestPublished(own);
    if (!latest && !own.length) continue;
    const cells = [m.title];
    for (const entity of entities) {
      const record = latestPublished((data.get(m.id) || new Map()).get(entity));
      cells.push(record ? figureText(record, m.unit) : 'no published value');
    }
    cells.splice(2, 0, statusText(latestStatusRecord(own)));
    rows.push({ data: { metric: m.id, year: latest ? String(latest.year) : '', value: latest ? String(latest.value) : '' }, cells });
  }
  const header = ['Figure', entityName(state, code), 'Status', ...groups.map((g) => entityName(state, g))];
  return rows.length ? table(header, rows, { class: 'profile-headline' }) : null;
}

function pledgeTable(page) {
  const rows = page.items.map((p) => ({ data: { pledge: p.id }, cells: [p.id, p.entity, words(p.status),
    p.value_usd === null || p.value_usd === undefined ? 'no value stated' : formatValue(p.value_usd, 'USD'), p.pledged_on] }));
  return table(['Pledge', 'Pledging entity', 'Status', 'Estimated value', 'Pledged on'], rows, { class: 'profile-pledges' });
}

export async function profileView(state, code, box) {
  const economy = (state.entities.economies || []).find((e) => e.code === code);
  if (!economy) return empty(box, `No economy ${code} in the reference data of this run; pick one by name above.`);
  const groups = groupsOf(state, code);
  box.append(html('h2', { id: 'profile-name' }, `${economy.name} (${economy.code})`));
  box.append(html('p', { class: 'note' }, groups.length
    ? `Member this year of: ${groups.map((g) => entityName(state, g)).join(', ')}. Each figure is the latest published value with the year it is from; the groups are beside it for comparison.`
    : 'Each figure is the latest published value with the year it is from.'));

  const targeted = state.metrics.filter((m) => !isDerived(m.id) && m.target !== null && m.target !== undefined);
  const idi = state.metrics.filter((m) => m.plugin === 'idi' && !isDerived(m.id));
  const bands = state.metrics.filter((m) => m.id.includes('.band_') && (m.unit || '').startsWith('band'));
  const ids = [...targeted, ...idi, ...bands].map((m) => m.id);
  const params = { metric: ids.join(','), economy: code };
  if (groups.length) params.group = groups.join(',');
  const [records, pledges] = await Promise.all([
    ids.length ? results(params) : [],
    // Without a pledge registry the route does not exist (404); any other failure is shown, not hidden.
    getJSON(`${API}/pledges?economy=${encodeURIComponent(code)}&limit=${PLEDGES_SHOWN}`).catch((e) => {
      if (e.status === 404) return null;
      throw e;
    }),
  ]);
  const data = byMetricEntity(records);

  box.append(html('h3', {}, 'Against the 2030 targets'));
  const headline = headlineTable(state, code, groups, targeted, data);
  if (headline) box.append(headline);
  else empty(box, `${economy.name} has no value for any metric with a target in this run.`);
  const profileState = { ...state, filters: { ...state.filters, group: '', economy: code }, chartGroups: groups };
  for (const m of targeted) {
    const own = (data.get(m.id) || new Map()).get(code) || [];
    if (own.some((r) => latestPublished([r]))) box.append(progressFigure(profileState, m, data));
  }

  box.append(html('h3', {}, 'ICT Development Index and UMC bands'));
  const other = headlineTable(state, code, groups, [...idi, ...bands], data);
  if (other) box.append(other);
  else empty(box, `No IDI score or UMC band for ${economy.name} in this run.`);

  box.append(html('h3', {}, 'Pledges implemented here'));
  if (!pledges) empty(box, 'The pledge registry is not served by this service.');
  else if (!pledges.items.length) empty(box, `No published pledge names ${economy.name} among its implementation economies.`);
  else {
    box.append(html('p', { class: 'note' }, `${pledges.total} published pledge(s) name ${economy.name}; the first ${pledges.items.length} are listed. The registry bundled with p2c is an illustrative sample, not ITU data.`));
    box.append(pledgeTable(pledges));
  }
}
