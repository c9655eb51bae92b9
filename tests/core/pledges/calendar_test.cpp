// The reporting calendar: a pledge walks through every reporting state as the as-of date moves, against states
// computed by hand from docs/pledges.md ("Reporting calendar").
#include <catch2/catch.hpp>

#include "pledges/reporting_status.h"
#include "rules_fixture.h"

namespace {

using p2c::Date;
using p2c::pledges::CalendarSettings;
using p2c::pledges::Pledge;
using p2c::pledges::ReportingState;

std::string state_at(const Pledge& pledge, const char* day, const CalendarSettings& settings = {}) {
  const auto status = p2c::pledges::reporting_status(pledge, *p2c::parse_date(day), settings);
  return status ? std::string(p2c::pledges::name(status->state)) : "none";
}

Pledge silent_pledge() {
  // Pledged 2022-05-10 with the default calendar (12 months, due 30 days before, overdue 30 days after): the
  // first report is expected 2023-05-10, due from 2023-04-10, overdue after 2023-06-09, inactive after 2024-06-09
  // (two periods and the grace). It reports on 2024-09-15 and completes on 2025-09-01.
  Pledge p = p2c::test::valid_pledge();
  p.pledged_on = "2022-05-10";
  p.status = "completed";
  p.reports = {{"2024-09-15", "in_progress", 40.0, std::nullopt, ""},
               {"2025-09-01", "completed", 100.0, std::nullopt, ""}};
  return p;
}

}  // namespace

TEST_CASE("a pledge walks through every reporting state as the as-of date moves", "[pledges][calendar]") {
  const Pledge p = silent_pledge();
  const std::pair<const char*, const char*> expected[] = {
      {"2022-05-09", "none"},  // not yet pledged
      {"2022-05-10", "on_time"},
      {"2023-04-09", "on_time"},
      {"2023-04-10", "due"},
      {"2023-05-10", "due"},
      {"2023-06-09", "due"},
      {"2023-06-10", "overdue"},
      {"2024-06-09", "overdue"},
      {"2024-06-10", "inactive"},
      {"2024-09-14", "inactive"},
      {"2024-09-15", "on_time"},  // the report restarts the period: next expected
                                  // 2025-09-15
      {"2025-08-16", "due"},
      {"2025-08-31", "due"},
      {"2025-09-01", "closed"},
      {"2030-01-01", "closed"},
  };
  for (const auto& [day, state] : expected) {
    INFO(day);
    CHECK(state_at(p, day) == state);
  }
  const auto status = p2c::pledges::reporting_status(p, Date{2024, 10, 1}, {});
  REQUIRE(status);
  CHECK(status->status == "in_progress");
  CHECK(status->last_report == Date{2024, 9, 15});
  CHECK(status->expected == Date{2025, 9, 15});
}

TEST_CASE("the pledge's own period and the configured calendar change the dates", "[pledges][calendar]") {
  Pledge p = silent_pledge();
  p.reporting_period_months = 6;  // expected 2022-11-10: due from 2022-10-11, overdue from 2022-12-11
  CHECK(state_at(p, "2022-10-10") == "on_time");
  CHECK(state_at(p, "2022-10-11") == "due");
  CHECK(state_at(p, "2022-12-10") == "due");
  CHECK(state_at(p, "2022-12-11") == "overdue");
  CHECK(state_at(p, "2023-06-10") == "inactive");  // after 2023-05-10 and 30 days
  p.reporting_period_months.reset();
  const CalendarSettings strict{12, 0, 0};
  CHECK(state_at(p, "2023-05-10", strict) == "due");
  CHECK(state_at(p, "2023-05-11", strict) == "overdue");
  CHECK(state_at(p, "2024-05-11", strict) == "inactive");
}

TEST_CASE("withdrawn pledges are closed and unpublished ones have no reporting state", "[pledges][calendar]") {
  Pledge p = silent_pledge();
  p.reports = {{"2023-01-10", "withdrawn", std::nullopt, std::nullopt, ""}};
  p.status = "withdrawn";
  CHECK(state_at(p, "2023-01-09") == "on_time");
  CHECK(state_at(p, "2023-01-10") == "closed");
  p.review_state = "submitted";
  CHECK(state_at(p, "2023-01-10") == "none");
  CHECK(p2c::pledges::reporting_state_named("overdue") == ReportingState::overdue);
  CHECK_FALSE(p2c::pledges::reporting_state_named("late"));
}
