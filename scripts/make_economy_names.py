#!/usr/bin/env python3
"""Write core/web/i18n/economy-names.csv: each economy's short name in the five UN languages other than English.

Usage:
    scripts/make_economy_names.py [--shared DIR] [--out FILE]

    --shared DIR  folder of the public source files (default: <repo>/../shared/data); reads
                  un-m49/country-codes.csv, the `datasets/country-codes` table (ODC-PDDL) that carries the UN
                  Terminology Database (UNTERM) short names in the six UN languages
    --out FILE    default: <repo>/core/web/i18n/economy-names.csv

Each economy of config/reference/economies.csv gets, per language, its UNTERM short name ("UNTERM French Short"),
or, where UNTERM has none (territories such as Aruba, and a few states), the file's `official_name_<lang>` column.
French UNTERM short names carry the article for use in a sentence ("Népal (le)"); a name standing alone drops it.
English names stay those of the reference data (the M49 "Country or Area"), so that there is one English name.
The `source` column says which columns a row comes from. Rows sorted by iso3, UTF-8, LF line ends.

Fails (exit 1, nothing written) when an economy of the reference data is missing from the source file or has no
name in a language. Python 3 standard library only.
"""
import argparse
import csv
import hashlib
import io
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCE = Path("un-m49") / "country-codes.csv"
# Output column, UNTERM language word, the fallback column's suffix.
LANGUAGES = [("ar", "Arabic", "ar"), ("es", "Spanish", "es"), ("fr", "French", "fr"), ("ru", "Russian", "ru"),
             ("zh", "Chinese", "cn")]
FRENCH_ARTICLE = re.compile(r"\s*\((?:le|la|les|l')\)$")


def names_table(source_rows, economies):
    by_iso3 = {row["ISO3166-1-Alpha-3"]: row for row in source_rows if row["ISO3166-1-Alpha-3"]}
    table = []
    for iso3 in economies:
        row = by_iso3.get(iso3)
        if row is None:
            raise ValueError(f"{iso3}: not in {SOURCE}")
        names, fallback = [], False
        for code, word, suffix in LANGUAGES:
            name = row[f"UNTERM {word} Short"].strip()
            if not name:
                name = row[f"official_name_{suffix}"].strip()
                fallback = True
            if not name:
                raise ValueError(f"{iso3}: no {word} name in {SOURCE}")
            names.append(FRENCH_ARTICLE.sub("", name) if code == "fr" else name)
        table.append([iso3, *names, "official_name" if fallback else "unterm"])
    return table


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=REPO / "core" / "web" / "i18n" / "economy-names.csv")
    args = parser.parse_args(argv)
    source = args.shared / SOURCE
    with open(REPO / "config" / "reference" / "economies.csv", encoding="utf-8", newline="") as f:
        economies = [row["iso3"] for row in csv.DictReader(f)]
    try:
        with open(source, encoding="utf-8-sig", newline="") as f:
            table = names_table(list(csv.DictReader(f)), economies)
    except (OSError, ValueError, KeyError) as error:
        print(f"make_economy_names.py: error: {error}", file=sys.stderr)
        return 1
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["iso3", *(code for code, _, _ in LANGUAGES), "source"])
    writer.writerows(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(out.getvalue(), encoding="utf-8")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    print(f"wrote {len(table)} economies to {args.out} from {SOURCE} (SHA-256 {digest})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
