#!/usr/bin/env python3
"""Checks the illustrative pledge sample (config/data/p2c-pledges-illustrative/):

- reproducible: scripts/make_pledge_sample.py writes byte-identical files into a temporary folder, and no
  file more or less;
- faithful: the committed pledges meet ITU's published checkpoints (counts exact, USD within 0.5 %);
- valid: every record keeps the registry's rules (keys, vocabularies, reference codes, dates, cumulative
  disbursements, status = latest report; targets with their dates and measures, cumulative actuals naming the
  pledge's own targets once per report, campaigns, contacts);
- plausible: about a third of the pledges state targets, with measures of their focus areas; campaigns, WSIS
  lines and the reporting officer agree with the rest of the record;
- the benchmark mode (--count N --reports-per-pledge R [--targets-per-pledge T]) writes N valid pledges with
  exactly R reports (and T targets, each with an actual in every report) each, deterministically;
- the generator refuses unusable reference data with a clear message and writes nothing.

The published figures and rules are restated here rather than imported from the generator, so that a change
to the generator's tables cannot make this test pass on a wrong sample.

usage: make_pledge_sample_test.py [--source DIR] [--python EXE] [unittest options]
"""

import argparse
import copy
import csv
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent.parent
PYTHON = sys.executable

PUBLISHED = [  # (label, last pledged_on, subset, pledges, USD bn, entities, origin countries)
    ("Jun 2022", "2022-06-30", "all", 360, 18.55, None, None),
    ("Dec 2022", "2022-12-31", "all", 582, 30.0, 281, 118),
    ("Dec 2023", "2023-12-31", "all", 845, 36.78, 408, 138),
    ("Dec 2023 LDC", "2023-12-31", "ldc", 261, 12.24, None, None),
    ("Dec 2023 government", "2023-12-31", "government", 470, 9.7, None, None),
    ("Dec 2023 private sector", "2023-12-31", "private_sector", 144, 24.46, None, None),
    ("Dec 2023 programmatic", "2023-12-31", "programmatic", 389, 20.76, None, None),
    ("Dec 2023 Africa", "2023-12-31", "africa", 274, 17.24, None, None),
]
RATES = {"USD": 1.0, "EUR": 1.0813, "GBP": 1.2432, "JPY": 0.0071143, "CHF": 1.1127, "CNY": 0.14116}
PLEDGE_KEYS = ["id", "entity", "sector", "origin_economy", "origin_region", "implementation_economies",
               "implementation_regions", "focus_areas", "pillars", "pledge_type", "value", "currency",
               "beneficiaries", "sdgs", "pledged_on", "start_date", "end_date", "status", "description",
               "review_state", "wsis_lines", "roadmap_areas", "campaigns", "partners", "contact_name",
               "contact_email", "reporting_period_months", "targets", "reports"]
REPORT_KEYS = ["reported_on", "status", "percent_complete", "disbursed_usd", "narrative", "actuals"]
TARGET_KEYS = ["id", "description", "measure", "unit", "baseline_value", "baseline_date", "target_value",
               "target_date", "metric"]
# The vocabularies of sdk/include/p2c/pledges/vocabulary_words.h (config/data/pledges/vocabulary.csv), in their order.
MEASURES = ["people_trained", "schools_connected", "households_connected", "people_covered_4g", "km_fibre",
            "devices_provided", "usd_disbursed", "other"]
WSIS_LINES = [f"C{n}" for n in range(1, 12)]
ROADMAP_AREAS = ["global_connectivity", "digital_public_goods", "digital_inclusion", "digital_capacity_building",
                 "digital_human_rights", "artificial_intelligence", "digital_trust_security",
                 "global_digital_cooperation"]
CAMPAIGNS = ["ldc5", "displaced_people", "schools"]
REVIEW_STATES = {"draft", "submitted", "returned", "published"}
# Catalogue metrics a target may name (checked below against config/p2c.toml and the plugin's source); the sample
# itself names none.
KNOWN_METRICS = {"sdg_9_c.coverage_4g"}
# Measures that fit each focus area ("other" fits any).
FOCUS_MEASURES = {
    "access": {"km_fibre", "people_covered_4g", "schools_connected", "households_connected"},
    "adoption": {"people_trained", "devices_provided"},
    "value_creation": {"people_trained"},
    "investment_acceleration": {"usd_disbursed"},
}
LDC5_WINDOW = ("2023-03-01", "2023-12-31")  # from the LDC5 Conference (Doha, March 2023) to the year's end
SCHOOLS_FROM = "2024-01-01"  # the school-connectivity campaign the 2023 annual report planned for 2024
SECTORS = {"government", "private_sector", "international_organization", "un_agency", "financial_institution",
           "academia", "civil_society"}
PILLARS = {
    "access": {"infrastructure", "affordability", "cybersecurity"},
    "adoption": {"digital_skills", "inclusion", "digital_services"},
    "value_creation": {"local_content", "entrepreneurship", "innovation"},
    "investment_acceleration": {"financing", "enabling_policy", "partnerships"},
}
PLEDGE_TYPES = {"financial", "programmatic", "policy", "advocacy"}
STATUSES = {"announced", "in_progress", "completed", "withdrawn"}
BENEFICIARIES = {"women", "youth", "persons_with_disabilities", "rural_communities", "older_persons",
                 "indigenous_peoples"}
ITU_REGIONS = {"ITU.AFR", "ITU.AMS", "ITU.ARB", "ITU.ASP", "ITU.CIS", "ITU.EUR"}
LAST_DATE = "2026-10-31"


def load_reference():
    folder = SOURCE / "config" / "reference"
    with open(folder / "economies.csv", encoding="utf-8") as f:
        names = {r["iso3"]: r["name"] for r in csv.DictReader(f)}
    region, ldc_2023 = {}, set()
    with open(folder / "memberships.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["group"] in ITU_REGIONS:
                region[r["iso3"]] = r["group"]
            elif r["group"] == "LDC" and (not r["from_year"] or int(r["from_year"]) <= 2023) and \
                    (not r["to_year"] or int(r["to_year"]) >= 2023):
                ldc_2023.add(r["iso3"])
    return names, region, ldc_2023


NAMES, REGION, LDC_2023 = load_reference()


def usd(pledge):
    """The USD value as the registry computes it; None without a value or with an unknown currency."""
    rate = RATES.get(pledge["currency"])
    return None if pledge["value"] is None or rate is None else pledge["value"] * rate


def is_date(text):
    try:
        return len(text) == 10 and datetime.date.fromisoformat(text).isoformat() == text
    except (TypeError, ValueError):
        return False


def problems_of(pledge):
    """Every broken rule of one pledge, as text; empty when valid."""
    out = []

    def need(ok, what):
        if not ok:
            out.append(f"{pledge.get('id')}: {what}")

    need(list(pledge) == PLEDGE_KEYS, f"keys {list(pledge)}")
    if out:
        return out
    need(pledge["sector"] in SECTORS, f"sector {pledge['sector']}")
    need(pledge["pledge_type"] in PLEDGE_TYPES, f"pledge_type {pledge['pledge_type']}")
    need(pledge["status"] in STATUSES, f"status {pledge['status']}")
    origin = pledge["origin_economy"]
    need(origin in REGION and pledge["origin_region"] == REGION.get(origin), f"origin {origin}")
    if pledge["sector"] == "government":
        need(pledge["entity"] == f"Government of {NAMES.get(origin)}", f"entity {pledge['entity']}")
    else:
        need(pledge["entity"].startswith("Illustrative "), f"entity {pledge['entity']} is not neutral")
    need(pledge["description"].startswith("Illustrative sample record"), "description")
    economies, regions = pledge["implementation_economies"], pledge["implementation_regions"]
    need(all(e in REGION for e in economies), f"implementation economies {economies}")
    if economies:
        need(regions == sorted({REGION.get(e, "?") for e in economies}), f"regions {regions} for {economies}")
    else:
        need(set(regions) <= ITU_REGIONS and len(regions) <= 1, f"regions {regions}")
    need(pledge["focus_areas"] and set(pledge["focus_areas"]) <= set(PILLARS), "focus_areas")
    allowed = set().union(*(PILLARS.get(a, set()) for a in pledge["focus_areas"]))
    need(pledge["pillars"] and set(pledge["pillars"]) <= allowed, f"pillars {pledge['pillars']}")
    need(set(pledge["beneficiaries"]) <= BENEFICIARIES, "beneficiaries")
    need(pledge["sdgs"] and all(s.split(".")[0].isdigit() and 1 <= int(s.split(".")[0]) <= 17
                                for s in pledge["sdgs"]), f"sdgs {pledge['sdgs']}")
    if pledge["value"] is None:
        need(pledge["currency"] == "" and pledge["pledge_type"] in ("policy", "advocacy"), "no value")
    else:
        need(pledge["currency"] in RATES and pledge["value"] > 0, f"value {pledge['value']} {pledge['currency']}")
    for key in ("pledged_on", "start_date", "end_date"):
        need(is_date(pledge[key]), f"{key} {pledge[key]!r}")
    need(pledge["start_date"] <= pledge["end_date"], "end_date before start_date")
    need(pledge["pledged_on"] <= LAST_DATE, "pledged_on after the last date")
    value_usd, last = usd(pledge), None
    for k, report in enumerate(pledge["reports"]):
        where = f"reports[{k}]"
        need(list(report) == REPORT_KEYS, f"{where} keys {list(report)}")
        if list(report) != REPORT_KEYS:
            break
        need(is_date(report["reported_on"]), f"{where}.reported_on")
        need(pledge["pledged_on"] <= report["reported_on"] <= LAST_DATE, f"{where}.reported_on out of range")
        need(report["status"] in STATUSES, f"{where}.status")
        need(0 <= report["percent_complete"] <= 100, f"{where}.percent_complete")
        need(report["narrative"].startswith("Illustrative sample report"), f"{where}.narrative")
        if value_usd is None:
            need(report["disbursed_usd"] is None, f"{where}.disbursed_usd without a value")
        else:
            need(0 <= report["disbursed_usd"] <= value_usd, f"{where}.disbursed_usd above the USD value")
        if last is not None:
            need(report["reported_on"] > last["reported_on"], f"{where}.reported_on not after the previous")
            need(report["percent_complete"] >= last["percent_complete"], f"{where}.percent_complete decreases")
            if value_usd is not None:
                need(report["disbursed_usd"] >= last["disbursed_usd"], f"{where}.disbursed_usd decreases")
            need(last["status"] in ("announced", "in_progress"), f"{where} after a closing report")
        last = report
    need(pledge["status"] == (last["status"] if last else "announced"), "status is not the latest report's")
    out += added_field_problems(pledge)
    return out


def ordered_subset(items, vocabulary):
    """Whether `items` are distinct codes of `vocabulary`, in its order."""
    return isinstance(items, list) and items == [x for x in vocabulary if x in items]


def added_field_problems(pledge):
    """Every broken rule of the review state, alignment, contact, targets and actuals of one pledge."""
    out = []

    def need(ok, what):
        if not ok:
            out.append(f"{pledge.get('id')}: {what}")

    need(pledge["review_state"] in REVIEW_STATES, f"review_state {pledge['review_state']!r}")
    need(ordered_subset(pledge["wsis_lines"], WSIS_LINES), f"wsis_lines {pledge['wsis_lines']}")
    need(ordered_subset(pledge["roadmap_areas"], ROADMAP_AREAS), f"roadmap_areas {pledge['roadmap_areas']}")
    need(ordered_subset(pledge["campaigns"], CAMPAIGNS), f"campaigns {pledge['campaigns']}")
    partners = pledge["partners"]
    need(isinstance(partners, list) and all(isinstance(p, str) and p for p in partners)
         and len(set(partners)) == len(partners) and pledge["entity"] not in partners, f"partners {partners}")
    need(re.fullmatch(r"officer\d{3,}@example\.org", pledge["contact_email"]) is not None,
         f"contact_email {pledge['contact_email']!r} is not an example.org address")
    need(pledge["contact_name"].startswith("Illustrative officer "), f"contact_name {pledge['contact_name']!r}")
    period = pledge["reporting_period_months"]
    need(period is None or (type(period) is int and 1 <= period <= 120), f"reporting_period_months {period!r}")
    value_usd = usd(pledge)
    baseline = {}
    for k, target in enumerate(pledge["targets"]):
        where = f"targets[{k}]"
        need(list(target) == TARGET_KEYS, f"{where} keys {list(target)}")
        if list(target) != TARGET_KEYS:
            return out
        need(re.fullmatch(r"T\d+", target["id"]) is not None and target["id"] not in baseline, f"{where}.id")
        need(target["measure"] in MEASURES, f"{where}.measure {target['measure']!r}")
        need(isinstance(target["unit"], str) and target["unit"] != "", f"{where}.unit")
        need(target["description"].startswith("Illustrative target"), f"{where}.description")
        need(is_date(target["baseline_date"]) and is_date(target["target_date"]), f"{where} dates")
        need(target["target_date"] > target["baseline_date"], f"{where}.target_date not after baseline_date")
        need(0 <= target["baseline_value"] < target["target_value"], f"{where} baseline and target values")
        need(target["metric"] == "" or target["metric"] in KNOWN_METRICS, f"{where}.metric {target['metric']!r}")
        if target["measure"] == "usd_disbursed":
            need(value_usd is not None and target["target_value"] == round(value_usd),
                 f"{where}: a usd_disbursed target is the pledge's USD value")
        baseline[target["id"]] = target["baseline_value"]
    reached = dict(baseline)
    for k, report in enumerate(pledge["reports"]):
        named = [a.get("target_id") for a in report["actuals"]]
        need(len(set(named)) == len(named), f"reports[{k}].actuals name a target twice")
        for actual in report["actuals"]:
            where = f"reports[{k}].actuals {actual}"
            need(list(actual) == ["target_id", "value"], f"{where}: keys")
            target_id = actual.get("target_id")
            if target_id not in reached:
                need(False, f"{where}: not a target of the pledge")
                continue
            need(actual["value"] >= reached[target_id], f"{where}: below an earlier actual or the baseline")
            reached[target_id] = actual["value"]
            measure = next(t["measure"] for t in pledge["targets"] if t["id"] == target_id)
            if measure == "usd_disbursed":
                need(actual["value"] == report["disbursed_usd"], f"{where}: not the report's disbursed_usd")
    ldc = any(e in LDC_2023 for e in pledge["implementation_economies"])
    if "ldc5" in pledge["campaigns"]:
        need(ldc and LDC5_WINDOW[0] <= pledge["pledged_on"] <= LDC5_WINDOW[1],
             "ldc5 campaign on a pledge not implemented in an LDC or not made in 2023 from March")
    if "schools" in pledge["campaigns"]:
        need(any(t["measure"] == "schools_connected" for t in pledge["targets"]),
             "schools campaign without a schools_connected target")
    return out


def problems_of_all(pledges):
    out = [p for pledge in pledges for p in problems_of(pledge)]
    ids = [p["id"] for p in pledges]
    if len(set(ids)) != len(ids):
        out.append("duplicate ids")
    return out


def in_subset(pledge, subset):
    return {
        "all": True,
        "ldc": any(e in LDC_2023 for e in pledge["implementation_economies"]),
        "government": pledge["sector"] == "government",
        "private_sector": pledge["sector"] == "private_sector",
        "programmatic": pledge["pledge_type"] == "programmatic",
        "africa": "ITU.AFR" in pledge["implementation_regions"],
    }[subset]


def run_generator(*args):
    return subprocess.run([PYTHON, str(SOURCE / "scripts" / "make_pledge_sample.py"), *args],
                          capture_output=True, text=True)


class Sample(unittest.TestCase):
    committed = SOURCE / "config" / "data" / "p2c-pledges-illustrative"

    @classmethod
    def setUpClass(cls):
        with open(cls.committed / "pledges.json", encoding="utf-8") as f:
            cls.pledges = json.load(f)

    def test_reproducible(self):
        with tempfile.TemporaryDirectory() as work:
            done = run_generator("--out", work)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertEqual(sorted(os.listdir(work)), ["README.md", "pledges.json"])
            self.assertEqual(sorted(os.listdir(self.committed)), ["README.md", "pledges.json"])
            for name in ("README.md", "pledges.json"):
                self.assertEqual((Path(work) / name).read_bytes(), (self.committed / name).read_bytes(),
                                 f"config/data/p2c-pledges-illustrative/{name} differs from the generator's "
                                 "output: run scripts/make_pledge_sample.py and commit the result")

    def test_published_checkpoints(self):
        for label, until, subset, count, usd_bn, entities, countries in PUBLISHED:
            chosen = [p for p in self.pledges if p["pledged_on"] <= until and in_subset(p, subset)]
            with self.subTest(label):
                self.assertEqual(len(chosen), count)
                total = sum(usd(p) or 0.0 for p in chosen) / 1e9
                self.assertLessEqual(abs(total / usd_bn - 1), 0.005, f"USD {total:.3f} bn, published {usd_bn}")
                if entities is not None:
                    self.assertEqual(len({p["entity"] for p in chosen}), entities)
                if countries is not None:
                    self.assertEqual(len({p["origin_economy"] for p in chosen}), countries)

    def test_reports_by_end_of_2022_match_itu(self):
        made = [p for p in self.pledges if p["pledged_on"] <= "2022-12-31"]
        latest = [[r for r in p["reports"] if r["reported_on"] <= "2022-12-31"] for p in made]
        statuses = [r[-1]["status"] for r in latest if r]
        self.assertAlmostEqual(len(statuses) / len(made), 1 / 3, delta=0.03)  # "about a third"
        self.assertAlmostEqual(statuses.count("completed") / len(statuses), 0.10, delta=0.02)
        self.assertAlmostEqual(statuses.count("in_progress") / len(statuses), 0.74, delta=0.03)

    def test_records_are_valid(self):
        self.assertEqual(problems_of_all(self.pledges), [])

    def test_size_and_span(self):
        self.assertGreaterEqual(len(self.pledges), 800)
        self.assertLess((self.committed / "pledges.json").stat().st_size, 2_000_000)
        self.assertTrue(any(p["pledged_on"] >= "2026-01-01" for p in self.pledges))
        self.assertTrue(any(p["status"] == "withdrawn" for p in self.pledges))
        self.assertTrue(any(p["value"] is None for p in self.pledges))
        self.assertEqual({p["currency"] for p in self.pledges}, set(RATES) | {""})
        self.assertGreater(sum(1 for p in self.pledges if p["currency"] == "USD") / len(self.pledges), 0.7)
        text = (self.committed / "README.md").read_text(encoding="utf-8")
        self.assertIn("not ITU data", text)
        self.assertIn("no published total", text)

    def test_the_checks_catch_broken_records(self):
        # Each mutation breaks one rule; the validity check must see it.
        with_reports = next(p for p in self.pledges if len(p["reports"]) >= 2 and p["value"] is not None)
        mutations = {
            "disbursed decreases": lambda p: p["reports"][1].update(
                disbursed_usd=p["reports"][0]["disbursed_usd"] - 1),
            "disbursed above value": lambda p: p["reports"][-1].update(disbursed_usd=usd(p) * 1.01),
            "status not latest": lambda p: p.update(status="announced" if p["status"] != "announced" else "completed"),
            "report before pledge": lambda p: p["reports"][0].update(reported_on="2020-01-01"),
            "unknown economy": lambda p: p.update(implementation_economies=["XXX"]),
            "region disagrees": lambda p: p.update(origin_region="ITU.CIS" if p["origin_region"] != "ITU.CIS"
                                                   else "ITU.EUR"),
            "bad date": lambda p: p.update(end_date="2024-02-30"),
            "extra key": lambda p: p.update(value_usd=1.0),
            "unknown currency": lambda p: p.update(currency="XAU"),
            "unknown review state": lambda p: p.update(review_state="approved"),
            "unknown WSIS line": lambda p: p.update(wsis_lines=["C12"]),
            "unknown campaign": lambda p: p.update(campaigns=["ai_for_good"]),
            "real-looking contact": lambda p: p.update(contact_email="officer001@itu.int"),
            "entity its own partner": lambda p: p.update(partners=[p["entity"]]),
            "reporting period zero": lambda p: p.update(reporting_period_months=0),
        }
        for name, mutate in mutations.items():
            broken = copy.deepcopy(with_reports)
            mutate(broken)
            with self.subTest(name):
                self.assertNotEqual(problems_of(broken), [])

    def test_the_checks_catch_broken_targets(self):
        with_actuals = next(p for p in self.pledges if len(p["targets"]) >= 2 and
                            sum(1 for r in p["reports"] if len(r["actuals"]) >= 2) >= 2)
        first = next(k for k, r in enumerate(with_actuals["reports"]) if len(r["actuals"]) >= 2)
        second = next(k for k, r in enumerate(with_actuals["reports"]) if k > first and len(r["actuals"]) >= 2)
        not_ldc = next(p for p in self.pledges if not p["targets"] and not p["campaigns"]
                       and not any(e in LDC_2023 for e in p["implementation_economies"]))
        mutations = {
            "actual decreases": (with_actuals, lambda p: p["reports"][second]["actuals"][0].update(
                value=p["reports"][first]["actuals"][0]["value"] - 1)),
            "actual of an unknown target": (with_actuals, lambda p: p["reports"][first]["actuals"][0].update(
                target_id="T99")),
            "target twice in a report": (with_actuals, lambda p: p["reports"][first]["actuals"].append(
                dict(p["reports"][first]["actuals"][0]))),
            "target date before baseline": (with_actuals, lambda p: p["targets"][0].update(
                target_date=p["targets"][0]["baseline_date"])),
            "unknown measure": (with_actuals, lambda p: p["targets"][0].update(measure="towers_built")),
            "metric not in the catalogue": (with_actuals, lambda p: p["targets"][0].update(metric="sdg_9_c.towers")),
            "target below baseline": (with_actuals, lambda p: p["targets"][0].update(
                baseline_value=p["targets"][0]["target_value"] + 1)),
            "two targets one id": (with_actuals, lambda p: p["targets"][1].update(id=p["targets"][0]["id"])),
            "ldc5 outside an LDC": (not_ldc, lambda p: p.update(campaigns=["ldc5"])),
            "schools without a schools target": (not_ldc, lambda p: p.update(campaigns=["schools"])),
        }
        for name, (pledge, mutate) in mutations.items():
            broken = copy.deepcopy(pledge)
            mutate(broken)
            with self.subTest(name):
                self.assertEqual(problems_of(pledge), [])
                self.assertNotEqual(problems_of(broken), [])

    def test_targets_are_a_plausible_minority(self):
        with_targets = [p for p in self.pledges if p["targets"]]
        self.assertGreaterEqual(len(with_targets) / len(self.pledges), 0.30)
        self.assertLessEqual(len(with_targets) / len(self.pledges), 0.40)
        measures = {t["measure"] for p in with_targets for t in p["targets"]}
        self.assertEqual(measures, set(MEASURES))
        for pledge in with_targets:
            fitting = set().union(*(FOCUS_MEASURES[f] for f in pledge["focus_areas"])) | {"other"}
            for target in pledge["targets"]:
                with self.subTest(pledge["id"], target=target["id"]):
                    self.assertIn(target["measure"], fitting, f"focus areas {pledge['focus_areas']}")
                    self.assertGreaterEqual(target["baseline_date"], "2000-01-01")
                    self.assertLessEqual(target["target_date"], "2100-12-31")
        reports = [r for p in with_targets for r in p["reports"]]
        self.assertGreater(sum(1 for r in reports if r["actuals"]) / len(reports), 0.7)
        self.assertTrue(all(r["actuals"] == [] for p in self.pledges if not p["targets"] for r in p["reports"]))
        met = 0
        for pledge in with_targets:
            latest = {a["target_id"]: a["value"] for r in pledge["reports"] for a in r["actuals"]}
            met += sum(1 for t in pledge["targets"] if latest.get(t["id"], -1) >= t["target_value"])
        self.assertGreater(met, 0)
        self.assertLess(met, sum(len(p["targets"]) for p in with_targets))

    def test_alignment_campaigns_and_contacts(self):
        self.assertEqual({p["review_state"] for p in self.pledges}, {"published"})
        for pillar, line in (("infrastructure", "C2"), ("digital_skills", "C4"), ("cybersecurity", "C5")):
            self.assertTrue(all(line in p["wsis_lines"] for p in self.pledges if pillar in p["pillars"]), pillar)
        self.assertTrue(all("global_connectivity" in p["roadmap_areas"] for p in self.pledges
                            if "access" in p["focus_areas"]))
        count = {c: sum(1 for p in self.pledges if c in p["campaigns"]) for c in CAMPAIGNS}
        in_window = [p for p in self.pledges if LDC5_WINDOW[0] <= p["pledged_on"] <= LDC5_WINDOW[1]
                     and any(e in LDC_2023 for e in p["implementation_economies"])]
        self.assertGreater(count["ldc5"], 0.2 * len(in_window))
        self.assertLess(count["ldc5"], len(in_window))
        self.assertGreater(count["displaced_people"], 0)
        self.assertLess(count["displaced_people"], 0.03 * len(self.pledges))  # rare
        schools = [p for p in self.pledges if p["pledged_on"] >= SCHOOLS_FROM
                   and any(t["measure"] == "schools_connected" for t in p["targets"])]
        self.assertEqual(count["schools"], len(schools))
        self.assertGreater(count["schools"], 0)
        with_partners = sum(1 for p in self.pledges if p["partners"]) / len(self.pledges)
        self.assertTrue(0.15 <= with_partners <= 0.45, with_partners)
        officer = {}
        for pledge in self.pledges:
            officer.setdefault(pledge["entity"], pledge["contact_email"])
            self.assertEqual(officer[pledge["entity"]], pledge["contact_email"], "one officer per entity")
        self.assertEqual(len(set(officer.values())), len(officer), "one entity per officer")
        periods = {p["reporting_period_months"] for p in self.pledges}
        self.assertIn(None, periods)
        self.assertGreater(len(periods), 1)

    def test_targets_name_no_metric(self):
        # The bootstrap import opens the registry before any plugin is loaded, so it has no catalogue to check a
        # target's metric against and would refuse the whole sample.
        self.assertEqual({t["metric"] for p in self.pledges for t in p["targets"]}, {""})

    def test_known_metrics_are_in_the_bundled_catalogue(self):
        import tomllib
        with open(SOURCE / "config" / "p2c.toml", "rb") as f:
            config = tomllib.load(f)
        instances = {i.get("name", i["plugin"]): i["plugin"] for i in config.get("indicator", [])}
        for metric in KNOWN_METRICS:
            instance, name = metric.split(".", 1)
            self.assertIn(instance, instances)
            plugin = instances[instance]
            source = (SOURCE / "plugins" / "indicators" / plugin / f"{plugin}.cpp").read_text(encoding="utf-8")
            self.assertIn(f'.name = "{name}"', source)


class BenchMode(unittest.TestCase):
    def test_count_mode_is_valid_and_deterministic(self):
        with tempfile.TemporaryDirectory() as work:
            first, second = Path(work) / "a.json", Path(work) / "b.json"
            for path in (first, second):
                done = run_generator("--count", "400", "--reports-per-pledge", "5", "--output", str(path))
                self.assertEqual(done.returncode, 0, done.stderr)
            self.assertEqual(first.read_bytes(), second.read_bytes())
            pledges = json.loads(first.read_text(encoding="utf-8"))
            self.assertEqual(len(pledges), 400)
            self.assertTrue(all(len(p["reports"]) == 5 for p in pledges))
            self.assertTrue(all(p["targets"] == [] for p in pledges))  # --targets-per-pledge defaults to 0
            self.assertEqual(problems_of_all(pledges), [])

    def test_count_mode_with_targets(self):
        with tempfile.TemporaryDirectory() as work:
            first, second = Path(work) / "a.json", Path(work) / "b.json"
            for path in (first, second):
                done = run_generator("--count", "300", "--reports-per-pledge", "5", "--targets-per-pledge", "2",
                                     "--output", str(path))
                self.assertEqual(done.returncode, 0, done.stderr)
            self.assertEqual(first.read_bytes(), second.read_bytes())
            pledges = json.loads(first.read_text(encoding="utf-8"))
            self.assertEqual(len(pledges), 300)
            for pledge in pledges:
                self.assertEqual([t["id"] for t in pledge["targets"]], ["T1", "T2"])
                self.assertEqual(len(pledge["reports"]), 5)
                for report in pledge["reports"]:
                    self.assertEqual(sorted(a["target_id"] for a in report["actuals"]), ["T1", "T2"])
                self.assertTrue(all(t["metric"] == "" for t in pledge["targets"]))
            self.assertEqual(problems_of_all(pledges), [])

    def test_count_mode_refuses_too_many_targets(self):
        done = run_generator("--count", "10", "--targets-per-pledge", "11", "--output", "/nonexistent/x.json")
        self.assertEqual(done.returncode, 2)
        self.assertIn("--targets-per-pledge", done.stderr)

    def test_count_mode_without_reports(self):
        with tempfile.TemporaryDirectory() as work:
            path = Path(work) / "none.json"
            done = run_generator("--count", "50", "--reports-per-pledge", "0", "--output", str(path))
            self.assertEqual(done.returncode, 0, done.stderr)
            pledges = json.loads(path.read_text(encoding="utf-8"))
            self.assertEqual(len(pledges), 50)
            self.assertTrue(all(p["reports"] == [] and p["status"] == "announced" for p in pledges))
            self.assertEqual(problems_of_all(pledges), [])

    def test_count_mode_needs_an_output(self):
        done = run_generator("--count", "10")
        self.assertEqual(done.returncode, 2)
        self.assertIn("--output", done.stderr)


class BenchConfigs(unittest.TestCase):
    """bench/pledges_bench.py writes the configs and rate table it runs p2c with."""

    def test_configs_name_the_registry_and_only_the_pledge_plugins(self):
        import tomllib
        sys.path.insert(0, str(SOURCE / "bench"))
        sys.dont_write_bytecode = True
        try:
            import pledges_bench
        finally:
            sys.path.pop(0)
        with tempfile.TemporaryDirectory() as work:
            database = str(Path(work) / "dir with \"quotes\"" / "pledges.sqlite")
            import_path, run_path = pledges_bench.write_configs(work, database)
            with open(import_path, "rb") as f:
                imported = tomllib.load(f)
            with open(run_path, "rb") as f:
                run = tomllib.load(f)
            self.assertEqual(imported["pledges"]["database"], database)
            with open(imported["pledges"]["rates"], encoding="utf-8") as f:
                rates = {r["currency"]: float(r["usd_per_unit"]) for r in csv.DictReader(f)}
            self.assertEqual(rates, RATES)
            self.assertEqual(sorted(run), ["indicator", "reference", "run", "source"])  # no sink
            self.assertEqual(run["run"]["history"], "")
            self.assertEqual(run["source"], [{"plugin": "pledges_sqlite", "database": database}])
            self.assertEqual(run["indicator"], [{"plugin": "pledges"}])
            for config in (imported, run):
                for key in ("economies", "groups", "memberships"):
                    self.assertTrue(Path(config["reference"][key]).is_file())


class BadReference(unittest.TestCase):
    def test_missing_reference_fails_and_writes_nothing(self):
        with tempfile.TemporaryDirectory() as work:
            out = Path(work) / "out"
            done = run_generator("--reference", str(Path(work) / "nowhere"), "--out", str(out))
            self.assertEqual(done.returncode, 1)
            self.assertIn("reference file not found", done.stderr)
            self.assertIn("economies.csv", done.stderr)
            self.assertFalse(out.exists())

    def test_reference_without_itu_regions_fails(self):
        with tempfile.TemporaryDirectory() as work:
            reference = Path(work) / "reference"
            reference.mkdir()
            for name in ("economies.csv", "memberships.csv"):
                (reference / name).write_bytes((SOURCE / "config" / "reference" / name).read_bytes())
            groups = (SOURCE / "config" / "reference" / "groups.csv").read_text(encoding="utf-8")
            (reference / "groups.csv").write_text(
                "".join(line for line in groups.splitlines(True) if not line.startswith("ITU.AFR,")), encoding="utf-8")
            done = run_generator("--reference", str(reference), "--out", str(Path(work) / "out"))
            self.assertEqual(done.returncode, 1)
            self.assertIn("ITU.AFR", done.stderr)
            self.assertFalse((Path(work) / "out").exists())


def main():
    global SOURCE, PYTHON, NAMES, REGION, LDC_2023
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--source", type=Path)
    parser.add_argument("--python")
    args, rest = parser.parse_known_args()
    if args.source:
        SOURCE = args.source.resolve()
        NAMES, REGION, LDC_2023 = load_reference()
    if args.python:
        PYTHON = args.python
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
