#include "sqlite_source.h"

#include <sqlite3.h>
#include <toml++/toml.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "recording_sink.h"
#include "temp_dir.h"

// Defined by P2C_PLUGIN in sqlite_source.cpp, which is compiled into this test.
namespace p2c_plugin_entry {
const p2c_plugin_info* get() noexcept;
}

namespace {

namespace fs = std::filesystem;
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
    for (std::size_t i = 0; i < batch.size(); ++i)
      out.push_back(Row{sink.entities.at(batch.entity[i]), batch.year[i], batch.value[i]});
  }
  return out;
}

const p2c_plugin_info& info() { return *p2c_plugin_entry::get(); }

// Creates the database `name` in `dir` and runs `sql` on it: a real SQLite file, as an operator would have.
std::string make_database(const TempDir& dir, const std::string& name, const std::string& sql) {
  const std::string path = (dir / name).string();
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_close(db);
    FAIL("cannot create test database " << path);
  }
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error != nullptr ? error : "unknown error";
    sqlite3_free(error);
    sqlite3_close(db);
    FAIL("cannot prepare test database " << path << ": " << message);
  }
  REQUIRE(sqlite3_close(db) == SQLITE_OK);
  return path;
}

// Internet use the way a statistics office might keep it: its own column names, a breakdown, gaps as NULL.
const std::string kInternetUse =
    "CREATE TABLE internet_use (iso3 TEXT, year INTEGER, sex TEXT, pct REAL, source TEXT);"
    "INSERT INTO internet_use VALUES ('KEN', 2017, 'total', 17.827, 'ITU'), ('KEN', 2017, 'female', 15.1, 'ITU'),"
    " ('KEN', 2018, 'total', NULL, 'ITU'), ('KEN', 2019, 'total', 29, 'ITU'), ('AFG', 2017, 'total', 11.4, 'ITU');";

using Overrides = std::vector<std::pair<std::string, p2c::OptionValue>>;

// Options as the host builds them: the schema's defaults, then the required options, then `overrides`.
p2c::Options make_options(const std::string& path, const std::string& query, const Overrides& overrides = {}) {
  p2c::Options options;
  for (std::uint32_t i = 0; i < info().option_count; ++i) {
    const p2c_option_spec& spec = info().options[i];
    if (spec.default_literal == nullptr) continue;
    const toml::table table = toml::parse(std::string("v = ") + spec.default_literal);
    if (spec.type == P2C_OPTION_INTEGER)
      options.set(spec.name, *table.get("v")->value<std::int64_t>());
    else
      options.set(spec.name, *table.get("v")->value<std::string>());
  }
  options.set("path", path);
  options.set("series", std::string("test.series"));
  options.set("query", query);
  for (const auto& [name, value] : overrides) options.set(name, value);
  return options;
}

RecordingSink read(const std::string& path, const std::string& query, const Overrides& overrides = {}) {
  p2c::plugins::SqliteSource source(make_options(path, query, overrides));
  RecordingSink sink;
  source.read("test.series", sink);
  return sink;
}

std::string read_error(const std::string& path, const std::string& query) {
  RecordingSink sink;
  try {
    p2c::plugins::SqliteSource source(make_options(path, query));
    source.read("test.series", sink);
  } catch (const std::exception& e) {
    CHECK(sink.batches.empty());
    return e.what();
  }
  return "(no exception)";
}

std::string construct_error(const Overrides& overrides) {
  try {
    p2c::plugins::SqliteSource source(make_options("unused.db", "SELECT 1, 2, 3", overrides));
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no exception)";
}

}  // namespace

TEST_CASE("sqlite source: plugin identity and option schema") {
  CHECK(std::string(info().name) == "sqlite");
  CHECK(std::string(info().version) == "1.0.0");
  CHECK(std::string(info().description) == "SQLite database: one series from an SQL query");
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
                                                      {"query", P2C_OPTION_STRING},
                                                      {"unit", P2C_OPTION_STRING},
                                                      {"batch_size", P2C_OPTION_INTEGER}});
  const p2c::Options defaults = make_options("data.db", "SELECT 1, 2, 3");
  CHECK(defaults.string("unit").empty());
  CHECK(defaults.integer("batch_size") == 4096);
}

TEST_CASE("sqlite source: describe names the one configured series") {
  const p2c::plugins::SqliteSource source(
      make_options("/data/stats.db", "SELECT 1, 2, 3", {{"unit", std::string("%")}}));
  const auto series = source.describe();
  REQUIRE(series.size() == 1);
  CHECK(series[0].id == "test.series");
  CHECK(series[0].unit == "%");
  CHECK(series[0].description == "SQLite database /data/stats.db");
}

TEST_CASE("sqlite source: the first three columns by position, NULL values skipped") {
  TempDir dir;
  const std::string path = make_database(dir, "stats.db", kInternetUse);
  const RecordingSink sink =
      read(path, "SELECT iso3, year, pct, source FROM internet_use WHERE sex = 'total' ORDER BY iso3 DESC, year");
  // An integer value (29) is a number like any other; KEN 2018 is NULL, no observation.
  CHECK(rows(sink) == std::vector<Row>{{"KEN", 2017, 17.827}, {"KEN", 2019, 29}, {"AFG", 2017, 11.4}});
  CHECK(sink.rejections.empty());
  REQUIRE(sink.batches.size() == 1);
  // Consecutive rows of one economy are looked up once.
  CHECK(sink.entity_lookups == 2);

  // Column names do not matter, positions do; SQL can compute the value.
  const RecordingSink computed =
      read(path, "SELECT lower(iso3) AS e, year + 1 AS y, pct / 100 FROM internet_use WHERE sex = 'female';");
  CHECK(rows(computed) == std::vector<Row>{{"ken", 2018, 0.151}});
}

TEST_CASE("sqlite source: integer economy codes, such as M49 numbers, arrive as text") {
  TempDir dir;
  const std::string path =
      make_database(dir, "sdg.db",
                    "CREATE TABLE sdg (geo_area INTEGER, year INTEGER, value REAL);"
                    "INSERT INTO sdg VALUES (4, 2017, 11.4), (404, 2017, 17.8);"
                    "CREATE TABLE m49 (m49 INTEGER, iso3 TEXT); INSERT INTO m49 VALUES (404, 'KEN');");
  CHECK(rows(read(path, "SELECT geo_area, year, value FROM sdg")) ==
        std::vector<Row>{{"4", 2017, 11.4}, {"404", 2017, 17.8}});
  // A join maps codes in the database itself; unmapped ones pass through.
  CHECK(rows(read(path, "SELECT coalesce(iso3, geo_area), year, value FROM sdg LEFT JOIN m49 ON m49 = geo_area")) ==
        std::vector<Row>{{"4", 2017, 11.4}, {"KEN", 2017, 17.8}});
}

TEST_CASE("sqlite source: unusable rows are rejected with the row number and the cell") {
  TempDir dir;
  // No column types, so each value keeps the storage class it was written with.
  const std::string path = make_database(dir, "bad.db",
                                         "CREATE TABLE t (n, economy, year, value);"
                                         "INSERT INTO t VALUES"
                                         " (1, 'ABW', 2020, 1.5),"
                                         " (2, NULL, 2020, 1),"
                                         " (3, '', 2020, 1),"
                                         " (4, '  ', 2020, 1),"
                                         " (5, 4.5, 2020, 1),"
                                         " (6, 'ABW', '2021', 1),"
                                         " (7, 'ABW', 2021.0, 1),"
                                         " (8, 'ABW', NULL, 1),"
                                         " (9, 'ABW', 1850, 1),"
                                         " (10, 'ABW', 2022, 'abc'),"
                                         " (11, 'ABW', 2022, '1.5'),"
                                         " (12, 'ABW', 2022, 9e999),"
                                         " (13, 'ABW', 2022, x'00ff'),"
                                         " (14, ' KEN ', 2023, -2);");
  const RecordingSink sink = read(path, "SELECT economy, year, value FROM t ORDER BY n");
  CHECK(rows(sink) == std::vector<Row>{{"ABW", 2020, 1.5}, {"KEN", 2023, -2}});
  const std::string at = path + ": row ";
  CHECK(sink.rejections == std::vector<std::string>{
                               at + "2 expected an economy code in column 'economy', found NULL",
                               at + "3 empty economy code in column 'economy'",
                               at + "4 empty economy code in column 'economy'",
                               at + "5 expected an economy code in column 'economy', found real 4.5",
                               at + "6 expected an integer year in column 'year', found text '2021'",
                               at + "7 expected an integer year in column 'year', found real 2021",
                               at + "8 expected an integer year in column 'year', found NULL",
                               at + "9 expected a year in column 'year', found 1850",
                               at + "10 expected a number in column 'value', found text 'abc'",
                               at + "11 expected a number in column 'value', found text '1.5'",
                               at + "12 expected a finite number in column 'value', found real inf",
                               at + "13 expected a number in column 'value', found a blob of 2 bytes",
                           });
  // The query decides: a CAST turns text years into integers.
  const RecordingSink cast = read(path, "SELECT economy, CAST(year AS INTEGER), value FROM t WHERE n IN (6, 7)");
  CHECK(rows(cast) == std::vector<Row>{{"ABW", 2021, 1}, {"ABW", 2021, 1}});
}

TEST_CASE("sqlite source: SQL errors throw with SQLite's message and the query") {
  TempDir dir;
  const std::string path = make_database(dir, "stats.db", kInternetUse);
  const std::string tail = "; check the `query` option (query: ";
  CHECK(read_error(path, "SELEC iso3, year, pct FROM internet_use") ==
        path + ": SQL error: near \"SELEC\": syntax error" + tail + "SELEC iso3, year, pct FROM internet_use)");
  CHECK(read_error(path, "SELECT iso3, year, pct FROM internet") ==
        path + ": SQL error: no such table: internet" + tail + "SELECT iso3, year, pct FROM internet)");
  CHECK(read_error(path, "SELECT iso3, yr, pct FROM internet_use") ==
        path + ": SQL error: no such column: yr" + tail + "SELECT iso3, yr, pct FROM internet_use)");
  CHECK(read_error(path, "SELECT iso3, year FROM internet_use") ==
        path + ": the query yields 2 column(s); expected at least three: economy, year, value" + tail +
            "SELECT iso3, year FROM internet_use)");
  CHECK(read_error(path, "SELECT iso3, year, pct FROM internet_use; DELETE FROM internet_use") ==
        path + ": the query holds more than one SQL statement; give exactly one SELECT" + tail +
            "SELECT iso3, year, pct FROM internet_use; DELETE FROM internet_use)");
  CHECK(read_error(path, "DELETE FROM internet_use RETURNING iso3, year, pct") ==
        path + ": the query would change the database; give a SELECT" + tail +
            "DELETE FROM internet_use RETURNING iso3, year, pct)");
  CHECK(read_error(path, "-- nothing") == path + ": the query holds no SQL statement" + tail + "-- nothing)");
  // Errors while stepping, not only while preparing, are reported the same way.
  CHECK(read_error(path, "SELECT iso3, year, abs(-9223372036854775807 - 1) FROM internet_use") ==
        path + ": SQL error: integer overflow" + tail +
            "SELECT iso3, year, abs(-9223372036854775807 - 1) FROM internet_use)");
  // Trailing semicolons and comments are no second statement.
  CHECK(rows(read(path, "SELECT iso3, year, pct FROM internet_use WHERE sex = 'female'; -- Kenya only\n;")) ==
        std::vector<Row>{{"KEN", 2017, 15.1}});
}

TEST_CASE("sqlite source: the database is opened read-only and never created") {
  TempDir dir;
  const std::string absent = (dir / "absent.db").string();
  CHECK(read_error(absent, "SELECT 1, 2, 3") ==
        "cannot open '" + absent + "': No such file or directory; check the `path` option of this source");
  CHECK_FALSE(fs::exists(absent));
  CHECK(read_error(dir.path().string(), "SELECT 1, 2, 3") ==
        "cannot open '" + dir.path().string() + "': Is a directory; check the `path` option of this source");

  const std::string text = dir.write("notes.db", "economy,year,value\nKEN,2020,1\n").string();
  CHECK(read_error(text, "SELECT 'KEN', 2020, 1") ==
        "cannot open '" + text + "': file is not a database; check the `path` option of this source");
  // An empty file is an empty database: the query finds no table.
  const std::string empty = dir.write("empty.db", "").string();
  CHECK(read_error(empty, "SELECT * FROM t") ==
        empty + ": SQL error: no such table: t; check the `query` option (query: SELECT * FROM t)");

  // A query that would write is refused before it runs; the file stays as it was.
  const std::string path = make_database(dir, "stats.db", kInternetUse);
  const std::string before = p2c::test::read_file(path);
  CHECK(read_error(path, "INSERT INTO internet_use VALUES ('X', 1, 2, 3, 4)").find("the query would change") !=
        std::string::npos);
  CHECK(rows(read(path, "SELECT iso3, year, pct FROM internet_use WHERE sex = 'female'")).size() == 1);
  CHECK(p2c::test::read_file(path) == before);
  CHECK(p2c::test::folder_entries(dir.path()) == std::vector<std::string>{"empty.db", "notes.db", "stats.db"});
}

TEST_CASE("sqlite source: small batches carry the same observations") {
  TempDir dir;
  const std::string path = make_database(dir, "stats.db", kInternetUse);
  const std::string query = "SELECT iso3, year, pct FROM internet_use ORDER BY rowid";
  const RecordingSink whole = read(path, query);
  const RecordingSink pieces = read(path, query, {{"batch_size", std::int64_t{2}}});
  std::vector<std::size_t> sizes;
  for (const auto& batch : pieces.batches) sizes.push_back(batch.size());
  CHECK(sizes == std::vector<std::size_t>{2, 2});
  CHECK(rows(pieces) == rows(whole));
  CHECK(rows(whole).size() == 4);
}

TEST_CASE("sqlite source: the constructor rejects option values the schema cannot check") {
  CHECK(construct_error({{"series", std::string()}}) == "option 'series' must not be empty");
  CHECK(construct_error({{"query", std::string(" \t")}}) == "option 'query' must not be empty");
  CHECK(construct_error({{"batch_size", std::int64_t{0}}}) == "option 'batch_size' must be greater than 0, found 0");
  // Nothing is opened before read(): a missing database does not fail construction.
  CHECK(construct_error({}) == "(no exception)");
}

TEST_CASE("sqlite source: read refuses a series it does not deliver") {
  p2c::plugins::SqliteSource source(make_options("unused.db", "SELECT 1, 2, 3"));
  RecordingSink sink;
  CHECK_THROWS_WITH(source.read("other.series", sink),
                    "this source delivers the series 'test.series', not 'other.series'");
}

TEST_CASE("sqlite source: through the plugin ABI, errors come back as messages") {
  TempDir dir;
  const std::string path = make_database(dir, "stats.db", kInternetUse);
  p2c_error error{};

  const p2c::Options bad = make_options(path, "SELECT 1, 2, 3", {{"batch_size", std::int64_t{-1}}});
  CHECK(info().create(&bad, &error) == nullptr);
  CHECK(std::string(error.message) == "option 'batch_size' must be greater than 0, found -1");

  const p2c::Options good = make_options(path, "SELECT iso3, year, pct FROM internet_use WHERE sex = 'female'");
  void* instance = info().create(&good, &error);
  REQUIRE(instance != nullptr);
  std::vector<p2c::SeriesInfo> series;
  CHECK(info().source->describe(instance, &series, &error) == 0);
  CHECK(series.size() == 1);
  RecordingSink sink;
  CHECK(info().source->read(instance, "test.series", &sink, &error) == 0);
  CHECK(rows(sink) == std::vector<Row>{{"KEN", 2017, 15.1}});
  info().destroy(instance);

  const p2c::Options broken = make_options(path, "SELECT * FROM nowhere");
  instance = info().create(&broken, &error);
  REQUIRE(instance != nullptr);
  CHECK(info().source->read(instance, "test.series", &sink, &error) != 0);
  CHECK(std::string(error.message) ==
        path + ": SQL error: no such table: nowhere; check the `query` option (query: SELECT * FROM nowhere)");
  info().destroy(instance);
}
