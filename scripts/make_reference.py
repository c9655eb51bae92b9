#!/usr/bin/env python3
"""Generate p2c's reference data (economies, groups, group memberships) from public source files.

Usage:
    scripts/make_reference.py [--shared DIR] [--out DIR]

    --shared DIR  folder holding the public source files (default: <repo>/../shared/data), read:
                    un-m49/UNSD-m49.csv                    UN M49 standard (UTF-8 with BOM; codes zero-padded;
                                                           LDC / LLDC / SIDS flagged 'x')
                    itu-prices/itu_affordability_latest.csv ITU ICT price baskets, Dec 2025 release: ITU region
                                                           and World Bank income group 2025 per ISO3
    --out DIR     folder to write into (default: <repo>/config/reference); created if missing.

Writes, deterministically (rows sorted, LF line ends, UTF-8 without BOM, CSV quoted only where needed):
    economies.csv    iso3,m49,name              one row per M49 row that has an ISO3 code
    groups.csv       code,name,family           WLD, LDC/LLDC/SIDS, UN.<m49 code>, ITU.<region>, WB.<income>
    memberships.csv  group,iso3,from_year,to_year
                     inclusive years during which the economy counts as a member in annual aggregates;
                     empty = open-ended
    README.md        provenance, formats, the membership-year rule and the known limits

Membership-year rule: an economy counts as a member for year Y if it held the status for most of Y.
A graduation dated in the second half of its year (on or after 1 July) therefore gives to_year = that
year (Bhutan, 13 Dec 2023 -> 2023); one dated in the first half gives to_year = the year before
(Maldives, 1 Jan 2011 -> 2010; Equatorial Guinea, 4 Jun 2017 -> 2016). The only dated membership
changes are the LDC graduations in LDC_GRADUATIONS below; nothing else is dated.

Sanity checks (exit status 1 with a message on stderr, nothing written): the M49 file has the expected
counts of LDC / LLDC / SIDS flags; ISO3 and M49 codes are unique; region codes have one name each; every
ITU region and income-group value of the price file is known; every graduation in the table names an
economy of the M49 file; every membership's iso3 is an economy and every group used is defined.
Economies of the price file that are not in the M49 file are skipped with a note on stderr.

Python 3 standard library only. Re-run after replacing a source file, then commit the output;
tests/scripts/make_reference_test.sh checks that the committed files are reproducible.
"""

import argparse
import csv
import hashlib
import io
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

M49_FILE = Path("un-m49") / "UNSD-m49.csv"
PRICES_FILE = Path("itu-prices") / "itu_affordability_latest.csv"

# Flag counts of the current M49 file (about Sep 2024). A different count means the file changed:
# review the graduation table below, then update these.
EXPECTED_FLAG_COUNTS = {"LDC": 45, "LLDC": 32, "SIDS": 53}
M49_FLAG_COLUMNS = {
    "LDC": "Least Developed Countries (LDC)",
    "LLDC": "Land Locked Developing Countries (LLDC)",
    "SIDS": "Small Island Developing States (SIDS)",
}
# The M49 file reflects the LDC list as of about this year: an economy that graduated before it must no
# longer be flagged there.
M49_FILE_AS_OF_YEAR = 2024

# LDC graduations: (iso3, name as in the M49 file, year, month, day or None when only the month is known).
# Source: UN Committee for Development Policy, "LDC graduation" (un.org/development/desa/dpad/
# least-developed-country-category/ldc-graduation), and UN-OHRLLS, list of economies graduated from the
# LDC category (un.org/ohrlls). Dates are the dates graduation took effect.
LDC_GRADUATIONS = [
    ("BWA", "Botswana", 1994, 12, None),
    ("CPV", "Cabo Verde", 2007, 12, 20),
    ("MDV", "Maldives", 2011, 1, 1),
    ("WSM", "Samoa", 2014, 1, 1),
    ("GNQ", "Equatorial Guinea", 2017, 6, 4),
    ("VUT", "Vanuatu", 2020, 12, 4),
    ("BTN", "Bhutan", 2023, 12, 13),
    ("STP", "Sao Tome and Principe", 2024, 12, 13),
]

UN_LIST_GROUPS = [
    ("LDC", "Least Developed Countries"),
    ("LLDC", "Landlocked Developing Countries"),
    ("SIDS", "Small Island Developing States"),
]

# itu_region value in the price file -> (group code, group name). "Other Economies" is no region.
ITU_REGIONS = {
    "Africa": ("ITU.AFR", "Africa"),
    "The Americas": ("ITU.AMS", "Americas"),
    "Arab States": ("ITU.ARB", "Arab States"),
    "Asia & Pacific": ("ITU.ASP", "Asia & Pacific"),
    "CIS countries": ("ITU.CIS", "CIS"),
    "Europe countries": ("ITU.EUR", "Europe"),
}
ITU_NO_REGION = "Other Economies"

# wb_income_2025 value in the price file -> (group code, group name). Empty: not classified.
WB_INCOME = {
    "High income": ("WB.HIC", "High income"),
    "Upper middle income": ("WB.UMC", "Upper middle income"),
    "Lower middle income": ("WB.LMC", "Lower middle income"),
    "Low income": ("WB.LIC", "Low income"),
}

# UN M49 levels: (code column, name column, family).
UN_LEVELS = [
    ("Region Code", "Region Name", "un_region"),
    ("Sub-region Code", "Sub-region Name", "un_subregion"),
    ("Intermediate Region Code", "Intermediate Region Name", "un_intermediate_region"),
]


class CheckError(Exception):
    """A sanity check failed: the sources are not what this script was written for."""


def graduation_to_year(year, month):
    """Last year counted as an LDC: the graduation year if it falls in the second half of it."""
    return year if month >= 7 else year - 1


def graduation_date_text(year, month, day):
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"]
    return f"{day} {months[month - 1]} {year}" if day else f"{months[month - 1]} {year}"


def read_csv(path, encoding):
    try:
        with open(path, encoding=encoding, newline="") as f:
            return list(csv.DictReader(f))
    except FileNotFoundError:
        raise CheckError(f"source file not found: {path}")


def require_columns(rows, path, columns):
    missing = [c for c in columns if rows and c not in rows[0]]
    if not rows or missing:
        raise CheckError(f"{path}: empty or missing columns {missing}")


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def build(shared):
    """Reads the sources and returns (economies, groups, memberships, facts); raises CheckError."""
    m49_path = shared / M49_FILE
    prices_path = shared / PRICES_FILE
    # utf-8-sig strips the BOM of the M49 file.
    m49 = read_csv(m49_path, "utf-8-sig")
    prices = read_csv(prices_path, "utf-8-sig")
    require_columns(m49, m49_path, ["Country or Area", "M49 Code", "ISO-alpha3 Code"]
                    + [c for level in UN_LEVELS for c in level[:2]] + list(M49_FLAG_COLUMNS.values()))
    require_columns(prices, prices_path, ["iso3", "economy", "itu_region", "wb_income_2025"])

    economies = {}  # iso3 -> (m49, name)
    seen_m49 = set()
    groups = {"WLD": ("World", "world")}
    for code, name in UN_LIST_GROUPS:
        groups[code] = (name, "un_list")
    memberships = set()  # (group, iso3, from_year, to_year)
    flagged = {key: set() for key in M49_FLAG_COLUMNS}
    no_un_region = []

    for row in m49:
        iso3 = row["ISO-alpha3 Code"].strip()
        if not iso3:
            continue
        m49_code = row["M49 Code"].strip()
        name = row["Country or Area"].strip()
        if len(iso3) != 3 or not iso3.isalpha() or not iso3.isupper():
            raise CheckError(f"{m49_path}: bad ISO3 code {iso3!r} for {name}")
        if len(m49_code) != 3 or not m49_code.isdigit():
            raise CheckError(f"{m49_path}: M49 code {m49_code!r} of {iso3} is not a zero-padded 3-digit code")
        if iso3 in economies or m49_code in seen_m49:
            raise CheckError(f"{m49_path}: duplicate economy {iso3} / {m49_code}")
        economies[iso3] = (m49_code, name)
        seen_m49.add(m49_code)
        memberships.add(("WLD", iso3, "", ""))

        placed = False
        for code_col, name_col, family in UN_LEVELS:
            code = row[code_col].strip()
            if not code:
                continue
            if len(code) != 3 or not code.isdigit():
                raise CheckError(f"{m49_path}: {code_col} {code!r} of {iso3} is not a zero-padded 3-digit code")
            group = f"UN.{code}"
            entry = (row[name_col].strip(), family)
            if groups.setdefault(group, entry) != entry:
                raise CheckError(f"{m49_path}: {group} named both {groups[group]} and {entry}")
            memberships.add((group, iso3, "", ""))
            placed = True
        if not placed:
            no_un_region.append(iso3)

        for key, column in M49_FLAG_COLUMNS.items():
            flag = row[column].strip()
            if flag not in ("", "x"):
                raise CheckError(f"{m49_path}: unexpected {key} flag {flag!r} for {iso3}")
            if flag == "x":
                flagged[key].add(iso3)

    counts = {key: len(members) for key, members in flagged.items()}
    print("M49 flags: " + ", ".join(f"{key} {counts[key]}" for key in M49_FLAG_COLUMNS))
    wrong = {k: (counts[k], n) for k, n in EXPECTED_FLAG_COUNTS.items() if counts[k] != n}
    if wrong:
        raise CheckError("M49 flag counts differ from the expected ones (found, expected): "
                         + ", ".join(f"{k} {v}" for k, v in wrong.items())
                         + "; the M49 file changed: review LDC_GRADUATIONS and EXPECTED_FLAG_COUNTS")

    for key in ("LLDC", "SIDS"):
        for iso3 in flagged[key]:
            memberships.add((key, iso3, "", ""))

    graduated = {}
    for iso3, name, year, month, _day in LDC_GRADUATIONS:
        if iso3 not in economies:
            raise CheckError(f"LDC graduation of {iso3} ({name}): not an economy of {m49_path}")
        if economies[iso3][1] != name:
            raise CheckError(f"LDC graduation of {iso3}: named {name!r} here but {economies[iso3][1]!r} in {m49_path}")
        if iso3 in flagged["LDC"] and year < M49_FILE_AS_OF_YEAR:
            raise CheckError(f"{iso3} graduated in {year} but is still flagged LDC in {m49_path}")
        graduated[iso3] = graduation_to_year(year, month)
    for iso3 in flagged["LDC"] | graduated.keys():
        to_year = graduated.get(iso3)
        memberships.add(("LDC", iso3, "", "" if to_year is None else str(to_year)))

    for group, name in list(ITU_REGIONS.values()) + list(WB_INCOME.values()):
        groups[group] = (name, "itu_region" if group.startswith("ITU.") else "wb_income")

    skipped, no_itu_region, no_income = [], [], []
    seen_prices = set()
    for row in prices:
        iso3 = row["iso3"].strip()
        region = row["itu_region"].strip()
        income = row["wb_income_2025"].strip()
        if iso3 in seen_prices:
            raise CheckError(f"{prices_path}: duplicate row for {iso3}")
        seen_prices.add(iso3)
        if region not in ITU_REGIONS and region != ITU_NO_REGION:
            raise CheckError(f"{prices_path}: unknown itu_region {region!r} for {iso3}")
        if income not in WB_INCOME and income != "":
            raise CheckError(f"{prices_path}: unknown wb_income_2025 {income!r} for {iso3}")
        if iso3 not in economies:
            skipped.append(f"{iso3} ({row['economy'].strip()})")
            continue
        if region in ITU_REGIONS:
            memberships.add((ITU_REGIONS[region][0], iso3, "", ""))
        else:
            no_itu_region.append(iso3)
        if income:
            memberships.add((WB_INCOME[income][0], iso3, "", ""))
        else:
            no_income.append(iso3)
    not_in_prices = sorted(set(economies) - seen_prices)

    for group, iso3, _from, _to in memberships:
        if iso3 not in economies:
            raise CheckError(f"membership {group} {iso3}: {iso3} is not an economy")
        if group not in groups:
            raise CheckError(f"membership {group} {iso3}: group {group} is not defined")
    unused = sorted(g for g in groups if not any(m[0] == g for m in memberships))
    if unused:
        raise CheckError(f"groups without members: {unused}")

    def note(label, items):
        if items:
            print(f"note: {label} ({len(items)}): {' '.join(sorted(items))}", file=sys.stderr)

    note(f"skipped, in {PRICES_FILE} but not in {M49_FILE}", skipped)
    note(f"economies with no UN region in {M49_FILE}", no_un_region)
    note(f"economies not in {PRICES_FILE} (no ITU region, no income group)", not_in_prices)
    note(f"economies with ITU region '{ITU_NO_REGION}' (no ITU region)", no_itu_region)
    note("economies with an empty wb_income_2025 (no income group)", no_income)

    facts = {
        "m49_path": m49_path, "prices_path": prices_path, "flag_counts": counts, "skipped": sorted(skipped),
        "no_un_region": sorted(no_un_region), "not_in_prices": not_in_prices,
        "no_itu_region": sorted(no_itu_region), "no_income": sorted(no_income),
    }
    return economies, groups, memberships, facts


def csv_text(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def membership_key(row):
    group, iso3, from_year, to_year = row
    return (group, iso3, from_year.zfill(4), to_year.zfill(4))


def readme_text(economies, groups, memberships, facts):
    families = {}
    for _name, family in groups.values():
        families[family] = families.get(family, 0) + 1
    graduation_rows = "\n".join(
        f"| {iso3} | {name} | {graduation_date_text(year, month, day)} | {graduation_to_year(year, month)} |"
        for iso3, name, year, month, day in LDC_GRADUATIONS)

    def listing(items):
        return ", ".join(items) if items else "none"

    return f"""# Reference data: economies, groups, memberships

Generated by `scripts/make_reference.py` from public source files; do not edit by hand. To regenerate, from
the repository root, with the shared data beside the repository (`../shared/data`):

    scripts/make_reference.py                      # or: --shared DIR --out DIR

then commit the changed files. `tests/scripts/make_reference_test.sh` checks that these files are exactly
what the script produces from the source files.

## Sources

| file | what | source | licence | SHA-256 of the file used |
|---|---|---|---|---|
| `un-m49/UNSD-m49.csv` | UN M49 standard: regions, sub-regions, intermediate regions, ISO3, LDC / LLDC / SIDS flags | UN Statistics Division, M49 overview export (as mirrored in the public `datasets/country-codes` repository, file `tmp/UNSD-en.csv`), as of about Sep 2024 | UN data, free reuse | `{sha256(facts["m49_path"])}` |
| `itu-prices/itu_affordability_latest.csv` | ITU region and World Bank income group 2025 per ISO3 | ITU ICT Price Baskets, Dec 2025 release (itu.int, ITU-D Statistics, ICT prices), as tabulated in the public repository `Noah-TaeHwan/affording-generative-ai` (`data/raw/itu/itu_affordability_latest.csv`) | (c) ITU; figures | `{sha256(facts["prices_path"])}` |
| LDC graduation table (in the script) | dates LDCs graduated | UN Committee for Development Policy, "LDC graduation"; UN-OHRLLS | facts (dates) | |

## Files

All files: UTF-8 without BOM, LF line ends, comma-separated with a header row, fields quoted only where
needed (names holding a comma), rows sorted.

- `economies.csv`: `iso3,m49,name`, one row per row of the M49 file that has an ISO3 code ({len(economies)}
  economies, including territories and Antarctica). `m49` is the zero-padded 3-digit code as a string
  (`004`); `name` is the M49 "Country or Area". Sorted by `iso3`.
- `groups.csv`: `code,name,family`, {len(groups)} groups, sorted by `code`:

  | family | codes | count | from |
  |---|---|---|---|
  | `world` | `WLD` World | {families.get("world", 0)} | every economy |
  | `un_list` | `LDC`, `LLDC`, `SIDS` | {families.get("un_list", 0)} | M49 flags, LDC graduation table |
  | `un_region` | `UN.<M49 code>`, e.g. `UN.002` Africa | {families.get("un_region", 0)} | M49 file |
  | `un_subregion` | `UN.<M49 code>`, e.g. `UN.202` Sub-Saharan Africa | {families.get("un_subregion", 0)} | M49 file |
  | `un_intermediate_region` | `UN.<M49 code>`, e.g. `UN.011` Western Africa | {families.get("un_intermediate_region", 0)} | M49 file |
  | `itu_region` | `ITU.AFR`, `ITU.AMS`, `ITU.ARB`, `ITU.ASP`, `ITU.CIS`, `ITU.EUR` | {families.get("itu_region", 0)} | price file `itu_region` |
  | `wb_income` | `WB.HIC`, `WB.UMC`, `WB.LMC`, `WB.LIC` | {families.get("wb_income", 0)} | price file `wb_income_2025` |

  ITU regions map from the price file's values: Africa -> `ITU.AFR`, The Americas -> `ITU.AMS`, Arab States
  -> `ITU.ARB`, Asia & Pacific -> `ITU.ASP`, CIS countries -> `ITU.CIS`, Europe countries -> `ITU.EUR`;
  "Other Economies" is no region.
- `memberships.csv`: `group,iso3,from_year,to_year` ({len(memberships)} rows, sorted by group, then iso3).
  `from_year` and `to_year` are the inclusive years during which the economy counts as a member of the group in
  annual aggregates; empty means open-ended. Every `group` is in `groups.csv`, every `iso3` in `economies.csv`.

## Membership years

Only LDC membership is dated; every other membership is open-ended (valid for all years). LDC members are
the economies flagged in the M49 file plus those in the graduation table, all with an empty `from_year`.

Rule: an economy counts as a member for year Y if it held the status for most of Y. A graduation taking
effect in the second half of a year (on or after 1 July) gives `to_year` = that year; one in the first half
gives `to_year` = the year before. Graduated economies no longer flagged in the M49 file are added with
that `to_year`; Sao Tome and Principe, still flagged in the M49 file (as of about Sep 2024), gets 2024.

| iso3 | economy | graduation took effect | to_year |
|---|---|---|---|
{graduation_rows}

Source: UN Committee for Development Policy, "LDC graduation"; UN-OHRLLS. No other membership change is
recorded.

## Known limits

- The World Bank income classification of 2025 (`wb_income_2025` of the price file) is applied to every year.
- ITU regions are as of the Dec 2025 ITU ICT Price Baskets release, applied to every year.
- UN regions, LLDC and SIDS are as in the M49 file, applied to every year; LDC entry years are not recorded
  (`from_year` empty), so an economy counts as an LDC for every year up to its graduation, including years
  before it joined the list (South Sudan, independent since 2011, counts for earlier years too).
- Skipped from the price file (not in the M49 file, so no economy here): {listing(facts["skipped"])}.
- No UN region in the M49 file: {listing(facts["no_un_region"])}.
- No ITU region and no income group (not in the price file): {listing(facts["not_in_prices"])}.
- No ITU region (price file "Other Economies"): {listing(facts["no_itu_region"])}.
- No income group (empty `wb_income_2025` in the price file): {listing(facts["no_income"])}.
"""


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Generate config/reference (economies, groups, memberships) from the public UN M49 and "
                    "ITU price-basket files.")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data",
                        help="folder of the public source files (default: <repo>/../shared/data)")
    parser.add_argument("--out", type=Path, default=REPO / "config" / "reference",
                        help="output folder (default: <repo>/config/reference)")
    args = parser.parse_args(argv)

    try:
        economies, groups, memberships, facts = build(args.shared)
    except CheckError as error:
        print(f"make_reference.py: error: {error}", file=sys.stderr)
        return 1

    outputs = {
        "economies.csv": csv_text(["iso3", "m49", "name"],
                                  [(iso3, m49, name) for iso3, (m49, name) in sorted(economies.items())]),
        "groups.csv": csv_text(["code", "name", "family"],
                               [(code, name, family) for code, (name, family) in sorted(groups.items())]),
        "memberships.csv": csv_text(["group", "iso3", "from_year", "to_year"],
                                    sorted(memberships, key=membership_key)),
        "README.md": readme_text(economies, groups, memberships, facts),
    }
    os.makedirs(args.out, exist_ok=True)
    for name, text in outputs.items():
        with open(args.out / name, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    print(f"wrote {len(economies)} economies, {len(groups)} groups, {len(memberships)} memberships to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
