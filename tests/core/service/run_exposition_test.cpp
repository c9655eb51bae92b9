// The served run's Prometheus families: sources, failures, stages, freshness, and only the exported results, at
// their latest published year, with no label that changes between runs.
#include "run_exposition.h"

#include <catch2/catch.hpp>

using p2c::CatalogueEntry;
using p2c::EntityKind;
using p2c::Record;
using p2c::RunReport;
using p2c::host::MetricsExport;
using p2c::host::RunOutcome;
using p2c::service::render_run_exposition;

namespace {

Record record(std::uint32_t metric, p2c::EntityId entity, std::int32_t year, std::optional<double> value,
              std::uint32_t flags = 0, EntityKind kind = EntityKind::economy) {
  Record r;
  r.metric = metric;
  r.entity = entity;
  r.entity_kind = kind;
  r.year = year;
  r.value = value;
  r.flags = flags;
  return r;
}

// Internet use and a skills metric for KEN, an economy, and WLD and LDC, groups. WLD's 2022 is withheld and its 2021
// an estimate; KEN's latest observation is 2021 and its 2022 an estimate; skills were last observed in 2019.
RunReport report() {
  RunReport report;
  report.run_id = "20261130T000000Z-abcd";
  report.catalogue = {CatalogueEntry{"sdg_17_8.internet_users", "sdg_17_8", {}},
                      CatalogueEntry{"adoption.skills", "adoption", {}}};
  report.entity_codes = {"KEN", "WLD", "LDC"};
  const auto group = EntityKind::group;
  report.records = {record(0, 0, 2020, 20),
                    record(0, 0, 2021, 25),
                    record(0, 0, 2022, 27, p2c::flag_estimated),
                    record(0, 1, 2020, 60, 0, group),
                    record(0, 1, 2021, 62, p2c::flag_estimated, group),
                    record(0, 1, 2022, 70, p2c::flag_estimated | p2c::flag_withheld, group),
                    record(0, 2, 2022, std::nullopt, 0, group),
                    record(1, 0, 2019, 5),
                    record(1, 0, 2020, std::nullopt)};
  return report;
}

RunOutcome outcome() {
  RunOutcome outcome;
  outcome.series = {{"itu.internet_users", "internet \"users\"", 6020, 3, 0, {}, false},
                    {"wb.population", "population", 16000, 0, 0, {}, false}};
  outcome.timings = {{"read", 0.25}, {"compute", 1.5}, {"sink json", 0.125}};
  return outcome;
}

}  // namespace

TEST_CASE("the run's sources, failures and stages are exported, escaped", "[service][prometheus]") {
  const auto exposition =
      render_run_exposition(report(), outcome(), {"internet_users", "population", "sdg_17_8"},
                            {{"sdg_17_8", "a\nb"}, {"sdg_17_8", "again"}, {"plugins/bad.so", "no symbol"}}, {});
  const std::string& text = exposition.text;
  CHECK_THAT(text, Catch::Contains("# TYPE p2c_source_rows_read gauge\n"));
  CHECK_THAT(text, Catch::Contains(
                       "p2c_source_rows_read{source=\"internet \\\"users\\\"\",series=\"itu.internet_users\"} 6020\n"));
  CHECK_THAT(text, Catch::Contains("p2c_source_rows_rejected{source=\"population\",series=\"wb.population\"} 0\n"));
  CHECK_THAT(text, Catch::Contains("p2c_source_rows_rejected{source=\"internet \\\"users\\\"\",series=\"itu.internet_"
                                   "users\"} 3\n"));
  // Every instance, 0 without failures; what failed outside an instance under its own name.
  CHECK_THAT(text, Catch::Contains("p2c_instance_failures{instance=\"population\"} 0\n"));
  CHECK_THAT(text, Catch::Contains("p2c_instance_failures{instance=\"sdg_17_8\"} 2\n"));
  CHECK_THAT(text, Catch::Contains("p2c_instance_failures{instance=\"plugins/bad.so\"} 1\n"));
  CHECK_THAT(text, Catch::Contains("p2c_run_stage_seconds{stage=\"compute\"} 1.5\n"));
  CHECK_THAT(text, Catch::Contains("p2c_run_stage_seconds{stage=\"sink json\"} 0.125\n"));
}

TEST_CASE("the latest observed year of each metric ignores estimates and withheld values", "[service][prometheus]") {
  const std::string text = render_run_exposition(report(), outcome(), {}, {}, {}).text;
  CHECK_THAT(text, Catch::Contains("p2c_metric_latest_year{metric=\"sdg_17_8.internet_users\"} 2021\n"));
  CHECK_THAT(text, Catch::Contains("p2c_metric_latest_year{metric=\"adoption.skills\"} 2019\n"));
}

TEST_CASE("only the exported results, at their latest published year, with no year label", "[service][prometheus]") {
  MetricsExport exports;
  exports.metrics = {"sdg_17_8.internet_users", "adoption.skills", "idi.idi"};
  exports.entities = {"WLD", "KEN", "LDC", "XYZ"};
  exports.metrics_given = true;
  const auto exposition = render_run_exposition(report(), outcome(), {}, {}, exports);
  const std::string& text = exposition.text;
  // WLD: 2022 withheld, so 2021, an estimate.
  CHECK_THAT(text, Catch::Contains("p2c_result_value{metric=\"sdg_17_8.internet_users\",entity=\"WLD\"} 62\n"));
  CHECK_THAT(text, Catch::Contains("p2c_result_year{metric=\"sdg_17_8.internet_users\",entity=\"WLD\"} 2021\n"));
  CHECK_THAT(text, Catch::Contains("p2c_result_estimated{metric=\"sdg_17_8.internet_users\",entity=\"WLD\"} 1\n"));
  // KEN: 2022, an estimate, is published.
  CHECK_THAT(text, Catch::Contains("p2c_result_value{metric=\"sdg_17_8.internet_users\",entity=\"KEN\"} 27\n"));
  // A year without a value is skipped: skills for KEN are 2019's.
  CHECK_THAT(text, Catch::Contains("p2c_result_value{metric=\"adoption.skills\",entity=\"KEN\"} 5\n"));
  CHECK_THAT(text, Catch::Contains("p2c_result_year{metric=\"adoption.skills\",entity=\"KEN\"} 2019\n"));
  CHECK_THAT(text, Catch::Contains("p2c_result_estimated{metric=\"adoption.skills\",entity=\"KEN\"} 0\n"));
  // LDC has no value at all: no sample rather than a zero.
  CHECK_THAT(text, !Catch::Contains("entity=\"LDC\""));
  CHECK_THAT(text, !Catch::Contains("year=\""));
  CHECK_THAT(text, !Catch::Contains("estimated=\""));
  // What the run lacks is reported for the log, not rendered.
  CHECK(exposition.missing ==
        std::vector<std::string>{"[service.metrics] export: the served run has no metric 'idi.idi'; it is not exported "
                                 "(GET /api/v1/metrics lists the run's metric ids)",
                                 "[service.metrics] entities: the served run has no records of 'XYZ'; it is not "
                                 "exported (GET /api/v1/entities lists the codes)"});

  // The default metrics are not worth a warning when the config does not list them.
  exports.metrics_given = false;
  CHECK(render_run_exposition(report(), outcome(), {}, {}, exports).missing.size() == 1);
}

TEST_CASE("results default to the headline metrics for the world and the LDCs, LLDCs and SIDS",
          "[service][prometheus]") {
  const std::string text = render_run_exposition(report(), outcome(), {}, {}, MetricsExport{}).text;
  CHECK_THAT(text, Catch::Contains("p2c_result_value{metric=\"sdg_17_8.internet_users\",entity=\"WLD\"} 62\n"));
  CHECK_THAT(text, !Catch::Contains("entity=\"KEN\""));
  CHECK_THAT(text, !Catch::Contains("p2c_result_value{metric=\"adoption.skills\""));
}
