#!/usr/bin/env python3
"""Joins the dashboard's ES modules (core/web/*.js, from an entry module along its static imports) into one script,
so that a browser loads the dashboard in one request instead of one per module. Each module keeps its own scope (a
function whose result is its exports); dependencies come first. The modules stay plain ES modules, served as they
are too: this is packaging, not a build step the code needs.

Understood, as the dashboard writes them: `import { a, b as c } from './x.js';` (on one or several lines) and
`export` before `function`, `async function`, `const`, `let` or `class` at the start of a line. Anything else that
looks like a module statement (`export default`, `export {`, `import x from`, a dynamic import of a module) is
refused with the file and line, so a new form cannot slip through half-bundled.

usage: bundle_web.py ENTRY.js OUTPUT.js
"""
import pathlib
import re
import sys

IMPORT = re.compile(r"^import\s*\{([^}]*)\}\s*from\s*'\./([A-Za-z0-9_]+)\.js';[ \t]*$", re.MULTILINE)
EXPORT = re.compile(r"^export\s+(?:async\s+)?(function|const|let|class)\s+([A-Za-z_$][\w$]*)", re.MULTILINE)
UNSUPPORTED = re.compile(r"^(export\s+(default|\{|\*)|import\s+[^{\s(])|\bimport\(\s*'\./", re.MULTILINE)


class BundleError(Exception):
    pass


def parse(path):
    text = path.read_text(encoding="utf-8")
    bad = UNSUPPORTED.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise BundleError(f"{path}:{line}: a module statement this bundler does not handle: {bad.group(0)!r}")
    imports = [(m.group(2), [name.strip() for name in m.group(1).split(",") if name.strip()])
               for m in IMPORT.finditer(text)]
    exports = [m.group(2) for m in EXPORT.finditer(text)]
    body = EXPORT.sub(lambda m: m.group(0)[len("export"):].lstrip(), IMPORT.sub("", text))
    return imports, exports, body


def ordered(entry):
    """Modules in an order where each comes after those it imports."""
    order, visiting = [], set()

    def visit(name):
        if name in order:
            return
        if name in visiting:
            raise BundleError(f"{name}.js: imports form a cycle")
        visiting.add(name)
        path = entry.parent / f"{name}.js"
        if not path.is_file():
            raise BundleError(f"{path}: imported but not found")
        for dependency, _ in parse(path)[0]:
            visit(dependency)
        visiting.discard(name)
        order.append(name)

    visit(entry.stem)
    return order


def bundle(entry):
    parts = [f"// Generated from core/web/{entry.name} and the modules it imports by cmake/bundle_web.py. Do not edit.\n"
             "'use strict';\n"]
    for name in ordered(entry):
        imports, exports, body = parse(entry.parent / f"{name}.js")
        bindings = "".join(
            f"const {{ {', '.join(n.replace(' as ', ': ') for n in names)} }} = module_{dependency};\n"
            for dependency, names in imports)
        parts.append(f"const module_{name} = (() => {{\n{bindings}{body}\nreturn {{ {', '.join(exports)} }};\n}})();\n")
    return "".join(parts)


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    try:
        text = bundle(pathlib.Path(argv[1]))
    except BundleError as e:
        print(f"bundle_web.py: error: {e}", file=sys.stderr)
        return 1
    output = pathlib.Path(argv[2])
    if not output.exists() or output.read_text(encoding="utf-8") != text:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
