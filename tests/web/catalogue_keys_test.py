#!/usr/bin/env python3
"""Every message the dashboard asks for exists in English (core/web/i18n/en.json): the keys of t('...') in
core/web/*.js and of data-i18n, data-i18n-placeholder and data-i18n-label in index.html. For keys built at run time
(t(`status.${...}`)) at least one English message starts with the fixed part. A key missing here would show as the
key itself on the page.

usage: catalogue_keys_test.py [--web DIR]   (default: core/web of this repository)
"""
import argparse
import json
import pathlib
import re
import sys

LITERAL = re.compile(r"\bt\('([A-Za-z0-9_.]+)'")
TEMPLATE = re.compile(r"\bt\(`([A-Za-z0-9_.]*)\$\{")
ATTRIBUTE = re.compile(r'data-i18n(?:-placeholder|-label)?="([^"]+)"')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--web", type=pathlib.Path,
                        default=pathlib.Path(__file__).resolve().parents[2] / "core" / "web")
    web = parser.parse_args().web
    messages = json.loads((web / "i18n" / "en.json").read_text(encoding="utf-8"))["messages"]
    problems = []
    used = 0
    for path in sorted(web.glob("*.js")) + [web / "index.html"]:
        text = path.read_text(encoding="utf-8")
        pattern = ATTRIBUTE if path.suffix == ".html" else LITERAL
        for key in pattern.findall(text):
            used += 1
            if key not in messages:
                problems.append(f"{path.name}: message '{key}' is not in en.json")
        for prefix in TEMPLATE.findall(text) if path.suffix == ".js" else []:
            if not any(k.startswith(prefix) for k in messages):
                problems.append(f"{path.name}: no message of en.json starts with '{prefix}'")
    if used < 100:
        problems.append(f"only {used} message keys found in {web}: is it the dashboard's folder?")
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{used} message keys used, {len(messages)} English messages, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
