#include "csv_source.h"

#include <toml++/toml.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "option_defaults.h"
#include "p2c/csv.h"
#include "recording_sink.h"
#include "temp_dir.h"

// Defined by P2C_PLUGIN in csv_source.cpp, which is compiled into this test.
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
  std::vector<std::string> optional_without_default;
  for (std::uint32_t i = 0; i < info().option_count; ++i) {
    const p2c_option_spec& spec = info().options[i];
    INFO("option " << spec.name);
    if (spec.required != 0) CHECK(spec.default_literal == nullptr);
    if (spec.required == 0 && spec.default_literal == nullptr) optional_without_default.push_back(spec.name);
    CHECK(std::strlen(spec.description) > 0);
    types[spec.name] = spec.type;
  }
  // Only the code map may be left unset: without it, codes are delivered as found.
  CHECK(optional_without_default == std::vector<std::string>{"code_map"});
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
                                                      {"batch_size", P2C_OPTION_INTEGER},
                                                      {"code_map", P2C_OPTION_PATH},
                                                      {"code_map_from", P2C_OPTION_STRING},
                                                      {"code_map_to", P2C_OPTION_STRING}});

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
  CHECK_FALSE(defaults.has("code_map"));
  CHECK(defaults.string("code_map_from") == "m49");
  CHECK(defaults.string("code_map_to") == "iso3");
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

TEST_CASE("csv source: a rejected cell is quoted bounded and escaped, never whole") {
  TempDir dir;
  const std::string path =
      dir.write("huge.csv", kWorldBankHeader + "Aruba,ABW,2022," + std::string(1'000'000, '9') + "x\x1b[2J\n");
  const RecordingSink sink = read(path);
  REQUIRE(sink.rejections.size() == 1);
  CHECK(sink.rejections[0].size() < 300);
  CHECK_THAT(sink.rejections[0], Catch::Contains("(1000005 bytes in all)"));
  CHECK(sink.rejections[0].find('\x1b') == std::string::npos);
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

namespace {

// The DDF layout of the UN SDG database: numeric, unpadded M49 codes in `geo_area`.
const std::string kDdfHeader = "geo_area,nature,units,year,it_use_ii99\n";

Overrides ddf_options(const std::string& code_map) {
  return {{"economy_column", std::string("geo_area")},
          {"year_column", std::string("year")},
          {"value_column", std::string("it_use_ii99")},
          {"code_map", code_map}};
}

// The lines of a comma-separated file without quoted fields, split plainly: an independent reading of the real
// files, so the tests do not check the plugin against itself.
std::vector<std::vector<std::string>> plain_fields(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  REQUIRE(in);
  std::vector<std::vector<std::string>> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (std::size_t comma; (comma = line.find(',', start)) != std::string::npos; start = comma + 1)
      fields.push_back(line.substr(start, comma - start));
    fields.push_back(line.substr(start));
    lines.push_back(fields);
  }
  return lines;
}

fs::path un_sdg_file(const std::string& name) {
  const fs::path file = fs::path(P2C_SOURCE_DIR) / "config" / "data" / "un-sdg" / name;
  INFO("real data file " << file.string());
  REQUIRE(fs::is_regular_file(file));
  return file;
}

}  // namespace

TEST_CASE("csv source: code_map turns M49 numbers into ISO3, padded or not") {
  TempDir dir;
  // Padded as in the M49 standard; the SDG database writes the same codes without zeros.
  const std::string map = dir.write("economies.csv",
                                    "iso3,m49,name\n"
                                    "AFG,004,Afghanistan\n"
                                    "ALB,008,Albania\n"
                                    "KEN,404,Kenya\n"
                                    "\"CIV\",384,\"Cote d'Ivoire, Republic of\"\n");
  const std::string data = dir.write("ddf.csv", kDdfHeader +
                                                    "1,notspec,per_100_pop,2017,48.6\n"     // World: not in the map
                                                    "4,notspec,per_100_pop,2016,10.6\n"     // unpadded
                                                    "4,notspec,per_100_pop,2017,11.4\n"     // same code, cached
                                                    "008,notspec,per_100_pop,2017,71.8\n"   // padded like the map
                                                    "0404,notspec,per_100_pop,2017,17.8\n"  // over-padded
                                                    "384,notspec,per_100_pop,2017,46.8\n"
                                                    " 404 ,notspec,per_100_pop,2018,20\n"  // spaces around
                                                    "4a,notspec,per_100_pop,2017,1\n");    // not a number
  const RecordingSink sink = read(data, ddf_options(map));
  CHECK(rows(sink) == std::vector<Row>{{"1", 2017, 48.6, {}},
                                       {"AFG", 2016, 10.6, {}},
                                       {"AFG", 2017, 11.4, {}},
                                       {"ALB", 2017, 71.8, {}},
                                       {"KEN", 2017, 17.8, {}},
                                       {"CIV", 2017, 46.8, {}},
                                       {"KEN", 2018, 20, {}},
                                       {"4A", 2017, 1, {}}});
  CHECK(sink.rejections.empty());
  CHECK(sink.entity_lookups == 7);

  // The other way round: a map without zeros, data with them.
  const std::string unpadded = dir.write("unpadded.csv", "iso3,m49,name\nAFG,4,Afghanistan\n");
  const std::string padded_data = dir.write("padded.csv", kDdfHeader + "004,notspec,per_100_pop,2017,11.4\n");
  CHECK(rows(read(padded_data, ddf_options(unpadded))) == std::vector<Row>{{"AFG", 2017, 11.4, {}}});
}

TEST_CASE("csv source: unmapped codes pass through, code_case applies to what is delivered") {
  TempDir dir;
  // A map row without an ISO3 code (as M49 680 Sark in the UN table) maps nothing.
  const std::string map = dir.write("economies.csv", "iso3,m49,name\nKEN,404,Kenya\n,680,Sark\n");
  const std::string data = dir.write("ddf.csv", kDdfHeader +
                                                    "404,notspec,per_100_pop,2017,17.8\n"
                                                    "680,notspec,per_100_pop,2017,1\n"
                                                    "199,notspec,per_100_pop,2017,19.5\n"
                                                    "ldc,notspec,per_100_pop,2017,19.5\n");
  const RecordingSink upper = read(data, ddf_options(map));
  CHECK(rows(upper) ==
        std::vector<Row>{
            {"KEN", 2017, 17.8, {}}, {"680", 2017, 1, {}}, {"199", 2017, 19.5, {}}, {"LDC", 2017, 19.5, {}}});
  CHECK(upper.rejections.empty());

  Overrides keep = ddf_options(map);
  keep.emplace_back("code_case", std::string("keep"));
  CHECK(rows(read(data, keep)).back() == Row{"ldc", 2017, 19.5, {}});
}

TEST_CASE("csv source: code_map_from and code_map_to pick other columns of the map") {
  TempDir dir;
  // The UN M49 table as published: a byte-order mark, CRLF, and long column names.
  const std::string map = dir.write("m49.csv",
                                    "\xEF\xBB\xBF"
                                    "Country or Area,M49 Code,ISO-alpha2 Code,ISO-alpha3 Code\r\n"
                                    "Kenya,404,KE,KEN\r\n"
                                    "\"Bonaire, Sint Eustatius and Saba\",535,BQ,BES\r\n");
  const std::string data = dir.write("wdi.csv", kWorldBankHeader + "Kenya,KE,2020,1\nBonaire,BQ,2020,2\n");
  const RecordingSink sink = read(data, {{"code_map", map},
                                         {"code_map_from", std::string("ISO-alpha2 Code")},
                                         {"code_map_to", std::string("ISO-alpha3 Code")}});
  CHECK(rows(sink) == std::vector<Row>{{"KEN", 2020, 1, {}}, {"BES", 2020, 2, {}}});
  CHECK(sink.rejections.empty());

  const p2c::plugins::CsvSource source(make_options("/data/wdi.csv", {{"code_map", std::string("/ref/m49.csv")}}));
  CHECK(source.describe().at(0).description == "CSV file /data/wdi.csv, codes mapped from m49 to iso3 by /ref/m49.csv");
}

TEST_CASE("csv source: a bad code map fails the source, naming the file and what it holds") {
  TempDir dir;
  const std::string data = dir.write("ddf.csv", kDdfHeader + "404,notspec,per_100_pop,2017,17.8\n");
  const auto error_with_map = [&](const std::string& map, const Overrides& more = {}) {
    Overrides overrides = ddf_options(map);
    overrides.insert(overrides.end(), more.begin(), more.end());
    p2c::plugins::CsvSource source(make_options(data, overrides));
    RecordingSink sink;
    try {
      source.read("test.series", sink);
    } catch (const std::exception& e) {
      CHECK(sink.batches.empty());
      return std::string(e.what());
    }
    return std::string("(no exception)");
  };

  const std::string absent = dir / "absent.csv";
  CHECK(error_with_map(absent) ==
        "cannot open '" + absent + "': No such file or directory; check the `code_map` option of this source");

  const std::string other_names = dir.write("names.csv", "ISO3,M49 Code,name\nKEN,404,Kenya\n");
  CHECK(error_with_map(other_names) == other_names +
                                           ":1: no column 'm49' in the header (columns: ISO3, M49 Code, name); check "
                                           "the `code_map_from` option");
  CHECK(error_with_map(other_names, {{"code_map_from", std::string("M49 Code")}}) ==
        other_names +
            ":1: no column 'iso3' in the header (columns: ISO3, M49 Code, name); check the `code_map_to` "
            "option");

  const std::string empty = dir.write("empty.csv", "");
  CHECK(error_with_map(empty) ==
        empty + ":1: the code map is empty; expected a header row with the columns 'm49' and 'iso3'");

  // "4" and "004" are one code, so two rows giving it different economies contradict each other.
  const std::string conflict = dir.write("conflict.csv", "iso3,m49,name\nAFG,004,Afghanistan\nALB,4,Albania\n");
  CHECK(error_with_map(conflict) == conflict + ":3: the code map maps '4' to 'ALB', but an earlier row to 'AFG'");
  const std::string repeated = dir.write("repeated.csv", "iso3,m49,name\nAFG,004,Afghanistan\nAFG,4,Afghanistan\n");
  CHECK(error_with_map(repeated) == "(no exception)");

  const std::string ragged = dir.write("ragged.csv", "iso3,m49,name\nKEN,404\n");
  CHECK(error_with_map(ragged) == ragged + ":2: expected 3 fields in the code map, found 2");

  CHECK(error_with_map(dir.path().string()) ==
        "cannot open '" + dir.path().string() + "': Is a directory; check the `code_map` option of this source");
}

TEST_CASE("csv source: the constructor checks the code map options when a map is set") {
  CHECK(construct_error({{"code_map", std::string()}}) == "option 'code_map' must not be empty");
  CHECK(construct_error({{"code_map", std::string("m.csv")}, {"code_map_from", std::string()}}) ==
        "option 'code_map_from' must not be empty");
  CHECK(construct_error({{"code_map", std::string("m.csv")}, {"code_map_to", std::string()}}) ==
        "option 'code_map_to' must not be empty");
  // Without a map the columns are never used, so they are not checked.
  CHECK(construct_error({{"code_map_from", std::string()}}) == "(no exception)");
  // The map is read by read(), like the data: constructing with a missing map succeeds.
  CHECK(construct_error({{"code_map", std::string("/nowhere/m.csv")}}) == "(no exception)");
}

TEST_CASE("csv source: real UN SDG 17.8.1 file with M49 codes mapped to ISO3") {
  const fs::path file = un_sdg_file("ddf--datapoints--it_use_ii99--by--geo_area--nature--units--year.csv");
  TempDir dir;
  const std::string map = dir.write("map.csv", "iso3,m49,name\nKEN,404,Kenya\nAFG,004,Afghanistan\n");
  const RecordingSink sink = read(file.string(), ddf_options(map));
  CHECK(sink.rejections.empty());
  const std::vector<Row> observations = rows(sink);

  // The same numbers read plainly from the file.
  const auto lines = plain_fields(file);
  REQUIRE(lines.at(0) == std::vector<std::string>{"geo_area", "nature", "units", "year", "it_use_ii99"});
  std::optional<double> kenya_2017;
  std::size_t kenya_lines = 0, afghanistan_lines = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].at(0) == "404") {
      ++kenya_lines;
      if (lines[i].at(3) == "2017") kenya_2017 = std::stod(lines[i].at(4));
    }
    if (lines[i].at(0) == "4") ++afghanistan_lines;
  }
  CHECK(observations.size() == lines.size() - 1);  // every row has a value
  REQUIRE(kenya_2017);
  CHECK(*kenya_2017 == 17.827);  // as printed in the file today; a refresh must update this line

  std::size_t kenya_rows = 0, afghanistan_rows = 0;
  bool world_passed_through = false;
  for (const Row& row : observations) {
    CHECK(row.code != "404");
    CHECK(row.code != "4");
    if (row.code == "KEN") ++kenya_rows;
    if (row.code == "AFG") ++afghanistan_rows;
    if (row.code == "KEN" && row.year == 2017) CHECK(row.value == *kenya_2017);
    if (row.code == "1") world_passed_through = true;
  }
  CHECK(kenya_rows == kenya_lines);
  CHECK(afghanistan_rows == afghanistan_lines);
  CHECK(afghanistan_rows > 0);
  CHECK(world_passed_through);  // the host, not the source, drops M49 1 = World
}

TEST_CASE("csv source: real UN SDG 5.b.1 file filtered to both sexes") {
  const fs::path file = un_sdg_file("ddf--datapoints--it_mob_own--by--geo_area--nature--sex--units--year.csv");
  TempDir dir;
  const std::string map = dir.write("map.csv", "iso3,m49,name\nKEN,404,Kenya\n");
  const RecordingSink sink = read(file.string(), {{"economy_column", std::string("geo_area")},
                                                  {"year_column", std::string("year")},
                                                  {"value_column", std::string("it_mob_own")},
                                                  {"filter", p2c::StringMap{{"sex", "bothsex"}}},
                                                  {"dimensions", p2c::StringList{"sex"}},
                                                  {"code_map", map}});
  CHECK(sink.rejections.empty());
  const std::vector<Row> observations = rows(sink);
  CHECK(sink.labels == std::vector<std::string>{"bothsex"});

  const auto lines = plain_fields(file);
  REQUIRE(lines.at(0).at(2) == "sex");
  std::size_t both = 0, split = 0;
  std::vector<Row> kenya_expected;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto& fields = lines[i];
    if (fields.at(2) != "bothsex") {
      ++split;
      continue;
    }
    ++both;
    if (fields.at(0) == "404")
      kenya_expected.push_back({"KEN", std::stoi(fields.at(4)), std::stod(fields.at(5)), {"bothsex"}});
  }
  CHECK(split > 0);  // the file does hold female and male rows, which the filter must drop
  CHECK(observations.size() == both);
  std::vector<Row> kenya;
  for (const Row& row : observations)
    if (row.code == "KEN") kenya.push_back(row);
  CHECK_FALSE(kenya_expected.empty());
  CHECK(kenya == kenya_expected);
}
