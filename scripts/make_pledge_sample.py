#!/usr/bin/env python3
"""Generate p2c's ILLUSTRATIVE sample of Partner2Connect pledges (not ITU data).

Usage:
    scripts/make_pledge_sample.py [--reference DIR] [--out DIR]
    scripts/make_pledge_sample.py --count N --reports-per-pledge R [--targets-per-pledge T] --output FILE
                                  [--reference DIR]

No public machine-readable list of P2C pledges exists, so the project ships a synthetic one whose totals
follow the figures ITU has published (PUBLISHED below). Every record is made up: entity names are neutral
("Illustrative operator 017") or a country's government, and every description starts with "Illustrative
sample record".

Default mode writes, deterministically (fixed SEED, rows in a fixed order, LF line ends, UTF-8):
    pledges.json  a JSON array, one pledge object per line, keyed like struct Pledge of
                  core/pledges/pledge.h (without value_usd, which the registry computes from the rate
                  table) with targets keyed like Target and reports keyed like ProgressReport
                  (actuals included)
    README.md     what the file is, the figures it follows, the seed and a table of the checked totals
into --out (default: <repo>/config/data/p2c-pledges-illustrative). Before writing, the script checks the
published checkpoints (pledge, entity and country counts exact, USD totals within 0.5 %) and the record
invariants; on a failed check it prints the problem on stderr, writes nothing and exits 1.

The fields beyond the published figures (review state, WSIS lines, Roadmap areas, campaigns, partners, the
reporting officer, the reporting period, measurable targets and their actuals) come from a random stream of
their own per pledge id, so they leave every checked figure as it is. About a third of the pledges state
targets; that share is illustrative (README.md says why).

--count mode writes N pledges with exactly R progress reports and T targets (default 0) each to FILE, for
benchmarks: the same shape and invariants, no published totals; with T > 0 every report gives an actual
for every target.

--reference DIR: economies.csv, groups.csv and memberships.csv (default: <repo>/config/reference); origin
and implementation economies are ISO3 codes with an ITU region there, and regions are the ITU region
groups of those economies. LDC status is as of 2023.

Python 3 standard library only. tests/scripts/make_pledge_sample_test.py checks that the committed sample is
what this script writes and that it meets the published figures.
"""

import argparse
import csv
import datetime
import itertools
import json
import math
import os
import random
import sys
import tempfile
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = 20220606  # the P2C pledging round at WTDC-22, Kigali, 6 June 2022
LDC_YEAR = 2023  # the published LDC breakdown counts economies that were LDCs in 2023
LAST_DATE = datetime.date(2026, 10, 31)  # no pledge or report after this day

# USD per unit: the registry's rate table. Only these currencies may be used.
USD_PER_UNIT = {"USD": 1.0, "EUR": 1.0813, "GBP": 1.2432, "JPY": 0.0071143, "CHF": 1.1127, "CNY": 0.14116}
# Origins whose pledges may state their value in the local currency (EUR: euro-area economies).
LOCAL_CURRENCY = {"GBR": "GBP", "JPN": "JPY", "CHE": "CHF", "CHN": "CNY"}
EURO_AREA = ["AUT", "BEL", "CYP", "DEU", "ESP", "EST", "FIN", "FRA", "GRC", "HRV", "IRL", "ITA", "LTU", "LUX",
             "LVA", "MLT", "NLD", "PRT", "SVK", "SVN"]

SECTORS = ["government", "private_sector", "international_organization", "un_agency", "financial_institution",
           "academia", "civil_society"]
FOCUS_PILLARS = {
    "access": ["infrastructure", "affordability", "cybersecurity"],
    "adoption": ["digital_skills", "inclusion", "digital_services"],
    "value_creation": ["local_content", "entrepreneurship", "innovation"],
    "investment_acceleration": ["financing", "enabling_policy", "partnerships"],
}
FOCUS_SDGS = {
    "access": ["9.c", "9.1", "17.6"],
    "adoption": ["4.4", "5.b", "17.8", "10.2"],
    "value_creation": ["8.2", "8.3", "9.5"],
    "investment_acceleration": ["17.3", "17.17", "9.a"],
}
PLEDGE_TYPES = ["financial", "programmatic", "policy", "advocacy"]
STATUSES = ["announced", "in_progress", "completed", "withdrawn"]
BENEFICIARIES = ["women", "youth", "persons_with_disabilities", "rural_communities", "older_persons",
                 "indigenous_peoples"]
ITU_REGIONS = ["ITU.AFR", "ITU.AMS", "ITU.ARB", "ITU.ASP", "ITU.CIS", "ITU.EUR"]

# Published figures (ITU, Partner2Connect annual reports and press releases), cumulative by pledge date.
SOURCE = ("ITU, Partner2Connect Digital Coalition: annual reports and press releases of June 2022 (WTDC-22, "
          "Kigali), December 2022 and December 2023 (itu.int/partner2connect)")
PUBLISHED = [
    # (label, last pledge date, subset, pledges, USD bn or None, entities or None, origin countries or None)
    ("by 30 Jun 2022 (WTDC-22)", "2022-06-30", "all", 360, 18.55, None, None),
    ("by 31 Dec 2022", "2022-12-31", "all", 582, 30.0, 281, 118),
    ("by 31 Dec 2023", "2023-12-31", "all", 845, 36.78, 408, 138),
    ("2023: implemented in at least one LDC", "2023-12-31", "ldc", 261, 12.24, None, None),
    ("2023: sector government", "2023-12-31", "government", 470, 9.7, None, None),
    ("2023: sector private_sector", "2023-12-31", "private_sector", 144, 24.46, None, None),
    ("2023: pledge type programmatic", "2023-12-31", "programmatic", 389, 20.76, None, None),
    ("2023: implementation region Africa (ITU.AFR)", "2023-12-31", "africa", 274, 17.24, None, None),
]
USD_TOLERANCE = 0.005

# Pledge periods up to 2023: (first day, last day, pledges, new entities per sector kind, new origin countries).
PERIODS = [
    ("2021-09-15", "2022-06-30", 360, {"government": 60, "private_sector": 50, "other": 90}, 100),
    ("2022-07-01", "2022-12-31", 222, {"government": 25, "private_sector": 20, "other": 36}, 18),
    ("2023-01-01", "2023-12-31", 263, {"government": 33, "private_sector": 30, "other": 64}, 20),
]
PERIOD_SECTOR_PLEDGES = [  # government, private_sector, other sectors
    {"government": 200, "private_sector": 61, "other": 99},
    {"government": 124, "private_sector": 38, "other": 60},
    {"government": 146, "private_sector": 45, "other": 72},
]
OTHER_SECTOR_WEIGHTS = {"international_organization": 45, "un_agency": 20, "financial_institution": 30,
                        "academia": 45, "civil_society": 50}
# Pledging events that gathered many pledges: WTDC-22 (Kigali, 6-16 June 2022) and PP-22 (Bucharest,
# 26 Sep - 14 Oct 2022).
EVENTS = [(0, "2022-06-06", "2022-06-16", 0.45), (1, "2022-09-26", "2022-10-14", 0.35)]
# Pledges after 2023: no published total; a plausible pace.
LATER_YEARS = [(2024, "2024-01-01", "2024-12-31", 72), (2025, "2025-01-01", "2025-12-31", 56),
               (2026, "2026-01-01", "2026-09-30", 32)]

# Annual progress-report rounds: (year, first day, last day). A pledge made at least REPORT_LEAD_DAYS before a
# round's first day may report in it. Round 2022 is set to ITU's December 2022 figures: about a third of
# the pledges made by then had reported, of which 10 % completed and 74 % in progress.
ROUNDS = [(2022, "2022-10-01", "2022-12-15"), (2023, "2023-09-01", "2023-12-15"),
          (2024, "2024-09-01", "2024-12-15"), (2025, "2025-09-01", "2025-12-15"),
          (2026, "2026-08-01", "2026-10-31")]
REPORT_LEAD_DAYS = 75
ROUND_PARTICIPATION = {2023: 0.55, 2024: 0.6, 2025: 0.65, 2026: 0.65}
FIRST_ROUND_SHARES = {"share_reported": 1 / 3, "completed": 0.10, "in_progress": 0.74, "withdrawn": 0.03}

SECTOR_NAMES = {
    "private_sector": ["Illustrative operator", "Illustrative technology company", "Illustrative tower company"],
    "international_organization": ["Illustrative regional organization", "Illustrative intergovernmental body"],
    "un_agency": ["Illustrative UN agency"],
    "financial_institution": ["Illustrative development bank", "Illustrative investment fund"],
    "academia": ["Illustrative university", "Illustrative research institute"],
    "civil_society": ["Illustrative foundation", "Illustrative NGO"],
}
# Base value medians in USD before fitting to the published totals (log-normal around them).
TYPE_MEDIAN_USD = {"financial": 30e6, "programmatic": 8e6, "policy": 2e6, "advocacy": 0.8e6}
SECTOR_VALUE_FACTOR = {"government": 1.0, "private_sector": 3.0, "international_organization": 1.5,
                       "un_agency": 1.0, "financial_institution": 4.0, "academia": 0.2, "civil_society": 0.15}
TYPE_WEIGHTS = {  # financial, policy, advocacy; programmatic is drawn first with PROGRAMMATIC_WEIGHT
    "government": (0.35, 0.5, 0.15), "private_sector": (0.8, 0.05, 0.15),
    "international_organization": (0.4, 0.3, 0.3), "un_agency": (0.3, 0.35, 0.35),
    "financial_institution": (0.9, 0.0, 0.1), "academia": (0.2, 0.2, 0.6), "civil_society": (0.2, 0.2, 0.6),
}
PROGRAMMATIC_WEIGHT = {"government": 1.2, "private_sector": 0.6, "international_organization": 1.0,
                       "un_agency": 1.3, "financial_institution": 0.4, "academia": 1.3, "civil_society": 1.3}


def published(subset, until="2023-12-31"):
    """(pledges, USD bn) published for a subset of the pledges made up to `until`."""
    for _label, last, name, pledges, usd_bn, _entities, _countries in PUBLISHED:
        if (name, last) == (subset, until):
            return pledges, usd_bn
    raise KeyError(f"no published figure for {subset} until {until}")


class CheckError(Exception):
    """The generated sample misses a published figure or breaks an invariant."""


def day(text):
    return datetime.date.fromisoformat(text)


def random_day(rng, first, last):
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


# ---- reference data -------------------------------------------------------------------------------------------

class Reference:
    """Economies with an ITU region, their names, regions and 2023 LDC status."""

    def __init__(self, folder):
        def rows(name):
            path = folder / name
            try:
                with open(path, encoding="utf-8", newline="") as f:
                    return list(csv.DictReader(f))
            except FileNotFoundError:
                raise CheckError(f"reference file not found: {path}")

        self.names = {r["iso3"]: r["name"] for r in rows("economies.csv")}
        groups = {r["code"] for r in rows("groups.csv")}
        missing = [g for g in ITU_REGIONS + ["LDC"] if g not in groups]
        if missing:
            raise CheckError(f"{folder / 'groups.csv'}: groups {missing} are missing")
        self.region = {}
        self.ldc = set()
        for r in rows("memberships.csv"):
            group, iso3 = r["group"], r["iso3"]
            if group in ITU_REGIONS:
                if iso3 in self.region:
                    raise CheckError(f"{folder / 'memberships.csv'}: {iso3} is in two ITU regions")
                self.region[iso3] = group
            elif group == "LDC":
                if (not r["from_year"] or int(r["from_year"]) <= LDC_YEAR) and \
                        (not r["to_year"] or int(r["to_year"]) >= LDC_YEAR):
                    self.ldc.add(iso3)
        unknown = sorted(i for i in list(self.region) + list(self.ldc) if i not in self.names)
        if unknown:
            raise CheckError(f"{folder / 'memberships.csv'}: economies not in economies.csv: {unknown}")
        self.economies = sorted(self.region)  # only economies with an ITU region take part
        self.ldc = {i for i in self.ldc if i in self.region}
        self.pools = {}

    def is_afr(self, iso3):
        return self.region[iso3] == "ITU.AFR"

    def pool(self, ldc=None, afr=None, region=None):
        """Economies with the given LDC / Africa status and region (None: any), computed once per combination."""
        key = (ldc, afr, region)
        if key not in self.pools:
            self.pools[key] = [i for i in self.economies
                               if (ldc is None or (i in self.ldc) == ldc) and (afr is None or self.is_afr(i) == afr)
                               and (region is None or self.region[i] == region)]
        return self.pools[key]


# ---- entities -------------------------------------------------------------------------------------------------

class Entities:
    """Pledging entities: a government per origin country, neutral numbered names for the rest."""

    def __init__(self, rng, ref):
        self.rng, self.ref = rng, ref
        self.items = []  # dicts: name, sector, origin, activity
        self.countries = []  # origin countries used so far, in order of first use
        self.with_government = set()
        self.serial = 0
        # Non-government entities more often come from a few hubs.
        self.hubs = [i for i in ["USA", "GBR", "FRA", "DEU", "CHE", "JPN", "CHN", "IND", "KEN", "NGA", "ZAF", "BRA",
                                 "ARE", "SAU", "KOR", "SWE", "NLD", "ESP", "ITA", "RWA", "EGY", "SGP", "CAN"]
                     if i in ref.region]

    def new(self, sector, origin):
        if sector == "government":
            if origin in self.with_government:
                raise AssertionError(f"second government entity for {origin}")
            self.with_government.add(origin)
            name = f"Government of {self.ref.names[origin]}"
        else:
            self.serial += 1
            name = f"{self.rng.choice(SECTOR_NAMES[sector])} {self.serial:03d}"
        if origin not in self.countries:
            self.countries.append(origin)
        entity = {"name": name, "sector": sector, "origin": origin,
                  "activity": self.rng.lognormvariate(0, 0.9 if sector == "government" else 0.6)}
        self.items.append(entity)
        return entity

    def pick_origin(self, sector, allowed):
        """An origin among `allowed` for a new entity of `sector` (governments: one per country)."""
        if sector == "government":
            free = [c for c in allowed if c not in self.with_government]
            return self.rng.choice(free)
        weights = [6.0 if c in self.hubs else 1.0 for c in allowed]
        return self.rng.choices(allowed, weights)[0]

    def new_countries(self, count):
        """`count` countries not used as an origin yet, hubs first."""
        fresh_hubs = [c for c in self.hubs if c not in self.countries]
        rest = [c for c in self.ref.economies if c not in self.countries and c not in fresh_hubs]
        self.rng.shuffle(rest)
        return (fresh_hubs + rest)[:count]


def other_sector(rng):
    names = list(OTHER_SECTOR_WEIGHTS)
    return rng.choices(names, [OTHER_SECTOR_WEIGHTS[n] for n in names])[0]


def make_period_entities(rng, entities, period_index):
    """New entities of a period, covering exactly the period's new origin countries."""
    _first, _last, _pledges, new_counts, new_country_count = PERIODS[period_index]
    sectors = []
    for kind, count in new_counts.items():
        sectors += [kind if kind != "other" else other_sector(rng) for _ in range(count)]
    rng.shuffle(sectors)
    fresh = entities.new_countries(new_country_count)
    # Each new country gets one new entity; the others come from any country used so far or now.
    allowed = entities.countries + fresh
    made = []
    for k, sector in enumerate(sectors):
        if k < len(fresh):
            made.append(entities.new(sector, fresh[k]))
        else:
            made.append(entities.new(sector, entities.pick_origin(sector, allowed)))
    return made


def sector_kind(sector):
    return sector if sector in ("government", "private_sector") else "other"


# ---- pledge contents ------------------------------------------------------------------------------------------

def weighted_pick(rng, items, weights, k):
    """Exactly k of items, sampled without replacement with the given weights (Efraimidis-Spirakis)."""
    keyed = sorted(((rng.random() ** (1.0 / w), i) for i, w in enumerate(weights)), reverse=True)
    return {i for _key, i in keyed[:k]}


def implementation(rng, ref, origin, sector, ldc, afr):
    """(economies, regions) of a pledge with the given LDC / Africa flags."""
    if sector == "government" and (origin in ref.ldc) == ldc and ref.is_afr(origin) == afr and rng.random() < 0.85:
        return [origin], [ref.region[origin]]
    scope = rng.random()
    if not ldc and scope < 0.08:
        if scope < 0.03 and not afr:
            return [], []  # global
        region = "ITU.AFR" if afr else rng.choice([r for r in ITU_REGIONS if r != "ITU.AFR"])
        return [], [region]  # region-wide, no economy named
    count = 1 if scope < 0.55 else rng.randint(2, 4) if scope < 0.88 else rng.randint(5, 12)
    chosen = []
    if ldc:
        chosen.append(rng.choice(ref.pool(ldc=True, afr=afr)))
    elif afr:
        chosen.append(rng.choice(ref.pool(ldc=False, afr=True)))
    else:
        chosen.append(rng.choice(ref.pool(ldc=False, afr=False)))
    rest = ref.pool(ldc=None if ldc else False, afr=None if afr else False)
    same_region = ref.pool(ldc=None if ldc else False, afr=None if afr else False, region=ref.region[chosen[0]])
    while len(chosen) < count:
        candidate = rng.choice(same_region if rng.random() < 0.7 else rest)
        if candidate not in chosen:
            chosen.append(candidate)
    economies = sorted(chosen)
    return economies, sorted({ref.region[c] for c in economies})


def sdg_order(target):
    """"9.1" before "9.c" before "17.3": goals by number, numeric targets before lettered ones."""
    goal, _dot, rest = target.partition(".")
    return (int(goal), (0, int(rest), "") if rest.isdigit() else (1, 0, rest))


def contents(rng):
    """Focus areas, pillars, SDGs and beneficiaries of a pledge."""
    areas = list(FOCUS_PILLARS)
    first = rng.choices(areas, [0.45, 0.3, 0.1, 0.15])[0]
    focus = [first] + ([a for a in rng.sample(areas, 2) if a != first][:1] if rng.random() < 0.35 else [])
    focus = [a for a in areas if a in focus]
    pillars, sdgs = [], []
    for area in focus:
        chosen = rng.sample(FOCUS_PILLARS[area], rng.randint(1, 2))
        pillars += [p for p in FOCUS_PILLARS[area] if p in chosen]
        sdgs += rng.sample(FOCUS_SDGS[area], rng.randint(1, 2))
    if rng.random() < 0.2:
        sdgs.append("17.8" if "17.8" not in sdgs else "9.c")
    sdgs = sorted(set(sdgs), key=sdg_order)
    weights = [0.45, 0.45, 0.2, 0.35, 0.1, 0.08]
    beneficiaries = [b for b, w in zip(BENEFICIARIES, weights) if rng.random() < w]
    return focus, pillars, sdgs, beneficiaries


def pledge_type(rng, sector, programmatic):
    if programmatic:
        return "programmatic"
    return rng.choices(["financial", "policy", "advocacy"], TYPE_WEIGHTS[sector])[0]


def base_value_usd(rng, sector, kind, no_value_share=0.25):
    """A log-normal value in USD, or None for some policy and advocacy pledges."""
    if kind in ("policy", "advocacy") and rng.random() < no_value_share:
        return None
    return TYPE_MEDIAN_USD[kind] * SECTOR_VALUE_FACTOR[sector] * rng.lognormvariate(0, 1.2)


def currency_for(rng, origin):
    local = LOCAL_CURRENCY.get(origin) or ("EUR" if origin in EURO_AREA else None)
    return local if local and rng.random() < 0.6 else "USD"


def stated_value(usd, currency):
    """The value in `currency`, rounded to 4 significant figures (at least 1,000 units)."""
    raw = usd / USD_PER_UNIT[currency]
    step = max(1000, 10 ** (int(math.floor(math.log10(raw))) - 3))
    return int(max(step, round(raw / step) * step))


def usd_of(pledge):
    return None if pledge["value"] is None else pledge["value"] * USD_PER_UNIT[pledge["currency"]]


def dates(rng, pledged):
    if rng.random() < 0.3:
        start = pledged - datetime.timedelta(days=rng.randint(0, 365))
    else:
        start = pledged + datetime.timedelta(days=rng.randint(0, 90))
    end = start + datetime.timedelta(days=rng.choice([1, 2, 2, 3, 3, 4, 5, 6]) * 365 + rng.randint(-30, 60))
    return start, end


def describe(kind, entity, focus, economies, regions):
    where = (f"{len(economies)} economies" if len(economies) > 1 else economies[0] if economies
             else "the " + regions[0] + " region" if regions else "all regions")
    areas = " and ".join(a.replace("_", " ") for a in focus)
    return f"Illustrative sample record: {kind} pledge by {entity} on {areas}, implemented in {where}."


def make_pledge(rng, ref, entity, pledged, kind, value_usd, ldc, afr):
    economies, regions = implementation(rng, ref, entity["origin"], entity["sector"], ldc, afr)
    focus, pillars, sdgs, beneficiaries = contents(rng)
    start, end = dates(rng, pledged)
    currency = currency_for(rng, entity["origin"]) if value_usd is not None else ""
    return {
        "id": "", "entity": entity["name"], "sector": entity["sector"], "origin_economy": entity["origin"],
        "origin_region": ref.region[entity["origin"]], "implementation_economies": economies,
        "implementation_regions": regions, "focus_areas": focus, "pillars": pillars, "pledge_type": kind,
        "value": value_usd, "currency": currency, "beneficiaries": beneficiaries, "sdgs": sdgs,
        "pledged_on": pledged.isoformat(), "start_date": start.isoformat(), "end_date": end.isoformat(),
        "status": "announced", "description": describe(kind, entity["name"], focus, economies, regions),
        "reports": [],
    }


# ---- pledges up to 2023, fitted to the published figures ------------------------------------------------------

def pledge_day(rng, period_index):
    first, last = day(PERIODS[period_index][0]), day(PERIODS[period_index][1])
    for index, event_first, event_last, share in EVENTS:
        if index == period_index and rng.random() < share:
            return random_day(rng, day(event_first), day(event_last))
    return random_day(rng, first, last)


def assign_entities(rng, period_entities, all_entities, counts):
    """Per pledge of a period, its entity: each new entity once, the rest weighted by activity."""
    assigned = []
    for kind, count in counts.items():
        new = [e for e in period_entities if sector_kind(e["sector"]) == kind]
        known = [e for e in all_entities if sector_kind(e["sector"]) == kind]
        extra = count - len(new)
        if extra < 0:
            raise AssertionError(f"more new {kind} entities than pledges")
        assigned += new + rng.choices(known, [e["activity"] for e in known], k=extra)
    rng.shuffle(assigned)
    return assigned


def fit_values(pledges, subsets, targets):
    """Scales the USD values so that every subset sums to its target (iterative proportional fitting)."""
    for _ in range(2000):
        worst = 0.0
        for key, members in subsets.items():
            total = sum(pledges[i]["value"] for i in members if pledges[i]["value"] is not None)
            factor = targets[key] / total
            worst = max(worst, abs(factor - 1))
            for i in members:
                if pledges[i]["value"] is not None:
                    pledges[i]["value"] *= factor
        if worst < 1e-12:
            return
    raise CheckError(f"the published USD totals could not be fitted (worst factor off by {worst:.2e})")


def published_pledges(rng, ref, entities):
    pledges = []
    for p, (_first, _last, count, _new, _countries) in enumerate(PERIODS):
        made = make_period_entities(rng, entities, p)
        owners = assign_entities(rng, made, entities.items, PERIOD_SECTOR_PLEDGES[p])
        if len(owners) != count:
            raise AssertionError("period counts disagree")
        for entity in owners:
            pledges.append({"entity": entity, "period": p, "pledged": pledge_day(rng, p)})

    n = len(pledges)
    total, ldc_n, afr_n, prog_n = (published("all", "2023-12-31")[0], published("ldc")[0], published("africa")[0],
                                   published("programmatic")[0])
    if n != total:
        raise AssertionError("pledge count")
    programmatic = weighted_pick(rng, range(n), [PROGRAMMATIC_WEIGHT[x["entity"]["sector"]] for x in pledges],
                                 prog_n)

    def ldc_weight(x):
        e = x["entity"]
        if e["sector"] == "government":
            return 8.0 if e["origin"] in ref.ldc else 0.5
        return 1.5 if ref.is_afr(e["origin"]) else 1.0

    ldc = weighted_pick(rng, range(n), [ldc_weight(x) for x in pledges], ldc_n)

    def afr_weight(i):
        e = pledges[i]["entity"]
        home = ref.is_afr(e["origin"])
        if i in ldc:
            return 3.0 if home else 1.2
        if e["sector"] == "government":
            return 8.0 if home and e["origin"] not in ref.ldc else 0.3
        return 1.5 if home else 0.5

    afr = weighted_pick(rng, range(n), [afr_weight(i) for i in range(n)], afr_n)

    records = []
    for i, x in enumerate(pledges):
        e = x["entity"]
        kind = pledge_type(rng, e["sector"], i in programmatic)
        records.append(make_pledge(rng, ref, e, x["pledged"], kind, base_value_usd(rng, e["sector"], kind),
                                   i in ldc, i in afr))

    subsets = {f"period{p}": [i for i, x in enumerate(pledges) if x["period"] == p] for p in range(len(PERIODS))}
    subsets.update({"government": [i for i, r in enumerate(records) if r["sector"] == "government"],
                    "private_sector": [i for i, r in enumerate(records) if r["sector"] == "private_sector"],
                    "programmatic": sorted(programmatic), "ldc": sorted(ldc), "africa": sorted(afr)})
    cumulative = [published("all", PERIODS[p][1])[1] for p in range(len(PERIODS))]
    targets = {f"period{p}": cumulative[p] - (cumulative[p - 1] if p else 0.0) for p in range(len(PERIODS))}
    targets.update({key: published(key)[1] for key in ("government", "private_sector", "programmatic", "ldc",
                                                       "africa")})
    fit_values(records, subsets, {k: v * 1e9 for k, v in targets.items()})
    for r in records:
        if r["value"] is not None:
            r["value"] = stated_value(r["value"], r["currency"])
    return records


# ---- pledges after 2023 (no published total) ------------------------------------------------------------------

def later_pledges(rng, ref, entities, value_scale):
    records = []
    for _year, first, last, count in LATER_YEARS:
        for _ in range(count):
            kind_of_sector = rng.choices(["government", "private_sector", "other"], [470, 144, 231])[0]
            sector = other_sector(rng) if kind_of_sector == "other" else kind_of_sector
            known = [e for e in entities.items if e["sector"] == sector]
            if known and rng.random() < 0.55:
                entity = rng.choices(known, [e["activity"] for e in known])[0]
            else:
                allowed = list(entities.countries)
                if rng.random() < 0.08:
                    allowed = entities.new_countries(1) or allowed
                if sector == "government" and all(c in entities.with_government for c in allowed):
                    allowed = [c for c in ref.economies if c not in entities.with_government]
                entity = entities.new(sector, entities.pick_origin(sector, allowed))
            origin = entity["origin"]
            home_ldc, home_afr = origin in ref.ldc, ref.is_afr(origin)
            if sector == "government":
                ldc = rng.random() < (0.85 if home_ldc else 0.15)
            else:
                ldc = rng.random() < 0.3
            afr = rng.random() < ((0.9 if home_afr else 0.55) if ldc else (0.7 if home_afr and sector == "government"
                                                                             else 0.2))
            kind = pledge_type(rng, sector, rng.random() < 0.46 * PROGRAMMATIC_WEIGHT[sector])
            usd = base_value_usd(rng, sector, kind)
            if usd is not None:
                usd *= value_scale[sector]
            record = make_pledge(rng, ref, entity, random_day(rng, day(first), day(last)), kind, usd, ldc, afr)
            if record["value"] is not None:
                record["value"] = stated_value(record["value"], record["currency"])
            records.append(record)
    return records


def value_scales(records):
    """Per sector, the fitted median over the base median: later pledges keep the sample's scale."""
    scales = {}
    for sector in SECTORS:
        ratios = sorted(usd_of(r) / (TYPE_MEDIAN_USD[r["pledge_type"]] * SECTOR_VALUE_FACTOR[sector])
                        for r in records if r["sector"] == sector and r["value"] is not None)
        scales[sector] = ratios[len(ratios) // 2] if ratios else 1.0
    return scales


# ---- ids and progress reports ---------------------------------------------------------------------------------

def assign_ids(records):
    records.sort(key=lambda r: (r["pledged_on"], r["entity"], r["description"]))
    serial = {}
    for r in records:
        year = r["pledged_on"][:4]
        serial[year] = serial.get(year, 0) + 1
        r["id"] = f"P2C-{year}-{serial[year]:04d}"


NARRATIVES = {
    "announced": "Illustrative sample report: preparation under way, activities not started.",
    "in_progress": "Illustrative sample report: activities under way.",
    "completed": "Illustrative sample report: all planned activities delivered.",
    "withdrawn": "Illustrative sample report: the pledge was withdrawn.",
}


class Progress:
    """A pledge's running progress: status, percent complete and share of the value disbursed, all monotone."""

    def __init__(self, record):
        self.record, self.status, self.percent, self.share = record, "announced", 0, 0.0
        self.usd = usd_of(record)

    def report(self, rng, reported_on, status):
        if status == "in_progress":
            self.percent = min(95, max(self.percent + rng.randint(10, 45), 5))
            self.share = max(self.share, self.percent / 100 * rng.uniform(0.6, 1.0))
        elif status == "completed":
            self.percent = 100
            self.share = max(self.share, rng.uniform(0.85, 1.0))
        self.status = status
        disbursed = None if self.usd is None else int(math.floor(self.usd * self.share))
        self.record["reports"].append({
            "reported_on": reported_on.isoformat(), "status": status, "percent_complete": self.percent,
            "disbursed_usd": disbursed, "narrative": NARRATIVES[status]})
        self.record["status"] = status

    def next_status(self, rng, reported_on):
        overdue = reported_on > day(self.record["end_date"])
        if self.status == "announced":
            return rng.choices(STATUSES, [0.3, 0.6, 0.04, 0.06])[0]
        return rng.choices(["in_progress", "completed", "withdrawn"],
                           [0.15, 0.83, 0.02] if overdue else [0.7, 0.26, 0.04])[0]

    @property
    def open(self):
        return self.status in ("announced", "in_progress")


def eligible(record, round_first):
    return day(record["pledged_on"]) <= round_first - datetime.timedelta(days=REPORT_LEAD_DAYS)


def report_day(rng, record, first, last):
    earliest = max(first, day(record["pledged_on"]) + datetime.timedelta(days=REPORT_LEAD_DAYS))
    return random_day(rng, earliest, min(last, LAST_DATE))


def add_reports(rng, records):
    progress = {r["id"]: Progress(r) for r in records}
    for year, first_text, last_text in ROUNDS:
        first, last = day(first_text), day(last_text)
        candidates = [r for r in records if eligible(r, first) and progress[r["id"]].open]
        if year == ROUNDS[0][0]:
            made_by_then = sum(1 for r in records if day(r["pledged_on"]) <= day(f"{year}-12-31"))
            reporting = round(made_by_then * FIRST_ROUND_SHARES["share_reported"])
            rng.shuffle(candidates)
            chosen = candidates[:reporting]
            counts = {s: round(reporting * FIRST_ROUND_SHARES[s]) for s in ("completed", "in_progress", "withdrawn")}
            statuses = [s for s, c in counts.items() for _ in range(c)]
            statuses += ["announced"] * (reporting - len(statuses))
            rng.shuffle(statuses)
            for record, status in sorted(zip(chosen, statuses), key=lambda pair: pair[0]["id"]):
                progress[record["id"]].report(rng, report_day(rng, record, first, last), status)
            continue
        for record in candidates:
            if rng.random() < ROUND_PARTICIPATION[year]:
                state = progress[record["id"]]
                when = report_day(rng, record, first, last)
                state.report(rng, when, state.next_status(rng, when))


# ---- alignment, contacts and measurable targets ---------------------------------------------------------------
# These fields are drawn from a random stream of their own per pledge id (field_rng), after everything else: the
# fields the published figures are checked on come out exactly as they would without them.

# Per measure: unit, illustrative cost in USD per unit (scales a target to the pledge's value), plausible range of a
# target and its rounding. The costs are orders of magnitude chosen for plausibility, not sourced figures.
MEASURES = {
    "km_fibre": ("km", 25_000, (20, 20_000)),
    "people_covered_4g": ("people", 15, (5_000, 5_000_000)),
    "schools_connected": ("schools", 20_000, (10, 5_000)),
    "households_connected": ("households", 400, (500, 500_000)),
    "people_trained": ("people", 150, (200, 1_000_000)),
    "devices_provided": ("devices", 250, (100, 200_000)),
    "usd_disbursed": ("USD", 1, (1, 1e12)),
    "other": ("", 5_000, (5, 5_000)),
}
# What "other" counts, per focus area.
OTHER_UNITS = {"value_creation": ("start-ups", "start-ups supported"),
               "investment_acceleration": ("projects", "projects financed"),
               "access": ("sites", "community access sites opened"),
               "adoption": ("services", "digital public services launched")}
FOCUS_MEASURES = {  # measure: weight, per focus area
    "access": {"km_fibre": 0.25, "people_covered_4g": 0.3, "schools_connected": 0.25, "households_connected": 0.2},
    "adoption": {"people_trained": 0.7, "devices_provided": 0.3},
    "value_creation": {"people_trained": 0.5, "other": 0.5},
    "investment_acceleration": {"usd_disbursed": 1.0},
}
# Share of pledges stating measurable targets, by pledge type: about a third overall (illustrative; see README).
TARGET_SHARE_BY_TYPE = {"financial": 0.5, "programmatic": 0.45, "policy": 0.12, "advocacy": 0.08}
TARGET_COUNT_WEIGHTS = {1: 0.62, 2: 0.3, 3: 0.08}

WSIS_LINES = [f"C{n}" for n in range(1, 12)]
PILLAR_WSIS = {"infrastructure": ["C2"], "affordability": ["C2", "C6"], "cybersecurity": ["C5"],
               "digital_skills": ["C4"], "inclusion": ["C3", "C4"], "digital_services": ["C7"],
               "local_content": ["C8"], "entrepreneurship": ["C7"], "innovation": ["C7"], "financing": ["C11"],
               "enabling_policy": ["C6", "C1"], "partnerships": ["C11"]}
ROADMAP_AREAS = ["global_connectivity", "digital_public_goods", "digital_inclusion", "digital_capacity_building",
                 "digital_human_rights", "artificial_intelligence", "digital_trust_security",
                 "global_digital_cooperation"]
FOCUS_ROADMAP = {"access": ["global_connectivity", "digital_inclusion"],
                 "adoption": ["digital_inclusion", "digital_capacity_building"],
                 "value_creation": ["digital_public_goods", "global_digital_cooperation"],
                 "investment_acceleration": ["global_connectivity", "global_digital_cooperation"]}
CAMPAIGNS = ["ldc5", "displaced_people", "schools"]
# Campaign windows: LDC5 (Doha, 5-9 March 2023) to the end of 2023 for pledges implemented in an LDC; the
# displaced-people campaign from mid-2023 (Global Refugee Forum, December 2023); the school-connectivity campaign
# the 2023 annual report planned for 2024, for pledges with a schools_connected target.
LDC5_WINDOW = ("2023-03-01", "2023-12-31")
LDC5_SHARE = 0.45
DISPLACED_FROM, DISPLACED_SHARE = "2023-06-01", 0.04
SCHOOLS_FROM = "2024-01-01"
PARTNER_SHARE = 0.3
REPORTING_PERIODS = {None: 0.88, 12: 0.06, 6: 0.04, 24: 0.02}
REVIEW_STATES = ["draft", "submitted", "returned", "published"]
TARGET_KEYS = ["id", "description", "measure", "unit", "baseline_value", "baseline_date", "target_value",
               "target_date", "metric"]
NEW_FIELDS = ["review_state", "wsis_lines", "roadmap_areas", "campaigns", "partners", "contact_name",
              "contact_email", "reporting_period_months", "targets"]


def field_rng(record):
    """The random stream of a pledge's added fields: seeded by its id alone, so it is independent of the rest."""
    return random.Random(f"{SEED}:{record['id']}")


def two_figures(x):
    """`x` rounded to two significant figures, as pledges state round numbers: 1234 -> 1200."""
    if x < 10:
        return max(1, int(round(x)))
    step = 10 ** (int(math.floor(math.log10(x))) - 1)
    return int(round(x / step) * step)


def ordered(items, order):
    return [x for x in order if x in set(items)]


def wsis_lines_of(rng, record):
    lines = set()
    for pillar in record["pillars"]:
        first, *rest = PILLAR_WSIS[pillar]
        lines.add(first)
        lines.update(x for x in rest if rng.random() < 0.5)
    if record["pledge_type"] == "policy" and record["sector"] == "government" and rng.random() < 0.5:
        lines.add("C1")
    if record["sector"] in ("international_organization", "un_agency") and rng.random() < 0.4:
        lines.add("C11")
    return ordered(lines, WSIS_LINES)


def roadmap_areas_of(rng, record):
    areas = set()
    for focus in record["focus_areas"]:
        first, second = FOCUS_ROADMAP[focus]
        areas.add(first)
        if rng.random() < 0.4:
            areas.add(second)
    if "cybersecurity" in record["pillars"]:
        areas.add("digital_trust_security")
    if "innovation" in record["pillars"] and rng.random() < 0.15:
        areas.add("artificial_intelligence")
    if {"persons_with_disabilities", "indigenous_peoples"} & set(record["beneficiaries"]) and rng.random() < 0.2:
        areas.add("digital_human_rights")
    return ordered(areas, ROADMAP_AREAS)


def pick_measures(rng, record, count):
    """`count` measures fitting the pledge's focus areas, distinct while the focus areas offer enough."""
    usd = usd_of(record)
    later = record["pledged_on"] >= SCHOOLS_FROM
    weights = {}
    for focus in record["focus_areas"]:
        for measure, weight in FOCUS_MEASURES[focus].items():
            if measure == "schools_connected" and later:
                weight *= 2  # the school-connectivity campaign
            weights[measure] = weights.get(measure, 0) + weight
    if usd is None:
        weights.pop("usd_disbursed", None)
    if not weights:
        weights = {"other": 1.0}
    chosen = []
    while len(chosen) < count:
        left = {m: w for m, w in weights.items() if m not in chosen} or weights
        names = sorted(left)
        chosen.append(rng.choices(names, [left[m] for m in names])[0])
    return chosen


def make_target(rng, record, number, measure, share):
    """Target T<number>: from the pledge's start to its end (or a milestone before it). It names no catalogue metric:
    the registry checks one against the plugins' catalogue, which the bootstrap import (run before any plugin is
    loaded) and the benchmark's import config do not have."""
    unit, cost, (low, high) = MEASURES[measure]
    usd = usd_of(record)
    other_focus = next((f for f in record["focus_areas"] if f in OTHER_UNITS), "access")
    if measure == "usd_disbursed":
        value, what = round(usd), "US dollars disbursed"
    else:
        if usd is not None:
            raw = usd * share / cost * rng.lognormvariate(0, 0.5)
        else:
            raw = math.exp(rng.uniform(math.log(low), math.log(high) - 2))
        value = two_figures(min(high, max(low, raw)))
        if measure == "other":
            unit, what = OTHER_UNITS[other_focus]
        else:
            what = measure.replace("_", " ").replace("4g", "by 4G").replace("km fibre", "km of fibre laid")
    baseline = 0
    if measure == "households_connected" and rng.random() < 0.3:  # counted from the connections already in place
        baseline = two_figures(value * rng.uniform(0.1, 0.4))
        value += baseline
    start, end = day(record["start_date"]), day(record["end_date"])
    target_date = end
    if (end - start).days > 2 * 365 and rng.random() < 0.25:
        target_date = start + datetime.timedelta(days=int((end - start).days * 0.6))
    return {"id": f"T{number}", "description": f"Illustrative target: {what}", "measure": measure, "unit": unit,
            "baseline_value": baseline, "baseline_date": start.isoformat(), "target_value": value,
            "target_date": target_date.isoformat(), "metric": ""}


def add_actuals(rng, record, every_report):
    """Cumulative actuals per report, following the report's status and percent complete; never decreasing."""
    reached = {t["id"]: t["baseline_value"] for t in record["targets"]}
    for report in record["reports"]:
        report["actuals"] = []
        if not record["targets"] or (not every_report and rng.random() < 0.15):
            continue
        for k, target in enumerate(record["targets"]):
            if not every_report and k > 0 and rng.random() < 0.1:
                continue  # this report leaves that target out
            if target["measure"] == "usd_disbursed":
                value = report["disbursed_usd"]
            else:
                base, goal = target["baseline_value"], target["target_value"]
                if report["status"] == "completed":
                    fraction = rng.uniform(0.9, 1.15)
                elif report["status"] == "in_progress":
                    fraction = min(0.98, report["percent_complete"] / 100 * rng.uniform(0.7, 1.2))
                else:
                    fraction = 0.0
                value = int(base + fraction * (goal - base))
            value = max(value, reached[target["id"]])
            reached[target["id"]] = value
            report["actuals"].append({"target_id": target["id"], "value": value})


def add_fields(record, rng, ref, officer, partner_pool, targets=None):
    """The registry's fields beyond the published figures. `targets`: how many targets (None: drawn, about a third of
    the pledges having any); with a count (benchmarks), every report gives an actual for every target."""
    record["review_state"] = "published"
    record["wsis_lines"] = wsis_lines_of(rng, record)
    record["roadmap_areas"] = roadmap_areas_of(rng, record)
    partners = []
    if rng.random() < PARTNER_SHARE:
        candidates = [name for name in partner_pool if name != record["entity"]]
        partners = sorted(rng.sample(candidates, min(len(candidates), rng.choices([1, 2, 3], [0.6, 0.3, 0.1])[0])))
    record["partners"] = partners
    record["contact_name"] = f"Illustrative officer {officer:03d}"
    record["contact_email"] = f"officer{officer:03d}@example.org"
    periods = list(REPORTING_PERIODS)
    record["reporting_period_months"] = rng.choices(periods, [REPORTING_PERIODS[p] for p in periods])[0]
    if targets is None:
        has = rng.random() < TARGET_SHARE_BY_TYPE[record["pledge_type"]]
        counts = list(TARGET_COUNT_WEIGHTS)
        targets = rng.choices(counts, [TARGET_COUNT_WEIGHTS[c] for c in counts])[0] if has else 0
        every_report = False
    else:
        every_report = True
    measures = pick_measures(rng, record, targets)
    record["targets"] = [make_target(rng, record, k + 1, m, 1 / len(measures)) for k, m in enumerate(measures)]
    add_actuals(rng, record, every_report)
    campaigns = set()
    pledged = record["pledged_on"]
    ldc = any(c in ref.ldc for c in record["implementation_economies"])
    if ldc and LDC5_WINDOW[0] <= pledged <= LDC5_WINDOW[1] and rng.random() < LDC5_SHARE:
        campaigns.add("ldc5")
    if pledged >= DISPLACED_FROM and {"access", "adoption"} & set(record["focus_areas"]) and \
            rng.random() < DISPLACED_SHARE:
        campaigns.add("displaced_people")
    if pledged >= SCHOOLS_FROM and any(t["measure"] == "schools_connected" for t in record["targets"]):
        campaigns.add("schools")
    record["campaigns"] = ordered(campaigns, CAMPAIGNS)


def officers(records):
    """One reporting officer per entity, numbered in name order."""
    return {name: k + 1 for k, name in enumerate(sorted({r["entity"] for r in records}))}


def add_all_fields(records, ref):
    officer = officers(records)
    pool = sorted(officer)
    for record in records:
        add_fields(record, field_rng(record), ref, officer[record["entity"]], pool)


# ---- the sample -----------------------------------------------------------------------------------------------

def build_sample(ref):
    rng = random.Random(SEED)
    entities = Entities(rng, ref)
    records = published_pledges(rng, ref, entities)
    records += later_pledges(rng, ref, entities, value_scales(records))
    assign_ids(records)
    add_reports(rng, records)
    add_all_fields(records, ref)
    return records


def subset_filter(subset, ref):
    return {
        "all": lambda r: True,
        "ldc": lambda r: any(c in ref.ldc for c in r["implementation_economies"]),
        "government": lambda r: r["sector"] == "government",
        "private_sector": lambda r: r["sector"] == "private_sector",
        "programmatic": lambda r: r["pledge_type"] == "programmatic",
        "africa": lambda r: "ITU.AFR" in r["implementation_regions"],
    }[subset]


def checkpoint_rows(records, ref):
    """Per published figure: (label, published, sample) for pledges, USD bn, entities and countries."""
    rows = []
    for label, until, subset, pledges, usd_bn, entity_count, country_count in PUBLISHED:
        chosen = [r for r in records if r["pledged_on"] <= until and subset_filter(subset, ref)(r)]
        usd = sum(usd_of(r) or 0.0 for r in chosen) / 1e9
        rows.append((label, pledges, len(chosen), usd_bn, usd, entity_count, len({r["entity"] for r in chosen}),
                     country_count, len({r["origin_economy"] for r in chosen})))
    return rows


def first_round_stats(records):
    cut = "2022-12-31"
    made = [r for r in records if r["pledged_on"] <= cut]
    latest = [[x for x in r["reports"] if x["reported_on"] <= cut] for r in made]
    reported = [x[-1]["status"] for x in latest if x]
    return {"made": len(made), "reported": len(reported),
            "completed": reported.count("completed"), "in_progress": reported.count("in_progress")}


def check_invariants(records, ref):
    """Raises CheckError on the first record breaking a rule of the registry's schema."""
    allowed_pillars = {p for ps in FOCUS_PILLARS.values() for p in ps}
    ids = set()
    for r in records:
        where = f"pledge {r['id']}"

        def need(ok, what):
            if not ok:
                raise CheckError(f"{where}: {what}")

        need(r["id"] not in ids, "duplicate id")
        ids.add(r["id"])
        need(r["sector"] in SECTORS and r["pledge_type"] in PLEDGE_TYPES and r["status"] in STATUSES, "vocabulary")
        need(r["origin_economy"] in ref.region and r["origin_region"] == ref.region[r["origin_economy"]], "origin")
        econ, regions = r["implementation_economies"], r["implementation_regions"]
        need(all(c in ref.region for c in econ), "implementation economy without ITU region")
        need(regions == sorted({ref.region[c] for c in econ}) if econ else set(regions) <= set(ITU_REGIONS),
             "implementation regions disagree with the economies")
        need(r["focus_areas"] and set(r["focus_areas"]) <= set(FOCUS_PILLARS), "focus areas")
        need(r["pillars"] and set(r["pillars"]) <= allowed_pillars, "pillars")
        need(set(r["beneficiaries"]) <= set(BENEFICIARIES), "beneficiaries")
        need((r["value"] is None) == (r["currency"] == ""), "value and currency go together")
        need(r["value"] is None or (r["currency"] in USD_PER_UNIT and r["value"] > 0), "value or currency")
        need(r["start_date"] <= r["end_date"], "end before start")
        need(r["pledged_on"] <= LAST_DATE.isoformat(), "pledged after the last date")
        need(r["description"].startswith("Illustrative sample record"), "description")
        usd, last_percent, last_disbursed, last_date = usd_of(r), 0, 0, r["pledged_on"]
        for k, x in enumerate(r["reports"]):
            need(last_date <= x["reported_on"] <= LAST_DATE.isoformat() and
                 (k == 0 or x["reported_on"] > last_date), "report dates")
            need(x["status"] in STATUSES and last_percent <= x["percent_complete"] <= 100, "report percent")
            if usd is None:
                need(x["disbursed_usd"] is None, "disbursed without a value")
            else:
                need(last_disbursed <= x["disbursed_usd"] <= usd, "disbursed decreases or exceeds the value")
                last_disbursed = x["disbursed_usd"]
            last_percent, last_date = x["percent_complete"], x["reported_on"]
        need(r["status"] == (r["reports"][-1]["status"] if r["reports"] else "announced"), "status")
        check_added_fields(r, ref, need)


def check_added_fields(r, ref, need):
    """The rules of the fields beyond the published figures (docs/pledges.md)."""
    need(r["review_state"] in REVIEW_STATES, "review_state")
    need(r["wsis_lines"] == ordered(r["wsis_lines"], WSIS_LINES), "wsis_lines")
    need(r["roadmap_areas"] == ordered(r["roadmap_areas"], ROADMAP_AREAS), "roadmap_areas")
    need(r["campaigns"] == ordered(r["campaigns"], CAMPAIGNS), "campaigns")
    need(r["entity"] not in r["partners"] and len(set(r["partners"])) == len(r["partners"]), "partners")
    need(r["contact_email"].endswith("@example.org") and r["contact_name"].startswith("Illustrative"), "contact")
    need(r["reporting_period_months"] in REPORTING_PERIODS, "reporting_period_months")
    ids = [t["id"] for t in r["targets"]]
    need(len(set(ids)) == len(ids), "target ids")
    for t in r["targets"]:
        need(t["measure"] in MEASURES and t["unit"], "target measure")
        need(t["baseline_date"] < t["target_date"], "target_date not after baseline_date")
        need(0 <= t["baseline_value"] < t["target_value"], "target values")
        need(t["metric"] == "", "target metric")
        if t["measure"] == "usd_disbursed":
            need(usd_of(r) is not None and t["target_value"] == round(usd_of(r)), "usd_disbursed target")
    reached = {t["id"]: t["baseline_value"] for t in r["targets"]}
    for x in r["reports"]:
        named = [a["target_id"] for a in x["actuals"]]
        need(len(set(named)) == len(named) and set(named) <= set(reached), "actuals name a target once")
        for a in x["actuals"]:
            need(a["value"] >= reached[a["target_id"]], "actuals decrease")
            reached[a["target_id"]] = a["value"]
    ldc = any(c in ref.ldc for c in r["implementation_economies"])
    if "ldc5" in r["campaigns"]:
        need(ldc and LDC5_WINDOW[0] <= r["pledged_on"] <= LDC5_WINDOW[1], "ldc5 campaign")
    if "schools" in r["campaigns"]:
        need(any(t["measure"] == "schools_connected" for t in r["targets"]), "schools campaign")


def check_sample(records, ref):
    problems = []
    for label, want_n, n, want_usd, usd, want_e, e, want_c, c in checkpoint_rows(records, ref):
        if n != want_n:
            problems.append(f"{label}: {n} pledges, published {want_n}")
        if abs(usd / want_usd - 1) > USD_TOLERANCE:
            problems.append(f"{label}: USD {usd:.3f} bn, published {want_usd} bn (tolerance 0.5 %)")
        if want_e is not None and e != want_e:
            problems.append(f"{label}: {e} entities, published {want_e}")
        if want_c is not None and c != want_c:
            problems.append(f"{label}: {c} origin countries, published {want_c}")
    stats = first_round_stats(records)
    share = stats["reported"] / stats["made"]
    if not (0.3 <= share <= 0.37 and 0.08 <= stats["completed"] / stats["reported"] <= 0.12
            and 0.7 <= stats["in_progress"] / stats["reported"] <= 0.78):
        problems.append(f"reports by end of 2022 differ from ITU's figures: {stats}")
    if problems:
        raise CheckError("; ".join(problems))
    check_invariants(records, ref)


# ---- output ---------------------------------------------------------------------------------------------------

FIELDS = ["id", "entity", "sector", "origin_economy", "origin_region", "implementation_economies",
          "implementation_regions", "focus_areas", "pillars", "pledge_type", "value", "currency", "beneficiaries",
          "sdgs", "pledged_on", "start_date", "end_date", "status", "description"] + NEW_FIELDS + ["reports"]


def json_line(record):
    return json.dumps({k: record[k] for k in FIELDS}, ensure_ascii=False, separators=(",", ":"))


def write_atomically(path, write):
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            write(f)
        os.chmod(temp, 0o644)  # mkstemp makes it private; this is a data file to share
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise


def write_json(path, records):
    def write(f):
        f.write("[\n")
        for k, record in enumerate(records):
            f.write(json_line(record) + (",\n" if k + 1 < len(records) else "\n"))
        f.write("]\n")
    write_atomically(path, write)


def wrap(text, first="", rest=""):
    """Fills Markdown text to the README's width, never breaking before a "%" or a currency amount."""
    glued = text.replace(" %", "\0%").replace("USD ", "USD\0")
    return textwrap.fill(glued, width=112, initial_indent=first, subsequent_indent=rest, break_long_words=False,
                         break_on_hyphens=False).replace("\0", " ")


def bullet(text):
    return wrap(text, "- ", "  ")


def readme_text(records, ref):
    def bn(x):
        return f"{x:.2f}"

    rows = []
    for label, want_n, n, want_usd, usd, want_e, e, want_c, c in checkpoint_rows(records, ref):
        rows.append(f"| {label} | {want_n} | {n} | {want_usd:.2f} | {bn(usd)} | {100 * (usd / want_usd - 1):+.3f} % | "
                    f"{'' if want_e is None else want_e} | {'' if want_e is None else e} | "
                    f"{'' if want_c is None else want_c} | {'' if want_c is None else c} |")
    later = [r for r in records if r["pledged_on"] > "2023-12-31"]
    by_year = []
    for year, *_rest in LATER_YEARS:
        chosen = [r for r in later if r["pledged_on"].startswith(str(year))]
        by_year.append(f"{year}: {len(chosen)} pledges, USD {bn(sum(usd_of(r) or 0 for r in chosen) / 1e9)} bn")
    stats = first_round_stats(records)
    reports = sum(len(r["reports"]) for r in records)
    status_counts = ", ".join(f"{s} {sum(1 for r in records if r['status'] == s)}" for s in STATUSES)
    no_value = sum(1 for r in records if r["value"] is None)
    currencies = ", ".join(f"{c} {sum(1 for r in records if r['currency'] == c)}" for c in USD_PER_UNIT)
    return f"""# Partner2Connect pledges: ILLUSTRATIVE sample (not ITU data)

`pledges.json` is a **synthetic, illustrative** set of Partner2Connect (P2C) Digital Coalition pledges. It is
**not ITU data** and no record describes a real pledge: ITU publishes no machine-readable list of pledges, so
this sample exists to exercise the pledge registry (`p2c pledges import`), its indicators and dashboards on
realistic volumes and shapes. Entity names are neutral ("Illustrative operator 017") or "Government of" a
country; every description and report narrative says "Illustrative sample". Do not quote any figure of this
file as a fact about P2C.

Generated by `scripts/make_pledge_sample.py` (Python 3 standard library only), seed `{SEED}`; do not edit by
hand. To regenerate, from the repository root:

    scripts/make_pledge_sample.py          # or: --reference DIR --out DIR

`tests/scripts/make_pledge_sample_test.py` checks that the committed files are exactly what the script writes
and that the sample meets the figures below.

## Format

{wrap(f"A JSON array, one pledge per line, {len(records)} pledges and {reports} progress reports. Keys are the "
       "fields of the registry's pledge record (`core/pledges/pledge.h`; field meanings in `docs/pledges.md`): "
       + ", ".join(f"`{k}`" for k in FIELDS[:-2]) + ", `targets` (each " + ", ".join(f"`{k}`" for k in TARGET_KEYS)
       + "), `reports` (each `reported_on`, `status`, `percent_complete`, `disbursed_usd`, `narrative`, `actuals`: "
       "`target_id` and `value`). The USD value is not stored here: the registry converts `value` with its rate "
       f"table (USD per unit: {', '.join(f'{c} {r}' for c, r in USD_PER_UNIT.items())}).")}

- Economies are ISO3 codes of `config/reference/economies.csv` that have an ITU region; regions are ITU
  region groups (`ITU.AFR`, ...) of `config/reference/groups.csv`: `origin_region` is the origin economy's
  region and `implementation_regions` the regions of the implementation economies (a region-wide pledge names a
  region and no economy; a global one names neither). "Implemented in an LDC" means at least one
  implementation economy was an LDC in {LDC_YEAR} (`config/reference/memberships.csv`).
{bullet("Pillars per focus area: " + "; ".join(f"{a}: {', '.join(p)}" for a, p in FOCUS_PILLARS.items()) + ".")}
{bullet(f"Currencies: {currencies}; {no_value} policy or advocacy pledges state no value (`value` null, "
        "`currency` empty).")}
{bullet("Progress reports come in annual rounds (autumn of 2022 to 2026, none after "
        f"{LAST_DATE.isoformat()}). `disbursed_usd` is cumulative and never decreases or exceeds the pledge's "
        "USD value; `percent_complete` never decreases; a pledge's `status` is its latest report's, or "
        f"`announced` without reports ({status_counts}).")}

## Figures followed

{wrap(f"Source: {SOURCE}. Counts are cumulative by `pledged_on`; pledge, entity and country counts are exact, "
       "USD totals within 0.5 % (the generator checks both and fails otherwise).")}

| checkpoint | pledges published | sample | USD bn published | sample | difference | entities published | sample | origin countries published | sample |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
{chr(10).join(rows)}

{wrap("Progress reports by 31 Dec 2022 (ITU: about a third of the pledges had reported, of which 10 % "
       f"completed and 74 % in progress): {stats['reported']} of {stats['made']} pledges "
       f"({100 * stats['reported'] / stats['made']:.1f} %) had reported; latest status completed "
       f"{stats['completed']} ({100 * stats['completed'] / stats['reported']:.1f} %), in progress "
       f"{stats['in_progress']} ({100 * stats['in_progress'] / stats['reported']:.1f} %).")}

{wrap("Pledges made after 2023 follow **no published total**: they continue at a plausible pace with values at "
       f"the scale of the earlier ones ({'; '.join(by_year)}). Published target for comparison: USD 100 bn by "
       "2026.")}

## Targets, alignment and contacts

{added_fields_text(records)}
"""


def added_fields_text(records):
    """The README's account of the fields beyond the published figures, counted from the records."""
    with_targets = [r for r in records if r["targets"]]
    targets = [t for r in records for t in r["targets"]]
    by_measure = ", ".join(f"{m} {sum(1 for t in targets if t['measure'] == m)}" for m in MEASURES)
    reports = [x for r in with_targets for x in r["reports"]]
    with_actuals = sum(1 for x in reports if x["actuals"])
    met = 0
    for r in with_targets:
        latest = {a["target_id"]: a["value"] for x in r["reports"] for a in x["actuals"]}
        met += sum(1 for t in r["targets"] if latest.get(t["id"], -1) >= t["target_value"])
    campaigns = ", ".join(f"`{c}` {sum(1 for r in records if c in r['campaigns'])}" for c in CAMPAIGNS)
    periods = ", ".join(f"{'null' if p is None else p} {sum(1 for r in records if r['reporting_period_months'] == p)}"
                        for p in REPORTING_PERIODS)
    pillars = "; ".join(f"{p} {'/'.join(lines)}" for p, lines in PILLAR_WSIS.items())
    costs = ", ".join(f"{m} {MEASURES[m][1]:,}" for m in MEASURES if m not in ("usd_disbursed", "other"))
    shares = ", ".join(f"{t} {100 * s:.0f} %" for t, s in TARGET_SHARE_BY_TYPE.items())
    lines = [
        bullet(f"**Targets**: {len(with_targets)} of {len(records)} pledges "
               f"({100 * len(with_targets) / len(records):.1f} %) state measurable targets, {len(targets)} in all "
               f"(by measure: {by_measure}). The share is "
               "**illustrative**: the key findings of ITU's Partner2Connect Annual Report 2023 give shares by focus "
               "area, pledge type, sector, LDC and beneficiary, but none of pledges with quantified targets, so "
               "about a third was chosen, by pledge type " + shares + ". "
               "Measures follow the focus areas (access: km_fibre, people_covered_4g, schools_connected, "
               "households_connected; adoption: people_trained, devices_provided; value creation: people_trained, "
               "other; investment acceleration: usd_disbursed)."),
        bullet("A target runs from the pledge's `start_date` (`baseline_date`) to its `end_date` or, for some, a "
               "milestone before it. Baselines are 0 except for some household targets, counted from the "
               "connections already in place. Target values are round numbers scaled to the pledge's value with "
               "made-up "
               f"unit costs in USD ({costs}) within plausible bounds; a `usd_disbursed` target is the pledge's USD "
               "value. `metric` is empty: the registry checks a named metric against the catalogue of the config's "
               "plugins, which the bootstrap import, made before any plugin is loaded, does not have."),
        bullet("**Actuals** are cumulative and never decrease; they follow the report's status and percent "
               "complete (a completed report reaches 90 to 115 % of the target), and a `usd_disbursed` actual is the "
               f"report's `disbursed_usd`. {with_actuals} of the {len(reports)} reports of pledges with targets give "
               f"actuals; by its latest actual, {met} of the {len(targets)} targets are met."),
        bullet("`wsis_lines` follow the pillars (" + pillars + "), with C1 for some government policy pledges and "
               "C11 for some pledges of international organizations and UN agencies; `roadmap_areas` follow the "
               "focus areas (" + "; ".join(f"{f}: {', '.join(a)}" for f, a in FOCUS_ROADMAP.items()) + "), with "
               "digital_trust_security for the cybersecurity pillar."),
        bullet(f"**Campaigns** ({campaigns}): `ldc5` for {100 * LDC5_SHARE:.0f} % of the pledges made from "
               f"{LDC5_WINDOW[0]} to {LDC5_WINDOW[1]} that are implemented in an LDC, `displaced_people` for "
               f"{100 * DISPLACED_SHARE:.0f} % of the access and adoption pledges made from {DISPLACED_FROM}, "
               f"`schools` for the pledges with a schools_connected target made from {SCHOOLS_FROM}. The campaigns "
               "and their timing follow ITU's Partner2Connect Annual Report 2023 "
               "(itu.int/itu-d/reports/partner2connect-annual-report-2023): its key findings name targeted "
               "campaigns and pledge drives at the LDC5 Conference and SDG Digital, its foreword the campaigns "
               "launched in 2023 for LDCs' citizens and for displaced people, and its outlook a school-connectivity "
               "campaign planned for 2024. Which pledges belong to a campaign is made up."),
        bullet(f"**Partners**: {sum(1 for r in records if r['partners'])} pledges name one to three co-pledging "
               "entities, taken from the sample's other entities."),
        bullet("**Contacts**: each entity has one made-up reporting officer (`contact_name` \"Illustrative officer "
               "017\", `contact_email` officer017@example.org, a domain reserved for examples); the registry never "
               f"publishes them. `reporting_period_months`: {periods} (null: the registry's default). "
               "`review_state` is `published` for every pledge."),
    ]
    return "\n".join(lines)


def write_sample(out, reference):
    ref = Reference(reference)
    records = build_sample(ref)
    check_sample(records, ref)
    write_json(out / "pledges.json", records)
    text = readme_text(records, ref)
    write_atomically(out / "README.md", lambda f: f.write(text))
    print(f"wrote {len(records)} pledges, {sum(len(r['reports']) for r in records)} reports to {out}")


# ---- benchmark mode -------------------------------------------------------------------------------------------

def bench_reports(rng, record, count):
    """Exactly `count` reports between the pledge date and LAST_DATE; only the last may close the pledge."""
    if count == 0:
        return
    first = day(record["pledged_on"]) + datetime.timedelta(days=30)
    span = (LAST_DATE - first).days
    slot = span // count
    state = Progress(record)
    for k in range(count):
        when = first + datetime.timedelta(days=k * slot + rng.randint(0, slot - 1))
        if k + 1 < count:
            status = "announced" if k == 0 and rng.random() < 0.2 else "in_progress"
        else:
            status = rng.choices(["in_progress", "completed", "withdrawn"], [0.6, 0.35, 0.05])[0]
        state.report(rng, when, status)


def write_bench(path, reference, count, reports_per_pledge, targets_per_pledge=0):
    ref = Reference(reference)
    rng = random.Random(SEED + count * 31 + reports_per_pledge)
    entities = Entities(rng, ref)
    for _ in range(max(1, count // 3)):
        kind = rng.choices(["government", "private_sector", "other"], [470, 144, 231])[0]
        sector = other_sector(rng) if kind == "other" else kind
        if sector == "government" and len(entities.with_government) == len(ref.economies):
            sector = "private_sector"
        entities.new(sector, entities.pick_origin(sector, ref.economies))
    first, last = day("2021-09-15"), day("2022-12-31")
    cumulative = list(itertools.accumulate(e["activity"] for e in entities.items))
    officer = {e["name"]: k + 1 for k, e in enumerate(entities.items)}
    partner_pool = [e["name"] for e in entities.items]

    def write(f):
        f.write("[\n")
        serial = {}
        for k in range(count):
            entity = rng.choices(entities.items, cum_weights=cumulative)[0]
            kind = pledge_type(rng, entity["sector"], rng.random() < 0.46 * PROGRAMMATIC_WEIGHT[entity["sector"]])
            usd = base_value_usd(rng, entity["sector"], kind)
            record = make_pledge(rng, ref, entity, random_day(rng, first, last), kind, usd, rng.random() < 0.31,
                                 rng.random() < 0.32)
            if record["value"] is not None:
                record["value"] = stated_value(record["value"], record["currency"])
            year = record["pledged_on"][:4]
            serial[year] = serial.get(year, 0) + 1
            record["id"] = f"P2C-{year}-{serial[year]:06d}"
            bench_reports(rng, record, reports_per_pledge)
            add_fields(record, field_rng(record), ref, officer[record["entity"]], partner_pool, targets_per_pledge)
            check_invariants([record], ref)
            f.write(json_line(record) + (",\n" if k + 1 < count else "\n"))
        f.write("]\n")
    write_atomically(path, write)
    print(f"wrote {count} pledges with {reports_per_pledge} reports and {targets_per_pledge} targets each to {path}")


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Generate the ILLUSTRATIVE Partner2Connect pledge sample (not ITU data), or a large file of "
                    "the same shape for benchmarks.")
    parser.add_argument("--reference", type=Path, default=REPO / "config" / "reference",
                        help="folder of economies.csv, groups.csv, memberships.csv (default: config/reference)")
    parser.add_argument("--out", type=Path, default=REPO / "config" / "data" / "p2c-pledges-illustrative",
                        help="sample output folder (default: config/data/p2c-pledges-illustrative)")
    parser.add_argument("--count", type=int, help="benchmark mode: number of pledges")
    parser.add_argument("--reports-per-pledge", type=int, default=5, help="benchmark mode: reports per pledge")
    parser.add_argument("--targets-per-pledge", type=int, default=0,
                        help="benchmark mode: measurable targets per pledge, each with an actual in every report")
    parser.add_argument("--output", type=Path, help="benchmark mode: the JSON file to write")
    args = parser.parse_args(argv)
    if args.count is not None or args.output is not None:
        if args.count is None or args.output is None or args.count < 1:
            parser.error("benchmark mode needs --count N (N >= 1) and --output FILE")
        if not 0 <= args.reports_per_pledge <= 50:
            parser.error("--reports-per-pledge must be between 0 and 50")
        if not 0 <= args.targets_per_pledge <= 10:
            parser.error("--targets-per-pledge must be between 0 and 10")
    try:
        if args.count is not None:
            write_bench(args.output, args.reference, args.count, args.reports_per_pledge, args.targets_per_pledge)
        else:
            write_sample(args.out, args.reference)
    except CheckError as error:
        print(f"make_pledge_sample.py: error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
