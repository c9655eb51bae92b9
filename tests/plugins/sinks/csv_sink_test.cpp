#include "csv_sink.h"

#include <catch2/catch.hpp>
#include <charconv>
#include <filesystem>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "p2c/csv.h"
#include "sample_report.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using p2c::test::folder_entries;
using p2c::test::read_file;
using p2c::test::TempDir;
using Rows = std::vector<std::vector<std::string>>;

namespace {

Rows parse_csv(const std::string& text) {
  std::istringstream in(text);
  p2c::CsvReader reader(in, "results.csv");
  Rows rows;
  std::vector<std::string> fields;
  while (reader.next(fields)) rows.push_back(fields);
  return rows;
}

p2c::plugins::CsvResultsSink make_sink(const fs::path& path, bool include_missing) {
  p2c::Options options;
  options.set("path", path.string());
  options.set("include_missing", include_missing);
  return p2c::plugins::CsvResultsSink(options);
}

p2c::CatalogueEntry metric(std::string id, std::string unit) {
  p2c::CatalogueEntry entry;
  entry.id = std::move(id);
  entry.plugin = entry.id.substr(0, entry.id.find('.'));
  entry.info.name = entry.id.substr(entry.id.find('.') + 1);
  entry.info.unit = std::move(unit);
  return entry;
}

using p2c::test::record;

// See sample_report.h; the duration is left at its default.
p2c::RunReport sample_report() {
  return p2c::test::sample_report(
      {metric("sdg_17_8.internet_users", "%"), metric("prices.fixed_broadband", "% of GNI per capita")},
      "cannot read 'idi.csv'");
}

const std::vector<std::string> kHeader = {"metric",
                                          "entity",
                                          "entity_kind",
                                          "year",
                                          "value",
                                          "unit",
                                          "status",
                                          "members_with_data",
                                          "members",
                                          "population_share",
                                          "members_observed",
                                          "observed_population_share",
                                          "flags",
                                          "reason"};

std::string write_csv(const p2c::RunReport& report, bool include_missing) {
  TempDir dir;
  const fs::path path = dir.path() / "out" / "results.csv";
  make_sink(path, include_missing).write(report);
  return read_file(path);
}

double exact_number(const std::string& text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  REQUIRE(error == std::errc{});
  REQUIRE(end == text.data() + text.size());
  return value;
}

}  // namespace

TEST_CASE("csv sink writes the header line exactly") {
  const std::string text = write_csv(sample_report(), true);
  CHECK(text.substr(0, text.find('\n')) ==
        "metric,entity,entity_kind,year,value,unit,status,members_with_data,members,population_share,"
        "members_observed,observed_population_share,flags,reason");
}

TEST_CASE("csv sink writes every field of every record") {
  const Rows rows = parse_csv(write_csv(sample_report(), true));
  REQUIRE(rows.size() == 7);
  CHECK(rows[0] == kHeader);
  using Row = std::vector<std::string>;
  CHECK(rows[1] == Row{"sdg_17_8.internet_users", "KEN", "economy", "2023", "0.1", "%", "on_track", "", "", "", "", "",
                       "estimated", ""});
  CHECK(rows[2] ==
        Row{"sdg_17_8.internet_users", "KEN", "economy", "2022", "1e-07", "%", "", "", "", "", "", "", "", ""});
  CHECK(rows[3] == Row{"prices.fixed_broadband", "KEN", "economy", "2023", "12345.678901234567", "% of GNI per capita",
                       "achieved", "", "", "", "", "", "", ""});
  CHECK(rows[4] == Row{"prices.fixed_broadband", "KEN", "economy", "2021", "", "% of GNI per capita", "", "", "", "",
                       "", "", "", "no price survey in 2021"});
  CHECK(rows[5] == Row{"sdg_17_8.internet_users", "LDC", "group", "2023", "37.25", "%", "off_track", "40", "45",
                       "0.875", "36", "0.8125", "estimated", ""});
  // Withheld: no number, the coverage and the reason say why.
  CHECK(rows[6] == Row{"sdg_17_8.internet_users", "Low income, IDA", "group", "2023", "", "%", "", "10", "20", "0.5",
                       "2", "0.1", "estimated;withheld",
                       "2 of 20 members reported in 2023 (10 % of the group's population); publishing needs 80 % "
                       "observed"});
}

TEST_CASE("csv sink quotes fields that contain the separator or quotes") {
  auto report = sample_report();
  report.records[0].reason = "survey \"A\", wave 2";
  const std::string text = write_csv(report, true);
  CHECK_THAT(text, Catch::Contains(",\"Low income, IDA\",group,"));
  CHECK_THAT(text, Catch::Contains(",\"survey \"\"A\"\", wave 2\"\n"));
  const Rows rows = parse_csv(text);
  CHECK(rows[1][13] == "survey \"A\", wave 2");
  CHECK(rows[6][1] == "Low income, IDA");
  for (const auto& row : rows) CHECK(row.size() == kHeader.size());
}

TEST_CASE("csv sink values round-trip exactly") {
  const double values[] = {0.1, 1e-7, 12345.678901234567, 1.0 / 3.0, -2.2250738585072014e-308, 1e300};
  auto report = sample_report();
  report.records.clear();
  for (double v : values) report.records.push_back(record(0, 0, 2020, v));
  const Rows rows = parse_csv(write_csv(report, true));
  REQUIRE(rows.size() == std::size(values) + 1);
  for (std::size_t i = 0; i < std::size(values); ++i) {
    CAPTURE(i, rows[i + 1][4]);
    CHECK(exact_number(rows[i + 1][4]) == values[i]);
  }
}

TEST_CASE("csv sink drops rows without a value when include_missing is false") {
  // The missing economy value and the withheld group value are dropped.
  const Rows rows = parse_csv(write_csv(sample_report(), false));
  REQUIRE(rows.size() == 5);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    CAPTURE(i);
    CHECK_FALSE(rows[i][4].empty());
    CHECK(rows[i][13].empty());
  }
  CHECK(rows[3][3] == "2023");  // the 2021 missing row was the fourth record
}

TEST_CASE("csv sink writes only the header for an empty run") {
  CHECK(write_csv(p2c::RunReport{}, true) ==
        "metric,entity,entity_kind,year,value,unit,status,members_with_data,members,population_share,"
        "members_observed,observed_population_share,flags,reason\n");
}

TEST_CASE("csv sink replaces an existing file") {
  TempDir dir;
  const fs::path path = dir.write("results.csv", "old content\n");
  make_sink(path, true).write(sample_report());
  CHECK(parse_csv(read_file(path)).size() == 7);
  CHECK(folder_entries(dir.path()) == std::vector<std::string>{"results.csv"});
}

TEST_CASE("csv sink rejects a record outside the catalogue and keeps the old file") {
  TempDir dir;
  const fs::path path = dir.write("results.csv", "old,content\n1,2\n");
  auto report = sample_report();
  // Last, so that the sink has already written part of the file when it fails.
  report.records.push_back(record(5, 0, 2023, 1.0));
  CHECK_THROWS_MATCHES(
      make_sink(path, true).write(report), std::out_of_range,
      Catch::Matchers::Message("result record #6 refers to metric index 5 but the metric catalogue has 2 entries"));
  CHECK(read_file(path) == "old,content\n1,2\n");
  CHECK(folder_entries(dir.path()) == std::vector<std::string>{"results.csv"});
}

TEST_CASE("csv sink rejects a record with an unknown entity") {
  TempDir dir;
  auto report = sample_report();
  report.records.push_back(record(0, 7, 2023, 1.0));
  CHECK_THROWS_AS(make_sink(dir.path() / "results.csv", true).write(report), std::out_of_range);
  CHECK(folder_entries(dir.path()).empty());
}

TEST_CASE("csv sink rejects non-finite numbers") {
  TempDir dir;
  auto report = sample_report();
  SECTION("value") { report.records.push_back(record(0, 0, 2023, std::numeric_limits<double>::infinity())); }
  SECTION("population share") {
    report.records[4].coverage->population_share = std::numeric_limits<double>::quiet_NaN();
  }
  CHECK_THROWS_AS(make_sink(dir.path() / "results.csv", true).write(report), std::domain_error);
  CHECK(folder_entries(dir.path()).empty());
}

TEST_CASE("csv sink fails cleanly when the folder cannot be created") {
  TempDir dir;
  dir.write("blocker", "a regular file");
  CHECK_THROWS_AS(make_sink(dir.path() / "blocker" / "results.csv", true).write(sample_report()), std::exception);
  CHECK(folder_entries(dir.path()) == std::vector<std::string>{"blocker"});
  CHECK(read_file(dir.path() / "blocker") == "a regular file");
}

TEST_CASE("csv sink neutralises text a spreadsheet would run as a formula, not negative numbers") {
  auto report = sample_report();
  report.entity_codes[0] = "=HYPERLINK(\"http://evil\",\"KEN\")";
  report.records[0].reason = "@SUM(1+1)";
  report.records[1].value = -3.5;
  const std::string text = write_csv(report, true);
  CHECK_THAT(text, Catch::Contains(",\"'=HYPERLINK(\"\"http://evil\"\",\"\"KEN\"\")\",economy,2023,"));
  CHECK_THAT(text, Catch::Contains(",\"'@SUM(1+1)\"\n"));
  CHECK_THAT(text, Catch::Contains(",economy,2022,-3.5,%,"));
  const Rows rows = parse_csv(text);
  CHECK(p2c::csv_unquote_text(rows[1][1]) == "=HYPERLINK(\"http://evil\",\"KEN\")");
  CHECK(rows[2][4] == "-3.5");
}
