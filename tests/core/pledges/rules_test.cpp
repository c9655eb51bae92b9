// Rules::load: reference codes and the USD rate table, and clear errors for a bad table.
#include <catch2/catch.hpp>

#include "rules_fixture.h"
#include "temp_dir.h"

namespace {

std::string load_error(const std::string& rates) {
  p2c::test::TempDir dir;
  const auto file = dir.write("rates.csv", rates);
  const std::filesystem::path reference = std::filesystem::path(P2C_SOURCE_DIR) / "config/reference";
  try {
    p2c::pledges::Rules::load(reference / "economies.csv", reference / "groups.csv", file);
  } catch (const p2c::pledges::RulesError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("Rules::load reads the reference codes and the bundled 2023 ECB cross rates", "[pledges][rules]") {
  const auto& rules = p2c::test::repository_rules();
  CHECK(rules.economies.count("KEN") == 1);
  CHECK(rules.economies.size() == 248);
  CHECK(rules.regions.count("ITU.AFR") == 1);
  CHECK(rules.regions.count("WLD") == 1);
  REQUIRE(rules.usd_per_unit.size() == 6);
  CHECK(rules.usd_per_unit.at("USD") == 1);
  CHECK(rules.usd_per_unit.at("EUR") == 1.0813);
  CHECK(rules.usd_per_unit.at("GBP") == 1.2432);
  CHECK(rules.usd_per_unit.at("JPY") == 0.0071143);
  CHECK(rules.usd_per_unit.at("CHF") == 1.1127);
  CHECK(rules.usd_per_unit.at("CNY") == 0.14116);
  // Each is the ECB's USD per EUR over that currency's per EUR, to five significant digits.
  CHECK(rules.usd_per_unit.at("GBP") == Approx(1.0813 / 0.86979).epsilon(5e-5));
  CHECK(rules.usd_per_unit.at("JPY") == Approx(1.0813 / 151.99).epsilon(5e-5));
  CHECK(rules.usd_per_unit.at("CHF") == Approx(1.0813 / 0.9718).epsilon(5e-5));
  CHECK(rules.usd_per_unit.at("CNY") == Approx(1.0813 / 7.66).epsilon(5e-5));
}

TEST_CASE("a bad rate table is refused with its file, line and what to fix", "[pledges][rules]") {
  CHECK_THAT(load_error("currency,usd_per_unit,source\nEUR,-1,x\n"),
             Catch::Contains("rates.csv:2: usd_per_unit: expected a positive number") && Catch::Contains("'-1'"));
  CHECK_THAT(load_error("currency,usd_per_unit,source\neuro,1.1,x\n"),
             Catch::Contains("rates.csv:2: currency: expected an ISO 4217 code") && Catch::Contains("'euro'"));
  CHECK_THAT(load_error("currency,usd_per_unit,source\nEUR,1.1,x\nEUR,1.2,y\n"),
             Catch::Contains("rates.csv:3: currency: EUR is listed twice"));
  CHECK_THAT(load_error("code,rate\nEUR,1.1\n"), Catch::Contains("rates.csv:1: expected a column 'currency'"));
  CHECK_THAT(load_error(""), Catch::Contains("the file is empty"));
}

TEST_CASE("the shipped vocabulary file equals the built-in lists", "[pledges][rules][vocabulary]") {
  const auto shipped =
      p2c::pledges::Vocabulary::load(std::filesystem::path(P2C_SOURCE_DIR) / "config/data/pledges/vocabulary.csv");
  const auto builtin = p2c::pledges::Vocabulary::builtin();
  CHECK(shipped.measures == builtin.measures);
  CHECK(shipped.wsis_lines == builtin.wsis_lines);
  CHECK(shipped.roadmap_areas == builtin.roadmap_areas);
  CHECK(shipped.campaigns == builtin.campaigns);
  CHECK(shipped.labels.at("wsis_line:C2") == "Information and communication infrastructure");
}

TEST_CASE("a bad vocabulary or extension is refused with its line and what to fix", "[pledges][rules][vocabulary]") {
  p2c::test::TempDir dir;
  const auto load = [&](const std::string& text) -> std::string {
    try {
      p2c::pledges::Vocabulary::load(dir.write("vocabulary.csv", text));
    } catch (const p2c::pledges::RulesError& e) {
      return e.what();
    }
    return "no error";
  };
  CHECK_THAT(load("vocabulary,code,label\nmeasure,km_fibre,Fibre\nmeasure,km_fibre,Again\n"),
             Catch::Contains("vocabulary.csv:3") && Catch::Contains("listed twice"));
  CHECK_THAT(load("vocabulary,code,label\ncolour,red,Red\n"),
             Catch::Contains("vocabulary.csv:2") && Catch::Contains("expected measure, wsis_line"));
  CHECK_THAT(load("vocabulary,code,label\nmeasure,Km Fibre,Fibre\n"), Catch::Contains("lower-case letters"));
  CHECK_THAT(load("vocabulary,label\n"), Catch::Contains("expected a column 'code'"));
  auto vocabulary = p2c::pledges::Vocabulary::builtin();
  vocabulary.extend("measures", {"towers_built"});
  CHECK(vocabulary.measures.back() == "towers_built");
  CHECK_THROWS_WITH(vocabulary.extend("campaigns", {"ldc5"}), Catch::Contains("in the vocabulary already"));
  CHECK_THROWS_WITH(vocabulary.extend("campaigns", {"Big Push"}), Catch::Contains("lower-case letters"));
}
