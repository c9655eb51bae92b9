// The figures the shipped config publishes from the bundled real data: what a reader sees first. Each case
// below was once published plainly and was wrong or unsupported; the run must now withhold, flag or date it.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "run_command.h"
#include "temp_dir.h"

namespace {

const std::filesystem::path source_dir = P2C_SOURCE_DIR;

struct Row {
  std::optional<double> value;
  std::string status;
  std::set<std::string> flags;
  std::string reason;
  nlohmann::json coverage;
};

// One run of config/p2c.toml as a newcomer starts it, results by metric, entity and year.
struct BundledRun {
  p2c::test::TempDir out;
  p2c::test::CommandResult command;
  std::map<std::string, std::string> units;
  std::map<std::string, std::map<std::string, std::map<int, Row>>> rows;

  BundledRun() {
    command = p2c::test::run_command("P2C_OUTPUT_DIR=" + out.path().string() + " " + std::string(P2C_EXE) +
                                     " run --config " + (source_dir / "config" / "p2c.toml").string());
    if (command.exit_code != 0) return;
    const auto results = nlohmann::json::parse(p2c::test::read_file(out / "results.json"));
    for (const auto& metric : results["metrics"]) units[metric["id"]] = metric["unit"];
    for (const auto& r : results["results"]) {
      Row row;
      if (!r["value"].is_null()) row.value = r["value"].get<double>();
      row.status = r.value("status", "");
      for (const auto& flag : r["flags"]) row.flags.insert(flag.get<std::string>());
      row.reason = r.value("reason", "");
      row.coverage = r.value("coverage", nlohmann::json());
      rows[r["metric"]][r["entity"]][r["year"].get<int>()] = row;
    }
  }

  const Row* find(const std::string& metric, const std::string& entity, int year) const {
    auto m = rows.find(metric);
    if (m == rows.end()) return nullptr;
    auto e = m->second.find(entity);
    if (e == m->second.end()) return nullptr;
    auto y = e->second.find(year);
    return y == e->second.end() ? nullptr : &y->second;
  }

  /// The latest year of `entity` with a published value of `metric`.
  std::optional<int> latest_published(const std::string& metric, const std::string& entity) const {
    std::optional<int> latest;
    for (const auto& [year, row] : rows.at(metric).at(entity))
      if (row.value) latest = year;
    return latest;
  }
};

const BundledRun& bundled() {
  static const BundledRun run;
  INFO(run.command.output);
  REQUIRE(run.command.exit_code == 0);
  return run;
}

bool has(const Row* row, const std::string& flag) { return row != nullptr && row->flags.count(flag) != 0; }

}  // namespace

// One test case, so one run of the bundled config serves every section (a run takes seconds, more under
// sanitizers); each section reports on its own.
TEST_CASE("the figures the bundled config publishes from the bundled data", "[bundled]") {
  SECTION("the bundled run computes SDG 17.8.1 for Kenya from the real data") {
    const auto& run = bundled();
    CHECK_THAT(run.command.output, Catch::Contains("failures: 0"));
    // Kenya 2023 in the bundled files: 35 % online (ITU/WDI), population 55,339,003 (WDI).
    REQUIRE(run.find("sdg_17_8.internet_users", "KEN", 2023));
    CHECK(run.find("sdg_17_8.internet_users", "KEN", 2023)->value == 35);
    CHECK(run.find("sdg_17_8.internet_users", "KEN", 2023)->flags.empty());
    CHECK(*run.find("sdg_17_8.offline_population", "KEN", 2023)->value == Approx(35970351.95));
    CHECK(run.find("sdg_17_8.internet_users_latest", "KEN", 2024)->value == 34.9762);
  }
  SECTION("the LDC value of 2024 from one member of 45 is withheld, with the reason") {
    const Row* ldc = bundled().find("sdg_17_8.internet_users", "LDC", 2024);
    REQUIRE(ldc);
    CHECK_FALSE(ldc->value);
    CHECK(has(ldc, "withheld"));
    CHECK_THAT(ldc->reason, Catch::StartsWith("1 of 45 members reported in 2024"));
    CHECK(ldc->coverage["members_observed"] == 1);
    CHECK(ldc->coverage["members"] == 45);
    // What a reader sees as the LDC's latest is a year most of the group reported.
    const auto latest = bundled().latest_published("sdg_17_8.internet_users", "LDC");
    REQUIRE(latest);
    CHECK(*latest < 2024);
    CHECK(bundled().find("sdg_17_8.internet_users", "LDC", *latest)->coverage["observed_population_share"] >= 0.8);
  }
  SECTION("world and regional shares with a fifth of the people unreported are withheld") {
    // India (18 % of the world) has no 2023 value; Sudan, Yemen, Syria and Somalia none for the Arab States.
    for (const auto& [group, year] :
         std::vector<std::pair<std::string, int>>{{"WLD", 2023}, {"ITU.ARB", 2023}, {"ITU.ASP", 2023}, {"WLD", 2024}}) {
      INFO(group << " " << year);
      const Row* row = bundled().find("sdg_17_8.internet_users", group, year);
      REQUIRE(row);
      CHECK_FALSE(row->value);
      CHECK(has(row, "withheld"));
      CHECK(row->coverage["observed_population_share"] < 0.8);
    }
  }
  SECTION("India's missing years are estimated, flagged and explained") {
    const Row* india = bundled().find("sdg_17_8.internet_users", "IND", 2023);
    REQUIRE(india);
    REQUIRE(india->value);
    CHECK(has(india, "estimated"));
    CHECK_THAT(india->reason, Catch::StartsWith("extrapolated from the trend of"));
    CHECK(*india->value > 55.9);  // above the 2022 observation, on a rising trend
    CHECK(*india->value <= 100);
    const Row* interpolated = bundled().find("sdg_17_8.internet_users", "IND", 2021);
    REQUIRE(interpolated);
    CHECK(has(interpolated, "estimated"));
    CHECK(interpolated->reason == "interpolated between 2020 and 2022");
    CHECK(*interpolated->value == Approx((43.4054 + 55.9) / 2));
  }
  SECTION("people offline are summed only over a nearly complete world") {
    const auto& run = bundled();
    // The sums over whoever reported (2.5 bn, 1.65 bn, 0.41 bn) are not published.
    for (const int year : {2023, 2024}) {
      const Row* row = run.find("sdg_17_8.offline_population", "WLD", year);
      REQUIRE(row);
      CHECK_FALSE(row->value);
      CHECK(has(row, "withheld"));
    }
    // 2022: 95 % of the world's people observed, the rest estimated; ITU (Facts and Figures 2022): 2.7 bn.
    const Row* row = run.find("sdg_17_8.offline_population", "WLD", 2022);
    REQUIRE(row);
    REQUIRE(row->value);
    CHECK(*row->value > 2.6e9);
    CHECK(*row->value < 2.9e9);
    CHECK(row->coverage["population_share"] >= 0.95);
  }
  SECTION("values from 1990 give no status and are not ranked against the 2030 target") {
    const auto& run = bundled();
    for (const std::string economy : {"ASM", "MNP", "TCA"}) {
      INFO(economy);
      const auto latest = run.latest_published("sdg_17_8.internet_users", economy);
      REQUIRE(latest);
      CHECK(*latest < 2000);
      const Row* row = run.find("sdg_17_8.internet_users", economy, *latest);
      CHECK(row->status == "insufficient_data");
      CHECK_THAT(row->reason, Catch::StartsWith("latest value from " + std::to_string(*latest)));
      CHECK(run.find("sdg_17_8.internet_users.gap", economy, *latest) == nullptr);
      CHECK(run.find("sdg_17_8.internet_users.projection", economy, 2030) == nullptr);
    }
  }
  SECTION("projections of shares stay within 0-100 and gaps of shares are in percentage points") {
    const auto& run = bundled();
    CHECK(run.units.at("sdg_17_8.internet_users.gap") == "pp");
    CHECK(run.units.at("sdg_17_8.internet_users.trend") == "pp per year");
    std::size_t projections = 0;
    for (const auto& [entity, years] : run.rows.at("sdg_17_8.internet_users.projection"))
      for (const auto& [year, row] : years) {
        ++projections;
        CHECK(*row.value >= 0);
        CHECK(*row.value <= 100);
      }
    CHECK(projections > 100);
  }
  SECTION("signed gap metrics get no compound growth rate") {
    const auto& run = bundled();
    CHECK(run.rows.count("adoption.usage_gap") == 1);
    CHECK(run.rows.count("adoption.usage_gap.growth") == 0);
    CHECK(run.rows.count("adoption.ownership_gender_gap.growth") == 0);
    CHECK(run.rows.count("sdg_17_8.internet_users.growth") == 1);
  }
  SECTION("the pledge headline through 2023 is ITU's gross count and value on the sample") {
    const auto& run = bundled();
    // ITU, December 2023: 845 pledges, USD 36.78 bn (the illustrative sample follows these published figures).
    const Row* count = run.find("pledges.count_gross", "WLD", 2023);
    const Row* value = run.find("pledges.value_usd_gross", "WLD", 2023);
    REQUIRE(count);
    REQUIRE(value);
    CHECK(count->value == 845);
    CHECK(std::round(*value->value / 1e7) / 100 == 36.78);
    // Withdrawn pledges are left out of the active figures, which say so in their names.
    CHECK(*run.find("pledges.count_active", "WLD", 2023)->value < 845);
  }
}
