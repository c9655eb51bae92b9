// The p2c dashboard: the views of `p2c report` (docs/reports.md), drawn live from the service's JSON API
// (docs/service.md) as SVG, with filters kept in the URL hash so that a view can be linked.
//
// Plain ES modules, joined into one script at build time (cmake/bundle_web.py): no framework, no request outside
// /api/v1 and /assets.
// This module holds the page state, the filters and the rendering of the views; views.js and pledges.js draw them,
// charts.js the SVG, records.js what a record says about its own value.
import { API, getJSON } from './api.js';
import {
  addressIn, byName, economyName, language, languages, metricTitle, t, translatePage, useLanguage, wantedLanguage,
} from './i18n.js';
import { clearError, html, showError } from './page.js';
import { mapView } from './map_view.js';
import { pledgesView } from './pledges.js';
import { findEconomy, profileView } from './profile.js';
import { entityName, furthestView, idiView, progressViews, umcView } from './views.js';

const FILTERS = ['group', 'economy', 'focus', 'wsis', 'year'];
const state = { filters: {}, metrics: [], run: null, entities: null, generation: 0 };

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
      showError(t('filters.unknown', { filter: t(`filters.${name}`), value }));
      state.filters[name] = '';
    }
    select.value = state.filters[name];
  }
}

// "#/economy/NPL": the country profile; any other hash holds the filters of the views.
const profileCode = () => (/^#\/economy\/([A-Za-z0-9]{2,3})$/.exec(location.hash) || [])[1] || '';

function showProfile(code) {
  const profile = document.getElementById('profile');
  profile.hidden = !code;
  for (const node of document.querySelectorAll('form#filters, nav#views, main > section:not(#profile)'))
    node.hidden = !!code;
}

async function renderProfile(generation, code) {
  const profile = document.getElementById('profile');
  profile.dataset.state = 'loading';
  const box = html('div', { class: 'charts' });
  try {
    await profileView(state, code.toUpperCase(), box);
    if (generation !== state.generation) return;
    profile.querySelector('.charts').replaceWith(box);
    profile.dataset.state = 'ready';
  } catch (e) {
    if (generation !== state.generation) return;
    showError(e.message);
    profile.dataset.state = 'error';
  }
  if (generation === state.generation) document.body.dataset.ready = 'true';
}

async function render() {
  const generation = ++state.generation;
  document.body.dataset.ready = 'false';
  clearError();
  // An unknown ?lang= stays said on every view: the reader asked for a language and reads English.
  if (state.languageProblem) showError(state.languageProblem);
  const code = profileCode();
  showProfile(code);
  if (code) return renderProfile(generation, code);
  state.filters = readHash();
  syncSelects();
  const views = {
    'view-focus-areas': null, 'view-sdg-indicators': null, 'view-map': mapView, 'view-furthest-from-target': furthestView,
    'view-umc-bands': umcView, 'view-idi-by-group': idiView, 'view-pledges': pledgesView,
  };
  const boxes = {};
  for (const id of Object.keys(views)) {
    document.getElementById(id).dataset.state = 'loading';
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
  // The first screen before the rest: the views below it load once it is drawn, so that a reader on a slow line
  // sees the focus areas after five requests (the page, its style, its script, /api/v1/dashboard, the results).
  await run(['view-focus-areas', 'view-sdg-indicators'], () => progressViews(state, boxes['view-focus-areas'], boxes['view-sdg-indicators']));
  if (generation === state.generation) performance.mark('p2c-first-screen');
  await Promise.all(Object.entries(views).filter(([, view]) => view).map(([id, view]) => run([id], () => view(state, boxes[id]))));
  if (generation === state.generation) document.body.dataset.ready = 'true';
}

// The language links, each in its own language, the current one marked.
function languageLinks() {
  const box = document.getElementById('languages');
  for (const l of languages()) {
    const link = html('a', { href: addressIn(l.code), lang: l.code, dir: l.direction, hreflang: l.code }, l.name);
    if (l.code === language()) link.setAttribute('aria-current', 'true');
    box.append(link);
  }
}

// Every name in the reader's language where the catalogue has one, so that views, legends, the finder and the
// downloads' titles all say the same; codes stay as they are.
function localise(catalogue, entities) {
  state.metrics = catalogue.metrics.map((m) => ({ ...m, title: metricTitle(m) }));
  const named = (e) => ({ ...e, english_name: e.name, name: economyName(e.code) || e.name });
  state.entities = { ...entities, economies: (entities.economies || []).map(named) };
}

async function start() {
  try {
    // The first screen in one request: the run, its catalogue, the entities and the reader's language.
    const first = await getJSON(`${API}/dashboard?lang=${encodeURIComponent(wantedLanguage())}`);
    useLanguage(first.i18n);
    translatePage();
    languageLinks();
    state.languageProblem = first.i18n_problem || '';
    const run = first.run;
    state.run = run;
    localise(first.metrics, first.entities);
    document.getElementById('run-info').textContent = t('page.run', {
      id: run.id, started: run.started_at, seconds: Number(run.duration_seconds).toFixed(2), records: run.records, failures: run.failures });
    // Names first, so that typing "Nepal" in a focused list finds Nepal (not the code NER); economies by name.
    fillSelect('filter-group', state.entities.groups.map((g) => [g.code, `${entityName(state, g.code)} (${g.code})`]));
    const economies = [...state.entities.economies].sort((a, b) => byName(a.name, b.name));
    fillSelect('filter-economy', economies.map((e) => [e.code, `${e.name} (${e.code})`]));
    document.getElementById('economy-names').append(...economies.map((e) => html('option', { value: `${e.name} (${e.code})` })));
    const lines = [...new Set(state.metrics.flatMap((m) => m.wsis_lines || []))]
      .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)) || a.localeCompare(b));
    fillSelect('filter-wsis', lines.map((l) => [l, l]));
    const lastYear = Number(String(run.started_at).slice(0, 4)) || new Date().getFullYear();
    const years = [];
    for (let y = lastYear; y >= 1990; y--) years.push([String(y), String(y)]);
    fillSelect('filter-year', years);
  } catch (e) {
    // No run to show (the service is starting, or unreachable): the page still speaks the reader's language.
    const words = (code) => getJSON(`${API}/i18n/${encodeURIComponent(code)}`);
    await words(wantedLanguage()).catch(() => words('en')).then((page) => { useLanguage(page); translatePage(); }, () => {});
    document.getElementById('run-info').textContent = t('page.run_failed');
    showError(e.message);
    document.body.dataset.ready = 'true';
    return;
  }
  const find = document.getElementById('find');
  const open = (event) => {
    event.preventDefault();
    const typed = document.getElementById('find-economy').value;
    const code = findEconomy(state, typed);
    if (code) location.hash = `#/economy/${code}`;
    else if (typed.trim()) showError(t('find.none', { name: typed.trim() }));
  };
  find.addEventListener('submit', open);
  document.getElementById('find-economy').addEventListener('change', open);
  document.getElementById('filters').addEventListener('change', (event) => {
    writeHash({ ...state.filters, [event.target.name]: event.target.value });
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

// Module scripts run after the document is parsed; start at once if DOMContentLoaded has already fired.
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
