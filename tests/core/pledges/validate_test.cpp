// One test per rule of docs/pledges.md: a valid pledge with one field broken is rejected on that field, at
// the row given, with a message saying what was expected and what was found.
#include <catch2/catch.hpp>

#include "rules_fixture.h"

namespace {

using p2c::pledges::Pledge;
using p2c::pledges::Rejection;
using p2c::test::repository_rules;
using p2c::test::valid_pledge;

constexpr std::size_t row = 7;

std::vector<Rejection> problems_of(const Pledge& pledge) {
  return p2c::pledges::validate(pledge, repository_rules(), row);
}

// The only problem of `pledge`: on `field`, at `row`, with a message containing `expected` and `found`.
void require_one(const Pledge& pledge, const std::string& field, const std::string& expected,
                 const std::string& found) {
  const auto problems = problems_of(pledge);
  std::string all;
  for (const auto& p : problems) all += p2c::pledges::to_string(p) + "\n";
  INFO(all);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].row == row);
  CHECK(problems[0].field == field);
  CHECK_THAT(problems[0].message, Catch::Contains(expected) && Catch::Contains(found));
}

}  // namespace

TEST_CASE("a valid pledge has no problems, with focus areas in code or human form", "[pledges][validate]") {
  CHECK(problems_of(valid_pledge()).empty());
  Pledge p = valid_pledge();
  p.focus_areas = {"Access", "Adoption", "Value creation", "Investment acceleration", "value_creation"};
  CHECK(problems_of(p).empty());
  p.value.reset();
  p.currency.clear();
  p.implementation_economies.clear();
  p.origin_region.clear();
  CHECK(problems_of(p).empty());
}

TEST_CASE("unknown economy codes are rejected", "[pledges][validate]") {
  Pledge p = valid_pledge();
  p.origin_economy = "XKX";
  require_one(p, "origin_economy", "ISO3 code of an economy", "'XKX'");
  p = valid_pledge();
  p.implementation_economies = {"KEN", "ken"};
  require_one(p, "implementation_economies[2]", "ISO3 code", "'ken'");
  p = valid_pledge();
  p.origin_economy.clear();
  require_one(p, "origin_economy", "ISO3 code", "nothing");
}

TEST_CASE("unknown regions are rejected", "[pledges][validate]") {
  Pledge p = valid_pledge();
  p.origin_region = "AFRICA";
  require_one(p, "origin_region", "group code of the reference data", "'AFRICA'");
  p = valid_pledge();
  p.implementation_regions = {"ITU.XYZ"};
  require_one(p, "implementation_regions[1]", "group code", "'ITU.XYZ'");
}

TEST_CASE("unknown focus areas are rejected, and at least one is needed", "[pledges][validate]") {
  Pledge p = valid_pledge();
  p.focus_areas = {"access", "connectivity"};
  require_one(p, "focus_areas[2]", "access, adoption, value_creation or investment_acceleration", "'connectivity'");
  p.focus_areas.clear();
  require_one(p, "focus_areas", "at least one of", "none");
}

TEST_CASE("unknown sector, pledge type and status are rejected", "[pledges][validate]") {
  Pledge p = valid_pledge();
  p.sector = "Government";
  require_one(p, "sector", "government, private_sector, international_organization", "'Government'");
  p = valid_pledge();
  p.pledge_type = "grant";
  require_one(p, "pledge_type", "financial, programmatic, policy or advocacy", "'grant'");
  p = valid_pledge();
  p.reports.clear();
  p.status = "done";
  require_one(p, "status", "announced, in_progress, completed or withdrawn", "'done'");
}

TEST_CASE("a negative value is rejected", "[pledges][validate]") {
  Pledge p = valid_pledge();
  p.value = -1;
  require_one(p, "value", "0 or more", "-1");
}

TEST_CASE("a value needs a currency of the rate table, and a currency a value", "[pledges][validate]") {
  Pledge p = valid_pledge();
  p.currency.clear();
  require_one(p, "currency", "ISO 4217 code", "nothing");
  p.currency = "KES";
  require_one(p, "currency", "a currency of the rate table", "'KES'");
  p = valid_pledge();
  p.value.reset();
  require_one(p, "currency", "no currency when there is no value", "'EUR'");
}

TEST_CASE("dates must be real days written YYYY-MM-DD", "[pledges][validate]") {
  for (const std::string bad : {"2023-02-29", "2023-2-01", "2023-13-01", "10/05/2022", "2022-05-10T00:00", ""}) {
    Pledge p = valid_pledge();
    p.pledged_on = bad;
    require_one(p, "pledged_on", "YYYY-MM-DD naming a real day", bad.empty() ? "nothing" : "'" + bad + "'");
  }
  Pledge p = valid_pledge();
  p.start_date = "2024-02-30";
  require_one(p, "start_date", "YYYY-MM-DD", "'2024-02-30'");
  p = valid_pledge();
  p.end_date = "2026-04-31";
  require_one(p, "end_date", "YYYY-MM-DD", "'2026-04-31'");
  p = valid_pledge();
  p.end_date = "2024-02-29";  // a leap day is a real day
  CHECK(problems_of(p).empty());
}

TEST_CASE("an end before the start is rejected", "[pledges][validate]") {
  Pledge p = valid_pledge();
  p.end_date = "2022-05-31";
  require_one(p, "end_date", "on or after start_date 2022-06-01", "2022-05-31");
}

TEST_CASE("an empty id or entity is rejected", "[pledges][validate]") {
  Pledge p = valid_pledge();
  p.id.clear();
  require_one(p, "id", "expected a value", "nothing");
  p = valid_pledge();
  p.entity.clear();
  require_one(p, "entity", "expected a value", "nothing");
}

TEST_CASE("report problems name the report and field", "[pledges][validate][reports]") {
  Pledge p = valid_pledge();
  p.reports[1].reported_on = "2024-06-31";
  require_one(p, "reports[2].reported_on", "YYYY-MM-DD", "'2024-06-31'");
  p = valid_pledge();
  p.reports[0].reported_on = "2022-05-09";
  require_one(p, "reports[1].reported_on", "on or after the pledge's pledged_on 2022-05-10", "2022-05-09");
  p = valid_pledge();
  p.reports[0].percent_complete = 100.5;
  require_one(p, "reports[1].percent_complete", "from 0 to 100", "100.5");
  p.reports[0].percent_complete = -1;
  require_one(p, "reports[1].percent_complete", "from 0 to 100", "-1");
  p = valid_pledge();
  p.reports[0].disbursed_usd = -10;
  require_one(p, "reports[1].disbursed_usd", "0 or more", "-10");
  p = valid_pledge();
  p.reports[1].disbursed_usd = 100000;
  require_one(p, "reports[2].disbursed_usd", "at least the previous report's 150000", "100000");
  p = valid_pledge();
  p.reports[1].reported_on = p.reports[0].reported_on;
  require_one(p, "reports[2].reported_on", "one report per date", "2023-06-30");
  p = valid_pledge();
  p.reports[0].status = "started";
  require_one(p, "reports[1].status", "announced, in_progress", "'started'");
  p = valid_pledge();
  std::swap(p.reports[0], p.reports[1]);
  p.reports[0].disbursed_usd = p.reports[1].disbursed_usd;
  require_one(p, "reports[2].reported_on", "reports in date order", "2023-06-30 after 2024-06-30");
}

TEST_CASE("a pledge's status must be its latest report's", "[pledges][validate][reports]") {
  Pledge p = valid_pledge();
  p.status = "completed";
  require_one(p, "status", "the status of the latest report (in_progress on 2024-06-30)", "'completed'");
}

TEST_CASE("every problem of a record is reported", "[pledges][validate]") {
  Pledge p = valid_pledge();
  p.sector = "x";
  p.value = -3;
  p.end_date = "2020-01-01";
  p.reports[0].percent_complete = 200;
  const auto problems = problems_of(p);
  REQUIRE(problems.size() == 4);
  CHECK(problems[0].field == "sector");
  CHECK(problems[1].field == "value");
  CHECK(problems[2].field == "end_date");
  CHECK(problems[3].field == "reports[1].percent_complete");
}

TEST_CASE("validate_report checks a new report against the stored pledge", "[pledges][validate][reports]") {
  const Pledge p = valid_pledge();
  using p2c::pledges::ProgressReport;
  using p2c::pledges::validate_report;
  CHECK(validate_report(p, ProgressReport{"2025-01-15", "completed", 100.0, 900000.0, "done"}).empty());
  CHECK(validate_report(p, ProgressReport{"2025-01-15", "in_progress", std::nullopt, std::nullopt, ""}).empty());

  auto problems = validate_report(p, ProgressReport{"2024-06-30", "in_progress", 50.0, 500000.0, ""});
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].field == "reported_on");
  CHECK_THAT(problems[0].message, Catch::Contains("after the pledge's latest report (2024-06-30)"));

  problems = validate_report(p, ProgressReport{"2025-01-15", "in_progress", 50.0, 400000.0, ""});
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].field == "disbursed_usd");
  CHECK_THAT(problems[0].message, Catch::Contains("at least the 480000 reported on 2024-06-30"));

  problems = validate_report(p, ProgressReport{"2025-02-30", "paused", 101.0, -1.0, ""});
  REQUIRE(problems.size() == 5);
  CHECK(problems[0].field == "reported_on");
  CHECK(problems[1].field == "status");
  CHECK(problems[2].field == "percent_complete");
  CHECK(problems[3].field == "disbursed_usd");  // negative
  CHECK(problems[4].field == "disbursed_usd");  // and below the latest reported amount

  Pledge fresh = valid_pledge();
  fresh.reports.clear();
  problems = validate_report(fresh, ProgressReport{"2022-01-01", "announced", std::nullopt, std::nullopt, ""});
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0].message, Catch::Contains("pledged_on 2022-05-10"));
}

TEST_CASE("amounts and dates must be plausible, within the configurable bounds", "[pledges][validate][bounds]") {
  Pledge p = valid_pledge();
  p.value = 1e308;  // EUR: about 1.08e308 USD
  require_one(p, "value", "at most 1000000000000 US dollars ([pledges] max_amount_usd)", "1e+308 EUR");
  p = valid_pledge();
  p.value = 1.7e308;  // the product overflows to infinity: still refused, not accepted
  require_one(p, "value", "max_amount_usd", "EUR");
  p = valid_pledge();
  p.reports[1].disbursed_usd = 1e308;
  require_one(p, "reports[2].disbursed_usd", "at most 1000000000000 US dollars ([pledges] max_amount_usd)", "1e+308");
  p = valid_pledge();
  p.end_date = "9999-12-31";
  require_one(p, "end_date", "a date from 2000-01-01 to 2100-12-31 ([pledges] earliest_date and latest_date)",
              "9999-12-31");
  p = valid_pledge();
  p.pledged_on = "1999-12-31";
  require_one(p, "pledged_on", "[pledges] earliest_date", "1999-12-31");

  // The bounds come from the rules, i.e. from [pledges].
  p2c::pledges::Rules rules = repository_rules();
  rules.bounds = p2c::pledges::Bounds{1e6, "2022-01-01", "2030-12-31"};
  const auto problems = p2c::pledges::validate(valid_pledge(), rules, row);
  REQUIRE(problems.size() == 1);  // 1,000,000 EUR is more than 1e6 USD
  CHECK(problems[0].field == "value");
  rules.bounds.max_amount_usd = 2e6;
  CHECK(p2c::pledges::validate(valid_pledge(), rules, row).empty());
}

TEST_CASE("every text field must be UTF-8, and is quoted in part only", "[pledges][validate]") {
  Pledge p = valid_pledge();
  p.entity = "\xFF\xFE";
  require_one(p, "entity", "expected UTF-8 text", "'\\xff\\xfe'");
  p = valid_pledge();
  p.sdgs = {"9.c", "\xC0\xAF"};
  require_one(p, "sdgs[2]", "expected UTF-8 text", "at byte 1");
  p = valid_pledge();
  p.reports[0].narrative = std::string(1 << 20, 'x') + "\xFF";
  const auto problems = problems_of(p);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].field == "reports[1].narrative");
  CHECK(problems[0].message.size() < 400);
  CHECK(p2c::pledges::invalid_text_field(p) == std::optional<std::string>("reports[1].narrative"));
  CHECK_FALSE(p2c::pledges::invalid_text_field(valid_pledge()).has_value());
}

TEST_CASE("validate_report refuses implausible amounts, dates and text that is not UTF-8",
          "[pledges][validate][bounds]") {
  using p2c::pledges::ProgressReport;
  using p2c::pledges::validate_report;
  const Pledge p = valid_pledge();
  auto problems = validate_report(p, ProgressReport{"2025-01-15", "in_progress", 50.0, 1e308, ""});
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].field == "disbursed_usd");
  CHECK_THAT(problems[0].message, Catch::Contains("at most 1000000000000 US dollars ([pledges] max_amount_usd)"));

  problems = validate_report(p, ProgressReport{"9999-12-31", "in_progress", 50.0, 500000.0, ""});
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].field == "reported_on");
  CHECK_THAT(problems[0].message, Catch::Contains("latest_date"));

  problems = validate_report(p, ProgressReport{"2025-01-15", "in_progress", 50.0, 500000.0, "\xFF"});
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].field == "narrative");

  const p2c::pledges::Bounds tight{600000, "2000-01-01", "2024-12-31"};
  problems = validate_report(p, ProgressReport{"2025-01-15", "in_progress", 50.0, 700000.0, ""}, tight);
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].field == "reported_on");
  CHECK(problems[1].field == "disbursed_usd");
}
