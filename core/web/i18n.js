// The reader's language: `?lang=` in the address (English without one), its catalogue read with the rest of the
// first screen from /api/v1/dashboard (core/web/i18n/, docs/languages.md). Every word the dashboard writes goes
// through t(); names of groups, units, metrics and economies through the functions below, which fall back to the
// English of the run.
const current = {
  code: 'en', direction: 'ltr', languages: [], messages: {}, groups: {}, groups_short: {}, units: {}, metrics: {}, economies: {},
  reasons: {},
};
let reasonPatterns = null;
// Reasons repeat over thousands of records: each distinct one is matched once.
const reasonCache = new Map();

export const wantedLanguage = () => new URLSearchParams(location.search).get('lang') || 'en';

// Takes the catalogue the service sent (GET /api/v1/i18n/{lang}, or the `i18n` of /api/v1/dashboard).
export function useLanguage(page) {
  Object.assign(current, page);
  reasonPatterns = null;
  reasonCache.clear();
  document.documentElement.lang = current.code;
  document.documentElement.dir = current.direction;
}

export const language = () => current.code;
export const languages = () => current.languages;

// The message `key` with each {name} replaced by values[name].
export function t(key, values = {}) {
  const text = current.messages[key];
  if (text === undefined) return key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (values[name] === undefined ? whole : String(values[name])));
}

// The page's own text: elements marked data-i18n="key" (text, with **bold** as <strong>), data-i18n-placeholder and
// data-i18n-label (aria-label).
export function translatePage(root = document) {
  for (const node of root.querySelectorAll('[data-i18n]')) {
    node.replaceChildren();
    t(node.dataset.i18n).split(/\*\*/).forEach((part, i) => {
      if (!part) return;
      if (i % 2) node.append(Object.assign(document.createElement('strong'), { textContent: part }));
      else node.append(part);
    });
  }
  for (const node of root.querySelectorAll('[data-i18n-placeholder]')) node.placeholder = t(node.dataset.i18nPlaceholder);
  for (const node of root.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
  document.title = t('page.title');
}

// A reason the host stored in English ("interpolated between 2019 and 2021") in the reader's language, when it is
// one of the host's own (the English messages `reason.*`, whose numbers are carried over); any other text as it is.
// The same matching as host::Catalogues::reason, which the report uses.
export function reasonText(english) {
  if (!english) return english;
  if (!reasonPatterns) {
    reasonPatterns = Object.entries(current.reasons || {}).map(([key, text]) => {
      const names = [];
      const source = text.split(/(\{\w+\})/).map((part) => {
        const name = /^\{(\w+)\}$/.exec(part);
        if (name) { names.push(name[1]); return '(.+?)'; }
        return part.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
      }).join('');
      return { key, names, pattern: new RegExp(`^${source}$`) };
    });
  }
  if (!reasonCache.has(english)) {
    let text = english;
    for (const { key, names, pattern } of reasonPatterns) {
      const match = pattern.exec(english);
      if (match) {
        text = t(key, Object.fromEntries(names.map((name, i) => [name, match[i + 1]])));
        break;
      }
    }
    reasonCache.set(english, text);
  }
  return reasonCache.get(english);
}

export const groupName = (code) => current.groups[code];
export const groupShort = (code) => current.groups_short[code];
export const economyName = (code) => current.economies[code];
export const unitText = (unit) => (unit && current.units[unit]) || unit;
// A metric's title in the language, or the run's English.
export function metricTitle(metric) {
  if (current.metrics[metric.id]) return current.metrics[metric.id];
  return metric.title;
}

// The language's decimal mark and thousands separator, from its catalogue, as the report writes numbers: figures
// read alike on the page and in the report, in Latin digits in every language.
export const numberSeparators = () => ({
  decimal: t('report.number.decimal_mark'), group: t('report.number.thousands_separator'),
});

// The words large numbers are counted in, largest first: [1e9, 'bn'], [1e6, 'm'] in English, [1e8, '亿'],
// [1e4, '万'] in Chinese; from the message `number.scales`, which the service checked (host::parse_number_scales).
export const numberScales = () => t('number.scales').split(';')
  .map((part) => /^\s*(\S+)\s+(.*\S)\s*$/.exec(part))
  .filter((match) => match && Number(match[1]) > 1)
  .map((match) => ({ divisor: Number(match[1]), word: match[2] }))
  .sort((a, b) => b.divisor - a.divisor);

// Compares names as the language sorts them.
export const byName = (a, b) => a.localeCompare(b, current.code);

// The address of the page in another language, keeping what is after '#'.
export function addressIn(code) {
  const url = new URL(location.href);
  if (code === 'en') url.searchParams.delete('lang');
  else url.searchParams.set('lang', code);
  return url.toString();
}
