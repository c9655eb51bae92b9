#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "engine.h"
#include "engine_run.h"
#include "plain_csv.h"
#include "temp_dir.h"

using namespace p2c::host;

namespace {

const std::filesystem::path data = std::filesystem::path(P2C_SOURCE_DIR) / "config" / "data" / "worldbank-wdi";

using Key = std::pair<std::string, int>;

// Data files are read with plain_csv.h, without the SDK, so the check does not share code with what it checks.
using p2c::test::tail_values;

struct BundledRun {
  p2c::test::TempDir dir;
  RunOutcome outcome;
  std::map<std::string, std::map<Key, p2c::Record>> by_metric;

  explicit BundledRun(const std::string& indicator_options = "") {
    const std::string toml = R"(
[[source]]
plugin = "csv"
name = "internet_users"
series = "itu.internet_users"
path = ")" + (data / "internet_users_gapminder.csv").string() + R"("
economy_column = "geo"
year_column = "time"
value_column = "internet_users"

[[source]]
plugin = "csv"
name = "population"
series = "wb.population"
path = ")" + (data / "sp.pop.totl.csv").string() + R"("

[[indicator]]
plugin = "sdg_17_8"
)" + indicator_options;
    outcome = p2c::test::run_config(dir, toml);
    for (const auto& r : outcome.report.records)
      by_metric[outcome.report.catalogue[r.metric].id][{std::string(outcome.report.entity_code(r.entity)), r.year}] =
          r;
  }
};

}  // namespace

TEST_CASE("SDG 17.8.1 metrics equal an independent computation from the bundled files", "[sdg_17_8][real-data]") {
  const auto users = tail_values(data / "internet_users_gapminder.csv", true, 3);
  const auto population = tail_values(data / "sp.pop.totl.csv", false, 3);
  REQUIRE(users.size() > 6000);

  BundledRun run;
  REQUIRE(run.outcome.report.failures.empty());

  const auto& shares = run.by_metric["sdg_17_8.internet_users"];
  CHECK(shares.size() == users.size());
  for (const auto& [key, share] : users) {
    REQUIRE(shares.count(key) == 1);
    CHECK(shares.at(key).value == share);
  }

  const auto& offline = run.by_metric["sdg_17_8.offline_population"];
  CHECK(offline.size() == users.size());
  std::size_t without_population = 0;
  for (const auto& [key, share] : users) {
    const p2c::Record& record = offline.at(key);
    auto people = population.find(key);
    if (people == population.end()) {
      ++without_population;
      CHECK_FALSE(record.value);
      CHECK_THAT(record.reason, Catch::StartsWith("no population for " + std::to_string(key.second)));
      continue;
    }
    REQUIRE(record.value);
    CHECK(*record.value == Approx(people->second * (100 - share) / 100).epsilon(1e-12));
  }
  // Taiwan and a few territories have Internet data but no World Bank population.
  CHECK(without_population > 0);
  CHECK(without_population < 100);
}

TEST_CASE("the latest value is the most recent observation from the window start on", "[sdg_17_8][real-data]") {
  const auto users = tail_values(data / "internet_users_gapminder.csv", true, 3);
  std::map<std::string, std::pair<int, double>> expected;
  std::map<std::string, bool> seen;
  for (const auto& [key, share] : users) {
    seen[key.first] = true;
    if (key.second >= 2021 && (!expected.count(key.first) || key.second > expected[key.first].first))
      expected[key.first] = {key.second, share};
  }

  BundledRun run("window_start = 2021\n");
  const auto& latest = run.by_metric["sdg_17_8.internet_users_latest"];
  CHECK(latest.size() == seen.size());
  std::size_t missing = 0;
  for (const auto& [code, unused] : seen) {
    if (auto it = expected.find(code); it != expected.end()) {
      const Key key{code, it->second.first};
      REQUIRE(latest.count(key) == 1);
      CHECK(latest.at(key).value == it->second.second);
    } else {
      ++missing;
      REQUIRE(latest.count({code, 2021}) == 1);
      CHECK(latest.at({code, 2021}).reason == "no observation from 2021 on");
      CHECK_FALSE(latest.at({code, 2021}).value);
    }
  }
  CHECK(missing > 0);  // economies whose last survey is older than 2021 get a reason, never a stale value
  // Spot check against the file: Kenya's latest is 2024, 34.9762 %.
  CHECK(latest.at({"KEN", 2024}).value == 34.9762);
}

TEST_CASE("a share outside 0-100 is not a value but a reason", "[sdg_17_8]") {
  p2c::test::TempDir dir;
  dir.write("users.csv", "geo,time,internet_users\naaa,2020,101.5\naaa,2021,50\n");
  dir.write("pop.csv", "Country Name,Country Code,Year,Value\nA,AAA,2020,1000\nA,AAA,2021,1000\n");
  const RunOutcome outcome = p2c::test::run_config(dir, R"(
[[source]]
plugin = "csv"
name = "u"
series = "itu.internet_users"
path = "users.csv"
economy_column = "geo"
year_column = "time"
value_column = "internet_users"
[[source]]
plugin = "csv"
name = "p"
series = "wb.population"
path = "pop.csv"
[[indicator]]
plugin = "sdg_17_8"
)");
  REQUIRE(outcome.report.failures.empty());
  std::map<std::string, std::vector<const p2c::Record*>> records;
  for (const auto& r : outcome.report.records) records[outcome.report.catalogue[r.metric].id].push_back(&r);
  REQUIRE(records["sdg_17_8.internet_users"].size() == 2);
  CHECK_FALSE(records["sdg_17_8.internet_users"][0]->value);
  CHECK(records["sdg_17_8.internet_users"][0]->reason == "input value 101.5 is outside 0-100 %");
  CHECK(records["sdg_17_8.offline_population"][1]->value == 500.0);
  CHECK(records["sdg_17_8.internet_users_latest"][0]->value == 50.0);
  CHECK(records["sdg_17_8.internet_users_latest"][0]->year == 2021);
}
