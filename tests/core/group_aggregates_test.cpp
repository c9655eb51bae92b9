// Group values from the bundled real data, checked against a computation written here from the files.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "engine.h"
#include "engine_run.h"
#include "plain_csv.h"
#include "temp_dir.h"

using namespace p2c::host;

namespace {

const std::filesystem::path root = P2C_SOURCE_DIR;
using Key = std::pair<std::string, int>;

using p2c::test::plain_rows;

// code, year and value are the last three fields of both files (names with commas come first).
std::map<Key, double> tail_values(const std::filesystem::path& file) { return p2c::test::tail_values(file, true, 3); }

std::set<std::string> members_of(const std::string& group, int year) {
  std::set<std::string> out;
  for (const auto& f : plain_rows(root / "config/reference/memberships.csv")) {
    if (f[0] != group) continue;
    const int from = f.size() > 2 && !f[2].empty() ? std::stoi(f[2]) : 0;
    const int to = f.size() > 3 && !f[3].empty() ? std::stoi(f[3]) : 9999;
    if (year >= from && year <= to) out.insert(f[1]);
  }
  return out;
}

struct RealRun {
  p2c::test::TempDir dir;
  RunOutcome outcome;

  RealRun() {
    const auto data = root / "config/data/worldbank-wdi";
    const auto reference = root / "config/reference";
    outcome = p2c::test::run_config(dir, R"(
[reference]
economies = ")" + (reference / "economies.csv").string() +
                                             R"("
groups = ")" + (reference / "groups.csv").string() +
                                             R"("
memberships = ")" + (reference / "memberships.csv").string() +
                                             R"("

# Every group value published: these tests check the arithmetic, the publishing rules are tested apart.
[publishing]
min_observed_share = 0
min_sum_share = 0

[[source]]
plugin = "csv"
name = "internet_users"
series = "itu.internet_users"
path = ")" + (data / "internet_users_gapminder.csv").string() +
                                             R"("
economy_column = "geo"
year_column = "time"
value_column = "internet_users"

[[source]]
plugin = "csv"
name = "population"
series = "wb.population"
path = ")" + (data / "sp.pop.totl.csv").string() +
                                             R"("

[[indicator]]
plugin = "sdg_17_8"
)");
  }

  const p2c::Record* find(const std::string& metric, const std::string& entity, int year) const {
    for (const auto& r : outcome.report.records)
      if (outcome.report.catalogue[r.metric].id == metric && outcome.report.entity_code(r.entity) == entity &&
          r.year == year)
        return &r;
    return nullptr;
  }
};

const RealRun& real_run() {
  static const RealRun run;
  return run;
}

}  // namespace

TEST_CASE("aggregate rows of the World Bank file are not economies and are dropped", "[groups][real-data]") {
  const auto& run = real_run();
  INFO(run.outcome.report.failures.size());
  REQUIRE(run.outcome.report.failures.empty());
  std::set<std::string> economies;
  for (const auto& f : plain_rows(root / "config/reference/economies.csv")) economies.insert(f[0]);
  std::size_t aggregates = 0;
  for (const auto& [key, value] : tail_values(root / "config/data/worldbank-wdi/sp.pop.totl.csv"))
    aggregates += economies.count(key.first) == 0;
  bool checked = false;
  for (const auto& s : run.outcome.series)
    if (s.id == "wb.population") {
      checked = true;
      CHECK(s.not_economies == aggregates);
      CHECK_FALSE(s.not_economy_codes.empty());
      for (const auto& code : s.not_economy_codes) CHECK(economies.count(code) == 0);
    }
  CHECK(checked);
  CHECK(run.find("sdg_17_8.internet_users", "WLD", 2022) != nullptr);  // the host's own, as a group
  CHECK(run.find("sdg_17_8.internet_users", "WLD", 2022)->entity_kind == p2c::EntityKind::group);
}

TEST_CASE("the population-weighted world share online equals an independent computation", "[groups][real-data]") {
  const auto users = tail_values(root / "config/data/worldbank-wdi/internet_users_gapminder.csv");
  const auto population = tail_values(root / "config/data/worldbank-wdi/sp.pop.totl.csv");
  for (const int year : {2015, 2022}) {
    const auto world = members_of("WLD", year);
    double weighted = 0, weights = 0, all_people = 0;
    std::uint32_t counted = 0;
    for (const auto& iso3 : world) {
      auto people = population.find({iso3, year});
      if (people == population.end()) continue;
      all_people += people->second;
      auto share = users.find({iso3, year});
      if (share == users.end()) continue;
      weighted += share->second * people->second;
      weights += people->second;
      ++counted;
    }
    const p2c::Record* record = real_run().find("sdg_17_8.internet_users", "WLD", year);
    REQUIRE(record != nullptr);
    REQUIRE(record->value);
    CHECK(*record->value == Approx(weighted / weights).epsilon(1e-12));
    REQUIRE(record->coverage);
    CHECK(record->coverage->members == world.size());
    CHECK(record->coverage->members_with_data == counted);
    CHECK(record->coverage->population_share == Approx(weights / all_people).epsilon(1e-12));
    // Nothing is estimated in this run: all that counts is observed.
    CHECK(record->coverage->members_observed == counted);
    CHECK(record->coverage->observed_population_share == record->coverage->population_share);
    CHECK(record->flags == 0);
  }
}

TEST_CASE("the LDC aggregate follows graduations year by year", "[groups][real-data]") {
  const auto users = tail_values(root / "config/data/worldbank-wdi/internet_users_gapminder.csv");
  const auto population = tail_values(root / "config/data/worldbank-wdi/sp.pop.totl.csv");
  for (const int year : {2022, 2023, 2024}) {
    const auto ldc = members_of("LDC", year);
    CHECK(ldc.count("BTN") == (year <= 2023 ? 1u : 0u));
    double offline = 0;
    for (const auto& iso3 : ldc) {
      auto share = users.find({iso3, year});
      auto people = population.find({iso3, year});
      if (share != users.end() && people != population.end()) offline += people->second * (100 - share->second) / 100;
    }
    const p2c::Record* record = real_run().find("sdg_17_8.offline_population", "LDC", year);
    REQUIRE(record != nullptr);
    CHECK(*record->value == Approx(offline).epsilon(1e-12));
    CHECK(record->coverage->members == ldc.size());
  }
}
