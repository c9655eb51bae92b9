#!/usr/bin/env python3
"""The live dashboard in a real browser: `p2c serve` on a free port, headless Chromium driven through
chromedriver with the W3C WebDriver HTTP protocol (standard library only).

usage: dashboard_test.py --p2c EXE --config FILE --out DIR [--url URL]

Checks: the page renders SVG charts with data (marks with data-value), the browser logs no errors, and
changing a filter (group -> LDC, then focus area -> access) changes the charts and the URL hash. What the
page shows of a value follows what the API says of it: a withheld group year is not drawn as a point and the
tables say "withheld" with the reason; an estimated point is hollow on a dashed segment with a legend entry;
the latest value shown is the latest published one, with "data as of" its year; the gap to a target is in the
catalogue's unit of the .gap metric ("pp"). Screenshots before and after go to DIR. With --url the test uses a
service already listening there instead of starting one.

Without Chromium or chromedriver the test fails, unless P2C_SKIP_BROWSER_TESTS=1 (webdriver.py).
"""
import csv
import io
import os
import sys
import unicodedata
import urllib.parse
import urllib.request

from webdriver import Failure, check, http, run, severe

# The facts the test reads from the page in one call.
PAGE_STATE = """
const marks = [...document.querySelectorAll('svg.p2c-chart [data-value]')];
const lines = [...document.querySelectorAll('#view-focus-areas svg[data-chart="line"] circle[data-value]')];
return {
  ready: document.body.dataset.ready,
  hash: location.hash,
  error: document.getElementById('error').hidden ? '' : document.getElementById('error').textContent,
  charts: document.querySelectorAll('svg.p2c-chart').length,
  marks: marks.length,
  focusSeries: [...new Set(lines.map((c) => c.dataset.series))].sort(),
  focusHeadings: [...document.querySelectorAll('#view-focus-areas h3')].map((h) => h.id),
  internetUse: [...document.querySelectorAll('#view-focus-areas figure[data-metric="sdg_17_8.internet_users"] circle[data-value]')]
      .map((c) => c.dataset.series + ':' + c.dataset.year + ':' + c.dataset.value),
  textAlternatives: [...document.querySelectorAll('svg.p2c-chart')].every((s) =>
      s.getAttribute('role') === 'img' && s.querySelector('title') && s.querySelector('desc').textContent.length > 0),
  sections: [...document.querySelectorAll('main section:not(#profile)')].map((s) => s.id + '=' + s.dataset.state),
};
"""


# What the page shows of one group's Internet use (sdg_17_8.internet_users), read for the checks against the API.
INTERNET_USE = """
const [group, withheldYear, estimatedYear] = arguments;
const f = document.querySelector('#view-focus-areas figure[data-metric="sdg_17_8.internet_users"]');
if (!f) return null;
const at = (year) => f.querySelector(`circle[data-series="${group}"][data-year="${year}"]`);
const row = f.querySelector(`table.latest tr[data-entity="${group}"]`);
const details = f.querySelector('details.data');
details.open = true;
details.dispatchEvent(new Event('toggle'));
const all = f.querySelector(`table.all-values tr[data-entity="${group}"][data-year="${withheldYear}"]`);
const estimated = at(estimatedYear);
return {
  desc: f.querySelector('desc').textContent,
  withheldPoint: at(withheldYear) !== null,
  withheldTick: f.querySelector(`line.withheld[data-series="${group}"][data-year="${withheldYear}"]`) !== null,
  withheldTickTitle: (f.querySelector(`line.withheld[data-series="${group}"][data-year="${withheldYear}"] title`) || {}).textContent || '',
  row: row ? [...row.cells].map((c) => c.textContent) : null,
  allValuesRow: all ? [...all.cells].map((c) => c.textContent) : null,
  estimated: estimated && {flag: estimated.dataset.estimated, fill: estimated.getAttribute('fill'),
                           title: estimated.querySelector('title').textContent},
  observedFill: [...f.querySelectorAll(`circle[data-series="${group}"][data-estimated="false"]`)].map((c) => c.getAttribute('fill')),
  dashedEstimates: f.querySelectorAll(`g.series[data-series="${group}"] polyline[data-estimated="true"][stroke-dasharray]`).length,
  estimateLegend: (f.querySelector('[data-legend="estimated"]') || {}).textContent || '',
  withheldLegend: (f.querySelector('[data-legend="withheld"]') || {}).textContent || '',
};
"""

GAP_VIEW = """
const f = document.querySelector('#view-furthest-from-target figure[data-metric="sdg_17_8.internet_users.gap"]');
if (!f) return null;
return {axis: [...f.querySelectorAll('text.axis-label')].map((t) => t.textContent),
        rows: [...f.querySelectorAll('table.latest tbody tr')].map((r) => [...r.cells].map((c) => c.textContent))};
"""

CHART_GROUPS = ["WLD", "LDC", "LLDC", "SIDS", "ITU.AFR", "ITU.AMS", "ITU.ARB", "ITU.ASP", "ITU.CIS", "ITU.EUR"]


def internet_use_cases(base):
    """From the API: a chart group with a year withheld after its latest published value (LDC, the case of the
    complaint, when it has one) and a published estimated year of the same group."""
    query = "metric=sdg_17_8.internet_users&limit=100000&group=" + ",".join(CHART_GROUPS)
    records = http("GET", f"{base}/api/v1/results?{query}")["results"]
    by_group = {}
    for r in records:
        by_group.setdefault(r["entity"], []).append(r)
    for group in ["LDC"] + [g for g in CHART_GROUPS if g != "LDC"]:
        rows = sorted(by_group.get(group, []), key=lambda r: r["year"])
        published = [r for r in rows if r["value"] is not None and "withheld" not in r["flags"]]
        if not published:
            continue
        latest = published[-1]
        later = [r for r in rows if "withheld" in r["flags"] and r["year"] > latest["year"]]
        estimated = [r for r in published if "estimated" in r["flags"]]
        if later and estimated:
            return group, latest, later[-1], estimated[-1]
    raise Failure("the bundled run has no chart group with a withheld year after its latest published value and an "
                  "estimated one: the checks of withheld and estimated values have nothing to look at")


def check_published_values(browser, base):
    group, latest, withheld, estimated = internet_use_cases(base)
    print(f"checking {group}: latest published {latest['year']}, withheld {withheld['year']}, "
          f"estimated {estimated['year']}")
    check(withheld["value"] is None and withheld["reason"], f"the API serves withheld {withheld} with a value or no reason")
    page = browser.run(INTERNET_USE, group, withheld["year"], estimated["year"])
    check(page is not None, "no Internet use chart in the focus-area view")
    # Withheld: no point, a tick with the reason, and the tables say so.
    check(not page["withheldPoint"], f"{group} {withheld['year']} is withheld but drawn as a point")
    check(page["withheldTick"] and withheld["reason"] in page["withheldTickTitle"],
          f"{group} {withheld['year']}: no withheld tick with the reason, title {page['withheldTickTitle']!r}")
    check(page["row"] is not None, f"no row for {group} in the Internet use table")
    entity, data_as_of, value, coverage, status, not_published = page["row"]
    check(data_as_of == str(latest["year"]),
          f"{group}: the table's latest year should be the latest published {latest['year']}, is {data_as_of}")
    check("withheld" not in value and value.split(" ")[0].replace(".", "").isdigit(),
          f"{group}: the latest published value should be a number, is {value!r}")
    check(str(withheld["year"]) in not_published and "withheld" in not_published and withheld["reason"] in not_published,
          f"{group}: the table should say {withheld['year']} is withheld and why, says {not_published!r}")
    cov = latest["coverage"]
    check(f"{cov['members_observed']} of {cov['members']} members" in coverage and coverage.startswith("observed: "),
          f"{group}: the observed coverage should be in the table, is {coverage!r}")
    check(page["allValuesRow"] is not None and page["allValuesRow"][2] == f"withheld: {withheld['reason']}",
          f"{group} {withheld['year']}: the table of every value should say withheld and why, says {page['allValuesRow']}")
    check(f"data as of {latest['year']}" in page["desc"] and f"withheld: {withheld['reason']}" in page["desc"],
          f"the text alternative should give {group}'s data year and the withheld year: {page['desc'][:400]!r}")
    check("withheld" in page["withheldLegend"], f"no legend entry for withheld years: {page['withheldLegend']!r}")
    # Estimated: hollow, on a dashed segment, explained in the legend and the tooltip.
    check(page["estimated"] is not None, f"{group} {estimated['year']} is published (estimated) but not drawn")
    check(page["estimated"]["flag"] == "true" and page["estimated"]["fill"] == "#ffffff",
          f"{group} {estimated['year']}: an estimate should be a hollow marker, is {page['estimated']}")
    check("estimated" in page["estimated"]["title"], f"the estimate's tooltip should say so: {page['estimated']['title']!r}")
    check(page["observedFill"] and "#ffffff" not in page["observedFill"], "observed points should be filled")
    check(page["dashedEstimates"] > 0, f"{group}: no dashed segment through its estimates")
    check("estimate" in page["estimateLegend"], f"no legend entry for estimates: {page['estimateLegend']!r}")
    if "estimated" in latest["flags"]:
        check("(estimated)" in value, f"{group}: the latest value is an estimate and should say so: {value!r}")

    # Furthest from target: each economy's year, and the gap in the catalogue's unit of the .gap metric.
    catalogue = {m["id"]: m for m in http("GET", f"{base}/api/v1/metrics")["metrics"]}
    unit = catalogue["sdg_17_8.internet_users.gap"]["unit"]
    check(unit == "pp", f"the catalogue should give the gap of a share in pp, gives {unit!r}")
    gaps = browser.run(GAP_VIEW)
    check(gaps is not None and gaps["rows"], "no furthest-from-target chart of Internet use")
    check(any(f"({unit})" in a for a in gaps["axis"]), f"the gap axis should be in {unit}: {gaps['axis']}")
    for economy, year, gap, status in gaps["rows"]:
        check(year.isdigit() and gap.endswith(f" {unit}"), f"furthest from target: {economy} {year} {gap}")


PLEDGE_HEADLINE = """
const t = document.querySelector('#view-pledges table.pledge-headline');
if (!t) return null;
return {header: [...t.tHead.rows[0].cells].map((c) => c.textContent),
        count: [...(t.querySelector('tr[data-measure="count"]') || {cells: []}).cells].map((c) => c.textContent)};
"""


def check_pledges(browser, base):
    """The pledge headline: WLD's gross count (as ITU counts) with the active count beside it, each labelled and
    with its year, as the API has them."""
    query = "metric=pledges.count_gross,pledges.count_active&group=WLD&limit=100000"
    latest = {}
    for r in http("GET", f"{base}/api/v1/results?{query}")["results"]:
        if r["value"] is not None and "withheld" not in r["flags"]:
            latest[r["metric"]] = r  # records come ordered by year
    check(set(latest) == {"pledges.count_gross", "pledges.count_active"},
          f"the bundled run should have WLD pledges.count_gross and pledges.count_active, has {sorted(latest)}")
    page = browser.run(PLEDGE_HEADLINE)
    check(page is not None, "no pledge headline table")
    check(page["header"][1].startswith("Gross") and page["header"][2].startswith("Active"),
          f"the pledge headline should label gross and active: {page['header']}")
    for cell, metric in ((page["count"][1], "pledges.count_gross"), (page["count"][2], "pledges.count_active")):
        r = latest[metric]
        check(cell == f"{r['value']:,.0f} pledges (data as of {r['year']})", f"{metric}: the page says {cell!r}, the API {r}")


GROUP_VIEWS = """
const umc = document.querySelector('#view-umc-bands');
const gaps = document.querySelector('#view-furthest-from-target figure[data-metric="sdg_17_8.internet_users.gap"]');
const pledges = document.querySelector('#view-pledges table.pledge-headline');
const economies = [...document.querySelectorAll('#filter-economy option')].filter((o) => o.value);
return {
  umcBars: umc.querySelectorAll('svg.p2c-chart [data-value]').length,
  umcText: umc.textContent,
  gapEconomies: gaps ? [...gaps.querySelectorAll('table.latest tbody tr')].map((r) => r.dataset.entity) : null,
  pledgeHeadline: pledges ? pledges.tHead.rows[0].cells[0].textContent : null,
  economyLabels: economies.map((o) => o.textContent),
  nepal: (economies.find((o) => o.value === 'NPL') || {}).textContent,
};
"""


DOWNLOADS = """
const f = document.querySelector('#view-focus-areas figure[data-metric="sdg_17_8.internet_users"]');
const csv = f && f.querySelector('a[data-download="csv"]');
const svg = f && f.querySelector('a[data-download="svg"]');
if (!csv || !svg) return null;
svg.addEventListener('click', (e) => e.preventDefault(), {once: true});  // no file: the href is what is checked
svg.click();  // the chart is serialised on the click
return {csv: csv.href, csvName: csv.getAttribute('download'), svgName: svg.getAttribute('download'), svgUrl: svg.href,
        points: f.querySelectorAll('circle[data-value]').length};
"""

SVG_TEXT = """
const done = arguments[arguments.length - 1];
fetch(arguments[0]).then((r) => r.text()).then(done, (e) => done('error: ' + e));
"""


def check_downloads(browser, base):
    """The Internet use chart's CSV download holds the records the chart was drawn from, as the API gives them;
    its SVG download is the chart."""
    page = browser.run(DOWNLOADS)
    check(page is not None, "the Internet use chart has no CSV and SVG downloads")
    check(page["csvName"] == "sdg_17_8.internet_users.csv" and page["svgName"] == "sdg_17_8.internet_users.svg",
          f"download names: {page['csvName']}, {page['svgName']}")
    with urllib.request.urlopen(page["csv"], timeout=60) as response:
        check(response.headers.get("Content-Type", "").startswith("text/csv"), "the CSV download is not text/csv")
        rows = list(csv.DictReader(io.StringIO(response.read().decode())))
    query = urllib.parse.urlsplit(page["csv"]).query.replace("format=csv", "format=json")
    records = http("GET", f"{base}/api/v1/results?{query}")["results"]
    check(len(rows) == len(records) and rows, f"the CSV has {len(rows)} rows, the API {len(records)} records")
    for row, record in zip(rows, records):
        value = "" if record["value"] is None else record["value"]
        check((row["metric"], row["entity"], int(row["year"])) == (record["metric"], record["entity"], record["year"])
              and (row["value"] == "" if value == "" else abs(float(row["value"]) - value) < 1e-9),
              f"CSV row {row} differs from the API record {record}")
    drawn = sum(1 for r in records if r["value"] is not None and "withheld" not in r["flags"])
    check(page["points"] <= drawn, f"the chart draws {page['points']} points from {drawn} published records")
    svg = browser.run_async(SVG_TEXT, page["svgUrl"])
    check(svg.startswith("<svg") and 'xmlns="http://www.w3.org/2000/svg"' in svg and "<desc>" in svg,
          f"the SVG download is not the chart: {svg[:200]!r}")


SHARE_VIEW = """
const f = document.querySelector('#view-focus-areas figure[data-metric="access.mobile_broadband_price"]');
if (!f) return null;
return {title: f.querySelector('svg title').textContent, text: f.textContent,
        series: [...new Set([...f.querySelectorAll('circle[data-value]')].map((c) => c.dataset.series))]};
"""


PALETTE = """
const done = arguments[arguments.length - 1];
import('/assets/charts.js').then((m) => done(m.PALETTE), (e) => done('error: ' + e));
"""


LEGENDS = """
const f = document.querySelector('#view-focus-areas figure[data-metric="sdg_17_8.internet_users"]');
const box = f.querySelector('svg').getBoundingClientRect();
const texts = [...f.querySelectorAll('g.legend-item text')];
return {texts: texts.map((t) => t.textContent),
        outside: texts.filter((t) => t.getBoundingClientRect().right > box.right + 0.5).map((t) => t.textContent)};
"""


def check_legends(browser):
    """Legends name the groups as readers do (World, LDCs, Africa), not by code, and stay inside the chart."""
    page = browser.run(LEGENDS)
    names = " ".join(page["texts"])
    check("World" in names and "LDCs" in names and "Africa" in names, f"legend names: {page['texts']}")
    check(not any(t.startswith(("ITU.", "WB.", "WLD")) for t in page["texts"]), f"legend codes: {page['texts']}")
    check(not page["outside"], f"legend text runs off the chart: {page['outside']}")


def check_palette(browser):
    """Every series colour of the dashboard reaches 3:1 against its white background (WCAG 2.1, 1.4.11)."""
    def contrast(colour):
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 1.05 / (0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2] + 0.05)
    palette = browser.run_async(PALETTE)
    check(isinstance(palette, list) and len(palette) == 8, f"the dashboard's palette: {palette!r}")
    low = [(c, round(contrast(c), 2)) for c in palette if contrast(c) < 3]
    check(not low, f"series colours below 3:1 against white: {low}")


def check_share_meeting_target(browser):
    """A price in % of GNI per capita: groups are drawn as the share of their members meeting the target, with no
    internal metric id as the explanation."""
    page = browser.run(SHARE_VIEW)
    check(page is not None, "no chart of access.mobile_broadband_price")
    check("members meeting" in page["title"] and page["series"],
          f"the price chart should draw the groups' share of members meeting the target: {page}")
    check("members_meeting_target" not in page["text"], f"the chart explains itself with a metric id: {page['text'][:300]!r}")


PROFILE = """
const name = document.getElementById('profile-name');
const t = document.querySelector('#profile table.profile-headline');
if (document.body.dataset.ready !== 'true' || !name || !t) return null;
const row = t.querySelector('tr[data-metric="sdg_17_8.internet_users"]');
const filters = document.getElementById('filters');
return {hash: location.hash, name: name.textContent,
        viewsHidden: document.getElementById('view-focus-areas').hidden && getComputedStyle(filters).display === 'none',
        header: [...t.tHead.rows[0].cells].map((c) => c.textContent),
        row: row && {year: row.dataset.year, value: row.dataset.value, cells: [...row.cells].map((c) => c.textContent)},
        charts: document.querySelectorAll('#profile svg.p2c-chart').length,
        pledges: document.querySelectorAll('#profile table.profile-pledges tbody tr').length};
"""


def check_profile(browser, base, typed, code, name):
    """A reader types a country's name and lands on its profile: its latest Internet use with the year, as the API
    has it, its groups beside it, its charts and the pledges implemented there."""
    browser.run("const i = document.getElementById('find-economy'); i.value = arguments[0];"
                "i.dispatchEvent(new Event('change', {bubbles: true}));", typed)
    page = browser.wait(PROFILE, f"the profile of {code} after typing {typed!r}")
    check(page["hash"] == f"#/economy/{code}", f"typing {typed!r} should open #/economy/{code}, opened {page['hash']}")
    check(page["name"] == f"{name} ({code})" and page["viewsHidden"], f"profile heading {page['name']!r}")
    groups = [g for g in http("GET", f"{base}/api/v1/entities")["groups"] if code in g["members"]]
    check("LDCs" in page["header"] and name in page["header"], f"the profile should set {code} beside its groups: {page['header']}")
    query = f"metric=sdg_17_8.internet_users&economy={code}&limit=100000"
    published = [r for r in http("GET", f"{base}/api/v1/results?{query}")["results"]
                 if r["value"] is not None and "withheld" not in r["flags"]]
    check(published and page["row"], f"no Internet use row for {code}")
    latest = published[-1]
    check(page["row"]["year"] == str(latest["year"]) and abs(float(page["row"]["value"]) - latest["value"]) < 1e-9
          and f"({latest['year']})" in page["row"]["cells"][1],
          f"the profile says {page['row']}, the API's latest published value is {latest['value']} ({latest['year']})")
    check(page["charts"] > 0, f"the profile of {code} draws no chart")
    ldc = page["header"].index("LDCs")
    check(page["row"]["cells"][ldc].endswith("of population observed)") or page["row"]["cells"][ldc] == "no published value",
          f"the LDC figure should say how much of it is observed: {page['row']['cells'][ldc]!r}")
    pledges = http("GET", f"{base}/api/v1/pledges?economy={code}&limit=20")
    check(page["pledges"] == len(pledges["items"]), f"the profile lists {page['pledges']} pledges, the API {len(pledges['items'])}")
    check(len(groups) >= 3, f"{code} should be in several groups: {[g['code'] for g in groups]}")


NARROW = """
const svgs = [...document.querySelectorAll('svg.p2c-chart')];
const scales = svgs.map((s) => s.getBoundingClientRect().width / s.viewBox.baseVal.width);
return {charts: svgs.length, smallest: Math.min(...scales), pageWidth: document.documentElement.scrollWidth,
        viewport: window.innerWidth};
"""


def check_narrow(browser, base, out):
    """At 400 px wide, charts keep their drawn size (text at 11 px or more) and scroll inside their box; the page
    itself never scrolls sideways."""
    browser.resize(400, 900)
    browser.go(base + "/")
    settled(browser, "s.marks > 0", "the dashboard at 400 px")
    page = browser.run(NARROW)
    browser.screenshot(os.path.join(out, "dashboard-400px.png"))
    check(page["charts"] > 0 and page["smallest"] >= 0.99, f"charts shrunk at 400 px (scale {page['smallest']:.2f}): "
          "their 11 px text would be smaller")
    check(page["pageWidth"] <= page["viewport"] + 1,
          f"the page scrolls sideways at 400 px: {page['pageWidth']} px of content in {page['viewport']} px")


TRANSFER = """
const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
const mark = performance.getEntriesByName('p2c-first-screen')[0];
return {first: mark ? mark.startTime : null,
        entries: entries.map((e) => ({name: e.name, start: e.startTime, transfer: e.transferSize, encoded: e.encodedBodySize,
                                      decoded: e.decodedBodySize}))};
"""


def check_transfer(browser):
    """The first screen (the focus areas) needs fewer than 6 requests and 300 KB; everything is compressed."""
    page = browser.run(TRANSFER)
    check(page["first"] is not None, "the dashboard marks no first screen (performance mark p2c-first-screen)")
    entries = page["entries"]
    first = [e for e in entries if e["start"] <= page["first"]]
    kib = lambda items, key: sum(e[key] for e in items) / 1024
    print(f"first screen: {len(first)} requests, {kib(first, 'transfer'):.0f} KiB transferred "
          f"({kib(first, 'decoded'):.0f} KiB decoded); whole page: {len(entries)} requests, "
          f"{kib(entries, 'transfer'):.0f} KiB transferred")
    check(len(first) < 6 and kib(first, "transfer") < 300,
          f"the first screen should take fewer than 6 requests and 300 KB: {[e['name'] for e in first]}")
    scripts = [e for e in entries if e["name"].endswith(".js")]
    check(scripts and all(e["encoded"] < e["decoded"] for e in scripts),
          f"the dashboard's scripts should come compressed: {scripts}")


def check_group_filter(browser, base, group):
    """With a group chosen, every view shows that group: UMC bands and the furthest-from-target ranking over its
    member economies, the pledge headline for the group; economies are listed by name."""
    groups = {g["code"]: g for g in http("GET", f"{base}/api/v1/entities")["groups"]}
    members = set(groups[group]["members"])
    check(len(members) > 40, f"/api/v1/entities should list the {group} members, lists {sorted(members)}")
    page = browser.run(GROUP_VIEWS)
    check(page["umcBars"] > 0 and f"member economies of {group}" in page["umcText"],
          f"UMC bands with group {group} should count its member economies: {page['umcText'][:300]!r}")
    check(page["gapEconomies"], f"no furthest-from-target ranking for {group}")
    outside = [e for e in page["gapEconomies"] if e not in members]
    check(not outside, f"furthest from target with group {group} ranks economies outside it: {outside}")
    check(page["pledgeHeadline"] == f"{group}s", f"the pledge headline should be {group}'s, is {page['pledgeHeadline']!r}")
    check(page["nepal"] == "Nepal (NPL)", f"economies should be named first: NPL reads {page['nepal']!r}")
    # Sorted by name as the browser collates: compared on the first two letters, accents and case aside.
    def start(label):
        letters = [c for c in unicodedata.normalize("NFKD", label) if c.isalpha()]
        return "".join(letters[:2]).casefold()
    starts = [start(label) for label in page["economyLabels"]]
    check(starts == sorted(starts), f"economies should be sorted by name: {page['economyLabels'][:8]}")


def settled(browser, condition, what):
    script = f"const s = (() => {{{PAGE_STATE}}})(); return (s.ready === 'true' && ({condition})) ? s : null;"
    return browser.wait(script, what)


def select(browser, name, value):
    browser.run("const s = document.getElementById('filter-' + arguments[0]); s.value = arguments[1];"
                "s.dispatchEvent(new Event('change', {bubbles: true}));", name, value)


def check_dashboard(browser, base, args):
    out = args.out
    browser.go(base + "/")
    before = settled(browser, "s.marks > 0", "the dashboard's first charts")
    browser.screenshot(os.path.join(out, "dashboard-before.png"))
    print(f"before: {before['charts']} charts, {before['marks']} marks, series {before['focusSeries']}")
    check(not before["error"], f"the dashboard shows an error: {before['error']}")
    check(before["textAlternatives"], "a chart lacks role=img, <title> or <desc>")
    check("WLD" in before["focusSeries"] and "LDC" in before["focusSeries"],
          f"the focus-area charts should draw WLD and LDC by default, drew {before['focusSeries']}")
    check(any(m.startswith("WLD:") for m in before["internetUse"]), "no WLD series of Internet use")
    check(all(s.endswith("=ready") for s in before["sections"]), f"views not ready: {before['sections']}")
    check_transfer(browser)
    check_published_values(browser, base)
    check_pledges(browser, base)
    check_downloads(browser, base)
    check_share_meeting_target(browser)
    check_palette(browser)
    check_legends(browser)
    errors = severe(browser.browser_log())
    check(not errors, f"browser console errors on load: {errors}")

    select(browser, "group", "LDC")
    after = settled(browser, "s.hash.includes('group=LDC') && s.focusSeries.join() === 'LDC'",
                    "the charts to show the LDC group only")
    browser.screenshot(os.path.join(out, "dashboard-after.png"))
    print(f"after group=LDC: {after['charts']} charts, {after['marks']} marks, series {after['focusSeries']}")
    check(after["internetUse"] and all(m.startswith("LDC:") for m in after["internetUse"]),
          "Internet use should now be drawn for LDC only")
    check(set(after["internetUse"]) < set(before["internetUse"]),
          "the LDC marks should be the LDC marks of the default view, and fewer")
    check(after["marks"] < before["marks"], "filtering to one group should draw fewer marks")

    check_group_filter(browser, base, "LDC")

    select(browser, "focus", "access")
    focused = settled(browser, "s.hash.includes('focus=access') && s.focusHeadings.join() === 'focus-access'",
                      "the focus-area view to show access only")
    browser.screenshot(os.path.join(out, "dashboard-focus-access.png"))
    check(not focused["internetUse"], "Internet use (adoption) should be gone with focus area access")
    check("group=LDC" in focused["hash"], "the group filter should stay in the hash")

    # A linked view opens with its filters.
    browser.go(base + "/#group=SIDS&focus=adoption")
    linked = settled(browser, "s.focusSeries.join() === 'SIDS'", "a linked view (group=SIDS) to load")
    check(linked["focusHeadings"] == ["focus-adoption"], f"linked focus not applied: {linked['focusHeadings']}")
    errors = severe(browser.browser_log())
    check(not errors, f"browser console errors after changing filters: {errors}")

    # The minister's path: a country typed by name, in lower case, opens its profile.
    browser.go(base + "/")
    settled(browser, "s.marks > 0", "the dashboard before looking for a country")
    check_profile(browser, base, "nepal", "NPL", "Nepal")
    browser.screenshot(os.path.join(out, "dashboard-profile.png"))

    # A link naming a group the run does not have: said on the page, and the default view shown.
    browser.go(base + "/#group=NO.SUCH.GROUP")
    unknown = settled(browser, "s.marks > 0", "the view of a link with an unknown group")
    check("NO.SUCH.GROUP" in unknown["error"], f"the unknown group should be reported, error box: {unknown['error']!r}")
    check("WLD" in unknown["focusSeries"], "the default groups should be drawn instead")
    check_narrow(browser, base, out)


if __name__ == "__main__":
    sys.exit(run("dashboard_test", check_dashboard))
