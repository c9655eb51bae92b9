#include "json_sink.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sample_report.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using p2c::test::folder_entries;
using p2c::test::read_file;
using p2c::test::TempDir;
using Json = nlohmann::ordered_json;

namespace {

p2c::plugins::JsonSink make_sink(const fs::path& path, bool pretty) {
  p2c::Options options;
  options.set("path", path.string());
  options.set("pretty", pretty);
  return p2c::plugins::JsonSink(options);
}

p2c::CatalogueEntry internet_users() {
  p2c::CatalogueEntry entry;
  entry.id = "sdg_17_8.internet_users";
  entry.plugin = "sdg_17_8";
  entry.info.name = "internet_users";
  entry.info.title = "Individuals using the Internet";
  entry.info.unit = "%";
  entry.info.description = "Share of individuals who used the Internet from any location in the last 3 months";
  entry.info.focus_area = p2c::FocusArea::adoption;
  entry.info.wsis_lines = {"C2", "C3"};
  entry.info.sdg_indicators = {"17.8.1"};
  entry.info.direction = p2c::Direction::higher_is_better;
  entry.info.target = 100.0;
  entry.info.target_year = 2030;
  entry.info.aggregation = p2c::Aggregation::population_weighted_mean;
  p2c::make_share(entry.info);
  return entry;
}

p2c::CatalogueEntry broadband_price() {
  p2c::CatalogueEntry entry;
  entry.id = "prices.fixed_broadband";
  entry.plugin = "ict_prices";
  entry.info.name = "fixed_broadband";
  entry.info.title = "Fixed-broadband basket price";
  entry.info.unit = "% of GNI per capita";
  entry.info.description = "Monthly price of a 5 GB \"entry\" basket";
  entry.info.focus_area = p2c::FocusArea::access;
  entry.info.direction = p2c::Direction::lower_is_better;
  entry.info.target_year = 2025;
  entry.info.aggregation = p2c::Aggregation::median;
  entry.info.growth_rate = false;
  return entry;
}

using p2c::test::record;

// See sample_report.h, with a duration.
p2c::RunReport sample_report() {
  p2c::RunReport report = p2c::test::sample_report({internet_users(), broadband_price()},
                                                   "cannot read 'idi.csv': No such file or directory");
  report.duration_seconds = 1.25;
  return report;
}

Json write_and_parse(const p2c::RunReport& report, bool pretty) {
  TempDir dir;
  const fs::path path = dir.path() / "out" / "results.json";
  make_sink(path, pretty).write(report);
  return Json::parse(read_file(path));
}

// The sink's bytes, compact.json and pretty.json in `dir`, are exactly what nlohmann's dump() prints for the document
// they hold.
void check_written_as_dump(const p2c::RunReport& report, const TempDir& dir) {
  for (bool pretty : {false, true}) {
    CAPTURE(pretty);
    const fs::path path = dir.path() / (pretty ? "pretty.json" : "compact.json");
    make_sink(path, pretty).write(report);
    const std::string text = read_file(path);
    CHECK(text == Json::parse(text).dump(pretty ? 2 : -1) + "\n");
  }
}

}  // namespace

TEST_CASE("json sink writes the run block") {
  const Json doc = write_and_parse(sample_report(), false);
  REQUIRE(doc.size() == 4);
  CHECK(doc["run"] == Json::parse(R"({"id": "20261130T011300Z-1a2b", "started_at": "2026-11-30T01:13:00Z",
                                      "duration_seconds": 1.25})"));
  // Key order is part of the layout people read.
  std::vector<std::string> keys;
  for (const auto& item : doc.items()) keys.push_back(item.key());
  CHECK(keys == std::vector<std::string>{"run", "metrics", "results", "failures"});
}

TEST_CASE("json sink writes the metric catalogue") {
  const Json metrics = write_and_parse(sample_report(), false)["metrics"];
  REQUIRE(metrics.size() == 2);
  CHECK(metrics[0] == Json::parse(R"({
      "id": "sdg_17_8.internet_users", "plugin": "sdg_17_8", "title": "Individuals using the Internet",
      "unit": "%",
      "description": "Share of individuals who used the Internet from any location in the last 3 months",
      "focus_area": "adoption", "wsis_lines": ["C2", "C3"], "sdg_indicators": ["17.8.1"],
      "direction": "higher_is_better", "target": 100.0, "target_year": 2030,
      "aggregation": "population_weighted_mean", "minimum": 0.0, "maximum": 100.0, "growth_rate": true})"));
  CHECK(metrics[1] == Json::parse(R"({
      "id": "prices.fixed_broadband", "plugin": "ict_prices", "title": "Fixed-broadband basket price",
      "unit": "% of GNI per capita", "description": "Monthly price of a 5 GB \"entry\" basket",
      "focus_area": "access", "wsis_lines": [], "sdg_indicators": [], "direction": "lower_is_better",
      "target": null, "target_year": 2025, "aggregation": "median", "minimum": null, "maximum": null,
      "growth_rate": false})"));
}

TEST_CASE("json sink writes every field of economy results") {
  const Json results = write_and_parse(sample_report(), false)["results"];
  REQUIRE(results.size() == 6);
  CHECK(results[0] == Json::parse(R"({"metric": "sdg_17_8.internet_users", "entity": "KEN",
      "entity_kind": "economy", "year": 2023, "value": 0.1, "unit": "%", "status": "on_track",
      "flags": ["estimated"]})"));
  // No status, no coverage, no reason: those keys are absent, flags is present and empty.
  CHECK(results[1] == Json::parse(R"({"metric": "sdg_17_8.internet_users", "entity": "KEN",
      "entity_kind": "economy", "year": 2022, "value": 1e-7, "unit": "%", "flags": []})"));
  CHECK(results[2] == Json::parse(R"({"metric": "prices.fixed_broadband", "entity": "KEN",
      "entity_kind": "economy", "year": 2023, "value": 12345.678901234567, "unit": "% of GNI per capita",
      "status": "achieved", "flags": []})"));
}

TEST_CASE("json sink writes a missing value as null with its reason") {
  const Json missing = write_and_parse(sample_report(), false)["results"][3];
  CHECK(missing == Json::parse(R"({"metric": "prices.fixed_broadband", "entity": "KEN",
      "entity_kind": "economy", "year": 2021, "value": null, "unit": "% of GNI per capita", "flags": [],
      "reason": "no price survey in 2021"})"));
}

TEST_CASE("json sink writes group results with coverage and flags") {
  const Json results = write_and_parse(sample_report(), false)["results"];
  CHECK(results[4] == Json::parse(R"({"metric": "sdg_17_8.internet_users", "entity": "LDC",
      "entity_kind": "group", "year": 2023, "value": 37.25, "unit": "%", "status": "off_track",
      "coverage": {"members_with_data": 40, "members": 45, "population_share": 0.875, "members_observed": 36,
                   "observed_population_share": 0.8125},
      "flags": ["estimated"]})"));
  CHECK(results[5] == Json::parse(R"({"metric": "sdg_17_8.internet_users", "entity": "Low income, IDA",
      "entity_kind": "group", "year": 2023, "value": null, "unit": "%",
      "coverage": {"members_with_data": 10, "members": 20, "population_share": 0.5, "members_observed": 2,
                   "observed_population_share": 0.1},
      "flags": ["estimated", "withheld"],
      "reason": "2 of 20 members reported in 2023 (10 % of the group's population); publishing needs 80 % observed"})"));
}

TEST_CASE("json sink writes failures") {
  const Json failures = write_and_parse(sample_report(), false)["failures"];
  CHECK(failures == Json::parse(R"([{"instance": "itu_idi",
      "message": "cannot read 'idi.csv': No such file or directory"}])"));
}

TEST_CASE("json sink values round-trip exactly") {
  const double values[] = {0.1, 1e-7, 12345.678901234567, 1.0 / 3.0, -2.2250738585072014e-308, 1e300};
  p2c::RunReport report = sample_report();
  report.records.clear();
  for (double v : values) report.records.push_back(record(0, 0, 2020, v));
  const Json results = write_and_parse(report, false)["results"];
  REQUIRE(results.size() == std::size(values));
  for (std::size_t i = 0; i < std::size(values); ++i) {
    CAPTURE(i);
    CHECK(results[i]["value"].get<double>() == values[i]);
  }
}

TEST_CASE("json sink output is exactly what dump() prints for the whole document") {
  TempDir dir;
  check_written_as_dump(sample_report(), dir);
  CHECK(Json::parse(read_file(dir.path() / "pretty.json")) == Json::parse(read_file(dir.path() / "compact.json")));
  // The streamed layout must also match for arrays that stay empty.
  p2c::RunReport empty;
  const fs::path path = dir.path() / "empty.json";
  make_sink(path, true).write(empty);
  const std::string text = read_file(path);
  CHECK(text == Json::parse(text).dump(2) + "\n");
  CHECK(Json::parse(text)["results"] == Json::array());
}

TEST_CASE("json sink replaces an existing file") {
  TempDir dir;
  const fs::path path = dir.write("results.json", "old content");
  make_sink(path, false).write(sample_report());
  CHECK(Json::parse(read_file(path))["results"].size() == 6);
  CHECK(folder_entries(dir.path()) == std::vector<std::string>{"results.json"});
}

TEST_CASE("json sink rejects a record outside the catalogue and keeps the old file") {
  TempDir dir;
  const fs::path path = dir.write("results.json", "{\"previous\": true}\n");
  auto report = sample_report();
  // Last, so that the sink has already written part of the document when it fails.
  report.records.push_back(record(2, 0, 2023, 1.0));
  try {
    make_sink(path, false).write(report);
    FAIL("write() should have thrown");
  } catch (const std::out_of_range& e) {
    CHECK_THAT(e.what(), Catch::Contains("metric index 2") && Catch::Contains("catalogue has 2 entries"));
  }
  CHECK(read_file(path) == "{\"previous\": true}\n");
  CHECK(folder_entries(dir.path()) == std::vector<std::string>{"results.json"});
}

TEST_CASE("json sink rejects a record with an unknown entity") {
  TempDir dir;
  auto report = sample_report();
  report.records.push_back(record(0, 3, 2023, 1.0));
  CHECK_THROWS_MATCHES(
      make_sink(dir.path() / "results.json", false).write(report), std::out_of_range,
      Catch::Matchers::Message("result record #6 refers to entity id 3 but the entity table has 3 entries"));
  CHECK(folder_entries(dir.path()).empty());
}

TEST_CASE("json sink rejects a non-finite value rather than writing it as missing") {
  TempDir dir;
  auto report = sample_report();
  report.records.push_back(record(0, 0, 2023, std::numeric_limits<double>::quiet_NaN()));
  CHECK_THROWS_AS(make_sink(dir.path() / "results.json", false).write(report), std::domain_error);
  CHECK(folder_entries(dir.path()).empty());
}

TEST_CASE("json sink fails cleanly when the folder cannot be created") {
  TempDir dir;
  dir.write("blocker", "a regular file");
  CHECK_THROWS_AS(make_sink(dir.path() / "blocker" / "results.json", false).write(sample_report()), std::exception);
  CHECK(folder_entries(dir.path()) == std::vector<std::string>{"blocker"});
  CHECK(read_file(dir.path() / "blocker") == "a regular file");
}

TEST_CASE("json sink replaces invalid UTF-8 instead of losing the whole document") {
  auto report = sample_report();
  report.records[3].reason = "S\xE3o Tom\xE9 (Latin-1)";
  const Json missing = write_and_parse(report, false)["results"][3];
  CHECK(missing["reason"] == "S\xEF\xBF\xBDo Tom\xEF\xBF\xBD (Latin-1)");
}

TEST_CASE("json sink writes texts and numbers exactly as dump() would", "[json]") {
  auto report = sample_report();
  // Quotes, backslashes, control characters, DEL, valid and invalid UTF-8 in every kind of text field.
  report.entity_codes = {"K\"E\\N", "L\tD\nC\x01", "C\xC3\xB4te d'Ivoire \x7F", "S\xE3o"};
  report.catalogue[0].info.unit = "% \"of\" \\people\\";
  report.catalogue[1].info.title = "line\r\nbreak \xE2\x80\xA8 and \xF0\x9F\x8C\x8D";
  report.catalogue[1].info.target = std::numeric_limits<double>::quiet_NaN();
  report.catalogue[1].info.minimum = -std::numeric_limits<double>::infinity();
  report.failures.push_back({"bad\x1F", "message \xFF\xFE"});
  report.duration_seconds = std::numeric_limits<double>::quiet_NaN();
  const double values[] = {
      100.0, 1e21, 1e-5,   -0.0, 5e-324,   1.7976931348623157e308, 123456789012345680.0, 0.1 + 0.2, 1e15,
      1e16,  -1.5, 2.5e-7, 4.35, 1234567.0};
  for (std::size_t i = 0; i < std::size(values); ++i) {
    auto r = record(i % 2, static_cast<p2c::EntityId>(i % 4), 1990 + static_cast<int>(i), values[i]);
    r.reason = i % 3 == 0 ? "why \"not\"\ttab" : "";
    r.flags = static_cast<std::uint32_t>(i % 8) | (i == 5 ? 1u << 10 : 0u) | (i == 6 ? 1u << 30 : 0u);
    if (i % 4 == 1) r.coverage = p2c::Coverage{1, 2, values[i] / 1e308, 0, 1.0 / 3};
    report.records.push_back(r);
  }
  TempDir dir;
  check_written_as_dump(report, dir);
  const Json doc = Json::parse(read_file(dir.path() / "compact.json"));
  CHECK(doc["run"]["duration_seconds"].is_null());
  CHECK(doc["metrics"][1]["target"].is_null());
  CHECK(doc["metrics"][1]["minimum"].is_null());
  CHECK(doc["results"][6 + 5]["flags"] == Json::parse(R"(["estimated", "withheld"])"));
  CHECK(doc["results"][6 + 7]["flags"] == Json::parse(R"(["estimated", "imputed", "withheld"])"));
  CHECK(doc["results"][6 + 1]["entity"] == "L\tD\nC\x01");
}

TEST_CASE("json sink writes a document many times the size of its buffer", "[json]") {
  auto report = sample_report();
  for (int i = 0; i < 40000; ++i)
    report.records.push_back(record(static_cast<std::uint32_t>(i % 2), static_cast<p2c::EntityId>(i % 3),
                                    1900 + i % 300, i % 7 == 0 ? std::optional<double>() : i / 7.0));
  TempDir dir;
  const fs::path path = dir.path() / "results.json";
  make_sink(path, false).write(report);
  const std::string text = read_file(path);
  CHECK(text.size() > (std::size_t{4} << 20));
  CHECK(text == Json::parse(text).dump() + "\n");
  CHECK(Json::parse(text)["results"].size() == report.records.size());
}
