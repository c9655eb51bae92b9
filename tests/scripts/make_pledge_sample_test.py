#!/usr/bin/env python3
"""Checks the illustrative pledge sample (config/data/p2c-pledges-illustrative/):

- reproducible: scripts/make_pledge_sample.py writes byte-identical files into a temporary folder, and no
  file more or less;
- faithful: the committed pledges meet ITU's published checkpoints (counts exact, USD within 0.5 %);
- valid: every record keeps the registry's rules (keys, vocabularies, reference codes, dates, cumulative
  disbursements, status = latest report);
- the benchmark mode (--count N --reports-per-pledge R) writes N valid pledges with exactly R reports each,
  deterministically;
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
               "beneficiaries", "sdgs", "pledged_on", "start_date", "end_date", "status", "description", "reports"]
REPORT_KEYS = ["reported_on", "status", "percent_complete", "disbursed_usd", "narrative"]
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
        }
        for name, mutate in mutations.items():
            broken = copy.deepcopy(with_reports)
            mutate(broken)
            with self.subTest(name):
                self.assertNotEqual(problems_of(broken), [])


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
            self.assertEqual(problems_of_all(pledges), [])

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
