#include "pledges_source.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "recording_sink.h"
#include "registry_file.h"
#include "temp_dir.h"

// Defined by P2C_PLUGIN in pledges_source.cpp, which is compiled into this test.
namespace p2c_plugin_entry {
const p2c_plugin_info* get() noexcept;
}

namespace {

using p2c::test::make_registry;
using p2c::test::PledgeRow;
using p2c::test::RecordingSink;
using p2c::test::TempDir;

const p2c_plugin_info& info() { return *p2c_plugin_entry::get(); }

p2c::Options options(const std::filesystem::path& database, std::int64_t batch_size = 4096) {
  p2c::Options out;
  out.set("database", database.string());
  out.set("batch_size", batch_size);
  return out;
}

// One delivered row with its ids resolved: entity, year, value (NaN printed as "NaN") and the dimension labels.
struct Row {
  std::string entity;
  std::int32_t year;
  std::string value;
  std::map<std::string, std::string> labels;
  bool operator==(const Row&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Row& row) {
  out << row.entity << " " << row.year << " " << row.value;
  for (const auto& [name, label] : row.labels) out << " " << name << "=" << label;
  return out;
}

std::vector<Row> rows(const RecordingSink& sink) {
  std::vector<Row> out;
  for (const auto& batch : sink.batches) {
    REQUIRE(batch.dimensions.size() == batch.dimension_names.size());
    for (std::size_t i = 0; i < batch.size(); ++i) {
      Row row{sink.entities.at(batch.entity[i]),
              batch.year[i],
              std::isnan(batch.value[i]) ? "NaN" : std::to_string(static_cast<long long>(batch.value[i])),
              {}};
      for (std::size_t d = 0; d < batch.dimensions.size(); ++d)
        row.labels[batch.dimension_names[d]] = sink.labels.at(batch.dimensions[d][i]);
      out.push_back(row);
    }
  }
  return out;
}

RecordingSink read(const std::filesystem::path& database, const std::string& series, std::int64_t batch_size = 4096) {
  p2c::plugins::PledgesSource source(options(database, batch_size));
  RecordingSink sink;
  source.read(series, sink);
  return sink;
}

std::string read_error(const std::filesystem::path& database, const std::string& series = "pledges.pledges") {
  try {
    read(database, series);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no exception)";
}

// Two pledges: one with a value, two implementation economies and reports; one without value, global.
std::string two_pledges() {
  PledgeRow a{"P2C-1", "2022-09-26", R"(["KEN", "UGA"])", "1500000", "in_progress"};
  a.focus = R"(["access", "adoption"])";
  a.regions = R"(["ITU.AFR"])";
  PledgeRow b{"P2C-2", "2023-03-01", "[]", "NULL", "announced"};
  b.sector = "academia";
  b.type = "programmatic";
  b.origin = "FRA";
  b.start_date = "2023-04-01";
  b.end_date = "2025-03-31";
  return insert(a) + insert(b) + p2c::test::report("P2C-1", "2023-01-15", "in_progress", "200000") +
         p2c::test::report("P2C-1", "2024-01-15", "in_progress");
}

}  // namespace

TEST_CASE("pledges source: plugin identity, option schema and series") {
  CHECK(std::string(info().name) == "pledges_sqlite");
  CHECK(info().kind == P2C_KIND_SOURCE);
  CHECK(info().abi_version == P2C_ABI_VERSION);
  std::map<std::string, std::uint32_t> types;
  for (std::uint32_t i = 0; i < info().option_count; ++i) {
    const p2c_option_spec& spec = info().options[i];
    CHECK((spec.required != 0) == (spec.default_literal == nullptr));
    CHECK(std::strlen(spec.description) > 0);
    types[spec.name] = spec.type;
  }
  CHECK(types ==
        std::map<std::string, std::uint32_t>{{"database", P2C_OPTION_PATH}, {"batch_size", P2C_OPTION_INTEGER}});
  CHECK(info().options[0].required == 1);

  const p2c::plugins::PledgesSource source(options("/data/pledges.sqlite"));
  const auto series = source.describe();
  REQUIRE(series.size() == 3);
  CHECK(series[0].id == "pledges.pledges");
  CHECK(series[1].id == "pledges.reports");
  CHECK(series[2].id == "pledges.implementation");
  for (const auto& s : series) CHECK(s.unit == "USD");
}

TEST_CASE("pledges source: one row per pledge, lists joined with '|', a value not stated as NaN") {
  TempDir dir;
  make_registry(dir / "r.sqlite", two_pledges());
  const RecordingSink sink = read(dir / "r.sqlite", "pledges.pledges");
  CHECK(sink.rejections.empty());
  CHECK(rows(sink) == std::vector<Row>{{"KEN",
                                        2022,
                                        "1500000",
                                        {{"pledge", "P2C-1"},
                                         {"sector", "government"},
                                         {"type", "financial"},
                                         {"focus_areas", "access|adoption"},
                                         {"implementation", "KEN|UGA"},
                                         {"regions", "ITU.AFR"},
                                         {"pledged_on", "2022-09-26"},
                                         {"start_date", "2022-01-01"},
                                         {"end_date", "2026-12-31"},
                                         {"status", "in_progress"}}},
                                       {"FRA",
                                        2023,
                                        "NaN",
                                        {{"pledge", "P2C-2"},
                                         {"sector", "academia"},
                                         {"type", "programmatic"},
                                         {"focus_areas", "access"},
                                         {"implementation", ""},
                                         {"regions", ""},
                                         {"pledged_on", "2023-03-01"},
                                         {"start_date", "2023-04-01"},
                                         {"end_date", "2025-03-31"},
                                         {"status", "announced"}}}});
}

TEST_CASE("pledges source: one row per report, under the pledge's origin economy") {
  TempDir dir;
  make_registry(dir / "r.sqlite", two_pledges());
  const RecordingSink sink = read(dir / "r.sqlite", "pledges.reports");
  CHECK(sink.rejections.empty());
  CHECK(rows(sink) ==
        std::vector<Row>{
            {"KEN", 2023, "200000", {{"pledge", "P2C-1"}, {"reported_on", "2023-01-15"}, {"status", "in_progress"}}},
            {"KEN", 2024, "NaN", {{"pledge", "P2C-1"}, {"reported_on", "2024-01-15"}, {"status", "in_progress"}}}});
}

TEST_CASE("pledges source: one row per pledge and implementation economy") {
  TempDir dir;
  make_registry(dir / "r.sqlite", two_pledges());
  const RecordingSink sink = read(dir / "r.sqlite", "pledges.implementation");
  CHECK(rows(sink) == std::vector<Row>{{"KEN", 2022, "1500000", {{"pledge", "P2C-1"}}},
                                       {"UGA", 2022, "1500000", {{"pledge", "P2C-1"}}}});
}

TEST_CASE("pledges source: rows arrive in batches of batch_size") {
  TempDir dir;
  std::string sql;
  for (int i = 1; i <= 5; ++i) sql += insert(PledgeRow{"P" + std::to_string(i), "2022-01-0" + std::to_string(i)});
  make_registry(dir / "r.sqlite", sql);
  const RecordingSink sink = read(dir / "r.sqlite", "pledges.pledges", 2);
  REQUIRE(sink.batches.size() == 3);
  CHECK(sink.batches[0].size() == 2);
  CHECK(sink.batches[2].size() == 1);
  CHECK(rows(sink).size() == 5);
}

TEST_CASE("pledges source: a record that breaks the format is rejected with its field, the rest is read") {
  TempDir dir;
  PledgeRow bad_date{"BAD-DATE", "2023-02-30"};
  PledgeRow bad_list{"BAD-LIST", "2023-01-01", "KEN,UGA"};
  PledgeRow bad_value{"BAD-VALUE", "2023-01-01", "[]", "-5"};
  PledgeRow bad_pipe{"BAD-PIPE", "2023-01-01", R"(["KEN|UGA"])"};
  PledgeRow good{"GOOD", "2023-01-01", R"(["KEN"])", "10"};
  make_registry(dir / "r.sqlite", insert(bad_date) + insert(bad_list) + insert(bad_value) + insert(bad_pipe) +
                                      insert(good) + p2c::test::report("GOOD", "2023-13-01", "in_progress") +
                                      p2c::test::report("GOOD", "2023-06-01", "in_progress", "'lots'") +
                                      p2c::test::report("GOOD", "2023-07-01", "in_progress", "4"));
  const std::string file = (dir / "r.sqlite").string();
  const RecordingSink pledges = read(dir / "r.sqlite", "pledges.pledges");
  REQUIRE(rows(pledges).size() == 1);
  CHECK(rows(pledges)[0].labels.at("pledge") == "GOOD");
  CHECK(pledges.rejections ==
        std::vector<std::string>{
            file + ": pledge 'BAD-DATE' field 'pledged_on': expected a date YYYY-MM-DD, found '2023-02-30'",
            file + ": pledge 'BAD-LIST' field 'implementation_economies': expected a JSON array of codes, found "
                   "'KEN,UGA' (not valid JSON at line 1, column 1: syntax error while parsing value - invalid literal; "
                   "last read: 'K')",
            file + ": pledge 'BAD-PIPE' field 'implementation_economies': expected a JSON array of codes, found "
                   "'[\"KEN|UGA\"]' (an item is empty or holds '|')",
            file + ": pledge 'BAD-VALUE' field 'value_usd': expected an amount >= 0, found -5.000000"});

  const RecordingSink reports = read(dir / "r.sqlite", "pledges.reports");
  CHECK(rows(reports).size() == 1);
  CHECK(reports.rejections ==
        std::vector<std::string>{
            file + ": report of pledge 'GOOD' dated '2023-06-01' field 'disbursed_usd': expected a number or NULL, "
                   "found text 'lots'",
            file + ": report of pledge 'GOOD' dated '2023-13-01' field 'reported_on': expected a date YYYY-MM-DD, "
                   "found '2023-13-01'"});
}

TEST_CASE("pledges source: lists are parsed strictly and bad text is quoted in part only") {
  TempDir dir;
  // 100,000 nested arrays in a list column, and a sector that is not UTF-8: a registry written by another program.
  PledgeRow deep{"DEEP", "2023-01-01", std::string(100000, '[') + std::string(100000, ']')};
  PledgeRow bad_text{"BAD-TEXT", "2023-01-01"};
  bad_text.sector = "' || CAST(X'FFFE' AS TEXT) || '";
  PledgeRow good{"GOOD", "2023-01-01", R"(["KEN"])", "10"};
  make_registry(dir / "r.sqlite", insert(deep) + insert(bad_text) + insert(good));
  const RecordingSink pledges = read(dir / "r.sqlite", "pledges.pledges");
  REQUIRE(rows(pledges).size() == 1);
  REQUIRE(pledges.rejections.size() == 2);
  CHECK_THAT(pledges.rejections[0], Catch::Contains("pledge 'BAD-TEXT' field 'sector': expected UTF-8 text, found "
                                                    "'\\xff\\xfe'"));
  CHECK_THAT(pledges.rejections[1], Catch::Contains("pledge 'DEEP' field 'implementation_economies'") &&
                                        Catch::Contains("nested deeper than 64 levels") &&
                                        Catch::Contains("(200000 bytes in all)"));
  CHECK(pledges.rejections[1].size() < 600);
}

TEST_CASE("pledges source: a missing registry fails naming the file and what to do, and is not created") {
  TempDir dir;
  const auto missing = dir / "out" / "pledges.sqlite";
  const std::string message = read_error(missing);
  CHECK_THAT(message, Catch::Contains("pledge registry '" + missing.string() + "': the file does not exist"));
  CHECK_THAT(message, Catch::Contains("run `p2c pledges import` to create the registry"));
  CHECK_FALSE(std::filesystem::exists(missing));
  CHECK_THAT(read_error(dir.path()), Catch::Contains("is a folder"));
}

TEST_CASE("pledges source: a database of another schema version is refused with what to do") {
  TempDir dir;
  p2c::test::execute_sql(dir / "empty.sqlite", "CREATE TABLE other (x);");
  CHECK_THAT(read_error(dir / "empty.sqlite"), Catch::Contains("holds no pledge registry (schema version 0)"));

  make_registry(dir / "new.sqlite", "PRAGMA user_version = 99;");
  CHECK_THAT(
      read_error(dir / "new.sqlite", "pledges.reports"),
      Catch::Contains("was written by a newer p2c (registry schema version 99") && Catch::Contains("update p2c"));

  dir.write("text.sqlite", "not a database at all, just text that is long enough to fill a header page");
  CHECK_THAT(read_error(dir / "text.sqlite"), Catch::Contains("not a readable SQLite database"));
}

TEST_CASE("pledges source: the registry is opened read-only") {
  TempDir dir;
  make_registry(dir / "r.sqlite", two_pledges());
  const auto before = p2c::test::read_file(dir / "r.sqlite");
  read(dir / "r.sqlite", "pledges.pledges");
  read(dir / "r.sqlite", "pledges.reports");
  CHECK(p2c::test::read_file(dir / "r.sqlite") == before);
  CHECK_FALSE(std::filesystem::exists(dir / "r.sqlite-journal"));
  CHECK_FALSE(std::filesystem::exists(dir / "r.sqlite-wal"));
}

TEST_CASE("pledges source: unknown series and bad options are refused") {
  CHECK_THROWS_WITH(read("x.sqlite", "pledges.other"), Catch::Contains("not 'pledges.other'"));
  CHECK_THROWS_WITH(p2c::plugins::PledgesSource(options("x.sqlite", 0)),
                    Catch::Contains("option 'batch_size' must be greater than 0"));
  CHECK_THROWS_WITH(p2c::plugins::PledgesSource(options("")), Catch::Contains("option 'database' must not be empty"));
}
