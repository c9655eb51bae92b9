#!/usr/bin/env python3
"""An analyst's pandas script doing the work p2c does for four indicators, for the same-work comparison.

Usage: bench/pandas_same_work.py --output results.csv     (Debian package python3-pandas)
       bench/pandas_same_work.py --compare P2C_RESULTS_CSV results.csv

From the bundled files p2c reads (config/data, config/reference), as config/p2c.toml configures them, it computes:

- SDG 17.8.1, Internet use: the share online, people offline (population x share offline) and each economy's latest
  share from 2018 on (plugin sdg_17_8);
- SDG 17.6.1, fixed broadband subscriptions per 100 people, those at 10 Mbit/s or more, and their share (sdg_17_6);
- SDG 9.c.1, population covered by 2G, 3G and 4G networks (sdg_9_c);
- the ICT Development Index 2024: the nine indicator scores, the two pillars and the index, with ITU's published
  scores where an input is missing (idi);

keeping economies of the reference list only; then what p2c's host does with them:

- estimates of the missing economy-years of Internet use and people offline by ITU's method (interpolation, then
  the trend of the previous five years for at most three years), never over a year the indicator left missing;
- group values for the 43 groups (LDC, LLDC, SIDS, UN and ITU regions, income groups, World) with time-aware
  membership and ITU's group lists, by each metric's rule (population-weighted mean, sum, or mean), with their
  coverage, observed and in all, and withheld when less than 80 % of the group's population is observed (a sum
  also needs 95 % with a value; the IDI's means are published whatever their coverage);
- progress toward the 2030 targets for the metrics with one (Internet use and its latest value, people offline,
  the share at 10 Mbit/s and 4G coverage): the status of each economy's and group's latest value, and its trend,
  growth, gap and projection over a 10-year window, no status on data more than 5 years old;

and writes every value (with its status, flags and coverage) as one CSV. It does not write p2c's rows without a value
and their reasons, nor any other indicator.

Same work: bench/same_work_bench.py runs `p2c run --only sdg_17_8,sdg_17_6,sdg_9_c,idi,csv_results` and this script,
then compares the two result files record by record (metric, entity, year): the same records with a value, the
same withheld group values, statuses, flags and coverage counts, and values equal to 1e-9 relative (group sums
add in another order).
"""
import argparse
import datetime
import os
import sys

import numpy as np
import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "config", "data")
REFERENCE = os.path.join(ROOT, "config", "reference")
MISSING = ["", "..", "NA", "n.a."]

# Publishing, estimation and progress settings of config/p2c.toml and their defaults.
MIN_OBSERVED, MIN_SUM = 0.8, 0.95
TREND_YEARS, MAX_EXTRAPOLATION = 5, 3
WINDOW, MIN_POINTS, MAX_AGE = 10, 3, 5
REFERENCE_YEAR = datetime.date.today().year - 1
TARGET_YEAR = 2030


# ---- reference data ----------------------------------------------------------------------------------------------

def read_reference():
    economies = pd.read_csv(os.path.join(REFERENCE, "economies.csv"), dtype=str, keep_default_na=False)
    groups = pd.read_csv(os.path.join(REFERENCE, "groups.csv"), dtype=str, keep_default_na=False)

    def memberships(name):
        table = pd.read_csv(os.path.join(REFERENCE, name), dtype=str, keep_default_na=False)
        table["from_year"] = pd.to_numeric(table["from_year"]).fillna(-10**9).astype(int)
        table["to_year"] = pd.to_numeric(table["to_year"]).fillna(10**9).astype(int)
        return table

    members = memberships("memberships.csv")
    itu = memberships("itu-lists.csv")  # ITU's lists replace, group by group, the UN M49 ones
    members = pd.concat([members[~members["group"].isin(itu["group"].unique())], itu], ignore_index=True)
    return economies, groups, members


def members_by_year(members, years):
    """(group, iso3, year) for every year in `years` in which the economy belongs to the group."""
    table = members.merge(pd.DataFrame({"year": sorted(set(years))}), how="cross")
    return table[(table["year"] >= table["from_year"]) & (table["year"] <= table["to_year"])][["group", "iso3", "year"]]


# ---- sources ------------------------------------------------------------------------------------------------------

def read_long(path, code, year, value, economies, filters=None, m49=False, keep=()):
    """A long CSV as p2c's csv source reads it: filtered rows, codes mapped from M49 and upper-cased, missing values
    skipped, years 1900-2200, economies of the reference list only."""
    table = pd.read_csv(os.path.join(DATA, path), dtype=str, keep_default_na=False)
    for column, wanted in (filters or {}).items():
        table = table[table[column] == wanted]
    table = table[~table[value].str.strip().isin(MISSING)]
    codes = table[code].str.strip()
    if m49:
        listed = economies[economies["m49"].str.strip() != ""]
        by_number = dict(zip(listed["m49"].str.strip().str.lstrip("0").replace("", "0"), listed["iso3"]))
        numeric = codes.str.fullmatch(r"\d+")
        codes = codes.where(~numeric, codes.str.lstrip("0").replace("", "0").map(by_number).fillna(codes))
    out = pd.DataFrame({"iso3": codes.str.upper(), "year": pd.to_numeric(table[year], errors="coerce"),
                        "value": pd.to_numeric(table[value], errors="coerce")})
    for column in keep:
        out[column] = table[column].values
    out = out.dropna(subset=["year", "value"])
    out["year"] = out["year"].astype(int)
    out = out[(out["year"] >= 1900) & (out["year"] <= 2200)]
    return out[out["iso3"].isin(economies["iso3"])].reset_index(drop=True)


def read_wide(path, columns, year, economies):
    """A wide CSV (one row per economy) as p2c's csv_wide source reads it: column -> value for `year`."""
    table = pd.read_csv(os.path.join(DATA, path), dtype=str, keep_default_na=False)
    table = table[table["iso3"].str.upper().isin(economies["iso3"])]
    out = pd.DataFrame({"iso3": table["iso3"].str.upper(), "year": year})
    for column, name in columns.items():
        out[name] = pd.to_numeric(table[column].where(~table[column].str.strip().isin(MISSING)), errors="coerce")
    return out.reset_index(drop=True)


# ---- indicators ---------------------------------------------------------------------------------------------------

def records(metric, table, value="value", flags=""):
    out = table[["iso3", "year"]].copy()
    out["metric"] = metric
    out["value"] = table[value].values
    out["flags"] = flags
    return out


def internet_use(users, population):
    """sdg_17_8: the share online, people offline and the latest share from 2018 on; also the economy-years the
    indicator leaves missing, which estimation must not fill."""
    share_ok = (users["value"] >= 0) & (users["value"] <= 100)
    valid = users[share_ok]
    people = population.drop_duplicates(["iso3", "year"], keep="last").rename(columns={"value": "people"})
    joined = valid.merge(people, on=["iso3", "year"], how="left")
    joined["offline"] = joined["people"] * (100 - joined["value"]) / 100
    with_people = joined.dropna(subset=["people"])
    recent = valid[valid["year"] >= 2018]
    latest = recent.loc[recent.groupby("iso3")["year"].idxmax()]
    missing = {
        "sdg_17_8.internet_users": users[~share_ok][["iso3", "year"]],
        "sdg_17_8.offline_population": pd.concat([users[~share_ok][["iso3", "year"]],
                                                  joined[joined["people"].isna()][["iso3", "year"]]]),
    }
    return [records("sdg_17_8.internet_users", valid), records("sdg_17_8.offline_population", with_people, "offline"),
            records("sdg_17_8.internet_users_latest", latest)], missing


def fixed_broadband(bbp):
    """sdg_17_6: subscriptions in total and at 10 Mbit/s or more per 100 people, and the share of the fast ones."""
    total = bbp[bbp["type_of_speed"] == "anys"][["iso3", "year", "value"]].rename(columns={"value": "total"})
    fast = bbp[bbp["type_of_speed"] == "10mbps"][["iso3", "year", "value"]].rename(columns={"value": "fast"})
    both = total.merge(fast, on=["iso3", "year"], how="outer")
    ratio = both["fast"] / both["total"]
    share_ok = (both["total"] >= 0) & (both["fast"] >= 0) & (both["total"] != 0) & (ratio <= 1)
    both["share"] = ratio * 100
    return [records("sdg_17_6.subscriptions", both[both["total"] >= 0], "total"),
            records("sdg_17_6.subscriptions_10mbps", both[both["fast"] >= 0], "fast"),
            records("sdg_17_6.share_10mbps", both[share_ok], "share")]


def mobile_coverage(coverage):
    """sdg_9_c: population covered by 2G, 3G and 4G networks, shares within 0-100 %."""
    out = []
    for tech, table in coverage.items():
        out.append(records(f"sdg_9_c.coverage_{tech}", table[(table["value"] >= 0) & (table["value"] <= 100)]))
    return out


IDI_THRESHOLDS = {"internet_users": 0, "households_internet": 0, "mbb_subs": 0, "cov_3g": 0, "cov_4g": 0,
                  "mbb_traffic_gb": 0, "fbb_traffic_gb": 0, "mobile_basket_gni": 21.33, "fixed_basket_gni": 33.30,
                  "mobile_ownership": 0}
IDI_GOALPOSTS = {"internet_users": 95, "households_internet": 95, "mbb_subs": 150, "cov_3g": 100, "cov_4g": 100,
                 "mbb_traffic_gb": 500, "fbb_traffic_gb": 10000, "mobile_basket_gni": 1, "fixed_basket_gni": 1,
                 "mobile_ownership": 95}
IDI_LOG = {"mbb_traffic_gb", "fbb_traffic_gb"}
IDI_UNIVERSAL = {"s_internet_users": ["internet_users"], "s_households_internet": ["households_internet"],
                 "s_mbb_subs": ["mbb_subs"]}
IDI_MEANINGFUL = {"s_coverage": ["cov_3g", "cov_4g"], "s_mbb_traffic": ["mbb_traffic_gb"],
                  "s_fbb_traffic": ["fbb_traffic_gb"], "s_mobile_basket": ["mobile_basket_gni"],
                  "s_fixed_basket": ["fixed_basket_gni"], "s_mobile_ownership": ["mobile_ownership"]}


def idi(inputs, published):
    """idi: the ITU IDI 2024 method; ITU's published pillar or index where an input is missing."""
    table = inputs.merge(published, on=["iso3", "year"], how="outer")
    scores = {}
    for name in IDI_THRESHOLDS:
        value, low, high = table[name], IDI_THRESHOLDS[name], IDI_GOALPOSTS[name]
        if name in IDI_LOG:
            value, low, high = np.log1p(value), np.log1p(low), np.log1p(high)
        scores[name] = ((value - low) / (high - low) * 100).clip(0, 100)
    components = {}
    for component, parts in {**IDI_UNIVERSAL, **IDI_MEANINGFUL}.items():
        components[component] = 0.4 * scores["cov_3g"] + 0.6 * scores["cov_4g"] if len(parts) == 2 \
            else scores[parts[0]]
    universal = sum(components[c] for c in IDI_UNIVERSAL) / len(IDI_UNIVERSAL)
    meaningful = sum(components[c] for c in IDI_MEANINGFUL) / len(IDI_MEANINGFUL)
    index = (universal + meaningful) / 2
    out = [records(f"idi.{name}", table.assign(value=values).dropna(subset=["value"]))
           for name, values in components.items()]
    for name, computed, stand_in in (("universal", universal, "published_universal"),
                                     ("meaningful", meaningful, "published_meaningful"),
                                     ("score", index, "published_score")):
        mine = table.assign(value=computed).dropna(subset=["value"])
        theirs = table.assign(value=table[stand_in])[computed.isna() & table[stand_in].notna()]
        out += [records(f"idi.{name}", mine), records(f"idi.{name}", theirs, flags="imputed")]
    return out


# ---- estimates for missing economy-years --------------------------------------------------------------------------

def slope(years, values):
    if len(years) < 2:
        return None
    dx = years - years.mean()
    sxx = (dx * dx).sum()
    return None if sxx == 0 else (dx * (values - values.mean())).sum() / sxx


def itu_trend(years, values, last_year):
    """Interpolation between observations, then the trend of the previous five years past the latest one, as
    (year, value) pairs, before clipping."""
    out = []
    for a, b, va, vb in zip(years[:-1], years[1:], values[:-1], values[1:]):
        out += [(year, va + (year - a) / (b - a) * (vb - va)) for year in range(a + 1, b)]
    window = years >= years[-1] - TREND_YEARS + 1
    trend = slope(years[window].astype(float), values[window])
    if trend is not None:
        out += [(year, values[-1] + trend * (year - years[-1]))
                for year in range(years[-1] + 1, min(last_year, years[-1] + MAX_EXTRAPOLATION) + 1)]
    return out


def estimate(table, metric, missing, minimum, maximum):
    last_year = table["year"].max()
    rows = []
    for economy, history in table.sort_values("year").groupby("iso3"):
        rows += [(economy, year, value)
                 for year, value in itu_trend(history["year"].to_numpy(), history["value"].to_numpy(), last_year)]
    estimates = pd.DataFrame(rows, columns=["iso3", "year", "value"])
    estimates["value"] = estimates["value"].clip(minimum, maximum)
    left_missing = estimates.merge(missing.assign(explained=True), on=["iso3", "year"], how="left")
    estimates = estimates[left_missing["explained"].isna().to_numpy()]
    return records(metric, estimates, flags="estimated")


# ---- groups -------------------------------------------------------------------------------------------------------

RULES = {"sdg_17_8.internet_users": "weighted", "sdg_17_8.internet_users_latest": "weighted",
         "sdg_17_8.offline_population": "sum", "sdg_17_6.subscriptions": "weighted",
         "sdg_17_6.subscriptions_10mbps": "weighted", "sdg_17_6.share_10mbps": "mean",
         "sdg_9_c.coverage_2g": "weighted", "sdg_9_c.coverage_3g": "weighted", "sdg_9_c.coverage_4g": "weighted"}


def group_values(economy_records, members, population):
    people = population.drop_duplicates(["iso3", "year"], keep="last").rename(columns={"value": "people"})
    membership = members_by_year(members, economy_records["year"].unique())
    sizes = membership.merge(people, on=["iso3", "year"], how="left").groupby(["group", "year"]).agg(
        members=("iso3", "size"), group_people=("people", "sum")).reset_index()
    joined = membership.merge(economy_records, on=["iso3", "year"]).merge(people, on=["iso3", "year"], how="left")
    joined["rule"] = joined["metric"].map(RULES).fillna("mean")  # the IDI's scores are simple means
    # A population-weighted mean counts the members with a known population only.
    joined = joined[(joined["rule"] != "weighted") | joined["people"].notna()]
    joined["observed"] = joined["flags"] != "estimated"
    joined["people_observed"] = joined["people"].where(joined["observed"])
    joined["weighted"] = joined["value"] * joined["people"]
    group = joined.groupby(["metric", "rule", "group", "year"]).agg(
        members_with_data=("iso3", "size"), members_observed=("observed", "sum"),
        people_with_data=("people", "sum"), people_observed=("people_observed", "sum"),
        total=("value", "sum"), weighted=("weighted", "sum")).reset_index().merge(sizes, on=["group", "year"])
    group = group[(group["rule"] != "weighted") | (group["people_with_data"] > 0)]
    known = group["group_people"] > 0
    group["population_share"] = (group["people_with_data"] / group["group_people"]).where(known, 0.0)
    group["observed_population_share"] = (group["people_observed"] / group["group_people"]).where(known, 0.0)
    of_members = group["members"].clip(lower=1)
    observed = group["observed_population_share"].where(known, group["members_observed"] / of_members)
    with_data = group["population_share"].where(known, group["members_with_data"] / of_members)
    value = np.select([group["rule"] == "weighted", group["rule"] == "sum"],
                      [group["weighted"] / group["people_with_data"], group["total"]],
                      group["total"] / group["members_with_data"])
    withheld = (observed < np.where(group["metric"].str.startswith("idi."), 0, MIN_OBSERVED)) | \
        ((group["rule"] == "sum") & (with_data < MIN_SUM))
    estimated = group["members_observed"] < group["members_with_data"]
    group["value"] = np.where(withheld, np.nan, value)
    group["flags"] = np.where(withheld, np.where(estimated, "estimated;withheld", "withheld"),
                              np.where(estimated, "estimated", ""))
    return group.rename(columns={"group": "entity"}).drop(columns="rule").reset_index(drop=True)


# ---- progress -----------------------------------------------------------------------------------------------------

TARGETS = {"sdg_17_8.internet_users": (100, True, 0, 100), "sdg_17_8.internet_users_latest": (100, True, 0, 100),
           "sdg_17_8.offline_population": (0, False, 0, None), "sdg_17_6.share_10mbps": (100, True, 0, 100),
           "sdg_9_c.coverage_4g": (100, True, 0, 100)}


def assess(metric, years, values):
    """Status of the latest value, and the trend, growth, gap and projection over the window."""
    target, higher, minimum, maximum = TARGETS[metric]
    last_year, last = int(years[-1]), values[-1]
    if REFERENCE_YEAR - last_year > MAX_AGE:
        return "insufficient_data", last_year, None, None, None, None
    window = years >= last_year - WINDOW + 1
    years, values = years[window].astype(float), values[window]
    trend = slope(years, values)
    first = values[0]
    growth = ((last / first) ** (1 / (last_year - years[0])) - 1) * 100 \
        if years[0] != last_year and first > 0 and last > 0 else None
    gap = max(0.0, target - last if higher else last - target)
    meets = (lambda v: v >= target) if higher else (lambda v: v <= target)
    enough = len(values) >= MIN_POINTS
    projection = None
    if trend is not None and enough and last_year < TARGET_YEAR:
        projection = min(max(values.mean() + trend * (TARGET_YEAR - years.mean()), minimum),
                         maximum if maximum is not None else np.inf)
    if meets(last):
        status = "achieved"
    elif last_year >= TARGET_YEAR:
        status = "off_track"
    elif not enough:
        status = "insufficient_data"
    else:
        status = "on_track" if meets(projection) else "off_track"
    return status, last_year, trend, growth, gap, projection


def progress(results):
    with_target = results[results["metric"].isin(TARGETS.keys()) & results["value"].notna()]
    history = with_target[~((with_target["entity_kind"] == "economy") & (with_target["flags"] == "estimated"))]
    points = history.groupby(["metric", "entity"]).size()
    series = points[points >= 2].reset_index()["metric"].unique()
    history = history[history["metric"].isin(series)].sort_values("year")
    assessed = pd.DataFrame(
        [(metric, entity) + assess(metric, h["year"].to_numpy(), h["value"].to_numpy())
         for (metric, entity), h in history.groupby(["metric", "entity"])],
        columns=["metric", "entity", "status", "latest_year", "trend", "growth", "gap", "projection"])
    # The status goes on the latest record; the derived metrics carry its flags.
    statuses = assessed[["metric", "entity", "latest_year", "status"]].rename(columns={"latest_year": "year"})
    latest = results.merge(statuses, on=["metric", "entity", "year"], how="left")
    results["status"] = latest["status"].to_numpy()
    assessed = assessed.merge(results[["metric", "entity", "year", "flags", "entity_kind"]].rename(
        columns={"year": "latest_year"}), on=["metric", "entity", "latest_year"])
    assessed = assessed[assessed["gap"].notna()]
    derived = []
    for name in ("trend", "growth", "gap", "projection"):
        rows = assessed.dropna(subset=[name])
        derived.append(pd.DataFrame({
            "metric": rows["metric"] + "." + name, "entity": rows["entity"], "entity_kind": rows["entity_kind"],
            "year": TARGET_YEAR if name == "projection" else rows["latest_year"], "value": rows[name].astype(float),
            "status": rows["status"], "flags": rows["flags"]}))
    return pd.concat([results] + derived, ignore_index=True)


# ---- the comparison with p2c --------------------------------------------------------------------------------------

def compare(p2c_csv, pandas_csv):
    """Compares p2c's csv_results file with this script's output; prints what differs. Returns True when they agree:
    the same records with a value or withheld, equal values (1e-9 relative), statuses, flags and coverage."""
    numbers = ["value", "members_with_data", "members", "population_share", "members_observed",
               "observed_population_share"]

    def read(path):
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in numbers:
            table[column] = pd.to_numeric(table[column].replace("", np.nan))
        table["year"] = table["year"].astype(int)
        return table

    p2c, mine = read(p2c_csv), read(pandas_csv)
    p2c = p2c[p2c["value"].notna() | p2c["flags"].str.contains("withheld")]  # p2c also writes missing values
    key = ["metric", "entity", "year"]
    both = p2c.merge(mine, on=key, how="outer", suffixes=("_p2c", "_pandas"), indicator=True)
    problems = []
    for side, name in (("left_only", "p2c only"), ("right_only", "pandas only")):
        rows = both[both["_merge"] == side]
        if len(rows):
            problems.append(f"{len(rows)} records in {name}, e.g. {rows[key].head(3).values.tolist()}")
    both = both[both["_merge"] == "both"]
    for column in numbers:
        a, b = both[column + "_p2c"], both[column + "_pandas"]
        same = (a - b).abs() <= 1e-9 * a.abs().clip(lower=1e-3)
        rows = both[~(same | (a.isna() & b.isna()))]
        if len(rows):
            problems.append(f"{len(rows)} records differ in {column}, e.g. "
                            f"{rows[key + [column + '_p2c', column + '_pandas']].head(3).values.tolist()}")
    for column in ("status", "flags", "entity_kind"):
        rows = both[both[column + "_p2c"] != both[column + "_pandas"]]
        if len(rows):
            problems.append(f"{len(rows)} records differ in {column}, e.g. {rows[key].head(3).values.tolist()}")
    print(f"records compared: {len(both)} of p2c's {len(p2c)} and pandas' {len(mine)}; "
          f"{'all agree' if not problems else 'DIFFERENCES:'}")
    for problem in problems:
        print(f"  {problem}")
    return not problems


# ---- the whole ----------------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--output", help="CSV file to write")
    parser.add_argument("--compare", nargs=2, metavar=("P2C_CSV", "PANDAS_CSV"),
                        help="instead: compare p2c's csv_results file with this script's output")
    args = parser.parse_args()
    if args.compare:
        return 0 if compare(*args.compare) else 1
    if not args.output:
        parser.error("--output or --compare is required")

    economies, _, members = read_reference()
    population = read_long("worldbank-wdi/sp.pop.totl.csv", "Country Code", "Year", "Value", economies)
    users = read_long("worldbank-wdi/internet_users_gapminder.csv", "geo", "time", "internet_users", economies)
    ddf = "un-sdg/ddf--datapoints--{}--by--geo_area--nature--{}units--year.csv"
    bbp = read_long(ddf.format("it_net_bbp", "type_of_speed--"), "geo_area", "year", "it_net_bbp", economies,
                    {"nature": "notspec", "units": "per_100_pop"}, m49=True, keep=["type_of_speed"])
    coverage = {tech: read_long(ddf.format(f"it_mob_{tech}ntwk", ""), "geo_area", "year", f"it_mob_{tech}ntwk",
                                economies, {"nature": "notspec", "units": "percent"}, m49=True)
                for tech in ("2g", "3g", "4g")}
    idi_inputs = read_wide("itu/idi2024_indicators.csv", {name: name for name in IDI_THRESHOLDS}, 2022, economies)
    published = read_wide("itu/idi2024_table1.csv", {"idi_2024": "published_score",
                                                     "universal_connectivity_2024": "published_universal",
                                                     "meaningful_connectivity_2024": "published_meaningful"},
                          2022, economies)

    internet, missing = internet_use(users, population)
    economy = pd.concat(internet + fixed_broadband(bbp) + mobile_coverage(coverage) + idi(idi_inputs, published),
                        ignore_index=True)
    estimates = [estimate(economy[economy["metric"] == metric], metric, missing[metric], 0, maximum)
                 for metric, maximum in (("sdg_17_8.internet_users", 100), ("sdg_17_8.offline_population", None))]
    economy = pd.concat([economy] + estimates, ignore_index=True).rename(columns={"iso3": "entity"})
    economy["entity_kind"] = "economy"
    groups = group_values(economy.rename(columns={"entity": "iso3"}), members, population)
    groups["entity_kind"] = "group"
    results = progress(pd.concat([economy, groups], ignore_index=True))

    results = results.sort_values(["metric", "entity_kind", "entity", "year"])
    for column in ("members_with_data", "members", "members_observed"):
        results[column] = results[column].astype("Int64")
    columns = ["metric", "entity", "entity_kind", "year", "value", "status", "members_with_data", "members",
               "population_share", "members_observed", "observed_population_share", "flags"]
    results[columns].to_csv(args.output, index=False, float_format="%.17g")


if __name__ == "__main__":
    sys.exit(main())
