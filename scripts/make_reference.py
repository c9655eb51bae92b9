#!/usr/bin/env python3
"""Generate p2c's reference data (economies, groups, group memberships) from public source files.

Usage:
    scripts/make_reference.py [--shared DIR] [--sources DIR] [--out DIR]

    --shared DIR  folder holding the public source files (default: <repo>/../shared/data), read:
                    un-m49/UNSD-m49.csv                    UN M49 standard (UTF-8 with BOM; codes zero-padded;
                                                           LDC / LLDC / SIDS flagged 'x')
                    itu-prices/itu_affordability_latest.csv ITU ICT price baskets, Dec 2025 release: ITU region
                                                           and World Bank income group 2025 per ISO3
                    itu-idi-2024/idi2024_indicators.csv    ITU IDI 2024, 170 economies: the ITU region and the
                                                           income group ITU gave each of them
    --sources DIR folder of the source files kept in the repository (default: <repo>/config/reference/sources):
                    sids_ohrlls.csv                        UN-OHRLLS list of SIDS, '#' lines are provenance
    --out DIR     folder to write into (default: <repo>/config/reference); created if missing.

Writes, deterministically (rows sorted, LF line ends, UTF-8 without BOM, CSV quoted only where needed):
    economies.csv    iso3,m49,name              one row per M49 row that has an ISO3 code
    groups.csv       code,name,family           WLD, LDC/LLDC/SIDS, UN.<m49 code>, ITU.<region>, WB.<income>
    memberships.csv  group,iso3,from_year,to_year
                     inclusive years during which the economy counts as a member in annual aggregates;
                     empty = open-ended
    itu-lists.csv    group,iso3,from_year,to_year: ITU's own lists, for [reference] group_lists: SIDS as UN-OHRLLS
                     lists them, income groups as ITU's IDI 2024 classified its economies (to the IDI's reference
                     year, IDI_REFERENCE_YEAR) and the price file's 2025 classification after it
    README.md        provenance, formats, the membership-year rule and the known limits

Membership-year rule: an economy counts as a member for year Y if it held the status for most of Y.
A graduation dated in the second half of its year (on or after 1 July) therefore gives to_year = that
year (Bhutan, 13 Dec 2023 -> 2023); one dated in the first half gives to_year = the year before
(Maldives, 1 Jan 2011 -> 2010; Equatorial Guinea, 4 Jun 2017 -> 2016). The only dated membership
changes of memberships.csv are the LDC graduations in LDC_GRADUATIONS below; itu-lists.csv also dates the SIDS
changes in SIDS_CHANGES (Bahrain, left April 2023 -> 2022) and the income groups (ITU's classification to
IDI_REFERENCE_YEAR, the 2025 classification after it).

Sanity checks (exit status 1 with a message on stderr, nothing written): the M49 file has the expected
counts of LDC / LLDC / SIDS flags; ISO3 and M49 codes are unique; region codes have one name each; every
ITU region and income-group value of the price file is known; every graduation in the table names an
economy of the M49 file; every membership's iso3 is an economy and every group used is defined. For the ITU
lists: the IDI file has the expected 170 economies, known regions and income groups, and each economy's IDI
region equals the price file's; the SIDS list has the expected count, no duplicate, only economies of the M49
file, and equals the price file's SIDS flags for every economy in both.
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
IDI_FILE = Path("itu-idi-2024") / "idi2024_indicators.csv"
SIDS_FILE = "sids_ohrlls.csv"  # in --sources

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

# ITU's lists (itu-lists.csv). The IDI 2024 (ITU, "Measuring digital development: The ICT Development Index 2024")
# scores 170 economies on data of IDI_REFERENCE_YEAR; its Table 1 gives each economy's ITU region and income group.
IDI_REFERENCE_YEAR = 2022
EXPECTED_IDI_ECONOMIES = 170
# income_group value of the IDI file -> group. "n.a.": ITU gave the economy no income group.
IDI_INCOME = {"HI": "WB.HIC", "UMI": "WB.UMC", "LMI": "WB.LMC", "LI": "WB.LIC"}
IDI_NO_INCOME = "n.a."
# itu_region value of the IDI file -> group.
IDI_REGIONS = {"AFR": "ITU.AFR", "AMS": "ITU.AMS", "ARB": "ITU.ARB", "ASP": "ITU.ASP", "CIS": "ITU.CIS",
               "EUR": "ITU.EUR"}

# Entries of the UN-OHRLLS SIDS list (current: 39 States and 18 Associate Members of UN regional commissions).
EXPECTED_SIDS_COUNT = 57
# Economies that left the SIDS list: (iso3, name as in the M49 file, year, month it took effect). They are not in
# the current list; they count as SIDS up to graduation_to_year(year, month), the rule of the LDC graduations.
# Bahrain: removed at its own request in April 2023 (UNCTAD, UN list of SIDS); ITU's IDI 2024 (reference year
# 2022) still counts it.
SIDS_CHANGES = [
    ("BHR", "Bahrain", 2023, 4),
]

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


def read_commented_csv(path):
    """A CSV whose leading lines starting with '#' are provenance notes."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            lines = [line for line in f if not line.startswith("#")]
    except FileNotFoundError:
        raise CheckError(f"source file not found: {path}")
    return list(csv.DictReader(lines))


def build(shared):
    """Reads the sources and returns (economies, groups, memberships, facts); raises CheckError.
    facts["price_income"] and facts["price_region"] map each economy to its group in the price file."""
    m49_path = shared / M49_FILE
    prices_path = shared / PRICES_FILE
    # utf-8-sig strips the BOM of the M49 file.
    m49 = read_csv(m49_path, "utf-8-sig")
    prices = read_csv(prices_path, "utf-8-sig")
    require_columns(m49, m49_path, ["Country or Area", "M49 Code", "ISO-alpha3 Code"]
                    + [c for level in UN_LEVELS for c in level[:2]] + list(M49_FLAG_COLUMNS.values()))
    require_columns(prices, prices_path, ["iso3", "economy", "itu_region", "wb_income_2025", "SIDS"])

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
    price_income, price_region, price_sids = {}, {}, {}
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
        price_sids[iso3] = row.get("SIDS", "").strip() == "1"
        if region in ITU_REGIONS:
            memberships.add((ITU_REGIONS[region][0], iso3, "", ""))
            price_region[iso3] = ITU_REGIONS[region][0]
        else:
            no_itu_region.append(iso3)
        if income:
            memberships.add((WB_INCOME[income][0], iso3, "", ""))
            price_income[iso3] = WB_INCOME[income][0]
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
        "price_income": price_income, "price_region": price_region, "price_sids": price_sids,
    }
    return economies, groups, memberships, facts


def build_itu_lists(shared, sources, economies, groups, memberships, facts):
    """ITU's lists, for [reference] group_lists: returns (rows, facts); raises CheckError.

    SIDS: the UN-OHRLLS list, open-ended, plus the economies of SIDS_CHANGES up to the year they left.
    Income groups: each economy ITU's IDI 2024 classified gets ITU's group up to IDI_REFERENCE_YEAR and the price
    file's 2025 group after it (one open-ended row when the two agree); every other economy keeps its 2025 group
    for every year, as in memberships.csv. ITU regions: the IDI's must equal the price file's (then memberships.csv
    already holds them and the list leaves them out)."""
    idi_path = shared / IDI_FILE
    sids_path = sources / SIDS_FILE
    idi = read_csv(idi_path, "utf-8-sig")
    require_columns(idi, idi_path, ["iso3", "economy", "itu_region", "income_group"])
    sids = read_commented_csv(sids_path)
    require_columns(sids, sids_path, ["iso3", "name"])
    price_income, price_region, price_sids = facts["price_income"], facts["price_region"], facts["price_sids"]
    rows = set()

    idi_income, region_differs = {}, []
    for row in idi:
        iso3 = row["iso3"].strip()
        if iso3 in idi_income:
            raise CheckError(f"{idi_path}: duplicate row for {iso3}")
        if iso3 not in economies:
            raise CheckError(f"{idi_path}: {iso3} is not an economy of {facts['m49_path']}")
        region, income = row["itu_region"].strip(), row["income_group"].strip()
        if region not in IDI_REGIONS:
            raise CheckError(f"{idi_path}: unknown itu_region {region!r} for {iso3}")
        if income not in IDI_INCOME and income != IDI_NO_INCOME:
            raise CheckError(f"{idi_path}: unknown income_group {income!r} for {iso3}")
        idi_income[iso3] = IDI_INCOME.get(income)
        if price_region.get(iso3) != IDI_REGIONS[region]:
            region_differs.append(f"{iso3} ({IDI_REGIONS[region]} in the IDI, {price_region.get(iso3)} in the prices)")
    if len(idi_income) != EXPECTED_IDI_ECONOMIES:
        raise CheckError(f"{idi_path}: {len(idi_income)} economies, expected {EXPECTED_IDI_ECONOMIES}")
    if region_differs:
        raise CheckError(f"ITU regions of {IDI_FILE} and {PRICES_FILE} differ: {', '.join(region_differs)}; "
                         "write the IDI's regions into itu-lists.csv, dated like the income groups")

    reclassified = []  # (iso3, ITU's group, 2025 group or None)
    for iso3 in economies:
        itu, later = idi_income.get(iso3), price_income.get(iso3)
        if itu is not None and itu == later:
            rows.add((itu, iso3, "", ""))
            continue
        if itu is not None:
            rows.add((itu, iso3, "", str(IDI_REFERENCE_YEAR)))
            reclassified.append((iso3, itu, later))
        if later is not None:
            rows.add((later, iso3, "" if itu is None else str(IDI_REFERENCE_YEAR + 1), ""))

    listed = set()
    for row in sids:
        iso3 = row["iso3"].strip()
        if iso3 in listed:
            raise CheckError(f"{sids_path}: {iso3} is listed twice")
        if iso3 not in economies:
            raise CheckError(f"{sids_path}: {iso3} is not an economy of {facts['m49_path']}")
        listed.add(iso3)
        rows.add(("SIDS", iso3, "", ""))
    if len(listed) != EXPECTED_SIDS_COUNT:
        raise CheckError(f"{sids_path}: {len(listed)} entries, expected {EXPECTED_SIDS_COUNT}; the list changed: "
                         "review SIDS_CHANGES and EXPECTED_SIDS_COUNT")
    differs = sorted(iso3 for iso3, flagged in price_sids.items() if iso3 in economies and flagged != (iso3 in listed))
    if differs:
        raise CheckError(f"the SIDS of {sids_path} and the SIDS flags of {PRICES_FILE} differ for {' '.join(differs)}")
    for iso3, name, year, month in SIDS_CHANGES:
        if iso3 not in economies or economies[iso3][1] != name:
            raise CheckError(f"SIDS change of {iso3} ({name}): not an economy of that name in {facts['m49_path']}")
        if iso3 in listed:
            raise CheckError(f"{iso3} left the SIDS list in {year} but is in {sids_path}")
        rows.add(("SIDS", iso3, "", str(graduation_to_year(year, month))))

    for group, iso3, _from, _to in rows:
        if group not in groups:
            raise CheckError(f"ITU list {group} {iso3}: group {group} is not defined")
    m49_sids = {iso3 for group, iso3, _from, _to in memberships if group == "SIDS"}
    lists_facts = {
        "idi_path": idi_path, "sids_path": sids_path, "sids_count": len(listed),
        "reclassified": sorted(reclassified),
        "idi_unclassified": sorted(iso3 for iso3, group in idi_income.items() if group is None),
        "sids_not_m49": sorted(listed - m49_sids), "m49_not_sids": sorted(m49_sids - listed),
        "idi_count": len(idi_income),
    }
    return rows, lists_facts


def csv_text(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def membership_key(row):
    group, iso3, from_year, to_year = row
    return (group, iso3, from_year.zfill(4), to_year.zfill(4))


def readme_text(economies, groups, memberships, facts, itu_lists, lists_facts):
    families = {}
    for _name, family in groups.values():
        families[family] = families.get(family, 0) + 1
    graduation_rows = "\n".join(
        f"| {iso3} | {name} | {graduation_date_text(year, month, day)} | {graduation_to_year(year, month)} |"
        for iso3, name, year, month, day in LDC_GRADUATIONS)

    def listing(items):
        return ", ".join(items) if items else "none"

    group_names = {code: name for code, (name, _family) in groups.items()}
    reclassified_rows = "\n".join(
        f"| {iso3} | {economies[iso3][1]} | {itu} | {later or 'none'} |"
        for iso3, itu, later in lists_facts["reclassified"])
    sids_changes_rows = "\n".join(
        f"| {iso3} | {name} | {graduation_date_text(year, month, None)} | {graduation_to_year(year, month)} |"
        for iso3, name, year, month in SIDS_CHANGES)
    list_groups = sorted({row[0] for row in itu_lists})
    list_counts = {g: sum(1 for row in itu_lists if row[0] == g) for g in list_groups}

    return f"""# Reference data: economies, groups, memberships, ITU's group lists

Generated by `scripts/make_reference.py` from public source files; do not edit by hand (except `sources/`, the
script's input). To regenerate, from the repository root, with the shared data beside the repository
(`../shared/data`):

    scripts/make_reference.py                      # or: --shared DIR --sources DIR --out DIR

then commit the changed files. `tests/scripts/make_reference_test.sh` checks that these files are exactly
what the script produces from the source files.

## Sources

| file | what | source | licence | SHA-256 of the file used |
|---|---|---|---|---|
| `un-m49/UNSD-m49.csv` | UN M49 standard: regions, sub-regions, intermediate regions, ISO3, LDC / LLDC / SIDS flags | UN Statistics Division, M49 overview export (as mirrored in the public `datasets/country-codes` repository, file `tmp/UNSD-en.csv`), as of about Sep 2024 | UN data, free reuse | `{sha256(facts["m49_path"])}` |
| `itu-prices/itu_affordability_latest.csv` | ITU region and World Bank income group 2025 per ISO3 | ITU ICT Price Baskets, Dec 2025 release (itu.int, ITU-D Statistics, ICT prices), as tabulated in the public repository `Noah-TaeHwan/affording-generative-ai` (`data/raw/itu/itu_affordability_latest.csv`) | (c) ITU; figures | `{sha256(facts["prices_path"])}` |
| `itu-idi-2024/idi2024_indicators.csv` | the 170 economies of ITU's ICT Development Index 2024 with the ITU region and income group ITU gave them (`itu_region`, `income_group`) | ITU, "Measuring digital development: The ICT Development Index 2024" (D-IND-ICT_MDD-2024-3), Table 1 and Annex 2 | (c) ITU (report under CC BY-NC-SA 3.0 IGO); figures | `{sha256(lists_facts["idi_path"])}` |
| `sources/sids_ohrlls.csv` (in this folder, not generated) | UN-OHRLLS list of SIDS, {lists_facts["sids_count"]} entries; its `#` lines give its provenance | UN-OHRLLS, "List of SIDS" (un.org/ohrlls), as copied in the public repository `openclimatedata/countrygroups` from the UN SIDS list; equal to the SIDS flags of ITU's ICT Price Baskets (Dec 2025) for every economy in both | UN data, free reuse | `{sha256(lists_facts["sids_path"])}` |
| LDC graduation table (in the script) | dates LDCs graduated | UN Committee for Development Policy, "LDC graduation"; UN-OHRLLS | facts (dates) | |
| SIDS changes (in the script) | economies that left the SIDS list | UNCTAD; UN list of SIDS (Bahrain, April 2023) | facts (dates) | |

## Files

All generated files: UTF-8 without BOM, LF line ends, comma-separated with a header row, fields quoted only
where needed (names holding a comma), rows sorted.

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
- `itu-lists.csv`: ITU's own group lists, same columns and rules ({len(itu_lists)} rows): {", ".join(f"`{g}` ({list_counts[g]})" for g in list_groups)}.
  Named in `[reference] group_lists`, it replaces the memberships of these groups (all of them, every year)
  and leaves every other group as `memberships.csv` has it. See "ITU's lists" below.

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

## ITU's lists (`itu-lists.csv`)

ITU's group figures use ITU's lists, not UN M49's and not the World Bank's latest. `config/p2c.toml` names
`itu-lists.csv` in `[reference] group_lists`, so ITU's lists are the default; without it (`group_lists = []`)
`memberships.csv` alone applies: UN M49's SIDS and the World Bank's 2025 income groups.

**SIDS.** ITU refers to UN-OHRLLS for the composition of the LDCs, LLDCs and SIDS (IDI 2024 report, footnote 3).
The LDC and LLDC lists of the M49 file are UN-OHRLLS's, so the list leaves them as they are; SIDS differs. The
UN-OHRLLS list ({lists_facts["sids_count"]} entries, `sources/sids_ohrlls.csv`), open-ended, plus the economies
that left it, up to the last year they held the status for most of (the rule of the LDC graduations):

| iso3 | economy | left the list | to_year |
|---|---|---|---|
{sids_changes_rows}

ITU's IDI 2024 (reference year 2022) counts Bahrain among the SIDS: its SIDS mean, 72.3, is reproduced only with
Bahrain. In the UN-OHRLLS list but not flagged SIDS in the M49 file: {listing(lists_facts["sids_not_m49"])}.
Flagged in the M49 file but not in the UN-OHRLLS list: {listing(lists_facts["m49_not_sids"])}.

**Income groups.** ITU's IDI 2024 classifies {lists_facts["idi_count"] - len(lists_facts["idi_unclassified"])} of its {lists_facts["idi_count"]} economies as HI, UMI, LMI or LI
(`WB.HIC`, `WB.UMC`, `WB.LMC`, `WB.LIC`). The report (June 2024) does not name the classification; it is the
World Bank's of July 2023 (fiscal year 2024, from GNI per capita of 2022, the IDI's reference year): every
economy it classifies differently from the 2025 classification of the price file moved in the World Bank's
revisions of July 2024 or July 2025. Rule: an economy ITU classified counts in ITU's group for every year up
to {IDI_REFERENCE_YEAR} and in its 2025 group from {IDI_REFERENCE_YEAR + 1} on (one open-ended row when the two
agree); an economy ITU did not classify (not in the IDI, or classified "n.a.": {listing(lists_facts["idi_unclassified"])})
keeps its 2025 group for every year, as in `memberships.csv`. So the income groups of other metrics and years
keep all their members. Economies whose groups differ:

| iso3 | economy | ITU's group, to {IDI_REFERENCE_YEAR} | 2025 group, from {IDI_REFERENCE_YEAR + 1} |
|---|---|---|---|
{reclassified_rows}

**ITU regions.** The IDI's region of each of its {lists_facts["idi_count"]} economies equals the price file's, so
`memberships.csv` already holds ITU's regions and the list leaves them out (the script checks this).

## Known limits

- `memberships.csv` applies the World Bank income classification of 2025 (`wb_income_2025` of the price file)
  to every year; `itu-lists.csv` dates it (see above).
- ITU regions are as of the Dec 2025 ITU ICT Price Baskets release, applied to every year.
- UN regions, LLDC and SIDS are as in the M49 file, applied to every year; LDC entry years are not recorded
  (`from_year` empty), so an economy counts as an LDC for every year up to its graduation, including years
  before it joined the list (South Sudan, independent since 2011, counts for earlier years too).
- Skipped from the price file (not in the M49 file, so no economy here): {listing(facts["skipped"])}.
- No UN region in the M49 file: {listing(facts["no_un_region"])}.
- No ITU region and no income group (not in the price file): {listing(facts["not_in_prices"])}.
- No ITU region (price file "Other Economies"): {listing(facts["no_itu_region"])}.
- No income group (empty `wb_income_2025` in the price file): {listing(facts["no_income"])}.
- `itu-lists.csv`: SIDS entry years are not recorded (`from_year` empty), as for LDCs; the only dated change is
  that of the SIDS changes table. The classification of July 2024 (from GNI per capita of 2023) is not among the
  sources, so {IDI_REFERENCE_YEAR + 1} takes the 2025 classification; years before {IDI_REFERENCE_YEAR} take ITU's
  (July 2023), the nearest available, not the World Bank's of those years.
"""


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Generate config/reference (economies, groups, memberships, ITU's lists) from the public "
                    "UN M49, ITU price-basket and ITU IDI 2024 files and the UN-OHRLLS SIDS list.")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data",
                        help="folder of the public source files (default: <repo>/../shared/data)")
    parser.add_argument("--sources", type=Path, default=REPO / "config" / "reference" / "sources",
                        help="folder of the source files kept in the repository "
                             "(default: <repo>/config/reference/sources)")
    parser.add_argument("--out", type=Path, default=REPO / "config" / "reference",
                        help="output folder (default: <repo>/config/reference)")
    args = parser.parse_args(argv)

    try:
        economies, groups, memberships, facts = build(args.shared)
        itu_lists, lists_facts = build_itu_lists(args.shared, args.sources, economies, groups, memberships, facts)
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
        "itu-lists.csv": csv_text(["group", "iso3", "from_year", "to_year"], sorted(itu_lists, key=membership_key)),
        "README.md": readme_text(economies, groups, memberships, facts, itu_lists, lists_facts),
    }
    os.makedirs(args.out, exist_ok=True)
    for name, text in outputs.items():
        with open(args.out / name, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    print(f"wrote {len(economies)} economies, {len(groups)} groups, {len(memberships)} memberships, "
          f"{len(itu_lists)} ITU list memberships to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
