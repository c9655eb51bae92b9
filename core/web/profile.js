// The country profile (#/economy/NPL): one economy's latest figures with their year and status beside its groups
// (the UN lists, its ITU region and income group, the world), its progress charts against the 2030 targets, its
// IDI and UMC bands, and the pledges implemented there. Every value read through records.js, as elsewhere.
import { API, getJSON, results } from './api.js';
import { formatValue, percent } from './format.js';
import { t } from './i18n.js';
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

// For matching names as people type them: case and accents aside ("Nepal" finds "Népal", "cote" "Côte d'Ivoire").
const folded = (text) => text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[’']/g, "'").toLocaleLowerCase().trim();

// A name typed or picked in the finder, in the reader's language or in English ("Népal", "nepal", "Népal (NPL)",
// "NPL", "Nepal"): the economy's code, or ''.
export function findEconomy(state, text) {
  const wanted = folded(text);
  if (!wanted) return '';
  const economies = state.entities.economies || [];
  const names = (e) => [e.name, e.english_name || e.name, `${e.name} (${e.code})`].map(folded);
  const exact = economies.find((e) => e.code.toLowerCase() === wanted || names(e).includes(wanted));
  if (exact) return exact.code;
  const starting = economies.filter((e) => names(e).some((n) => n.startsWith(wanted)));
  return starting.length === 1 ? starting[0].code : '';
}

// "61.8 % (estimated) (2024)"; a group's value also says how much of its population is observed.
function figureText(record, unit) {
  const observed = record.coverage ? `; ${t('profile.observed', { share: percent(record.coverage.observed_population_share) })}` : '';
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
      cells.push(record ? figureText(record, m.unit) : t('profile.no_value'));
    }
    cells.splice(2, 0, statusText(latestStatusRecord(own)));
    rows.push({ data: { metric: m.id, year: latest ? String(latest.year) : '', value: latest ? String(latest.value) : '' }, cells });
  }
  const header = [t('profile.figure'), entityName(state, code), t('table.status'), ...groups.map((g) => entityName(state, g))];
  return rows.length ? table(header, rows, { class: 'profile-headline' }) : null;
}

function pledgeTable(page) {
  const rows = page.items.map((p) => ({ data: { pledge: p.id }, cells: [p.id, p.entity, t(`pledge_status.${p.status}`),
    p.value_usd === null || p.value_usd === undefined ? t('pledges.no_value') : formatValue(p.value_usd, 'USD'), p.pledged_on] }));
  return table([t('pledges.pledge'), t('pledges.entity'), t('table.status'), t('pledges.value'), t('pledges.pledged_on')], rows, { class: 'profile-pledges' });
}

export async function profileView(state, code, box) {
  const economy = (state.entities.economies || []).find((e) => e.code === code);
  if (!economy) return empty(box, t('profile.unknown', { code }));
  const groups = groupsOf(state, code);
  box.append(html('h2', { id: 'profile-name' }, `${economy.name} (${economy.code})`));
  box.append(html('p', { class: 'note' }, groups.length
    ? t('profile.members', { groups: groups.map((g) => entityName(state, g)).join(t('list.separator')) })
    : t('profile.latest_note')));

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

  box.append(html('h3', {}, t('profile.targets')));
  const headline = headlineTable(state, code, groups, targeted, data);
  if (headline) box.append(headline);
  else empty(box, t('profile.no_targets', { name: economy.name }));
  const profileState = { ...state, filters: { ...state.filters, group: '', economy: code }, chartGroups: groups };
  for (const m of targeted) {
    const own = (data.get(m.id) || new Map()).get(code) || [];
    if (own.some((r) => latestPublished([r]))) box.append(progressFigure(profileState, m, data));
  }

  box.append(html('h3', {}, t('profile.idi_umc')));
  const other = headlineTable(state, code, groups, [...idi, ...bands], data);
  if (other) box.append(other);
  else empty(box, t('profile.no_idi', { name: economy.name }));

  box.append(html('h3', {}, t('profile.pledges')));
  if (!pledges) empty(box, t('profile.no_registry'));
  else if (!pledges.items.length) empty(box, t('profile.no_pledges', { name: economy.name }));
  else {
    box.append(html('p', { class: 'note' }, t('profile.pledges_note', { total: pledges.total, name: economy.name, shown: pledges.items.length })));
    box.append(pledgeTable(pledges));
  }
}
