// The host's registry glue: rules from the config, creation and bootstrap on first use.
#include "pledge_registry.h"

#include <catch2/catch.hpp>

#include "config.h"
#include "rules_fixture.h"
#include "temp_dir.h"

namespace {

const std::filesystem::path source_dir = P2C_SOURCE_DIR;

// A config with [reference] (unless `with_reference` is false) and [pledges] over the repository's files.
p2c::host::Config registry_config(const p2c::test::TempDir& dir, const std::string& bootstrap,
                                  bool with_reference = true, const std::string& extra = "") {
  std::string text;
  if (with_reference)
    text += "[reference]\neconomies = \"" + (source_dir / "config/reference/economies.csv").string() +
            "\"\ngroups = \"" + (source_dir / "config/reference/groups.csv").string() + "\"\nmemberships = \"" +
            (source_dir / "config/reference/memberships.csv").string() + "\"\npopulation = \"wb.population\"\n\n";
  text += "[pledges]\ndatabase = \"" + (dir / "db/pledges.sqlite").string() + "\"\nrates = \"" +
          (source_dir / "config/data/pledges/usd_rates.csv").string() + "\"\n";
  if (!bootstrap.empty()) text += "bootstrap = \"" + bootstrap + "\"\n";
  text += extra;
  return p2c::host::load_config(dir.write("p2c.toml", text));
}

}  // namespace

TEST_CASE("open_registry creates the registry and imports the bootstrap file once", "[pledges][registry]") {
  p2c::test::TempDir dir;
  const auto config = registry_config(dir, (p2c::test::pledge_fixtures / "pledges.json").string());
  {
    const auto store = p2c::host::open_registry(config);
    CHECK(store->created());
    CHECK(store->size() == 3);
    CHECK(*store->find("P2C-2022-0001")->value_usd == Approx(1081300));
    store->add_report("P2C-2022-0001", {"2025-01-31", "completed", 100.0, 900000.0, ""});
  }
  const auto again = p2c::host::open_registry(config);
  CHECK_FALSE(again->created());
  CHECK(again->find("P2C-2022-0001")->reports.size() == 3);  // not imported over again
}

TEST_CASE("without bootstrap the registry starts empty", "[pledges][registry]") {
  p2c::test::TempDir dir;
  const auto store = p2c::host::open_registry(registry_config(dir, ""));
  CHECK(store->created());
  CHECK(store->size() == 0);
  CHECK(std::filesystem::exists(dir / "db/pledges.sqlite"));
}

TEST_CASE("a rejected bootstrap file leaves no registry behind and says why", "[pledges][registry]") {
  p2c::test::TempDir dir;
  const auto bad = (p2c::test::pledge_fixtures / "bad.csv").string();
  const auto config = registry_config(dir, bad);
  try {
    p2c::host::open_registry(config);
    FAIL("a bad bootstrap was accepted");
  } catch (const p2c::pledges::StoreError& e) {
    CHECK_THAT(e.what(), Catch::Contains("was not created: 9 problem(s) in the bootstrap file") &&
                             Catch::Contains(bad + ":3: sector: expected government"));
  }
  CHECK_FALSE(std::filesystem::exists(dir / "db/pledges.sqlite"));
  CHECK_FALSE(std::filesystem::exists(dir / "db/pledges.sqlite-wal"));
  // A missing bootstrap file: the same.
  CHECK_THROWS_WITH(p2c::host::open_registry(registry_config(dir, (dir / "none.json").string())),
                    Catch::Contains("cannot read the file"));
  CHECK_FALSE(std::filesystem::exists(dir / "db/pledges.sqlite"));
}

TEST_CASE("[pledges] without [reference] is a config error for the rules", "[pledges][registry]") {
  p2c::test::TempDir dir;
  const auto config = registry_config(dir, "", false);
  CHECK_THROWS_WITH(p2c::host::registry_rules(config), Catch::Contains("[pledges] needs a [reference] section"));
  p2c::host::Config none;
  CHECK_THROWS_AS(p2c::host::open_registry(none), p2c::host::ConfigError);
  const auto rules = p2c::host::registry_rules(registry_config(dir, ""));
  CHECK(rules.usd_per_unit.size() == 6);
  CHECK(rules.economies.count("KEN") == 1);
}

TEST_CASE("[pledges] vocabulary, added measures and campaigns, and the calendar reach the rules",
          "[pledges][registry]") {
  p2c::test::TempDir dir;
  const auto config = registry_config(dir, "", true,
                                      "vocabulary = \"" + (source_dir / "config/data/pledges/vocabulary.csv").string() +
                                          "\"\nmeasures = [\"towers_built\"]\ncampaigns = [\"island_links\"]\n"
                                          "reporting_period_months = 6\ndue_window_days = 10\ngrace_days = 45\n");
  const auto rules = p2c::host::registry_rules(config);
  CHECK(rules.vocabulary.measures.back() == "towers_built");
  CHECK(rules.vocabulary.campaigns.back() == "island_links");
  CHECK(rules.vocabulary.wsis_lines.size() == 11);
  CHECK(rules.metrics.empty());  // no plugins given: nothing to check a target's metric against
  const auto calendar = p2c::host::registry_calendar(config);
  CHECK(calendar.period_months == 6);
  CHECK(calendar.due_window_days == 10);
  CHECK(calendar.grace_days == 45);
  CHECK_THROWS_WITH(registry_config(dir, "", true, "reporting_period_months = 0\n"),
                    Catch::Contains("reporting_period_months"));
  const auto twice = registry_config(dir, "", true, "campaigns = [\"ldc5\"]\n");
  CHECK_THROWS_WITH(p2c::host::registry_rules(twice), Catch::Contains("'ldc5' is in the vocabulary already"));
}
