// The pledges indicator through the host, over a real registry file read by the pledges_sqlite source, with the
// bundled reference data. Every expected value below is worked out by hand, in the comments, from the pledges the
// test writes into the registry.
#include <catch2/catch.hpp>
#include <string>

#include "engine_run.h"
#include "registry_file.h"

namespace {

using p2c::test::actual;
using p2c::test::revision;
using p2c::test::set;
using p2c::test::target;

namespace fs = std::filesystem;
using p2c::test::IndicatorRun;
using p2c::test::PledgeRow;
using p2c::test::report;

const fs::path root = P2C_SOURCE_DIR;

// Six pledges (USD values; target_usd = 1000 in these tests so that target_progress is readable):
//  P1 2022-03-01 KEN+UGA  100  government/financial             focus access
//     reports 2022-12-15 in_progress disbursed 20; 2024-03-01 in_progress disbursed 50
//  P2 2022-09-01 BTN      200  private_sector/financial         focus access, investment_acceleration
//     reports 2023-02-01 in_progress disbursed 100; 2023-11-30 completed disbursed 200
//  P3 2023-01-10 NPL+BTN  no value  civil_society/programmatic  focus adoption
//     report 2024-06-01 in_progress (no amount)
//  P4 2023-05-01 FRA      300  financial_institution/financial  focus investment_acceleration
//     reports 2023-06-15 in_progress disbursed 10; 2024-02-01 withdrawn
//  P5 2024-02-01 no economy, region ITU.AFR  50  un_agency/policy  focus value_creation; no report, status announced
//  P6 2024-07-01 KEN      400  academia/advocacy                focus access
//     report 2025-01-15 in_progress (after every as-of date used here: status at those dates is "announced")
// Reference: KEN, UGA in ITU.AFR; BTN, NPL in ITU.ASP; FRA in ITU.EUR; LDC: UGA, NPL, and BTN until 2023.
std::string registry() {
  PledgeRow p1{"P1", "2022-03-01", R"(["KEN", "UGA"])", "100", "in_progress"};
  PledgeRow p2{"P2", "2022-09-01", R"(["BTN"])", "200", "completed"};
  p2.sector = "private_sector";
  p2.focus = R"(["access", "investment_acceleration"])";
  PledgeRow p3{"P3", "2023-01-10", R"(["NPL", "BTN"])", "NULL", "in_progress"};
  p3.sector = "civil_society";
  p3.type = "programmatic";
  p3.focus = R"(["adoption"])";
  PledgeRow p4{"P4", "2023-05-01", R"(["FRA"])", "300", "withdrawn"};
  p4.sector = "financial_institution";
  p4.focus = R"(["investment_acceleration"])";
  p4.origin = "FRA";
  PledgeRow p5{"P5", "2024-02-01", "[]", "50", "announced"};
  p5.regions = R"(["ITU.AFR"])";
  p5.sector = "un_agency";
  p5.type = "policy";
  p5.focus = R"(["value_creation"])";
  PledgeRow p6{"P6", "2024-07-01", R"(["KEN"])", "400", "announced"};
  p6.sector = "academia";
  p6.type = "advocacy";
  return insert(p1) + insert(p2) + insert(p3) + insert(p4) + insert(p5) + insert(p6) +
         report("P1", "2022-12-15", "in_progress", "20") + report("P1", "2024-03-01", "in_progress", "50") +
         report("P2", "2023-02-01", "in_progress", "100") + report("P2", "2023-11-30", "completed", "200") +
         report("P3", "2024-06-01", "in_progress") + report("P4", "2023-06-15", "in_progress", "10") +
         report("P4", "2024-02-01", "withdrawn") + report("P6", "2025-01-15", "in_progress");
}

std::string config(const fs::path& database, const std::string& indicator_options,
                   const std::string& source_options = "") {
  const auto reference = root / "config/reference";
  return R"(
[reference]
economies = ")" +
         (reference / "economies.csv").string() + R"("
groups = ")" +
         (reference / "groups.csv").string() + R"("
memberships = ")" +
         (reference / "memberships.csv").string() + R"("
population = "wb.population"

[[source]]
plugin = "csv"
name = "population"
series = "wb.population"
path = ")" +
         (root / "config/data/worldbank-wdi/sp.pop.totl.csv").string() + R"("

[[source]]
plugin = "pledges_sqlite"
name = "pledge_registry"
database = ")" +
         database.string() + R"("
)" + source_options +
         R"(

[[indicator]]
plugin = "pledges"
target_usd = 1000
)" +
         (indicator_options.find("groups =") == std::string::npos
              ? "groups = [\"LDC\", \"ITU.AFR\", \"ITU.ASP\", \"ITU.EUR\"]\n"
              : "") +
         indicator_options + "\n";
}

struct PledgeRun {
  p2c::test::TempDir data;
  IndicatorRun run;

  PledgeRun(const std::string& options, const std::string& rows = registry(), const std::string& source_options = "")
      : run((p2c::test::make_registry(data / "pledges.sqlite", rows),
             config(data / "pledges.sqlite", options, source_options))) {}

  std::string failures() const {
    std::string out;
    for (const auto& f : run.outcome.report.failures) out += f.instance + ": " + f.message + "\n";
    return out;
  }

  // The record of `metric` for a group or an economy, failing the test when there is none.
  const p2c::Record& group(const std::string& metric, const std::string& code, int year) const {
    const auto it = run.groups.find("pledges." + metric);
    REQUIRE(it != run.groups.end());
    return p2c::test::at(it->second, code, year);
  }
  const p2c::Record& economy(const std::string& metric, const std::string& code, int year) const {
    return p2c::test::at(p2c::test::metric(run, "pledges." + metric), code, year);
  }
  std::optional<double> wld(const std::string& metric, int year) const { return group(metric, "WLD", year).value; }
};

}  // namespace

TEST_CASE("pledges: the coalition year by year, as of 31 December 2024", "[pledges]") {
  const PledgeRun p("as_of = \"2024-12-31\"");
  INFO(p.failures());
  REQUIRE(p.run.outcome.report.failures.empty());
  CHECK(p.run.outcome.rejected_rows == 0);

  // 2022, at 2022-12-31, window (2021-12-31, 2022-12-31]. Counted: P1 (in_progress: report of 2022-12-15) and P2
  // (reports all later: announced).
  CHECK(p.wld("count_active", 2022) == 2.0);
  CHECK(p.wld("value_usd_active", 2022) == 300.0);                         // 100 + 200
  CHECK(p.wld("count_gross_access", 2022) == 2.0);                         // P1, P2
  CHECK(p.wld("value_usd_gross_investment_acceleration", 2022) == 200.0);  // P2
  CHECK(p.wld("count_gross_adoption", 2022) == 0.0);
  CHECK(p.wld("reporting_rate", 2022) == 50.0);     // active P1, P2; reported in window: P1 -> 1/2
  CHECK(p.wld("share_completed", 2022) == 0.0);     // 0/2
  CHECK(p.wld("share_in_progress", 2022) == 50.0);  // P1 -> 1/2
  CHECK(p.wld("disbursed_usd", 2022) == 20.0);      // P1's 20
  CHECK(p.wld("disbursed_share", 2022) == Approx(100.0 * 20 / 300));
  CHECK(p.wld("target_progress", 2022) == 30.0);  // 300 / 1000

  // 2023, at 2023-12-31, window (2022-12-31, 2023-12-31]. P1 in_progress (2022-12-15), P2 completed (2023-11-30),
  // P3 announced (its only report is later), P4 in_progress (2023-06-15). All four counted and active (P2 was not
  // completed at 2022-12-31). Reported in the window: P2 (2023-02-01, 2023-11-30), P4 (2023-06-15).
  CHECK(p.wld("count_active", 2023) == 4.0);
  CHECK(p.wld("value_usd_active", 2023) == 600.0);  // 100 + 200 + 300; P3 states no value: counted, not summed
  CHECK(p.wld("count_gross_adoption", 2023) == 1.0);
  CHECK(p.wld("value_usd_gross_adoption", 2023) == 0.0);
  CHECK(p.wld("count_gross_investment_acceleration", 2023) == 2.0);        // P2, P4
  CHECK(p.wld("value_usd_gross_investment_acceleration", 2023) == 500.0);  // 200 + 300
  CHECK(p.wld("count_gross_sector_civil_society", 2023) == 1.0);
  CHECK(p.wld("value_usd_gross_sector_financial_institution", 2023) == 300.0);
  CHECK(p.wld("count_gross_type_financial", 2023) == 3.0);  // P1, P2, P4
  CHECK(p.wld("value_usd_gross_type_financial", 2023) == 600.0);
  CHECK(p.wld("count_gross_type_programmatic", 2023) == 1.0);
  CHECK(p.wld("reporting_rate", 2023) == 50.0);     // 2/4
  CHECK(p.wld("share_completed", 2023) == 25.0);    // P2: 1/4
  CHECK(p.wld("share_in_progress", 2023) == 50.0);  // P1, P4: 2/4
  CHECK(p.wld("disbursed_usd", 2023) == 230.0);     // 20 + 200 + 0 + 10
  CHECK(p.wld("disbursed_share", 2023) == Approx(100.0 * 230 / 600));
  CHECK(p.wld("target_progress", 2023) == 60.0);

  // 2024, at 2024-12-31, window (2023-12-31, 2024-12-31]. P4 withdrawn (2024-02-01): not counted. P5 announced (no
  // report: its status field), P6 announced (its report is after the date). P2 was completed at the window's start:
  // not active. Active: P1, P3, P5, P6; reported in the window: P1 (2024-03-01), P3 (2024-06-01).
  CHECK(p.wld("count_active", 2024) == 5.0);
  CHECK(p.wld("value_usd_active", 2024) == 750.0);  // 100 + 200 + 50 + 400
  CHECK(p.wld("count_gross_access", 2024) == 3.0);  // P1, P2, P6
  CHECK(p.wld("value_usd_gross_access", 2024) == 700.0);
  CHECK(p.wld("count_gross_value_creation", 2024) == 1.0);
  CHECK(p.wld("value_usd_gross_value_creation", 2024) == 50.0);
  CHECK(p.wld("count_gross_sector_academia", 2024) == 1.0);
  CHECK(p.wld("value_usd_gross_sector_un_agency", 2024) == 50.0);
  CHECK(p.wld("count_gross_sector_financial_institution", 2024) == 1.0);  // P4: withdrawn, still counted gross
  CHECK(p.wld("count_gross_sector_international_organization", 2024) == 0.0);
  CHECK(p.wld("count_gross_type_advocacy", 2024) == 1.0);
  CHECK(p.wld("value_usd_gross_type_policy", 2024) == 50.0);
  CHECK(p.wld("reporting_rate", 2024) == 50.0);     // 2/4
  CHECK(p.wld("share_completed", 2024) == 20.0);    // P2: 1/5
  CHECK(p.wld("share_in_progress", 2024) == 40.0);  // P1, P3: 2/5
  CHECK(p.wld("disbursed_usd", 2024) == 250.0);     // 50 + 200 + 0 + 0 + 0
  CHECK(p.wld("disbursed_share", 2024) == Approx(100.0 * 250 / 750));
  CHECK(p.wld("target_progress", 2024) == 105.0);  // gross, as ITU reports it: (750 + P4's 300) / 1000
  // Gross counts every pledge made by the date, withdrawn P4 included; active leaves it out.
  CHECK(p.wld("count_gross", 2024) == 6.0);
  CHECK(p.wld("value_usd_gross", 2024) == 1050.0);
  CHECK(p.wld("count_active", 2024) == 5.0);
  CHECK(p.wld("value_usd_active", 2024) == 750.0);
  CHECK(p.wld("count_gross", 2023) == p.wld("count_active", 2023));  // nothing withdrawn yet

  // First year: the earliest pledge's (2022), so nothing for 2021.
  CHECK(p.run.groups.at("pledges.count_active").count({"WLD", 2021}) == 0);
}

TEST_CASE("pledges: group values count distinct pledges, with membership by year", "[pledges][groups]") {
  const PledgeRun p("as_of = \"2024-12-31\"");
  REQUIRE(p.run.outcome.report.failures.empty());

  // LDC: UGA and NPL throughout, BTN until 2023 (graduated in December 2023).
  CHECK(p.group("count_active", "LDC", 2022).value == 2.0);  // P1 (UGA), P2 (BTN)
  CHECK(p.group("count_active", "LDC", 2023).value == 3.0);  // P1, P2 (BTN), P3 (NPL and BTN: once)
  CHECK(p.group("value_usd_active", "LDC", 2023).value == 300.0);
  CHECK(p.group("count_active", "LDC", 2024).value ==
        2.0);  // P1, P3 (NPL); P2 implemented only in BTN, no longer an LDC
  CHECK(p.group("value_usd_active", "LDC", 2024).value == 100.0);
  CHECK(p.group("share_in_progress", "LDC", 2024).value == 100.0);  // P1, P3: 2/2
  CHECK(p.group("reporting_rate", "LDC", 2024).value == 100.0);     // both active and reported
  CHECK(p.group("disbursed_share", "LDC", 2024).value == 50.0);     // P1: 50 of 100; P3 states no value
  CHECK(p.group("count_active", "LDC", 2024).entity_kind == p2c::EntityKind::group);

  // ITU.AFR: KEN and UGA; P5 lists the region itself.
  CHECK(p.group("count_active", "ITU.AFR", 2022).value == 1.0);  // P1 (KEN and UGA: once)
  CHECK(p.group("count_active", "ITU.AFR", 2024).value == 3.0);  // P1, P5 (region), P6 (KEN)
  CHECK(p.group("value_usd_active", "ITU.AFR", 2024).value == 550.0);

  // ITU.ASP: BTN and NPL. At 2024-12-31 P2 is completed (before the window: not active), P3 active and reported.
  CHECK(p.group("count_active", "ITU.ASP", 2024).value == 2.0);
  CHECK(p.group("share_completed", "ITU.ASP", 2024).value == 50.0);
  CHECK(p.group("reporting_rate", "ITU.ASP", 2024).value == 100.0);  // 1/1

  // target_progress is for the coalition only.
  CHECK(p.run.groups.at("pledges.target_progress").size() == 3);
  CHECK(p.run.economies.count("pledges.target_progress") == 0);
}

TEST_CASE("pledges: a share without denominator is missing with a reason, never 0", "[pledges]") {
  const PledgeRun p("as_of = \"2024-12-31\"");
  REQUIRE(p.run.outcome.report.failures.empty());
  // ITU.EUR: France only, so P4 only: not pledged yet in 2022, withdrawn in 2024.
  for (int year : {2022, 2024}) {
    INFO(year);
    CHECK(p.group("count_active", "ITU.EUR", year).value == 0.0);
    CHECK(p.group("value_usd_active", "ITU.EUR", year).value == 0.0);
    for (const char* share : {"share_completed", "share_in_progress"}) {
      CHECK_FALSE(p.group(share, "ITU.EUR", year).value);
      CHECK(p.group(share, "ITU.EUR", year).reason == "no pledge counted at this date");
    }
    CHECK(p.group("reporting_rate", "ITU.EUR", year).reason == "no active pledge at this date");
    CHECK_FALSE(p.group("disbursed_share", "ITU.EUR", year).value);
  }
  CHECK(p.group("count_active", "ITU.EUR", 2023).value == 1.0);
  // Nepal: P3 only, which states no value: counted, but no share of a value.
  CHECK(p.economy("count_active", "NPL", 2024).value == 1.0);
  CHECK(p.economy("value_usd_active", "NPL", 2024).value == 0.0);
  CHECK_FALSE(p.economy("disbursed_share", "NPL", 2024).value);
  CHECK(p.economy("disbursed_share", "NPL", 2024).reason == "no pledge counted at this date states a value");
}

TEST_CASE("pledges: economy values per implementation economy", "[pledges]") {
  const PledgeRun p("as_of = \"2024-12-31\"");
  REQUIRE(p.run.outcome.report.failures.empty());
  CHECK(p.economy("count_active", "KEN", 2022).value == 1.0);  // P1
  CHECK(p.economy("count_active", "KEN", 2024).value == 2.0);  // P1, P6
  CHECK(p.economy("value_usd_active", "KEN", 2024).value == 500.0);
  CHECK(p.economy("count_active", "UGA", 2024).value == 1.0);
  CHECK(p.economy("count_active", "BTN", 2023).value == 2.0);  // P2, P3
  CHECK(p.economy("value_usd_active", "BTN", 2023).value == 200.0);
  CHECK(p.economy("disbursed_usd", "BTN", 2023).value == 200.0);
  CHECK(p.economy("count_active", "FRA", 2024).value == 0.0);  // P4 withdrawn
  // The host never aggregates these metrics: the only group records are the plugin's own.
  const auto& counts = p.run.groups.at("pledges.count_active");
  CHECK(counts.size() == 15);                                      // WLD and four groups, 2022-2024
  CHECK(p.run.economies.at("pledges.count_active").size() == 15);  // KEN, UGA, BTN, NPL, FRA, 2022-2024
}

TEST_CASE("pledges: the same registry as of 30 June 2023 gives other values", "[pledges][as_of]") {
  const PledgeRun p("as_of = \"2023-06-30\"");
  REQUIRE(p.run.outcome.report.failures.empty());
  // 2022 is still evaluated at 31 December 2022: the same as above.
  CHECK(p.wld("count_active", 2022) == 2.0);
  CHECK(p.wld("reporting_rate", 2022) == 50.0);
  // 2023 at 2023-06-30, window (2022-06-30, 2023-06-30]. P1 in_progress (2022-12-15), P2 in_progress (2023-02-01),
  // P3 announced, P4 in_progress (2023-06-15): four counted, all active; reported: P1, P2, P4.
  CHECK(p.wld("count_active", 2023) == 4.0);
  CHECK(p.wld("value_usd_active", 2023) == 600.0);
  CHECK(p.wld("reporting_rate", 2023) == 75.0);     // 3/4, against 50 at 2023-12-31
  CHECK(p.wld("share_completed", 2023) == 0.0);     // P2 completes only in November; 25 at 2023-12-31
  CHECK(p.wld("share_in_progress", 2023) == 75.0);  // P1, P2, P4: 3/4
  CHECK(p.wld("disbursed_usd", 2023) == 130.0);     // 20 + 100 + 0 + 10; 230 at 2023-12-31
  CHECK(p.wld("disbursed_share", 2023) == Approx(100.0 * 130 / 600));
  // BTN was an LDC in 2023 either way; no 2024 record at all.
  CHECK(p.group("count_active", "LDC", 2023).value == 3.0);
  CHECK(p.run.groups.at("pledges.count_active").count({"WLD", 2024}) == 0);
}

TEST_CASE("pledges: first_year, economies = false and the reporting window are options", "[pledges]") {
  const PledgeRun p("as_of = \"2024-12-31\"\nfirst_year = 2024\neconomies = false\nreporting_window_months = 24");
  INFO(p.failures());
  REQUIRE(p.run.outcome.report.failures.empty());
  CHECK(p.run.groups.at("pledges.count_active").count({"WLD", 2023}) == 0);
  CHECK(p.run.economies.count("pledges.count_active") == 0);
  // Window (2022-12-31, 2024-12-31]: P2 is active again (not completed at 2022-12-31) and reported (2023); active:
  // P1, P2, P3, P5, P6; reported: P1, P2, P3 -> 3/5.
  CHECK(p.wld("reporting_rate", 2024) == 60.0);
}

TEST_CASE("pledges: the coalition's target gets progress records", "[pledges][progress]") {
  const PledgeRun p("as_of = \"2024-12-31\"");
  REQUIRE(p.run.outcome.report.failures.empty());
  // target_progress 30, 60, 105 in 2022-2024: a least-squares slope of 37.5 points a year.
  const auto& trend = p.run.groups.at("pledges.target_progress.trend");
  CHECK(trend.at({"WLD", 2024}).value == Approx(37.5));
  const auto& catalogue = p.run.outcome.report.catalogue;
  const auto entry = std::find_if(catalogue.begin(), catalogue.end(),
                                  [](const p2c::CatalogueEntry& e) { return e.id == "pledges.target_progress"; });
  REQUIRE(entry != catalogue.end());
  CHECK(entry->info.target == 100.0);
  CHECK(entry->info.target_year == 2026);
  CHECK(entry->info.focus_area == p2c::FocusArea::investment_acceleration);
}

TEST_CASE("pledges: catalogue names, units and focus areas", "[pledges]") {
  const PledgeRun p("as_of = \"2024-12-31\"");
  std::map<std::string, p2c::MetricInfo> infos;
  for (const auto& entry : p.run.outcome.report.catalogue)
    if (entry.plugin == "pledges") infos[entry.id] = entry.info;
  CHECK(infos.count("pledges.count_gross_sector_international_organization") == 1);
  CHECK(infos.count("pledges.value_usd_gross_type_advocacy") == 1);
  CHECK(infos.at("pledges.count_gross_adoption").focus_area == p2c::FocusArea::adoption);
  CHECK(infos.at("pledges.value_usd_gross_access").focus_area == p2c::FocusArea::access);
  CHECK(infos.at("pledges.value_usd_gross_access").unit == "USD");
  CHECK(infos.at("pledges.count_gross_sector_academia").focus_area == p2c::FocusArea::investment_acceleration);
  CHECK(infos.at("pledges.reporting_rate").unit == "%");
  for (const auto& [id, info] : infos) {
    INFO(id);
    CHECK(info.aggregation == p2c::Aggregation::none);
    CHECK(std::find(info.wsis_lines.begin(), info.wsis_lines.end(), "C1") != info.wsis_lines.end());
  }
}

TEST_CASE("pledges: a missing registry fails the pledge instances alone, saying what to do", "[pledges][failure]") {
  p2c::test::TempDir data;
  const IndicatorRun run(config(data / "absent.sqlite", "as_of = \"2024-12-31\""));
  CHECK(run.failed("pledge_registry", "the file does not exist; run `p2c pledges import`"));
  CHECK(run.failed("pledges", "its input 'pledges.pledges' is unavailable"));
  CHECK(run.failed_instances() == std::set<std::string>{"pledge_registry", "pledges"});
  CHECK_FALSE(fs::exists(data / "absent.sqlite"));
}

TEST_CASE("pledges: bad options and records fail the indicator with the reason", "[pledges][failure]") {
  SECTION("as_of") {
    const PledgeRun p("as_of = \"2024-13-01\"");
    CHECK(p.run.failed("pledges", "option 'as_of' must be a date YYYY-MM-DD or empty (today), found '2024-13-01'"));
  }
  SECTION("first_year after as_of") {
    const PledgeRun p("as_of = \"2024-12-31\"\nfirst_year = 2030");
    CHECK(p.run.failed("pledges", "option 'first_year' (2030) is after the as_of year (2024)"));
  }
  SECTION("a group that is not in the reference data") {
    const PledgeRun p("as_of = \"2024-12-31\"\ngroups = [\"LDC\", \"ITU.MARS\"]");
    CHECK(p.run.failed("pledges", "for 'ITU.MARS', which is not a group of the reference data"));
    CHECK(p.run.groups.count("pledges.count_active") == 0);
  }
  SECTION("a sector outside the vocabulary") {
    PledgeRow odd{"ODD", "2023-01-01", R"(["KEN"])", "5"};
    odd.sector = "robots";
    const PledgeRun p("as_of = \"2024-12-31\"", registry() + insert(odd));
    CHECK(p.run.failed("pledges", "pledge 'ODD', sector: 'robots' is not one of government, private_sector"));
  }
  SECTION("a record the source rejects is reported and left out") {
    const PledgeRun p("as_of = \"2024-12-31\"", registry() + insert(PledgeRow{"BAD", "2023-02-30"}));
    CHECK(p.run.outcome.rejected_rows == 1);  // in the pledges series, whose rows every other series follows
    CHECK(p.wld("count_active", 2024) == 5.0);
  }
}

TEST_CASE("pledges: each date sees the revision in force then", "[pledges][revisions]") {
  // R1, pledged 2023-03-01 for USD 40 in Uganda, revised in force from 2025-01-01: USD 100, in Kenya instead.
  PledgeRow r1{"R1", "2023-03-01", R"(["KEN"])", "100", "announced"};
  const std::string rows = insert(r1) + revision("R1", 2, "2025-01-01",
                                                 R"([{"field": "value_usd", "old": 40, "new": 100},
                                                     {"field": "value", "old": 40, "new": 100},
                                                     {"field": "implementation_economies", "old": ["UGA"],
                                                      "new": ["KEN"]}])");
  const PledgeRun p("as_of = \"2025-12-31\"\ngroups = [\"ITU.AFR\"]", rows);
  INFO(p.failures());
  REQUIRE(p.run.outcome.report.failures.empty());
  CHECK(p.wld("value_usd_gross", 2023) == 40.0);
  CHECK(p.wld("value_usd_gross", 2024) == 40.0);
  CHECK(p.wld("value_usd_gross", 2025) == 100.0);
  CHECK(p.wld("count_gross", 2025) == 1.0);
  CHECK(p.economy("value_usd_gross", "UGA", 2024).value == 40.0);
  CHECK(p.economy("count_gross", "UGA", 2025).value == 0.0);
  CHECK(p.economy("count_gross", "KEN", 2024).value == 0.0);
  CHECK(p.economy("value_usd_gross", "KEN", 2025).value == 100.0);
  CHECK(p.wld("target_progress", 2023) == 4.0);  // 40 / 1000
}

namespace {

// Four pledges with measurable targets (source option measures = ["trees_planted"]):
//  TA 2023-01-01 KEN  T1 schools_connected 0 -> 40 by 2024-12-31; T2 km_fibre 10 -> 110 by 2026-06-30
//     reports 2023-06-30 T1=10 T2=30; 2024-06-30 T1=40; 2025-06-30 T2=60 (all in_progress)
//  TB 2023-06-01 UGA  T1 people_trained 0 -> 1000 by 2025-06-30; T2 trees_planted (the operator's: other) 0 -> 5
//     by 2025-01-01; reports 2024-03-01 in_progress T1=200; 2025-03-01 completed T1=1000 T2=4
//  TC 2023-02-01 KEN  no targets, no reports
//  TD 2023-01-01 KEN  T1 devices_provided 0 -> 50 by 2024-01-01; reports 2023-12-01 in_progress T1=20;
//     2024-05-01 withdrawn
std::string with_targets() {
  PledgeRow ta{"TA", "2023-01-01", R"(["KEN"])", "100", "in_progress"};
  PledgeRow tb{"TB", "2023-06-01", R"(["UGA"])", "100", "completed"};
  PledgeRow tc{"TC", "2023-02-01", R"(["KEN"])", "100", "announced"};
  PledgeRow td{"TD", "2023-01-01", R"(["KEN"])", "100", "withdrawn"};
  return insert(ta) + insert(tb) + insert(tc) + insert(td) +
         target("TA", "T1", 1, "schools_connected", "0", "40", "2024-12-31") +
         target("TA", "T2", 2, "km_fibre", "10", "110", "2026-06-30") +
         target("TB", "T1", 1, "people_trained", "0", "1000", "2025-06-30") +
         target("TB", "T2", 2, "trees_planted", "0", "5", "2025-01-01") +
         target("TD", "T1", 1, "devices_provided", "0", "50", "2024-01-01") +
         report("TA", "2023-06-30", "in_progress") + actual("TA", "2023-06-30", "T1", "10") +
         actual("TA", "2023-06-30", "T2", "30") + report("TA", "2024-06-30", "in_progress") +
         actual("TA", "2024-06-30", "T1", "40") + report("TA", "2025-06-30", "in_progress") +
         actual("TA", "2025-06-30", "T2", "60") + report("TB", "2024-03-01", "in_progress") +
         actual("TB", "2024-03-01", "T1", "200") + report("TB", "2025-03-01", "completed") +
         actual("TB", "2025-03-01", "T1", "1000") + actual("TB", "2025-03-01", "T2", "4") +
         report("TD", "2023-12-01", "in_progress") + actual("TD", "2023-12-01", "T1", "20") +
         report("TD", "2024-05-01", "withdrawn");
}

}  // namespace

TEST_CASE("pledges: targets and actuals per measure, targets met and mean progress", "[pledges][targets]") {
  const PledgeRun p("as_of = \"2025-12-31\"\ngroups = [\"ITU.AFR\"]", with_targets(), "measures = [\"trees_planted\"]");
  INFO(p.failures());
  REQUIRE(p.run.outcome.report.failures.empty());
  CHECK(p.run.outcome.rejected_rows == 0);

  // 2023-12-31: counted TA, TB (announced: its reports are later), TC, TD (in_progress).
  CHECK(p.wld("targets_schools_connected", 2023) == 40.0);
  CHECK(p.wld("targets_km_fibre", 2023) == 110.0);
  CHECK(p.wld("targets_people_trained", 2023) == 1000.0);
  CHECK(p.wld("targets_other", 2023) == 5.0);  // the operator's measure
  CHECK(p.wld("targets_devices_provided", 2023) == 50.0);
  CHECK(p.wld("targets_usd_disbursed", 2023) == 0.0);
  CHECK(p.wld("actuals_schools_connected", 2023) == 10.0);
  CHECK(p.wld("actuals_km_fibre", 2023) == 30.0);
  CHECK(p.wld("actuals_people_trained", 2023) == 0.0);  // no actual yet: adds nothing
  CHECK(p.wld("actuals_devices_provided", 2023) == 20.0);
  CHECK_FALSE(p.wld("targets_met_share", 2023));  // nothing due before 2024
  CHECK(p.group("targets_met_share", "WLD", 2023).reason == "no target of an active pledge is due by this date");
  // Progress: TA (10/40 + 20/100) / 2 = 0.225; TB 0; TD 20/50 = 0.4; mean 0.208333 of the three with targets.
  CHECK(p.wld("pledge_progress_mean", 2023) == Approx(100.0 * (0.225 + 0 + 0.4) / 3));
  CHECK(p.wld("share_with_targets", 2023) == 75.0);  // 3 of 4

  // 2024-12-31: TD withdrawn (not counted). Due: TA T1 (2024-12-31), met (40 >= 40).
  CHECK(p.wld("targets_devices_provided", 2024) == 0.0);
  CHECK(p.wld("actuals_schools_connected", 2024) == 40.0);
  CHECK(p.wld("actuals_km_fibre", 2024) == 30.0);  // T2's latest actual is still 2023's
  CHECK(p.wld("actuals_people_trained", 2024) == 200.0);
  CHECK(p.wld("targets_met_share", 2024) == 100.0);
  // TA (1 + 0.2) / 2 = 0.6; TB (0.2 + 0) / 2 = 0.1.
  CHECK(p.wld("pledge_progress_mean", 2024) == Approx(35.0));
  CHECK(p.wld("share_with_targets", 2024) == Approx(200.0 / 3));

  // 2025-12-31: due TA T1 (met), TB T1 (1000 >= 1000, met), TB T2 (4 < 5, not met); TA T2 due in 2026.
  CHECK(p.wld("actuals_km_fibre", 2025) == 60.0);
  CHECK(p.wld("actuals_other", 2025) == 4.0);
  CHECK(p.wld("targets_met_share", 2025) == Approx(200.0 / 3));
  // TA (1 + 50/100) / 2 = 0.75; TB (1 + 4/5) / 2 = 0.9.
  CHECK(p.wld("pledge_progress_mean", 2025) == Approx(82.5));
  // Per implementation economy: Uganda has TB alone.
  CHECK(p.economy("targets_people_trained", "UGA", 2025).value == 1000.0);
  CHECK(p.economy("actuals_people_trained", "UGA", 2025).value == 1000.0);
  CHECK(p.economy("targets_met_share", "UGA", 2025).value == 50.0);
  CHECK(p.economy("targets_schools_connected", "KEN", 2025).value == 40.0);
}

TEST_CASE("pledges: the reporting calendar as the date moves", "[pledges][calendar]") {
  // Period 12 months, due from 30 days before the expected report, overdue 30 days after it:
  //  S1 2023-01-15 government, no report: expected 2024-01-15; due from 2023-12-16; overdue after 2024-02-14;
  //     inactive after 2025-02-14
  //  S2 2023-01-15 academia, completed on 2023-11-01: closed from then on
  //  S3 2023-01-15 government, its own period of 6 months: expected 2023-07-15; due from 2023-06-15; overdue after
  //     2023-08-14; inactive after 2024-02-14
  //  S4 2023-01-15 academia, report 2023-12-01 in_progress: from then expected 2024-12-01, overdue after 2024-12-31
  PledgeRow s1{"S1", "2023-01-15", R"(["KEN"])", "10", "announced"};
  PledgeRow s2{"S2", "2023-01-15", R"(["KEN"])", "10", "completed"};
  s2.sector = "academia";
  PledgeRow s3{"S3", "2023-01-15", R"(["KEN"])", "10", "announced"};
  PledgeRow s4{"S4", "2023-01-15", R"(["KEN"])", "10", "in_progress"};
  s4.sector = "academia";
  const std::string rows = insert(s1) + insert(s2) + insert(s3) + insert(s4) +
                           set("S3", "reporting_period_months = 6") + report("S2", "2023-11-01", "completed") +
                           report("S4", "2023-12-01", "in_progress");
  struct Expected {
    const char* as_of;
    double on_time, due, overdue, inactive, closed, rate;
  };
  for (const Expected& e :
       {Expected{"2023-06-30", 3, 1, 0, 0, 0, 100.0}, Expected{"2023-12-20", 1, 1, 1, 0, 1, 200.0 / 3},
        Expected{"2024-03-01", 1, 0, 1, 1, 1, 100.0 / 3}, Expected{"2025-03-01", 0, 0, 1, 2, 1, 0.0}}) {
    INFO(e.as_of);
    const std::string as_of(e.as_of);
    const int year = std::stoi(as_of.substr(0, 4));
    const PledgeRun p("as_of = \"" + as_of + "\"\nfirst_year = " + std::to_string(year) + "\ngroups = [\"ITU.AFR\"]",
                      rows);
    INFO(p.failures());
    REQUIRE(p.run.outcome.report.failures.empty());
    CHECK(p.wld("count_reporting_on_time", year) == e.on_time);
    CHECK(p.wld("count_reporting_due", year) == e.due);
    CHECK(p.wld("count_reporting_overdue", year) == e.overdue);
    CHECK(p.wld("count_reporting_inactive", year) == e.inactive);
    CHECK(p.wld("count_reporting_closed", year) == e.closed);
    CHECK(p.wld("reporting_on_time_rate", year) == Approx(e.rate));
    CHECK(p.economy("count_reporting_closed", "KEN", year).value == e.closed);
  }
  // By sector and type: WLD and groups only.
  const PledgeRun p("as_of = \"2024-03-01\"\ngroups = [\"ITU.AFR\"]", rows);
  CHECK(p.wld("count_reporting_overdue_sector_government", 2024) == 1.0);   // S1
  CHECK(p.wld("count_reporting_inactive_sector_government", 2024) == 1.0);  // S3
  CHECK(p.wld("count_reporting_closed_sector_academia", 2024) == 1.0);      // S2
  CHECK(p.wld("count_reporting_on_time_type_financial", 2024) == 1.0);      // S4
  CHECK(p.wld("reporting_on_time_rate_sector_academia", 2024) == 100.0);    // S4 of S4
  CHECK(p.wld("reporting_on_time_rate_sector_government", 2024) == 0.0);    // S1, S3
  CHECK(p.group("count_reporting_closed_sector_academia", "ITU.AFR", 2024).value == 1.0);
  CHECK(p.run.economies.count("pledges.count_reporting_closed_sector_academia") == 0);
  // 2023 at 31 December: S1 due (2023-12-16 .. 2024-02-14), S3 overdue, S4 on time, S2 closed.
  CHECK(p.wld("count_reporting_due", 2023) == 1.0);
  // Another calendar: a period of 24 months puts S1 and S3 (its own period) back on time or due.
  const PledgeRun longer("as_of = \"2024-03-01\"\ngroups = [\"ITU.AFR\"]\nreporting_period_months = 24", rows);
  CHECK(longer.wld("count_reporting_on_time", 2024) == 2.0);  // S1 (expected 2025-01-15), S4
}

TEST_CASE("pledges: drafts and pledges under review are never counted", "[pledges]") {
  PledgeRow draft{"DRAFT", "2023-01-01", R"(["KEN"])", "1000000", "announced"};
  PledgeRow submitted{"SUBMITTED", "2023-01-01", R"(["KEN"])", "1000000", "announced"};
  const PledgeRun p("as_of = \"2024-12-31\"", registry() + insert(draft) + insert(submitted) +
                                                  set("DRAFT", "review_state = 'draft'") +
                                                  set("SUBMITTED", "review_state = 'submitted'"));
  REQUIRE(p.run.outcome.report.failures.empty());
  CHECK(p.wld("count_gross", 2024) == 6.0);
  CHECK(p.wld("value_usd_gross", 2024) == 1050.0);
  CHECK(p.economy("count_gross", "KEN", 2024).value == 2.0);  // P1, P6
}

TEST_CASE("pledges: the annual report's figures for the coalition and groups", "[pledges][annual]") {
  //  A1 2023-02-01 Alpha KEN (ITU.AFR) in UGA+KEN, USD 100; women, youth; SDG 9.c, 9.1, 17.8; pillars
  //     infrastructure, affordability, custom; WSIS C2, C5; campaign ldc5; in progress from 2023-06-01
  //  A2 2023-05-01 Alpha KEN (ITU.AFR) in FJI, USD 50; women; SDG 4.4; digital_skills; C4
  //  A3 2024-03-01 Beta FRA (ITU.EUR), region LDC, no value; refugees; SDG 17; campaign displaced_people
  //  A4 2023-07-01 Gamma BTN (ITU.ASP) in BTN, USD 200; SDG 9.c; withdrawn 2024-02-01
  // LDC: UGA and BTN (until 2023); LLDC: UGA, BTN; SIDS: FJI.
  PledgeRow a1{"A1", "2023-02-01", R"(["UGA", "KEN"])", "100", "in_progress"};
  PledgeRow a2{"A2", "2023-05-01", R"(["FJI"])", "50", "announced"};
  PledgeRow a3{"A3", "2024-03-01", "[]", "NULL", "announced"};
  a3.regions = R"(["LDC"])";
  a3.origin = "FRA";
  PledgeRow a4{"A4", "2023-07-01", R"(["BTN"])", "200", "withdrawn"};
  a4.origin = "BTN";
  const std::string rows =
      insert(a1) + insert(a2) + insert(a3) + insert(a4) +
      set("A1",
          "entity = 'Alpha', beneficiaries = '[\"women\", \"youth\"]', sdgs = '[\"9.c\", \"9.1\", \"17.8\"]', "
          "pillars = '[\"infrastructure\", \"affordability\", \"custom\"]', wsis_lines = '[\"C2\", \"C5\"]', "
          "campaigns = '[\"ldc5\"]'") +
      set("A2",
          "entity = 'Alpha', beneficiaries = '[\"women\"]', sdgs = '[\"4.4\"]', pillars = "
          "'[\"digital_skills\"]', wsis_lines = '[\"C4\"]'") +
      set("A3",
          "entity = 'Beta', origin_region = 'ITU.EUR', beneficiaries = '[\"refugees\"]', sdgs = '[\"17\"]', "
          "campaigns = '[\"displaced_people\"]'") +
      set("A4", "entity = 'Gamma', origin_region = 'ITU.ASP', sdgs = '[\"9.c\"]'") +
      report("A1", "2023-06-01", "in_progress") + report("A4", "2023-08-01", "in_progress") +
      report("A4", "2024-02-01", "withdrawn");
  const PledgeRun p("as_of = \"2024-12-31\"\ngroups = [\"LDC\", \"ITU.AFR\"]", rows);
  INFO(p.failures());
  REQUIRE(p.run.outcome.report.failures.empty());

  // 2023: A1, A2, A4, all active.
  CHECK(p.wld("entities_gross", 2023) == 2.0);  // Alpha, Gamma
  CHECK(p.wld("entities_active", 2023) == 2.0);
  CHECK(p.wld("origin_economies_gross", 2023) == 2.0);               // KEN, BTN
  CHECK(p.wld("origin_regions_gross", 2023) == 2.0);                 // ITU.AFR, ITU.ASP
  CHECK(p.wld("implementation_economies_gross", 2023) == 4.0);       // UGA, KEN, FJI, BTN
  CHECK(p.wld("share_count_gross_ldc", 2023) == Approx(200.0 / 3));  // A1 (UGA), A4 (BTN, an LDC in 2023)
  CHECK(p.wld("share_value_gross_ldc", 2023) == Approx(100.0 * 300 / 350));
  CHECK(p.wld("share_count_gross_lldc", 2023) == Approx(200.0 / 3));
  CHECK(p.wld("share_count_gross_sids", 2023) == Approx(100.0 / 3));  // A2 (FJI)
  CHECK(p.wld("share_value_gross_sids", 2023) == Approx(100.0 * 50 / 350));
  CHECK(p.wld("share_beneficiary_women", 2023) == Approx(200.0 / 3));
  CHECK(p.wld("share_beneficiary_youth", 2023) == Approx(100.0 / 3));
  CHECK(p.wld("share_beneficiary_refugees", 2023) == 0.0);
  CHECK(p.wld("count_gross_sdg_9", 2023) == 2.0);  // A1 (9.c and 9.1: once), A4
  CHECK(p.wld("count_gross_sdg_17", 2023) == 1.0);
  CHECK(p.wld("count_gross_sdg_4", 2023) == 1.0);
  CHECK(p.wld("count_gross_sdg_1", 2023) == 0.0);
  CHECK(p.wld("count_gross_pillar_infrastructure", 2023) == 1.0);
  CHECK(p.wld("count_gross_pillar_digital_skills", 2023) == 1.0);
  CHECK(p.wld("count_gross_wsis_c5", 2023) == 1.0);
  CHECK(p.wld("count_gross_wsis_c4", 2023) == 1.0);
  CHECK(p.wld("count_gross_campaign_ldc5", 2023) == 1.0);
  CHECK(p.wld("count_new", 2023) == 3.0);
  CHECK(p.wld("value_usd_new", 2023) == 350.0);

  // 2024: A4 withdrawn; A3 new; BTN no longer an LDC.
  CHECK(p.wld("entities_gross", 2024) == 3.0);
  CHECK(p.wld("entities_active", 2024) == 2.0);  // Alpha, Beta
  CHECK(p.wld("origin_economies_gross", 2024) == 3.0);
  CHECK(p.wld("origin_regions_gross", 2024) == 3.0);
  CHECK(p.wld("implementation_economies_gross", 2024) == 4.0);
  CHECK(p.wld("implementation_economies_active", 2024) == 3.0);  // UGA, KEN, FJI
  CHECK(p.wld("share_count_gross_ldc", 2024) == 50.0);           // A1, A3 (lists LDC) of 4
  CHECK(p.wld("share_value_gross_ldc", 2024) == Approx(100.0 * 100 / 350));
  CHECK(p.wld("share_count_active_ldc", 2024) == Approx(200.0 / 3));
  CHECK(p.wld("share_value_active_ldc", 2024) == Approx(200.0 / 3));  // 100 of 150
  CHECK(p.wld("share_beneficiary_refugees", 2024) == 25.0);
  CHECK(p.wld("count_gross_sdg_17", 2024) == 2.0);
  CHECK(p.wld("count_gross_campaign_displaced_people", 2024) == 1.0);
  CHECK(p.wld("count_new", 2024) == 1.0);
  CHECK(p.wld("value_usd_new", 2024) == 0.0);

  // Groups: the LDC's pledges in 2024 are A1 and A3; it reaches Uganda among its members.
  CHECK(p.group("entities_gross", "LDC", 2024).value == 2.0);
  CHECK(p.group("implementation_economies_gross", "LDC", 2024).value == 1.0);
  CHECK(p.group("origin_economies_gross", "LDC", 2024).value == 2.0);
  CHECK(p.group("implementation_economies_gross", "ITU.AFR", 2024).value == 2.0);  // KEN, UGA
  // Not per economy.
  CHECK(p.run.economies.count("pledges.entities_gross") == 0);
  CHECK(p.run.economies.count("pledges.share_count_gross_ldc") == 0);
}

TEST_CASE("pledges: a pledge the source rejects is named and left out of every figure", "[pledges][failure]") {
  PledgeRow bad_json{"BAD-JSON", "2023-01-01", R"(["KEN"])", "500"};
  PledgeRow bad_measure{"BAD-MEASURE", "2023-01-01", R"(["KEN"])", "500"};
  const PledgeRun p("as_of = \"2024-12-31\"",
                    registry() + insert(bad_json) + insert(bad_measure) +
                        revision("BAD-JSON", 2, "2024-01-01", R"([{"field": "value_usd", "old": 1)") +
                        target("BAD-MEASURE", "T1", 1, "trees_planted", "0", "5", "2025-01-01"));
  REQUIRE(p.run.outcome.report.failures.empty());
  CHECK(p.run.outcome.rejected_rows == 2);
  const auto& rejections = p.run.outcome.rejections;
  const auto named = [&](const std::string& part) {
    return std::any_of(rejections.begin(), rejections.end(),
                       [&](const std::string& line) { return line.find(part) != std::string::npos; });
  };
  CHECK(named("pledge 'BAD-JSON': revision 2 field 'changes': expected a JSON array of changes"));
  CHECK(named("pledge 'BAD-MEASURE': target 'T1' field 'measure': expected a measure of the vocabulary"));
  CHECK(p.wld("count_gross", 2024) == 6.0);
  CHECK(p.wld("value_usd_gross", 2024) == 1050.0);
}
