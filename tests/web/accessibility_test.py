#!/usr/bin/env python3
"""Accessibility of the dashboard and the report, in English and in Arabic (right to left), checked with axe-core in
a real browser (webdriver.py): no serious or critical violation of the WCAG 2.1 A and AA rules axe tests.

axe-core is a test-only tool: tests/web/package.json pins it, `npm ci --prefix tests/web` (scripts/install-deps.sh)
puts it in tests/web/node_modules, and this test loads it into each page; p2c ships none of it. The report pages are
written by `p2c report` from the run history of the service the test starts (not with --url).

usage: accessibility_test.py --p2c EXE --config FILE --out DIR [--url URL]
"""
import json
import os
import sys

from webdriver import Failure, check, run, write_report

AXE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "node_modules", "axe-core", "axe.min.js")
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}

AUDIT = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
  .then((r) => done(r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                                               nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' '))}))),
        (e) => done({error: String(e)}));
"""

READY = """
return document.body.dataset.ready === 'true' &&
  [...document.querySelectorAll('main section:not([hidden])')].every((s) => s.dataset.state !== 'loading');
"""


def audit(browser, what, out):
    with open(AXE, encoding="utf-8") as f:
        browser.run(f.read() + "\nreturn true;")
    violations = browser.run_async(AUDIT, RULES)
    if isinstance(violations, dict):
        raise Failure(f"axe-core failed on {what}: {violations['error']}")
    name = what.replace(" ", "-").replace("/", "-")
    with open(os.path.join(out, f"axe-{name}.json"), "w", encoding="utf-8") as f:
        json.dump(violations, f, ensure_ascii=False, indent=2)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    check(not blocking, f"{what}: {len(blocking)} serious or critical accessibility violations: {blocking}")
    others = ", ".join(f"{v['id']} ({v['impact']})" for v in violations) or "none"
    print(f"{what}: no serious or critical violation; minor or moderate: {others}")


def check_accessibility(browser, base, args):
    out = args.out
    check(os.path.exists(AXE), f"axe-core is not installed at {AXE}: run `npm ci --prefix tests/web` "
                               "(scripts/install-deps.sh does)")
    browser.resize(1400, 1000)
    for lang in ["en", "ar"]:
        for page, what in (("", "dashboard"), ("#/economy/NPL", "profile")):
            browser.go(f"{base}/?lang={lang}{page}")
            browser.wait(READY, f"the {what} in {lang}")
            audit(browser, f"{what} {lang}", out)
    if not args.url:
        for lang in ["en", "ar"]:
            for economy in (None, "NPL"):
                path = write_report(args.p2c, args.config, out, lang, economy)
                browser.go("file://" + os.path.abspath(path))
                audit(browser, f"report {lang}{' ' + economy if economy else ''}", out)
    else:
        print("the report is not checked: with --url the test has no run history to write it from")


if __name__ == "__main__":
    if not os.path.exists(AXE) and os.environ.get("P2C_SKIP_BROWSER_TESTS") == "1":
        print(f"SKIPPED: axe-core is not installed at {AXE}")
        sys.exit(77)
    sys.exit(run("accessibility_test", check_accessibility))
