#include "csv_wide_source.h"

#include <toml++/toml.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "option_defaults.h"
#include "plain_csv.h"
#include "recording_sink.h"
#include "temp_dir.h"

// Defined by P2C_PLUGIN in csv_wide_source.cpp, which is compiled into this test.
namespace p2c_plugin_entry {
const p2c_plugin_info* get() noexcept;
}

namespace {

namespace fs = std::filesystem;
using p2c::test::parse_default;
using p2c::test::RecordingSink;
using p2c::test::TempDir;

// One delivered observation with its ids resolved, for exact comparisons.
struct Row {
  std::string code;
  std::int32_t year;
  double value;
  bool operator==(const Row& other) const = default;
};

std::ostream& operator<<(std::ostream& out, const Row& row) {
  return out << row.code << " " << row.year << " " << row.value;
}

std::vector<Row> rows(const RecordingSink& sink) {
  std::vector<Row> out;
  for (const p2c::Batch& batch : sink.batches) {
    REQUIRE(batch.entity.size() == batch.size());
    REQUIRE(batch.year.size() == batch.size());
    CHECK(batch.dimension_names.empty());
    CHECK(batch.dimensions.empty());
    for (std::size_t i = 0; i < batch.size(); ++i)
      out.push_back(Row{sink.entities.at(batch.entity[i]), batch.year[i], batch.value[i]});
  }
  return out;
}

const p2c_plugin_info& info() { return *p2c_plugin_entry::get(); }

using Overrides = std::vector<std::pair<std::string, p2c::OptionValue>>;

// The price-basket layout in small: two columns feed one series (2024 and 2025), one feeds another.
const p2c::StringMap kBasketColumns{{"mbb_2024", "itu.mobile_broadband_basket@2024"},
                                    {"mbb_2025_exp", "itu.mobile_broadband_basket@2025"},
                                    {"fbb_2024", "itu.fixed_broadband_basket@2024"}};

// Options as the host builds them: the schema's defaults, then the required options, then `overrides`.
p2c::Options make_options(const std::string& path, const Overrides& overrides = {}) {
  p2c::Options options;
  for (std::uint32_t i = 0; i < info().option_count; ++i) {
    const p2c_option_spec& spec = info().options[i];
    if (spec.default_literal != nullptr) options.set(spec.name, parse_default(spec));
  }
  options.set("path", path);
  options.set("columns", kBasketColumns);
  for (const auto& [name, value] : overrides) options.set(name, value);
  return options;
}

RecordingSink read(const std::string& path, const std::string& series, const Overrides& overrides = {}) {
  p2c::plugins::CsvWideSource source(make_options(path, overrides));
  RecordingSink sink;
  source.read(series, sink);
  return sink;
}

std::string read_error(const std::string& path, const std::string& series, const Overrides& overrides = {}) {
  try {
    read(path, series, overrides);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no exception)";
}

std::string construct_error(const Overrides& overrides) {
  try {
    p2c::plugins::CsvWideSource source(make_options("unused.csv", overrides));
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no exception)";
}

const std::string kMobile = "itu.mobile_broadband_basket";
const std::string kFixed = "itu.fixed_broadband_basket";
const std::string kBasketHeader = "iso3,economy,mbb_2024,mbb_2025_exp,fbb_2024\n";

fs::path real_file(const std::string& name) {
  const fs::path file = fs::path(P2C_SOURCE_DIR) / "config" / "data" / "itu" / name;
  INFO("real data file " << file.string());
  REQUIRE(fs::is_regular_file(file));
  return file;
}

// A real file read plainly with std::getline, as rows of fields: an independent reading, so the tests do not
// check the plugin against itself. Enough CSV for these files: quoted names with commas, no quotes inside quotes.
std::vector<std::vector<std::string>> plain_table(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  REQUIRE(in);
  std::vector<std::vector<std::string>> table;
  std::string line;
  while (std::getline(in, line)) table.push_back(p2c::test::split_quoted(line));
  REQUIRE(table.size() > 1);
  for (const auto& row : table) REQUIRE(row.size() == table[0].size());
  return table;
}

std::size_t column_index(const std::vector<std::vector<std::string>>& table, const std::string& name) {
  const auto& header = table.at(0);
  const auto index = static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  REQUIRE(index < header.size());
  return index;
}

}  // namespace

TEST_CASE("csv_wide source: plugin identity and option schema") {
  CHECK(std::string(info().name) == "csv_wide");
  CHECK(std::string(info().version) == "1.0.0");
  CHECK(std::string(info().description) == "Wide CSV table: one row per economy, one column per indicator and year");
  CHECK(info().kind == P2C_KIND_SOURCE);
  CHECK(info().abi_version == P2C_ABI_VERSION);
  CHECK(info().source != nullptr);

  std::map<std::string, std::uint32_t> types;
  for (std::uint32_t i = 0; i < info().option_count; ++i) {
    const p2c_option_spec& spec = info().options[i];
    INFO("option " << spec.name);
    CHECK((spec.required != 0) == (spec.default_literal == nullptr));
    CHECK(std::strlen(spec.description) > 0);
    types[spec.name] = spec.type;
  }
  CHECK(types == std::map<std::string, std::uint32_t>{{"path", P2C_OPTION_PATH},
                                                      {"economy_column", P2C_OPTION_STRING},
                                                      {"columns", P2C_OPTION_STRING_MAP},
                                                      {"units", P2C_OPTION_STRING_MAP},
                                                      {"code_case", P2C_OPTION_STRING},
                                                      {"missing_values", P2C_OPTION_STRING_LIST},
                                                      {"separator", P2C_OPTION_STRING}});

  const p2c::Options defaults = make_options("table.csv");
  CHECK(defaults.string("economy_column") == "iso3");
  CHECK(defaults.table("units").empty());
  CHECK(defaults.string("code_case") == "upper");
  CHECK(defaults.strings("missing_values") == p2c::StringList{"", "..", "NA", "n.a."});
  CHECK(defaults.string("separator") == ",");
}

TEST_CASE("csv_wide source: describe lists each series once, with its unit and columns") {
  const p2c::plugins::CsvWideSource source(
      make_options("/data/prices.csv", {{"units", p2c::StringMap{{kMobile, "%"}}}}));
  const auto series = source.describe();
  REQUIRE(series.size() == 2);
  CHECK(series[0].id == kFixed);
  CHECK(series[0].unit.empty());
  CHECK(series[0].description == "CSV table /data/prices.csv, columns fbb_2024 (2024)");
  CHECK(series[1].id == kMobile);
  CHECK(series[1].unit == "%");
  CHECK(series[1].description == "CSV table /data/prices.csv, columns mbb_2024 (2024), mbb_2025_exp (2025)");
}

TEST_CASE("csv_wide source: one series from several columns, each with its year") {
  TempDir dir;
  const std::string path = dir.write("prices.csv", kBasketHeader +
                                                       "ABW,Aruba,1.04,1.08,3.0\n"
                                                       "AFG,Afghanistan,8.44,,19.17\n"
                                                       "\"XKX\",\"Kosovo, Rep.\",..,NA,2.5\n"
                                                       "BOL,Bolivia,,,\n"
                                                       "ago,Angola,1.56,1.22,15.36\n");
  const RecordingSink mobile = read(path, kMobile);
  CHECK(rows(mobile) ==
        std::vector<Row>{
            {"ABW", 2024, 1.04}, {"ABW", 2025, 1.08}, {"AFG", 2024, 8.44}, {"AGO", 2024, 1.56}, {"AGO", 2025, 1.22}});
  CHECK(mobile.rejections.empty());
  // Economies without a value in the series (Kosovo, Bolivia) are never interned; each other row once.
  CHECK(mobile.entities == std::vector<std::string>{"ABW", "AFG", "AGO"});
  CHECK(mobile.entity_lookups == 3);
  REQUIRE(mobile.batches.size() == 1);

  const RecordingSink fixed = read(path, kFixed);
  CHECK(rows(fixed) ==
        std::vector<Row>{{"ABW", 2024, 3.0}, {"AFG", 2024, 19.17}, {"XKX", 2024, 2.5}, {"AGO", 2024, 15.36}});
  CHECK(fixed.rejections.empty());

  Overrides keep{{"code_case", std::string("keep")}};
  CHECK(rows(read(path, kFixed, keep)).back() == Row{"ago", 2024, 15.36});
}

TEST_CASE("csv_wide source: a byte-order mark, Windows line ends, another separator and economy column") {
  TempDir dir;
  const std::string path = dir.write("idi.csv",
                                     "\xEF\xBB\xBF"
                                     "code;internet_users;mbb_subs\r\nALB;82,6;75.3\r\nDZA;71.2;99.7");
  const RecordingSink sink = read(
      path, "itu.internet_users",
      {{"separator", std::string(";")},
       {"economy_column", std::string("code")},
       {"columns", p2c::StringMap{{"internet_users", "itu.internet_users@2022"}, {"mbb_subs", "itu.mbb_subs@2022"}}}});
  CHECK(rows(sink) == std::vector<Row>{{"DZA", 2022, 71.2}});
  // A decimal comma is not a number here; the row is reported, not read as 82.
  CHECK(sink.rejections ==
        std::vector<std::string>{path + ":2 expected a number in column 'internet_users', found '82,6'"});
}

TEST_CASE("csv_wide source: malformed rows and cells are rejected with file, line and reason") {
  TempDir dir;
  const std::string path = dir.write("bad.csv", kBasketHeader +                 // 1
                                                    "ABW,Aruba,1.04,abc,3.0\n"  // 2
                                                    "AFG,Afghanistan,8.44\n"    // 3
                                                    ",Nowhere,1,2,3\n"          // 4
                                                    "AGO,Angola,1%,x,1\n"       // 5
                                                    "BOL,Bolivia,2,3,4,5\n"     // 6
                                                    "BRA,Brazil,0,-0.5,1\n");   // 7
  const RecordingSink sink = read(path, kMobile);
  CHECK(rows(sink) == std::vector<Row>{{"ABW", 2024, 1.04}, {"BRA", 2024, 0}, {"BRA", 2025, -0.5}});
  CHECK(sink.rejections == std::vector<std::string>{
                               path + ":2 expected a number in column 'mbb_2025_exp', found 'abc'",
                               path + ":3 expected 5 fields, found 3",
                               path + ":4 empty economy code in column 'iso3'",
                               path + ":5 expected a number in column 'mbb_2024', found '1%'",
                               path + ":5 expected a number in column 'mbb_2025_exp', found 'x'",
                               path + ":6 expected 5 fields, found 6",
                           });
  // Other tokens configured: "NA" becomes a malformed value instead of a gap.
  const std::string gaps = dir.write("gaps.csv", kBasketHeader + "ABW,Aruba,NA,-,1\n");
  const RecordingSink custom = read(gaps, kMobile, {{"missing_values", p2c::StringList{"", "-"}}});
  CHECK(rows(custom).empty());
  CHECK(custom.rejections == std::vector<std::string>{gaps + ":2 expected a number in column 'mbb_2024', found 'NA'"});
}

TEST_CASE("csv_wide source: a configured column absent from the header names file, column and header") {
  TempDir dir;
  const std::string path = dir.write("prices.csv", "iso3,economy,mbb_2024,fbb_2024\nABW,Aruba,1.04,3.0\n");
  CHECK(read_error(path, kMobile) ==
        path +
            ":1: no column 'mbb_2025_exp' in the header (columns: iso3, economy, mbb_2024, fbb_2024); check the "
            "`columns` option");
  // Only the series read needs its columns: the fixed basket reads although a mobile column is missing.
  CHECK(rows(read(path, kFixed)) == std::vector<Row>{{"ABW", 2024, 3.0}});
  CHECK(read_error(path, kFixed, {{"economy_column", std::string("ISO3")}}) ==
        path + ":1: no column 'ISO3' in the header (columns: iso3, economy, mbb_2024, fbb_2024); set economy_column");
}

TEST_CASE("csv_wide source: a missing, unreadable or empty file says which and why") {
  TempDir dir;
  const std::string absent = dir / "absent.csv";
  CHECK(read_error(absent, kMobile) ==
        "cannot open '" + absent + "': No such file or directory; check the `path` option of this source");
  CHECK(read_error(dir.path().string(), kMobile) ==
        "cannot open '" + dir.path().string() + "': Is a directory; check the `path` option of this source");
  const std::string empty = dir.write("empty.csv", "");
  CHECK(read_error(empty, kMobile) == empty + ":1: the file is empty; expected a header row");
  const std::string cut = dir.write("cut.csv", kBasketHeader + "ABW,\"Aruba,1.04,1.08,3.0\n");
  CHECK(read_error(cut, kMobile) == cut + ":2:5: unterminated quoted field (the file may be truncated)");
}

TEST_CASE("csv_wide source: the constructor rejects columns and units it cannot use") {
  const auto columns = [](std::string column, std::string value) {
    return Overrides{{"columns", p2c::StringMap{{std::move(column), std::move(value)}}}};
  };
  CHECK(construct_error(columns("mbb_2024", "itu.mobile_broadband_basket")) ==
        "option 'columns': the value of 'mbb_2024' must be \"<series id>@<year>\", e.g. \"itu.internet_users@2022\"; "
        "found 'itu.mobile_broadband_basket'");
  for (const std::string bad : {"itu.x@", "itu.x@20x4", "itu.x@1850", "itu.x@2024.0", "itu.x@2201"}) {
    INFO(bad);
    CHECK(construct_error(columns("mbb_2024", bad)) ==
          "option 'columns': the value of 'mbb_2024' has no valid year after the '@' (expected 1900 to 2200), found '" +
              bad + "'");
  }
  CHECK(construct_error(columns("mbb_2024", "@2024")) ==
        "option 'columns': the value of 'mbb_2024' has no series id before the '@'; expected \"<series id>@<year>\", "
        "found '@2024'");
  CHECK(construct_error(columns("", "itu.x@2024")) == "option 'columns' has an empty column name (value 'itu.x@2024')");
  CHECK(construct_error({{"columns", p2c::StringMap{}}}) ==
        "option 'columns' is empty; map at least one column to \"<series id>@<year>\"");
  CHECK(construct_error({{"columns", p2c::StringMap{{"mbb_2024", "itu.mbb@2024"}, {"mbb_latest", "itu.mbb@2024"}}}}) ==
        "option 'columns': 'mbb_2024' and 'mbb_latest' both feed 'itu.mbb' for 2024; keep one");
  CHECK(construct_error({{"units", p2c::StringMap{{"itu.mobile_basket", "%"}}}}) ==
        "option 'units' names the series 'itu.mobile_basket', which no column of `columns` feeds (series: "
        "itu.fixed_broadband_basket, itu.mobile_broadband_basket)");
  CHECK(construct_error({{"code_case", std::string("lower")}}) ==
        "option 'code_case' has the unknown value 'lower'; allowed values: \"upper\", \"keep\"");
  CHECK(construct_error({{"separator", std::string(";;")}}) ==
        "option 'separator' must be exactly one character other than a quote or a line break, found ';;'");
  // Spaces around the parts are tolerated, and a series id may itself hold an '@'.
  CHECK(construct_error(columns("a", " itu.x @ 2024 ")) == "(no exception)");
  const p2c::plugins::CsvWideSource at(make_options("t.csv", columns("a", "mail@host@2024")));
  CHECK(at.describe().at(0).id == "mail@host");
  CHECK(construct_error({}) == "(no exception)");
}

TEST_CASE("csv_wide source: read refuses a series it does not deliver") {
  p2c::plugins::CsvWideSource source(make_options("unused.csv"));
  RecordingSink sink;
  CHECK_THROWS_WITH(source.read("itu.internet_users", sink),
                    "this source delivers the series 'itu.fixed_broadband_basket', 'itu.mobile_broadband_basket', "
                    "not 'itu.internet_users'");
}

TEST_CASE("csv_wide source: long tables arrive in several batches") {
  TempDir dir;
  std::string content = kBasketHeader;
  for (int i = 0; i < 2500; ++i) content += "E" + std::to_string(i) + ",Economy," + std::to_string(i) + ",1,\n";
  const RecordingSink sink = read(dir.write("long.csv", content), kMobile);
  std::vector<std::size_t> sizes;
  for (const auto& batch : sink.batches) sizes.push_back(batch.size());
  CHECK(sizes == std::vector<std::size_t>{4096, 904});
  const std::vector<Row> observations = rows(sink);
  CHECK(observations.at(4095) == Row{"E2047", 2025, 1});
  CHECK(observations.back() == Row{"E2499", 2025, 1});
}

TEST_CASE("csv_wide source: through the plugin ABI, errors come back as messages") {
  TempDir dir;
  const std::string path = dir.write("prices.csv", kBasketHeader + "ABW,Aruba,1.04,1.08,3.0\n");
  p2c_error error{};

  const p2c::Options bad = make_options(path, {{"columns", p2c::StringMap{{"x", "y"}}}});
  CHECK(info().create(&bad, &error) == nullptr);
  CHECK(std::string(error.message) ==
        "option 'columns': the value of 'x' must be \"<series id>@<year>\", e.g. \"itu.internet_users@2022\"; found "
        "'y'");

  const p2c::Options good = make_options(path);
  void* instance = info().create(&good, &error);
  REQUIRE(instance != nullptr);
  std::vector<p2c::SeriesInfo> series;
  CHECK(info().source->describe(instance, &series, &error) == 0);
  CHECK(series.size() == 2);
  RecordingSink sink;
  CHECK(info().source->read(instance, kFixed.c_str(), &sink, &error) == 0);
  CHECK(rows(sink) == std::vector<Row>{{"ABW", 2024, 3.0}});
  CHECK(info().source->read(instance, "nope", &sink, &error) != 0);
  CHECK(std::string(error.message).find("not 'nope'") != std::string::npos);
  info().destroy(instance);
}

TEST_CASE("csv_wide source: real ITU price baskets") {
  const fs::path file = real_file("itu_affordability_latest.csv");
  const Overrides options{{"columns", p2c::StringMap{{"mbb_2gb_pct_gni_2024", "itu.mobile_broadband_basket@2024"},
                                                     {"mbb_2gb_pct_gni_2025_exp", "itu.mobile_broadband_basket@2025"},
                                                     {"fbb_5gb_pct_gni_2024", "itu.fixed_broadband_basket@2024"},
                                                     {"fbb_5gb_pct_gni_2025", "itu.fixed_broadband_basket@2025"}}},
                          {"units", p2c::StringMap{{"itu.mobile_broadband_basket", "% of GNI p.c."}}}};
  const RecordingSink sink = read(file.string(), kMobile, options);
  CHECK(sink.rejections.empty());
  std::map<std::pair<std::string, std::int32_t>, double> values;
  for (const Row& row : rows(sink)) CHECK(values.emplace(std::pair(row.code, row.year), row.value).second);
  CHECK(values.at({"ABW", 2024}) == 1.04);
  CHECK(values.at({"ABW", 2025}) == 1.08);

  // Every value agrees with a plain reading of the file, and an empty cell gives no observation.
  const auto table = plain_table(file);
  std::size_t cells = 0, empty = 0;
  for (const auto& [column, year] :
       {std::pair<std::string, std::int32_t>{"mbb_2gb_pct_gni_2024", 2024}, {"mbb_2gb_pct_gni_2025_exp", 2025}}) {
    const std::size_t index = column_index(table, column);
    for (std::size_t i = 1; i < table.size(); ++i) {
      const std::string& code = table[i].at(0);
      const std::string& cell = table[i].at(index);
      INFO(code << " " << column << " '" << cell << "'");
      if (cell.empty()) {
        ++empty;
        CHECK(values.count({code, year}) == 0);
      } else {
        ++cells;
        CHECK(values.at({code, year}) == std::stod(cell));
      }
    }
  }
  CHECK(values.size() == cells);
  CHECK(empty == 15 + 16);  // as in the file today: 15 economies lack the 2024 basket, 16 the 2025 one
  CHECK(table.size() - 1 == 221);
}

TEST_CASE("csv_wide source: real ITU IDI 2024 indicator values") {
  const fs::path file = real_file("idi2024_indicators.csv");
  const Overrides options{{"columns", p2c::StringMap{{"internet_users", "itu.internet_users@2022"},
                                                     {"households_internet", "itu.households_internet@2022"},
                                                     {"fbb_traffic_gb", "itu.fbb_traffic_gb@2022"}}}};
  const RecordingSink sink = read(file.string(), "itu.internet_users", options);
  CHECK(sink.rejections.empty());
  std::map<std::string, double> values;
  for (const Row& row : rows(sink)) {
    CHECK(row.year == 2022);
    values[row.code] = row.value;
  }
  CHECK(values.at("ALB") == 82.6);
  // Afghanistan's cell is empty (ITU printed "n.a."): no observation, certainly not a zero.
  const auto table = plain_table(file);
  REQUIRE(table.at(1).at(0) == "AFG");
  REQUIRE(table.at(1).at(column_index(table, "internet_users")).empty());
  CHECK(values.count("AFG") == 0);
  CHECK(values.at("ALB") == std::stod(table.at(2).at(column_index(table, "internet_users"))));
  CHECK(values.size() == 165);  // 170 economies, 5 without a published value

  const RecordingSink traffic = read(file.string(), "itu.fbb_traffic_gb", options);
  CHECK(traffic.rejections.empty());
  CHECK(rows(traffic).size() == 170 - 49);
}

TEST_CASE("csv_wide source: real ITU IDI 2024 published scores") {
  const fs::path file = real_file("idi2024_published_scores.csv");
  const RecordingSink sink = read(file.string(), "itu.idi", {{"columns", p2c::StringMap{{"idi", "itu.idi@2024"}}}});
  CHECK(sink.rejections.empty());
  std::map<std::string, double> values;
  for (const Row& row : rows(sink)) values[row.code] = row.value;
  CHECK(values.at("ALB") == 84.7);
  CHECK(values.at("AFG") == 33.1);
  CHECK(values.size() == 101);
}
