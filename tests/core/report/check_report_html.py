#!/usr/bin/env python3
"""Checks that an HTML report is well formed and self-contained.

usage: check_report_html.py REPORT.html [SECTION_ID ...]

Well formed: every element that is opened is closed, in order (void elements excepted); text and attribute
values hold no raw '<' and no '&' that does not start an entity. Self-contained: no script elements and
no src, href, xlink:href or CSS url() that points to http://, https:// or a protocol-relative //host.
Each SECTION_ID must be the id of a <section>. Exit status 0 when all holds, 1 with one line per problem.
"""
import html.parser
import re
import sys

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# SVG elements that may be written self-closing (<line/>); html.parser reports them via handle_startendtag.
ENTITY = re.compile(r"&(?!(?:[a-zA-Z]+|#[0-9]+|#x[0-9a-fA-F]+);)")
EXTERNAL = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"url\(\s*['\"]?\s*(?:https?:)?//", re.IGNORECASE)


class Checker(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.stack = []
        self.problems = []
        self.sections = set()
        self.in_style = False

    def where(self):
        line, column = self.getpos()
        return f"line {line}, column {column + 1}"

    def check_attributes(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in ("src", "href", "xlink:href", "action", "poster", "data") and EXTERNAL.match(value):
                self.problems.append(f"{self.where()}: <{tag} {name}=\"{value}\"> refers to an external resource")
            if name == "style" and CSS_URL.search(value):
                self.problems.append(f"{self.where()}: <{tag}> style loads an external url()")
        if tag == "section":
            self.sections.add(dict(attrs).get("id"))

    def check_raw_attributes(self):
        text = self.get_starttag_text() or ""
        for value in re.findall(r'=\s*"([^"]*)"', text):
            if "<" in value:
                self.problems.append(f"{self.where()}: raw '<' in an attribute value: {value[:60]!r}")
            if ENTITY.search(value):
                self.problems.append(f"{self.where()}: unescaped '&' in an attribute value: {value[:60]!r}")

    def handle_starttag(self, tag, attrs):
        self.check_attributes(tag, attrs)
        self.check_raw_attributes()
        if tag == "script":
            self.problems.append(f"{self.where()}: <script> in a report that must work without scripts")
        if tag == "style":
            self.in_style = True
        if tag not in VOID:
            self.stack.append((tag, self.where()))

    def handle_startendtag(self, tag, attrs):
        self.check_attributes(tag, attrs)
        self.check_raw_attributes()

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False
        if tag in VOID:
            return
        if not self.stack:
            self.problems.append(f"{self.where()}: </{tag}> closes nothing")
            return
        opened, at = self.stack.pop()
        if opened != tag:
            self.problems.append(f"{self.where()}: </{tag}> closes <{opened}> opened at {at}")

    def handle_data(self, data):
        if self.in_style:
            if CSS_URL.search(data) or "@import" in data:
                self.problems.append(f"{self.where()}: the stylesheet loads an external resource")
            return
        if ENTITY.search(data):
            self.problems.append(f"{self.where()}: unescaped '&' in text: {data[:60]!r}")
        if ">" in data and "<" in data:
            self.problems.append(f"{self.where()}: markup-like text: {data[:60]!r}")


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        text = f.read()
    checker = Checker()
    if not text.startswith("<!DOCTYPE html>"):
        checker.problems.append("line 1: the document does not start with <!DOCTYPE html>")
    checker.feed(text)
    checker.close()
    for tag, at in checker.stack:
        checker.problems.append(f"<{tag}> opened at {at} is never closed")
    for section in argv[2:]:
        if section not in checker.sections:
            checker.problems.append(f"no <section id=\"{section}\">")
    for problem in checker.problems:
        print(f"{argv[1]}: {problem}")
    return 1 if checker.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
