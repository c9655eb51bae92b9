#!/usr/bin/env python3
"""The dashboard in the reader's language, in a real browser (webdriver.py): the minister's path in French and in
Arabic, at 1400 and 400 px wide: open the dashboard in the language, type the country's name as it is written in
that language, land on its profile, read its latest Internet use with year and status as the API has them, download
the chart's CSV and find in it the API's records. Arabic is laid out right to left. Every chart of the default
view, in English, French and Arabic, keeps its text inside its box and names entities, not codes, in its legends.
The host's reasons for withheld, estimated and unassessed values are in the page's language. The map draws every
SIDS with the values of the API. The report in English, French, Arabic and Chinese keeps its
charts' text inside them too (not with --url: the report is written from the started service's run history).
Screenshots go to DIR.

usage: languages_test.py --p2c EXE --config FILE --out DIR [--url URL]
"""
import csv
import io
import os
import sys
import urllib.parse
import urllib.request

from webdriver import check, http, run, severe, write_report

# (language, what a reader types, the economy's name in that language as UNTERM writes it, direction)
MINISTERS = [("fr", "nepal", "Népal", "ltr"), ("ar", "نيبال", "نيبال", "rtl")]
WIDTHS = [1400, 400]

READY = """
const ready = document.body.dataset.ready === 'true';
const profile = document.getElementById('profile');
return ready && (profile.hidden ? document.querySelectorAll('svg.p2c-chart [data-value]').length > 0
                                : profile.dataset.state === 'ready') ? {
  lang: document.documentElement.lang, dir: document.documentElement.dir, title: document.querySelector('h1').textContent,
  hash: location.hash, error: document.getElementById('error').hidden ? '' : document.getElementById('error').textContent,
  languages: [...document.querySelectorAll('#languages a')].map((a) => a.getAttribute('hreflang')),
  pageWidth: document.documentElement.scrollWidth, viewport: window.innerWidth,
} : null;
"""

PROFILE = """
const f = document.querySelector('#profile figure[data-metric="sdg_17_8.internet_users"]');
const row = document.querySelector('#profile table.profile-headline tr[data-metric="sdg_17_8.internet_users"]');
return {name: document.getElementById('profile-name').textContent,
        row: row && {year: row.dataset.year, value: row.dataset.value, cells: [...row.cells].map((c) => c.textContent)},
        csv: f && f.querySelector('a[data-download="csv"]').href,
        alignment: getComputedStyle(document.querySelector('#profile table.profile-headline td')).textAlign,
        headerRight: document.querySelector('header h1').getBoundingClientRect().right,
        headerLeft: document.querySelector('header h1').getBoundingClientRect().left};
"""

# Text leaving its chart's drawing (measured as the browser lays it out), and legend entries that are codes.
CHARTS = """
const codes_ = new Set(arguments[0]);
const outside = [], codes = [];
let charts = 0;
for (const svg of document.querySelectorAll('main section:not([hidden]) svg.p2c-chart')) {
  const box = svg.getBoundingClientRect();
  if (!box.width) continue;
  charts++;
  const scale = box.width / svg.viewBox.baseVal.width;
  for (const t of svg.querySelectorAll('text')) {
    const r = t.getBoundingClientRect();
    if (!r.width) continue;
    if (r.left < box.left - scale || r.right > box.right + scale || r.top < box.top - scale || r.bottom > box.bottom + scale)
      outside.push(t.textContent.slice(0, 60) + ' in ' + svg.querySelector('title').textContent.slice(0, 60));
  }
  for (const t of svg.querySelectorAll('.legend-item text, [data-legend] text'))
    if (codes_.has(t.textContent.trim())) codes.push(t.textContent);
}
return {charts, outside: outside.slice(0, 10), outsideCount: outside.length, codes};
"""

MAP = """
const svg = document.querySelector('#view-map svg[data-chart="map"]');
if (!svg) return null;
const marks = [...svg.querySelectorAll('.economy')];
return {year: Number(svg.dataset.year), count: marks.length,
        marks: Object.fromEntries(marks.map((m) => [m.dataset.entity, {value: m.dataset.value, year: m.dataset.year,
                                                                         cls: m.dataset.class}])),
        legend: [...svg.querySelectorAll('[data-legend]')].map((g) => g.dataset.legend),
        desc: svg.querySelector('desc').textContent};
"""


# The host's own reasons in English: in another language, the page must say them in that language.
ENGLISH_REASONS = ["members reported in", "publishing needs", "interpolated between", "extrapolated from the trend",
                   "more than 5 years before"]
LEFT_IN_ENGLISH = "return arguments[0].filter((phrase) => document.body.textContent.includes(phrase));"


def ready(browser, what):
    return browser.wait(READY, what)


def catalogue(base, lang):
    return http("GET", f"{base}/api/v1/i18n/{lang}")


def latest_published(base, metric, economy, to=None):
    query = f"metric={metric}&economy={economy}&limit=100000" + (f"&to={to}" if to else "")
    published = [r for r in http("GET", f"{base}/api/v1/results?{query}")["results"]
                 if r["value"] is not None and "withheld" not in r["flags"]]
    return published[-1] if published else None


def check_csv(url, base):
    """The CSV behind a chart holds the records the API gives for the same query."""
    with urllib.request.urlopen(url, timeout=60) as response:
        rows = list(csv.DictReader(io.StringIO(response.read().decode())))
    query = urllib.parse.urlsplit(url).query.replace("format=csv", "format=json")
    records = http("GET", f"{base}/api/v1/results?{query}")["results"]
    check(rows and len(rows) == len(records), f"the CSV has {len(rows)} rows, the API {len(records)} records")
    for row, record in zip(rows, records):
        value = record["value"]
        check((row["metric"], row["entity"], int(row["year"])) == (record["metric"], record["entity"], record["year"])
              and (row["value"] == "" if value is None else abs(float(row["value"]) - value) < 1e-9),
              f"CSV row {row} differs from the API record {record}")
    return len(rows)


def check_minister(browser, base, out, lang, typed, name, direction, width):
    words = catalogue(base, lang)["messages"]
    browser.resize(width, 1000)
    browser.go(f"{base}/?lang={lang}")
    page = ready(browser, f"the dashboard in {lang} at {width} px")
    check(page["lang"] == lang and page["dir"] == direction, f"?lang={lang}: the page says lang={page['lang']} dir={page['dir']}")
    check(page["title"] == words["page.title"], f"the heading should be {words['page.title']!r}, is {page['title']!r}")
    check(sorted(page["languages"]) == ["ar", "en", "es", "fr", "ru", "zh"], f"language links: {page['languages']}")
    check(not page["error"], f"the dashboard in {lang} shows an error: {page['error']}")
    browser.run("const i = document.getElementById('find-economy'); i.value = arguments[0];"
                "i.dispatchEvent(new Event('change', {bubbles: true}));", typed)
    page = ready(browser, f"the profile after typing {typed!r}")
    check(page["hash"] == "#/economy/NPL", f"typing {typed!r} in {lang} should open #/economy/NPL, opened {page['hash']!r}")
    profile = browser.run(PROFILE)
    check(profile["name"] == f"{name} (NPL)", f"the profile should be headed {name} (NPL), is {profile['name']!r}")
    latest = latest_published(base, "sdg_17_8.internet_users", "NPL")
    row = profile["row"]
    check(row and row["year"] == str(latest["year"]) and abs(float(row["value"]) - latest["value"]) < 1e-9,
          f"the profile says {row}, the API's latest published value is {latest['value']} ({latest['year']})")
    statuses = {r["status"] for r in http("GET", f"{base}/api/v1/results?metric=sdg_17_8.internet_users&economy=NPL"
                                                 f"&limit=100000")["results"] if r.get("status")}
    status_words = {words[f"status.{s}"] for s in statuses}
    check(any(row["cells"][2].startswith(w) for w in status_words),
          f"the status cell should read one of {status_words} in {lang}, reads {row['cells'][2]!r}")
    check(profile["csv"], "the profile's Internet use chart has no CSV download")
    rows = check_csv(profile["csv"], base)
    if direction == "rtl":
        check(profile["alignment"] in ("start", "right"), f"Arabic table cells should start on the right: {profile['alignment']}")
        check(profile["headerRight"] > width * 0.6, f"the Arabic heading should sit on the right: {profile}")
    if width < 500:
        check(page["pageWidth"] <= page["viewport"] + 1,
              f"the {lang} profile scrolls sideways at {width} px: {page['pageWidth']} px in {page['viewport']} px")
    browser.screenshot(os.path.join(out, f"profile-{lang}-{width}px.png"))
    print(f"{lang} at {width} px: typed {typed!r}, profile {profile['name']}, Internet use {row['cells'][1]!r}, "
          f"status {row['cells'][2]!r}, CSV {rows} rows as the API")


def entity_codes(base, lang):
    """The codes of economies and groups that readers know by a name, not by the code: none may stand in a legend."""
    entities = http("GET", f"{base}/api/v1/entities")
    known = set(catalogue(base, lang)["groups_short"].values())
    return sorted(e["code"] for e in entities["economies"] + entities["groups"] if e["code"] not in known
                  and e["name"] != e["code"])


def check_charts(browser, base, out, lang):
    browser.resize(1400, 1000)
    browser.go(f"{base}/?lang={lang}")
    page = ready(browser, f"the dashboard in {lang}")
    check(not page["error"], f"the dashboard in {lang} shows an error: {page['error']}")
    charts = browser.run(CHARTS, entity_codes(base, lang))
    check(charts["charts"] > 30, f"only {charts['charts']} charts in {lang}")
    check(not charts["outsideCount"], f"{charts['outsideCount']} texts overflow their chart in {lang}: {charts['outside']}")
    check(not charts["codes"], f"legends in {lang} show codes, not names: {charts['codes']}")
    if lang != "en":
        english = browser.run(LEFT_IN_ENGLISH, ENGLISH_REASONS)
        check(not english, f"the dashboard in {lang} shows the host's reasons in English: {english}")
    errors = severe(browser.browser_log())
    check(not errors, f"browser console errors in {lang}: {errors}")
    browser.screenshot(os.path.join(out, f"dashboard-{lang}.png"))
    print(f"{lang}: {charts['charts']} charts, no text outside its chart, no code in a legend")


def check_map(browser, base, lang):
    drawn = browser.wait(f"return document.body.dataset.ready === 'true' ? (() => {{{MAP}}})() : null;",
                         f"the map in {lang}")
    entities = http("GET", f"{base}/api/v1/entities")
    sids = next(g for g in entities["groups"] if g["code"] == "SIDS")["members"]
    missing = [code for code in sids if code not in drawn["marks"]]
    check(drawn["count"] >= 240 and not missing, f"the map draws {drawn['count']} economies, misses SIDS {missing}")
    check({"no-data", "dot", "class-0"} <= set(drawn["legend"]), f"the map legend lacks classes or no data: {drawn['legend']}")
    for code in ["NPL", "FJI", "KEN", "BRA"]:
        latest = latest_published(base, "sdg_17_8.internet_users", code, drawn["year"])
        mark = drawn["marks"].get(code)
        check(mark is not None, f"{code} is not on the map")
        if latest is None:
            check(mark["cls"] == "none" and not mark["value"], f"{code} has no value up to {drawn['year']}: {mark}")
        else:
            check(mark["year"] == str(latest["year"]) and abs(float(mark["value"]) - latest["value"]) < 1e-9,
                  f"the map gives {code} {mark}, the API {latest['value']} ({latest['year']})")
    print(f"map in {lang}: {drawn['count']} economies at {drawn['year']}, all {len(sids)} SIDS drawn")


def check_report(browser, args, lang):
    """The report in the language keeps every chart's text inside its chart, as the dashboard does."""
    path = write_report(args.p2c, args.config, args.out, lang)
    browser.resize(1400, 1000)
    browser.go("file://" + os.path.abspath(path))
    charts = browser.run(CHARTS.replace("main section:not([hidden]) ", ""), [])
    check(charts["charts"] > 50, f"only {charts['charts']} charts in the {lang} report")
    check(not charts["outsideCount"], f"{charts['outsideCount']} texts overflow their chart in the {lang} report: "
                                      f"{charts['outside']}")
    if lang != "en":
        english = browser.run(LEFT_IN_ENGLISH, ENGLISH_REASONS)
        check(not english, f"the {lang} report shows the host's reasons in English: {english}")
    print(f"report in {lang}: {charts['charts']} charts, no text outside its chart")


def check_unknown_language(browser, base):
    browser.resize(1400, 1000)
    browser.go(f"{base}/?lang=xx")
    page = ready(browser, "the dashboard with an unknown language")
    check(page["lang"] == "en" and "'xx'" in page["error"], f"?lang=xx should fall back to English and say so: {page}")


def check_languages(browser, base, args):
    out = args.out
    for lang, typed, name, direction in MINISTERS:
        for width in WIDTHS:
            check_minister(browser, base, out, lang, typed, name, direction, width)
    for lang in ["en", "fr", "ar"]:
        check_charts(browser, base, out, lang)
        check_map(browser, base, lang)
    check_unknown_language(browser, base)
    if not args.url:
        for lang in ["en", "fr", "ar", "zh"]:
            check_report(browser, args, lang)


if __name__ == "__main__":
    sys.exit(run("languages_test", check_languages))
