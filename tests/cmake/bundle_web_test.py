#!/usr/bin/env python3
"""cmake/bundle_web.py: modules joined in dependency order, each in its own scope, imports bound to exports (aliases
too), and module syntax it does not handle refused with the file and line. When node is installed, the bundle of a
small module graph is run and must print what the modules compute."""
import pathlib
import shutil
import subprocess
import sys
import tempfile

BUNDLER = pathlib.Path(__file__).resolve().parents[2] / "cmake" / "bundle_web.py"

MODULES = {
    "entry.js": "import { twice } from './maths.js';\nimport {\n  label as name,\n} from './words.js';\n"
                "console.log(name(twice(21)));\n",
    "maths.js": "import { label } from './words.js';\nexport const twice = (n) => 2 * n;\n"
                "export function unused() { return label(0); }\n",
    "words.js": "const secret = 'n=';\nexport function label(n) { return secret + n; }\n",
}


def bundle(folder, entry="entry.js"):
    out = folder / "out.js"
    done = subprocess.run([sys.executable, str(BUNDLER), str(folder / entry), str(out)], capture_output=True,
                          text=True)
    return done, (out.read_text(encoding="utf-8") if out.exists() else "")


def check(condition, message):
    if not condition:
        print(f"bundle_web_test: FAILED: {message}", file=sys.stderr)
        sys.exit(1)


def main():
    with tempfile.TemporaryDirectory() as name:
        folder = pathlib.Path(name)
        for file, text in MODULES.items():
            (folder / file).write_text(text, encoding="utf-8")
        done, text = bundle(folder)
        check(done.returncode == 0, f"the bundler failed: {done.stderr}")
        order = [text.index(f"const module_{m} =") for m in ("words", "maths", "entry")]
        check(order == sorted(order), "modules should come after the modules they import")
        check("import " not in text and "export " not in text, "import and export statements should be gone")
        check("const { label: name } = module_words;" in text, "an aliased import should bind the alias")
        check("return { label };" in text and "return { twice, unused };" in text, "each module returns its exports")
        if shutil.which("node"):
            ran = subprocess.run(["node", str(folder / "out.js")], capture_output=True, text=True)
            check(ran.stdout.strip() == "n=42", f"the bundle should print n=42, printed {ran.stdout!r} {ran.stderr}")

        (folder / "words.js").write_text("export default function label() {}\n", encoding="utf-8")
        done, _ = bundle(folder)
        check(done.returncode == 1 and "words.js:1: a module statement this bundler does not handle" in done.stderr,
              f"export default should be refused with file and line: {done.stderr!r}")
        (folder / "words.js").write_text("import { twice } from './maths.js';\nexport const label = 1;\n",
                                         encoding="utf-8")
        done, _ = bundle(folder)
        check(done.returncode == 1 and "imports form a cycle" in done.stderr, f"a cycle should be refused: {done.stderr}")
    print("bundle_web_test: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
