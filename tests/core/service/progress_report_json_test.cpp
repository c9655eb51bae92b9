// parse_report: the body of POST /api/v1/pledges/{id}/reports, refused with problems (a 400), never a crash or a
// stray exception (a 500), whatever the body holds.
#include "progress_report_json.h"

#include <catch2/catch.hpp>
#include <string>

namespace {

using p2c::pledges::ProgressReport;
using p2c::pledges::Rejection;

std::vector<Rejection> problems_of(const std::string& body) {
  ProgressReport report;
  return p2c::service::parse_report(body, report);
}

std::string nested_arrays(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

}  // namespace

TEST_CASE("a report body parses into a report", "[service][reports]") {
  ProgressReport report;
  const auto problems = p2c::service::parse_report(
      R"({"reported_on": "2025-01-15", "status": "in_progress", "percent_complete": 50, "disbursed_usd": 1.5e6,)"
      R"( "narrative": "Caf\u00e9"})",
      report);
  CHECK(problems.empty());
  CHECK(report == ProgressReport{"2025-01-15", "in_progress", 50.0, 1.5e6, "Caf\xC3\xA9", {}});
}

TEST_CASE("a report body may carry actuals of targets, and wrong ones are named", "[service][reports]") {
  ProgressReport report;
  auto problems = p2c::service::parse_report(
      R"({"reported_on": "2025-01-15", "status": "in_progress", "actuals": [{"target_id": "T1", "value": 120},)"
      R"( {"value": 3.5, "target_id": "T2"}]})",
      report);
  CHECK(problems.empty());
  CHECK(report.actuals == std::vector<p2c::pledges::Actual>{{"T1", 120}, {"T2", 3.5}});
  CHECK(p2c::service::report_json(report)["actuals"] ==
        p2c::service::Json::parse(R"([{"target_id":"T1","value":120.0},{"target_id":"T2","value":3.5}])"));

  problems = problems_of(R"({"reported_on": "2025-01-15", "status": "in_progress", "actuals": {"T1": 1}})");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].field == "actuals");
  problems = problems_of(
      R"({"reported_on": "2025-01-15", "status": "in_progress", "actuals": [)"
      R"(7, {"target_id": 1, "value": "x"}, {"value": 2}, {"target_id": "T1", "value": 1, "unit": "km"}]})");
  std::vector<std::string> fields;
  for (const auto& problem : problems) fields.push_back(problem.field);
  CHECK(fields == std::vector<std::string>{"actuals[1]", "actuals[2].target_id", "actuals[2].value",
                                           "actuals[3].target_id", "actuals[4].unit"});
  // Empty and null actuals are none.
  CHECK(problems_of(R"({"reported_on": "2025-01-15", "status": "in_progress", "actuals": []})").empty());
  CHECK(problems_of(R"({"reported_on": "2025-01-15", "status": "in_progress", "actuals": null})").empty());
}

TEST_CASE("a percent_complete of 200,000 nested arrays is one bounded problem, not a crash", "[service][reports]") {
  const auto problems = problems_of(R"({"reported_on": "2025-01-15", "status": "in_progress", "percent_complete": )" +
                                    nested_arrays(200000) + "}");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].field == "body");
  CHECK_THAT(problems[0].message, Catch::Contains("nested deeper than 64 levels"));
  CHECK(problems[0].message.size() < 200);

  // Within the depth limit, a wrong value is described, not dumped.
  const auto shallow = problems_of(R"({"reported_on": "2025-01-15", "status": "in_progress", "percent_complete": )" +
                                   nested_arrays(60) + "}");
  REQUIRE(shallow.size() == 1);
  CHECK(shallow[0].field == "percent_complete");
  CHECK(shallow[0].message == "expected a number or null, got an array of 1 element(s)");
}

TEST_CASE("numbers beyond a double, duplicate keys and bad UTF-8 are problems, not exceptions", "[service][reports]") {
  std::vector<Rejection> problems;
  REQUIRE_NOTHROW(problems = problems_of(R"({"reported_on": "2025-01-15", "status": "x", "disbursed_usd": 1e309})"));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].field == "body");
  CHECK_THAT(problems[0].message, Catch::Contains("line 1, column") && Catch::Contains("beyond the range of a double"));

  problems = problems_of(R"({"reported_on": "2025-01-15", "status": "in_progress", "status": "completed"})");
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0].message, Catch::Contains("the key \"status\" appears twice"));

  problems = problems_of("{\"reported_on\": \"2025-01-15\", \"status\": \"in_progress\", \"narrative\": \"\xFF\xFE\"}");
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0].message, Catch::Contains("UTF-8"));

  // A huge unknown key is named in part only.
  problems =
      problems_of(R"({"reported_on": "2025-01-15", "status": "in_progress", ")" + std::string(100000, 'k') + "\": 1}");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].field.size() < 150);
}
