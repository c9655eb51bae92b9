// The service's JSON API (docs/service.md), as the dashboard reads it: errors become exceptions with the
// service's message, and paged results are collected from one run only, their reasons in the reader's language.
import { reasonText } from './i18n.js';

export const API = '/api/v1';
const PAGE = 100000;  // results per request: the API's largest page, so that a view is one request

export async function getJSON(path) {
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
export async function results(params) {
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
      // The host's reasons in the reader's language: every view then shows them as it shows any text.
      for (const record of page.results) if (record.reason) record.reason = reasonText(record.reason);
      all.push(...page.results);
      offset += page.results.length;
      if (page.results.length === 0 || offset >= page.total) return all;
    }
  }
  throw new Error('the results kept changing while they were read (the service recomputes very often); reload the page');
}
