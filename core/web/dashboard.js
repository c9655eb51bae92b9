// The p2c dashboard: the views of `p2c report` (docs/reports.md), drawn live from the service's JSON API
// (docs/service.md) as SVG, with filters kept in the URL hash so that a view can be linked.
//
// Plain ES modules served from /assets: no framework, no build step, no request outside /api/v1 and /assets.
// This module holds the page state, the filters and the rendering of the views; views.js and pledges.js draw them,
// charts.js the SVG, records.js what a record says about its own value.
import { API, getJSON } from './api.js';
import { clearError, html, showError } from './page.js';
import { pledgesView } from './pledges.js';
import { findEconomy, profileView } from './profile.js';
import { furthestView, idiView, progressViews, umcView } from './views.js';

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
      showError(`The address asks for ${name} "${value}", which this run does not have; showing all instead.`);
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
  for (const node of document.querySelectorAll('form#filters, nav[aria-label="Views"], main > section:not(#profile)'))
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
  const code = profileCode();
  showProfile(code);
  if (code) return renderProfile(generation, code);
  state.filters = readHash();
  syncSelects();
  const views = {
    'view-focus-areas': null, 'view-sdg-indicators': null, 'view-furthest-from-target': furthestView,
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
  await Promise.all([
    run(['view-focus-areas', 'view-sdg-indicators'], () => progressViews(state, boxes['view-focus-areas'], boxes['view-sdg-indicators'])),
    ...Object.entries(views).filter(([, view]) => view).map(([id, view]) => run([id], () => view(state, boxes[id]))),
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
    // Names first, so that typing "Nepal" in a focused list finds Nepal (not the code NER); economies by name.
    fillSelect('filter-group', entities.groups.map((g) => [g.code, `${g.name} (${g.code})`]));
    const byName = [...entities.economies].sort((a, b) => a.name.localeCompare(b.name));
    fillSelect('filter-economy', byName.map((e) => [e.code, `${e.name} (${e.code})`]));
    document.getElementById('economy-names').append(...byName.map((e) => html('option', { value: `${e.name} (${e.code})` })));
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
  const find = document.getElementById('find');
  const open = (event) => {
    event.preventDefault();
    const typed = document.getElementById('find-economy').value;
    const code = findEconomy(state, typed);
    if (code) location.hash = `#/economy/${code}`;
    else if (typed.trim()) showError(`No economy called "${typed.trim()}": pick one from the list as you type.`);
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
