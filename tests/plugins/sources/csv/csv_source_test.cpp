#include "csv_source.h"

#include <toml++/toml.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "p2c/csv.h"
#include "temp_dir.h"

// Defined by P2C_PLUGIN in csv_source.cpp, which is compiled into this test.
namespace p2c_plugin_entry {
const p2c_plugin_info* get() noexcept;
}

namespace {

namespace fs = std::filesystem;
using p2c::test::TempDir;

// Records everything a source hands to the host.
class RecordingSink final : public p2c::BatchSink {
 public:
  p2c::EntityId intern_entity(std::string_view code) override {
    ++entity_lookups;
    return intern(entities, std::string(code));
  }
  p2c::LabelId intern_label(std::string_view label) override { return intern(labels, std::string(label)); }
  void consume(const p2c::Batch& batch) override { batches.push_back(batch); }
  void reject(std::string_view where, std::string_view what) override {
    rejections.push_back(std::string(where) + " " + std::string(what));
  }

  std::vector<std::string> entities;  ///< indexed by EntityId
  std::vector<std::string> labels;    ///< indexed by LabelId
  std::vector<p2c::Batch> batches;
  std::vector<std::string> rejections;  ///< "file:line message"
  int entity_lookups = 0;

 private:
  static std::uint32_t intern(std::vector<std::string>& table, const std::string& text) {
    for (std::size_t i = 0; i < table.size(); ++i)
      if (table[i] == text) return static_cast<std::uint32_t>(i);
    table.push_back(text);
    return static_cast<std::uint32_t>(table.size() - 1);
  }
};

// One delivered observation with its ids resolved, for exact comparisons.
struct Row {
  std::string code;
  std::int32_t year;
  double value;
  std::vector<std::string> dimensions;
  bool operator==(const Row& other) const = default;
};

std::ostream& operator<<(std::ostream& out, const Row& row) {
  out << row.code << " " << row.year << " " << row.value;
  for (const auto& label : row.dimensions) out << " " << label;
  return out;
}

std::vector<Row> rows(const RecordingSink& sink) {
  std::vector<Row> out;
  for (const p2c::Batch& batch : sink.batches) {
    REQUIRE(batch.entity.size() == batch.size());
    REQUIRE(batch.year.size() == batch.size());
    REQUIRE(batch.dimensions.size() == batch.dimension_names.size());
    for (std::size_t i = 0; i < batch.size(); ++i) {
      Row row{sink.entities.at(batch.entity[i]), batch.year[i], batch.value[i], {}};
      for (const auto& column : batch.dimensions) row.dimensions.push_back(sink.labels.at(column.at(i)));
      out.push_back(row);
    }
  }
  return out;
}

const p2c_plugin_info& info() { return *p2c_plugin_entry::get(); }

// The schema's default as the host would hand it over, parsed from its TOML literal.
p2c::OptionValue parse_default(const p2c_option_spec& spec) {
  const toml::table table = toml::parse(std::string("v = ") + spec.default_literal);
  const toml::node& node = *table.get("v");
  switch (spec.type) {
    case P2C_OPTION_STRING:
    case P2C_OPTION_PATH:
      REQUIRE(node.is_string());
      return *node.value<std::string>();
    case P2C_OPTION_INTEGER:
      REQUIRE(node.is_integer());
      return *node.value<std::int64_t>();
    case P2C_OPTION_STRING_LIST: {
      REQUIRE(node.is_array());
      p2c::StringList list;
      for (const toml::node& item : *node.as_array()) {
        REQUIRE(item.is_string());
        list.push_back(*item.value<std::string>());
      }
      return list;
    }
    case P2C_OPTION_STRING_MAP: {
      REQUIRE(node.is_table());
      p2c::StringMap map;
      for (const auto& [key, value] : *node.as_table()) {
        REQUIRE(value.is_string());
        map[std::string(key.str())] = *value.value<std::string>();
      }
      return map;
    }
    default:
      FAIL("option '" << spec.name << "' has a type this test does not expect: " << spec.type);
  }
  return {};
}

using Overrides = std::vector<std::pair<std::string, p2c::OptionValue>>;

// Options as the host builds them: the schema's defaults, then the required options, then `overrides`.
p2c::Options make_options(const std::string& path, const Overrides& overrides = {}) {
  p2c::Options options;
  for (std::uint32_t i = 0; i < info().option_count; ++i) {
    const p2c_option_spec& spec = info().options[i];
    if (spec.default_literal != nullptr) options.set(spec.name, parse_default(spec));
  }
  options.set("path", path);
  options.set("series", std::string("test.series"));
  for (const auto& [name, value] : overrides) options.set(name, value);
  return options;
}

RecordingSink read(const std::string& path, const Overrides& overrides = {}) {
  p2c::plugins::CsvSource source(make_options(path, overrides));
  RecordingSink sink;
  source.read("test.series", sink);
  return sink;
}

std::string read_error(const std::string& path, const Overrides& overrides = {}) {
  try {
    read(path, overrides);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no exception)";
}

std::string construct_error(const Overrides& overrides) {
  try {
    p2c::plugins::CsvSource source(make_options("unused.csv", overrides));
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no exception)";
}

const Overrides kGapminder{{"economy_column", std::string("geo")},
                           {"year_column", std::string("time")},
                           {"value_column", std::string("internet_users")}};

const std::string kWorldBankHeader = "Country Name,Country Code,Year,Value\n";

}  // namespace

TEST_CASE("csv source: plugin identity and option schema") {
  CHECK(std::string(info().name) == "csv");
  CHECK(std::string(info().version) == "1.0.0");
  CHECK(std::string(info().description) == "Long-format CSV file: one row per economy and year");
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
                                                      {"series", P2C_OPTION_STRING},
                                                      {"economy_column", P2C_OPTION_STRING},
                                                      {"year_column", P2C_OPTION_STRING},
                                                      {"value_column", P2C_OPTION_STRING},
                                                      {"unit", P2C_OPTION_STRING},
                                                      {"code_case", P2C_OPTION_STRING},
                                                      {"filter", P2C_OPTION_STRING_MAP},
                                                      {"dimensions", P2C_OPTION_STRING_LIST},
                                                      {"missing_values", P2C_OPTION_STRING_LIST},
                                                      {"separator", P2C_OPTION_STRING},
                                                      {"batch_size", P2C_OPTION_INTEGER}});

  const p2c::Options defaults = make_options("data.csv");
  CHECK(defaults.string("economy_column") == "Country Code");
  CHECK(defaults.string("year_column") == "Year");
  CHECK(defaults.string("value_column") == "Value");
  CHECK(defaults.string("unit").empty());
  CHECK(defaults.string("code_case") == "upper");
  CHECK(defaults.table("filter").empty());
  CHECK(defaults.strings("dimensions").empty());
  CHECK(defaults.strings("missing_values") == p2c::StringList{"", "..", "NA", "n.a."});
  CHECK(defaults.string("separator") == ",");
  CHECK(defaults.integer("batch_size") == 4096);
}

TEST_CASE("csv source: describe names the one configured series") {
  const p2c::plugins::CsvSource source(make_options("/data/wdi.csv", {{"unit", std::string("%")}}));
  const auto series = source.describe();
  REQUIRE(series.size() == 1);
  CHECK(series[0].id == "test.series");
  CHECK(series[0].unit == "%");
  CHECK(series[0].description == "CSV file /data/wdi.csv");
}

TEST_CASE("csv source: World Bank layout with quoted names") {
  TempDir dir;
  const std::string path = dir.write("wdi.csv", kWorldBankHeader +
                                                    "Aruba,ABW,2020,97.17\n"
                                                    "\"Korea, Rep.\",KOR,2020,96.5\n"
                                                    "\"Korea, Rep.\",KOR,2021,97.6\n"
                                                    "Kenya,KEN,2021,\n");
  const RecordingSink sink = read(path);
  CHECK(rows(sink) == std::vector<Row>{{"ABW", 2020, 97.17, {}}, {"KOR", 2020, 96.5, {}}, {"KOR", 2021, 97.6, {}}});
  CHECK(sink.rejections.empty());
  REQUIRE(sink.batches.size() == 1);
  CHECK(sink.batches[0].dimension_names.empty());
  // The skipped Kenya row interns nothing; consecutive rows of one economy are looked up once.
  CHECK(sink.entities == std::vector<std::string>{"ABW", "KOR"});
  CHECK(sink.entity_lookups == 2);
}

TEST_CASE("csv source: Windows line ends and no final line end") {
  TempDir dir;
  const std::string path =
      dir.write("wdi.csv", "Country Name,Country Code,Year,Value\r\nAruba,ABW,2020,1.5\r\nAruba,ABW,2021,2");
  const RecordingSink sink = read(path);
  CHECK(rows(sink) == std::vector<Row>{{"ABW", 2020, 1.5, {}}, {"ABW", 2021, 2, {}}});
  CHECK(sink.rejections.empty());
}

TEST_CASE("csv source: Gapminder layout, lower-case codes upper-cased or kept") {
  TempDir dir;
  const std::string path =
      dir.write("gapminder.csv", "geo,time,internet_users\nabw,1990,0\nabw,1996,2.77\nken,2000,0.03\n");

  const RecordingSink upper = read(path, kGapminder);
  CHECK(rows(upper) == std::vector<Row>{{"ABW", 1990, 0, {}}, {"ABW", 1996, 2.77, {}}, {"KEN", 2000, 0.03, {}}});
  CHECK(upper.rejections.empty());

  Overrides keep = kGapminder;
  keep.emplace_back("code_case", std::string("keep"));
  const RecordingSink kept = read(path, keep);
  CHECK(rows(kept) == std::vector<Row>{{"abw", 1990, 0, {}}, {"abw", 1996, 2.77, {}}, {"ken", 2000, 0.03, {}}});
}

TEST_CASE("csv source: a byte-order mark before the first column name") {
  TempDir dir;
  const std::string path = dir.write("bom.csv", "\xEF\xBB\xBFgeo,time,internet_users\nabw,1990,0.5\n");
  const RecordingSink sink = read(path, kGapminder);
  CHECK(rows(sink) == std::vector<Row>{{"ABW", 1990, 0.5, {}}});
  CHECK(sink.rejections.empty());
}

TEST_CASE("csv source: DDF layout with a dimension filter and a dimension kept") {
  TempDir dir;
  const std::string path = dir.write("ddf.csv",
                                     "geo_area,nature,sex,units,year,it_mob_own\n"
                                     "4,notspec,bothsex,percent,2016,46.82207\n"
                                     "12,C,bothsex,percent,2018,87.87972\n"
                                     "12,C,female,percent,2018,83.0695\n"
                                     "12,C,male,percent,2018,92.62223\n"
                                     "12,C,bothsex,number,2018,1000\n");
  const RecordingSink sink = read(path, {{"economy_column", std::string("geo_area")},
                                         {"year_column", std::string("year")},
                                         {"value_column", std::string("it_mob_own")},
                                         {"filter", p2c::StringMap{{"sex", "bothsex"}, {"units", "percent"}}},
                                         {"dimensions", p2c::StringList{"nature"}}});
  CHECK(rows(sink) == std::vector<Row>{{"4", 2016, 46.82207, {"notspec"}}, {"12", 2018, 87.87972, {"C"}}});
  CHECK(sink.rejections.empty());
  REQUIRE(sink.batches.size() == 1);
  CHECK(sink.batches[0].dimension_names == std::vector<std::string>{"nature"});
  CHECK(sink.labels == std::vector<std::string>{"notspec", "C"});
}

TEST_CASE("csv source: missing-value tokens skip the row silently") {
  TempDir dir;
  const std::string path = dir.write("missing.csv", kWorldBankHeader +
                                                        "Aruba,ABW,2019,\n"
                                                        "Aruba,ABW,2020,..\n"
                                                        "Aruba,ABW,2021,NA\n"
                                                        "Aruba,ABW,2022,n.a.\n"
                                                        "Aruba,ABW,2023, .. \n"
                                                        "Aruba,ABW,2024,4.5\n");
  const RecordingSink sink = read(path);
  CHECK(rows(sink) == std::vector<Row>{{"ABW", 2024, 4.5, {}}});
  CHECK(sink.rejections.empty());

  // With other tokens configured, "NA" is no longer a known gap but a malformed value.
  const RecordingSink custom = read(path, {{"missing_values", p2c::StringList{"", "..", "n.a."}}});
  CHECK(rows(custom) == std::vector<Row>{{"ABW", 2024, 4.5, {}}});
  CHECK(custom.rejections == std::vector<std::string>{path + ":4 expected a number in column 'Value', found 'NA'"});
}

TEST_CASE("csv source: malformed rows are rejected with file, line and reason") {
  TempDir dir;
  const std::string path = dir.write("bad.csv", kWorldBankHeader +           // 1
                                                    "Aruba,ABW,2020,1\n"     // 2
                                                    "Aruba,ABW,2021\n"       // 3
                                                    "Nowhere,,2020,5\n"      // 4
                                                    "Aruba,ABW,20x1,5\n"     // 5
                                                    "Aruba,ABW,1850,5\n"     // 6
                                                    "Aruba,ABW,2022,abc\n"   // 7
                                                    "\"Multi\n"              // 8
                                                    "line\",XYZ,2020,1,9\n"  // 9
                                                    "\n"                     // 10
                                                    "Aruba,ABW,2023,3\n"     // 11
                                                    "Aruba,ABW,2201,3\n");   // 12
  const RecordingSink sink = read(path);
  CHECK(rows(sink) == std::vector<Row>{{"ABW", 2020, 1, {}}, {"ABW", 2023, 3, {}}});
  CHECK(sink.rejections == std::vector<std::string>{
                               path + ":3 expected 4 fields, found 3",
                               path + ":4 empty economy code in column 'Country Code'",
                               path + ":5 expected a year in column 'Year', found '20x1'",
                               path + ":6 expected a year in column 'Year', found '1850'",
                               path + ":7 expected a number in column 'Value', found 'abc'",
                               path + ":8 expected 4 fields, found 5",
                               path + ":12 expected a year in column 'Year', found '2201'",
                           });
}

TEST_CASE("csv source: a column missing from the header names the file, the columns and the option") {
  TempDir dir;
  const std::string path = dir.write("wdi.csv", "Country Name,Code,Year,Value\nAruba,ABW,2020,1\n");
  CHECK(read_error(path) == path +
                                ":1: no column 'Country Code' in the header (columns: Country Name, Code, Year, "
                                "Value); set economy_column");
  CHECK(read_error(path, {{"economy_column", std::string("Code")}, {"value_column", std::string("value")}}) ==
        path + ":1: no column 'value' in the header (columns: Country Name, Code, Year, Value); set value_column");
  CHECK(read_error(path, {{"economy_column", std::string("Code")}, {"filter", p2c::StringMap{{"sex", "bothsex"}}}}) ==
        path +
            ":1: no column 'sex' in the header (columns: Country Name, Code, Year, Value); check the `filter` option");
  CHECK(read_error(path, {{"economy_column", std::string("Code")}, {"dimensions", p2c::StringList{"units"}}}) ==
        path +
            ":1: no column 'units' in the header (columns: Country Name, Code, Year, Value); check the `dimensions` "
            "option");
}

TEST_CASE("csv source: a missing or unreadable file says which and why") {
  TempDir dir;
  const std::string absent = dir / "absent.csv";
  CHECK(read_error(absent) ==
        "cannot open '" + absent + "': No such file or directory; check the `path` option of this source");
  CHECK(read_error(dir.path().string()) ==
        "cannot open '" + dir.path().string() + "': Is a directory; check the `path` option of this source");
  const std::string empty = dir.write("empty.csv", "");
  CHECK(read_error(empty) == empty + ":1: the file is empty; expected a header row");
}

TEST_CASE("csv source: a truncated file throws instead of delivering part of it") {
  TempDir dir;
  const std::string path = dir.write("cut.csv", kWorldBankHeader + "Aruba,ABW,2020,1\n\"Korea, Rep.,KOR,2020,9");
  p2c::plugins::CsvSource source(make_options(path));
  RecordingSink sink;
  try {
    source.read("test.series", sink);
    FAIL("no CsvError thrown");
  } catch (const p2c::CsvError& e) {
    CHECK(std::string(e.what()) == path + ":3:1: unterminated quoted field (the file may be truncated)");
    CHECK(e.line() == 3);
  }
  CHECK(sink.batches.empty());
}

TEST_CASE("csv source: small batches carry the same observations") {
  TempDir dir;
  const std::string path = dir.write("wdi.csv", kWorldBankHeader +
                                                    "Aruba,ABW,2020,1\nAruba,ABW,2021,2\nKenya,KEN,2020,3\n"
                                                    "Kenya,KEN,2021,\nKenya,KEN,2022,4\nChad,TCD,2020,5\n");
  const RecordingSink whole = read(path);
  const RecordingSink pieces = read(path, {{"batch_size", std::int64_t{2}}});
  REQUIRE(whole.batches.size() == 1);
  std::vector<std::size_t> sizes;
  for (const auto& batch : pieces.batches) sizes.push_back(batch.size());
  CHECK(sizes == std::vector<std::size_t>{2, 2, 1});
  CHECK(rows(pieces) == rows(whole));
  CHECK(rows(whole).size() == 5);
}

TEST_CASE("csv source: other separators") {
  TempDir dir;
  const std::string path = dir.write("semi.csv", "Country Name;Country Code;Year;Value\n\"A; B\";ABW;2020;1.25\n");
  const RecordingSink sink = read(path, {{"separator", std::string(";")}});
  CHECK(rows(sink) == std::vector<Row>{{"ABW", 2020, 1.25, {}}});
  CHECK(sink.rejections.empty());
}

TEST_CASE("csv source: the constructor rejects option values the schema cannot check") {
  CHECK(construct_error({{"code_case", std::string("lower")}}) ==
        "option 'code_case' has the unknown value 'lower'; allowed values: \"upper\", \"keep\"");
  for (const std::string separator : {"", ";;", "\"", "\n"}) {
    INFO("separator '" << separator << "'");
    CHECK(construct_error({{"separator", separator}}) ==
          "option 'separator' must be exactly one character other than a quote or a line break, found '" + separator +
              "'");
  }
  CHECK(construct_error({{"batch_size", std::int64_t{0}}}) == "option 'batch_size' must be greater than 0, found 0");
  CHECK(construct_error({{"batch_size", std::int64_t{-5}}}) == "option 'batch_size' must be greater than 0, found -5");
  CHECK(construct_error({{"series", std::string()}}) == "option 'series' must not be empty");
  CHECK(construct_error({}) == "(no exception)");
}

TEST_CASE("csv source: read refuses a series it does not deliver") {
  p2c::plugins::CsvSource source(make_options("unused.csv"));
  RecordingSink sink;
  CHECK_THROWS_WITH(source.read("other.series", sink),
                    "this source delivers the series 'test.series', not 'other.series'");
}

TEST_CASE("csv source: through the plugin ABI, errors come back as messages") {
  TempDir dir;
  const std::string path = dir.write("wdi.csv", kWorldBankHeader + "Aruba,ABW,2020,1\n");
  p2c_error error{};

  const p2c::Options bad = make_options(path, {{"code_case", std::string("lower")}});
  CHECK(info().create(&bad, &error) == nullptr);
  CHECK(std::string(error.message) ==
        "option 'code_case' has the unknown value 'lower'; allowed values: \"upper\", \"keep\"");

  const p2c::Options good = make_options(path);
  void* instance = info().create(&good, &error);
  REQUIRE(instance != nullptr);
  std::vector<p2c::SeriesInfo> series;
  CHECK(info().source->describe(instance, &series, &error) == 0);
  CHECK(series.size() == 1);
  RecordingSink sink;
  CHECK(info().source->read(instance, "test.series", &sink, &error) == 0);
  CHECK(rows(sink) == std::vector<Row>{{"ABW", 2020, 1, {}}});
  CHECK(info().source->read(instance, "nope", &sink, &error) != 0);
  CHECK(std::string(error.message) == "this source delivers the series 'test.series', not 'nope'");
  info().destroy(instance);
}

TEST_CASE("csv source: World Bank files shipped in config/data read cleanly") {
  const fs::path folder = fs::path(P2C_SOURCE_DIR) / "config" / "data";
  std::error_code ignored;
  if (!fs::is_directory(folder, ignored)) {
    WARN("no " << folder.string() << " yet; nothing to check");
    return;
  }
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (entry.path().extension() != ".csv") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::vector<std::string> header;
    p2c::CsvReader reader(in, entry.path().string());
    if (!reader.next(header) || header != std::vector<std::string>{"Country Name", "Country Code", "Year", "Value"})
      continue;
    INFO(entry.path().string());
    const RecordingSink sink = read(entry.path().string());
    CHECK(sink.rejections.empty());
    const auto observations = rows(sink);
    CHECK_FALSE(observations.empty());
    for (const Row& row : observations) {
      if (row.code.size() != 3 || row.year < 1960 || row.year > 2100) {
        FAIL_CHECK("unexpected row " << row);
        break;
      }
    }
  }
}
