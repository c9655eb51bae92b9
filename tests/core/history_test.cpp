// Run history: storing runs in SQLite, reading them back, naming and comparing them.
#include "history.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <tuple>

#include "temp_dir.h"

using p2c::host::History;

namespace {

p2c::MetricInfo metric_info(std::string name, std::string unit) {
  p2c::MetricInfo info;
  info.name = std::move(name);
  info.title = "Title of " + info.name;
  info.unit = std::move(unit);
  info.description = "A \"quoted\" description";
  info.focus_area = p2c::FocusArea::adoption;
  info.wsis_lines = {"C2", "C3"};
  info.sdg_indicators = {"17.8.1"};
  info.direction = p2c::Direction::higher_is_better;
  info.target = 100;
  info.target_year = 2030;
  info.aggregation = p2c::Aggregation::population_weighted_mean;
  return info;
}

p2c::Record record(std::uint32_t metric, p2c::EntityId entity, std::int32_t year, std::optional<double> value,
                   p2c::Status status = p2c::Status::none) {
  p2c::Record r;
  r.metric = metric;
  r.entity = entity;
  r.year = year;
  r.value = value;
  r.status = status;
  if (!value) r.reason = "no data";
  return r;
}

// Run A: users KEN 2022 = 33, KEN 2023 = 35 (on track), UGA 2023 = 27, WLD 2023 group value, offline KEN 2023.
p2c::RunReport report_a() {
  p2c::RunReport report;
  report.run_id = "20261130T010000Z-aaaa";
  report.started_at = "2026-11-30T01:00:00Z";
  report.duration_seconds = 0.25;
  report.entity_codes = {"KEN", "UGA", "WLD"};
  report.catalogue = {{"sdg_17_8.internet_users", "sdg_17_8", metric_info("internet_users", "%")},
                      {"sdg_17_8.offline_population", "sdg_17_8", metric_info("offline_population", "people")}};
  report.catalogue[1].info.target.reset();
  report.catalogue[1].info.wsis_lines.clear();
  report.catalogue[1].info.aggregation = p2c::Aggregation::sum;
  report.records.push_back(record(0, 0, 2022, 33));
  report.records.push_back(record(0, 0, 2023, 35, p2c::Status::on_track));
  report.records.push_back(record(0, 1, 2023, 27));
  auto group = record(0, 2, 2023, 67.5);
  group.entity_kind = p2c::EntityKind::group;
  group.coverage = p2c::Coverage{150, 193, 0.875, 120, 0.75};
  group.flags = p2c::flag_estimated | p2c::flag_imputed;
  report.records.push_back(group);
  report.records.push_back(record(1, 0, 2023, std::nullopt));
  report.failures = {{"population", "cannot open 'pop.csv'"}};
  return report;
}

// Run B: KEN 2023 = 36 and off track, UGA 2023 = 27 (same), KEN 2022 gone, WLD 2023 = 67.5 (same),
// offline KEN 2023 now has a value, UGA 2024 = 30 new.
p2c::RunReport report_b() {
  p2c::RunReport report = report_a();
  report.run_id = "20261130T020000Z-bbbb";
  report.started_at = "2026-11-30T02:00:00Z";
  report.failures.clear();
  report.records.erase(report.records.begin());  // KEN 2022
  report.records[0].value = 36;                  // KEN 2023
  report.records[0].status = p2c::Status::off_track;
  report.records[3].value = 19000000;  // offline KEN 2023
  report.records[3].reason.clear();
  report.records.push_back(record(0, 1, 2024, 30));
  return report;
}

p2c::host::Config config_with(std::string text) {
  p2c::host::Config config;
  config.path = "/etc/p2c/p2c.toml";
  config.text = std::move(text);
  return config;
}

// The first column of the first row of `sql`, read by `read(statement)`.
template <typename Read>
auto query_first(const std::filesystem::path& file, const std::string& sql, Read read) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
  auto value = read(statement);
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return value;
}

std::int64_t query_int(const std::filesystem::path& file, const std::string& sql) {
  return query_first(file, sql, [](sqlite3_stmt* statement) { return sqlite3_column_int64(statement, 0); });
}

std::string query_text(const std::filesystem::path& file, const std::string& sql) {
  return query_first(file, sql, [](sqlite3_stmt* statement) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    return std::string(text == nullptr ? "" : text);
  });
}

void exec(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
  CHECK(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

// `metrics` metrics x `entities` entities x `years` years; entity 0 is a group with coverage, and every tenth
// economy-year has no value. Values differ per metric, entity and year.
p2c::RunReport synthetic_report(std::string run_id, std::string started_at, int metrics = 20, int entities = 200,
                                int years = 20) {
  p2c::RunReport report;
  report.run_id = std::move(run_id);
  report.started_at = std::move(started_at);
  for (int e = 0; e < entities; ++e) report.entity_codes.push_back(fmt::format("E{:03}", e));
  for (int m = 0; m < metrics; ++m)
    report.catalogue.push_back(
        {fmt::format("synthetic.metric_{:02}", m), "synthetic", metric_info(fmt::format("metric_{:02}", m), "%")});
  for (int m = 0; m < metrics; ++m)
    for (int e = 0; e < entities; ++e)
      for (int y = 0; y < years; ++y) {
        std::optional<double> value = m * 1e6 + e * 100 + y + 0.25;
        if ((e + y) % 10 == 9) value.reset();
        auto r = record(static_cast<std::uint32_t>(m), static_cast<p2c::EntityId>(e), 2000 + y, value,
                        y == years - 1 ? p2c::Status::on_track : p2c::Status::none);
        if (e == 0) {
          r.entity_kind = p2c::EntityKind::group;
          r.coverage = p2c::Coverage{150, 193, 0.875, 120, 0.75};
          r.flags = p2c::flag_estimated;
        }
        report.records.push_back(r);
      }
  return report;
}

// The same report under another id, started `hours` later.
p2c::RunReport rerun(p2c::RunReport report, const std::string& run_id, const std::string& started_at) {
  report.run_id = run_id;
  report.started_at = started_at;
  return report;
}

void change_metric(p2c::RunReport& report, std::uint32_t metric, double by) {
  for (auto& r : report.records)
    if (r.metric == metric && r.value) *r.value += by;
}

// The database's size as a checkpoint would leave it: pages in the file and in the WAL.
std::int64_t database_bytes(const std::filesystem::path& file) {
  return query_int(file, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
}

p2c::host::Config config_keeping(int runs, int days) {
  auto config = config_with("");
  config.retention = {runs, days};
  return config;
}

std::vector<std::string> run_ids(const History& history) {
  std::vector<std::string> ids;
  for (const auto& run : history.runs()) ids.push_back(run.id);
  return ids;
}

std::chrono::system_clock::time_point utc(int year, unsigned month, unsigned day) {
  return std::chrono::sys_days{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}};
}

void check_same_results(const std::vector<p2c::host::StoredResult>& a, const std::vector<p2c::host::StoredResult>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO("result " << i << ": " << a[i].metric << " " << a[i].entity << " " << a[i].year);
    CHECK(a[i].metric == b[i].metric);
    CHECK(a[i].entity == b[i].entity);
    CHECK(a[i].entity_kind == b[i].entity_kind);
    CHECK(a[i].year == b[i].year);
    CHECK(a[i].value == b[i].value);
    CHECK(a[i].unit == b[i].unit);
    CHECK(a[i].status == b[i].status);
    CHECK(a[i].coverage.has_value() == b[i].coverage.has_value());
    if (a[i].coverage && b[i].coverage) {
      CHECK(a[i].coverage->members_with_data == b[i].coverage->members_with_data);
      CHECK(a[i].coverage->members_observed == b[i].coverage->members_observed);
      CHECK(a[i].coverage->observed_population_share == b[i].coverage->observed_population_share);
    }
    CHECK(a[i].flags == b[i].flags);
    CHECK(a[i].reason == b[i].reason);
  }
}

// The schema of versions 1 and 2, as those p2c versions created it (migrations 1 and 2, verbatim).
constexpr const char* schema_version_1 = R"sql(
CREATE TABLE runs (
  id               TEXT PRIMARY KEY,
  started_at       TEXT NOT NULL,     -- ISO 8601 UTC
  duration_seconds REAL NOT NULL,
  config_path      TEXT NOT NULL,
  config_hash      TEXT NOT NULL,     -- FNV-1a 64-bit of the config text, 16 hex digits
  plugins          TEXT NOT NULL,     -- JSON object: plugin name -> version
  records          INTEGER NOT NULL,
  failures         INTEGER NOT NULL
);
CREATE TABLE results (
  run_id            TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  metric            TEXT NOT NULL,
  entity            TEXT NOT NULL,
  entity_kind       TEXT NOT NULL,   -- economy or group
  year              INTEGER NOT NULL,
  value             REAL,            -- NULL: no value, see reason
  unit              TEXT NOT NULL,
  status            TEXT,            -- NULL: none
  members_with_data INTEGER,         -- coverage: NULL for economies
  members           INTEGER,
  population_share  REAL,
  flags             TEXT,            -- ';'-separated names; NULL: none
  reason            TEXT             -- NULL: none
);
CREATE INDEX results_by_key ON results(run_id, metric, entity, year);
CREATE TABLE failures (
  run_id   TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  instance TEXT NOT NULL,
  message  TEXT NOT NULL
);
CREATE INDEX failures_by_run ON failures(run_id);
CREATE TABLE metrics (
  run_id         TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  id             TEXT NOT NULL,
  plugin         TEXT NOT NULL,
  name           TEXT NOT NULL,
  title          TEXT NOT NULL,
  unit           TEXT NOT NULL,
  description    TEXT NOT NULL,
  focus_area     TEXT NOT NULL,
  wsis_lines     TEXT NOT NULL,      -- JSON array
  sdg_indicators TEXT NOT NULL,      -- JSON array
  direction      TEXT NOT NULL,
  target         REAL,               -- NULL: no agreed target
  target_year    INTEGER NOT NULL,
  aggregation    TEXT NOT NULL,
  PRIMARY KEY (run_id, id)
);
PRAGMA user_version = 1;
)sql";

constexpr const char* migration_2 = R"sql(
ALTER TABLE results ADD COLUMN members_observed INTEGER;
ALTER TABLE results ADD COLUMN observed_population_share REAL;
UPDATE results SET members_observed = members_with_data, observed_population_share = population_share
  WHERE members_with_data IS NOT NULL;
UPDATE results SET flags = trim(replace(';' || flags || ';', ';estimate;', ';estimated;'), ';')
  WHERE ';' || flags || ';' LIKE '%;estimate;%';
PRAGMA user_version = 2;
)sql";

// An old-layout database `file` (version 1, or 2 with `version_2`) holding the runs of the current-layout
// database `source`, copied through its `results` and `metrics` views.
void legacy_copy(const std::filesystem::path& source, const std::filesystem::path& file, bool version_2) {
  exec(file, schema_version_1);
  if (version_2) exec(file, migration_2);
  const std::string columns = version_2 ? "*"
                                        : "run_id, metric, entity, entity_kind, year, value, unit, status, "
                                          "members_with_data, members, population_share, flags, reason";
  exec(file,
       "ATTACH '" + source.string() +
           "' AS source; BEGIN; INSERT INTO runs SELECT * FROM source.runs; "
           "INSERT INTO results SELECT " +
           columns +
           " FROM source.results ORDER BY run_id, metric, entity, year; "
           "INSERT INTO failures SELECT * FROM source.failures; INSERT INTO metrics SELECT * FROM source.metrics; "
           "COMMIT; DETACH source");
}

}  // namespace

TEST_CASE("config_hash is FNV-1a 64-bit as 16 hex digits", "[history]") {
  CHECK(p2c::host::config_hash("") == "cbf29ce484222325");
  CHECK(p2c::host::config_hash("a") == "af63dc4c8601ec8c");
  CHECK(p2c::host::config_hash("foobar") == "85944171f73967e8");
}

TEST_CASE("a recorded run reads back field by field", "[history]") {
  p2c::test::TempDir dir;
  const auto file = dir / "nested/folder/history.sqlite";
  History history(file);
  CHECK(std::filesystem::exists(file));
  CHECK(history.migrations_applied() == History::latest_version());
  history.record(report_a(), config_with("[run]\n"), {{"sdg_17_8", "1.2.0"}, {"csv", "0.3.0"}});

  const auto runs = history.runs();
  REQUIRE(runs.size() == 1);
  const auto& run = runs[0];
  CHECK(run.id == "20261130T010000Z-aaaa");
  CHECK(run.started_at == "2026-11-30T01:00:00Z");
  CHECK(run.duration_seconds == 0.25);
  CHECK(run.config_path == "/etc/p2c/p2c.toml");
  CHECK(run.config_hash == p2c::host::config_hash("[run]\n"));
  CHECK(run.config_hash.size() == 16);
  CHECK(run.plugins == p2c::host::PluginVersions{{"csv", "0.3.0"}, {"sdg_17_8", "1.2.0"}});
  CHECK(run.records == 5);
  CHECK(run.failures == 1);

  const auto results = history.results(run.id);
  REQUIRE(results.size() == 5);  // by metric, entity, year
  CHECK(results[0].metric == "sdg_17_8.internet_users");
  CHECK(results[0].entity == "KEN");
  CHECK(results[0].entity_kind == "economy");
  CHECK(results[0].year == 2022);
  CHECK(results[0].value == 33);
  CHECK(results[0].unit == "%");
  CHECK(results[0].status.empty());
  CHECK_FALSE(results[0].coverage);
  CHECK(results[0].flags.empty());
  CHECK(results[0].reason.empty());
  CHECK(results[1].status == "on_track");
  const auto& group = results[3];
  CHECK(group.entity == "WLD");
  CHECK(group.entity_kind == "group");
  CHECK(group.value == 67.5);
  REQUIRE(group.coverage);
  CHECK(group.coverage->members_with_data == 150);
  CHECK(group.coverage->members == 193);
  CHECK(group.coverage->population_share == 0.875);
  CHECK(group.coverage->members_observed == 120);
  CHECK(group.coverage->observed_population_share == 0.75);
  CHECK(group.flags == "estimated;imputed");
  const auto& missing = results[4];
  CHECK(missing.metric == "sdg_17_8.offline_population");
  CHECK_FALSE(missing.value);
  CHECK(missing.unit == "people");
  CHECK(missing.reason == "no data");

  const auto failures = history.failures(run.id);
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].instance == "population");
  CHECK(failures[0].message == "cannot open 'pop.csv'");

  const auto metrics = history.metrics(run.id);
  REQUIRE(metrics.size() == 2);
  const auto& users = metrics[0];
  CHECK(users.id == "sdg_17_8.internet_users");
  CHECK(users.plugin == "sdg_17_8");
  CHECK(users.name == "internet_users");
  CHECK(users.title == "Title of internet_users");
  CHECK(users.unit == "%");
  CHECK(users.description == "A \"quoted\" description");
  CHECK(users.focus_area == "adoption");
  CHECK(users.wsis_lines == std::vector<std::string>{"C2", "C3"});
  CHECK(users.sdg_indicators == std::vector<std::string>{"17.8.1"});
  CHECK(users.direction == "higher_is_better");
  CHECK(users.target == 100);
  CHECK(users.target_year == 2030);
  CHECK(users.aggregation == "population_weighted_mean");
  CHECK(metrics[1].wsis_lines.empty());
  CHECK_FALSE(metrics[1].target);
  CHECK(metrics[1].aggregation == "sum");
}

TEST_CASE("stored_contents is what the history reads back once the run is recorded", "[history]") {
  p2c::test::TempDir dir;
  History history(dir / "history.sqlite");
  const auto config = config_with("[run]\n");
  const p2c::host::PluginVersions plugins{{"sdg_17_8", "1.2.0"}};
  // Records out of key order, as the engine writes them: the contents are in the history's order all the same.
  p2c::RunReport report = report_a();
  std::reverse(report.records.begin(), report.records.end());
  history.record(report, config, plugins);
  const auto contents = p2c::host::stored_contents(report, config, plugins);

  const auto run = history.run("latest");
  CHECK(contents.run.id == run.id);
  CHECK(contents.run.started_at == run.started_at);
  CHECK(contents.run.duration_seconds == run.duration_seconds);
  CHECK(contents.run.config_path == run.config_path);
  CHECK(contents.run.config_hash == run.config_hash);
  CHECK(contents.run.plugins == run.plugins);
  CHECK(contents.run.records == run.records);
  CHECK(contents.run.failures == run.failures);
  check_same_results(contents.results, history.results(run.id));
  const auto metrics = history.metrics(run.id);
  REQUIRE(contents.metrics.size() == metrics.size());
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    INFO("metric " << metrics[i].id);
    const auto& a = contents.metrics[i];
    const auto& b = metrics[i];
    CHECK(std::tie(a.id, a.plugin, a.name, a.title, a.unit, a.description, a.focus_area, a.wsis_lines, a.sdg_indicators,
                   a.direction, a.target, a.target_year, a.aggregation) ==
          std::tie(b.id, b.plugin, b.name, b.title, b.unit, b.description, b.focus_area, b.wsis_lines, b.sdg_indicators,
                   b.direction, b.target, b.target_year, b.aggregation));
  }
}

TEST_CASE("compare reports changed values, added and removed results, and status changes", "[history]") {
  p2c::test::TempDir dir;
  History history(dir / "history.sqlite");
  history.record(report_a(), config_with("a"), {});
  history.record(report_b(), config_with("b"), {});

  const auto c = history.compare("previous", "latest");
  CHECK(c.a.id == "20261130T010000Z-aaaa");
  CHECK(c.b.id == "20261130T020000Z-bbbb");
  CHECK(c.a.config_hash != c.b.config_hash);
  REQUIRE(c.changed.size() == 2);
  // A value that appeared sorts first, then the largest absolute difference.
  CHECK(c.changed[0].key.metric == "sdg_17_8.offline_population");
  CHECK_FALSE(c.changed[0].before);
  CHECK(c.changed[0].after == 19000000);
  CHECK_FALSE(c.changed[0].difference);
  CHECK(c.changed[1].key.metric == "sdg_17_8.internet_users");
  CHECK(c.changed[1].key.entity == "KEN");
  CHECK(c.changed[1].key.year == 2023);
  CHECK(c.changed[1].before == 35);
  CHECK(c.changed[1].after == 36);
  CHECK(c.changed[1].difference == 1);
  REQUIRE(c.status_changed.size() == 1);
  CHECK(c.status_changed[0].key.entity == "KEN");
  CHECK(c.status_changed[0].before == "on_track");
  CHECK(c.status_changed[0].after == "off_track");
  REQUIRE(c.only_in_a.size() == 1);
  CHECK(c.only_in_a[0].key.entity == "KEN");
  CHECK(c.only_in_a[0].key.year == 2022);
  CHECK(c.only_in_a[0].value == 33);
  REQUIRE(c.only_in_b.size() == 1);
  CHECK(c.only_in_b[0].key.entity == "UGA");
  CHECK(c.only_in_b[0].key.year == 2024);
  CHECK(c.unchanged == 2);  // UGA 2023, WLD 2023

  const auto same = history.compare("latest", "latest");
  CHECK(same.changed.empty());
  CHECK(same.status_changed.empty());
  CHECK(same.only_in_a.empty());
  CHECK(same.only_in_b.empty());
  CHECK(same.unchanged == 5);
}

TEST_CASE("records in any order are all stored, and compare equal to the same records in order", "[history]") {
  p2c::test::TempDir dir;
  History history(dir / "history.sqlite");
  history.record(report_a(), config_with(""), {});
  auto reversed = report_a();
  reversed.run_id = "20261130T030000Z-rrrr";
  std::reverse(reversed.records.begin(), reversed.records.end());
  std::reverse(reversed.catalogue.begin(), reversed.catalogue.end());  // and the metric indexes with it
  for (auto& r : reversed.records) r.metric = 1 - r.metric;
  history.record(reversed, config_with(""), {});
  CHECK(history.results("latest").size() == 5);
  const auto c = history.compare("previous", "latest");
  CHECK(c.unchanged == 5);
  CHECK(c.changed.empty());
  CHECK(c.status_changed.empty());
  CHECK(c.only_in_a.empty());
  CHECK(c.only_in_b.empty());
}

TEST_CASE("runs are named by id, unique prefix, latest or previous", "[history]") {
  p2c::test::TempDir dir;
  History history(dir / "history.sqlite");
  CHECK_THROWS_AS(history.resolve("latest"), p2c::host::UnknownRunError);
  history.record(report_a(), config_with(""), {});
  CHECK(history.resolve("latest") == "20261130T010000Z-aaaa");
  CHECK_THROWS_WITH(history.resolve("previous"), Catch::Contains("fewer than two runs"));
  history.record(report_b(), config_with(""), {});

  const auto runs = history.runs();
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].id == "20261130T020000Z-bbbb");  // newest first
  CHECK(runs[1].id == "20261130T010000Z-aaaa");
  CHECK(history.resolve("latest") == "20261130T020000Z-bbbb");
  CHECK(history.resolve("previous") == "20261130T010000Z-aaaa");
  CHECK(history.resolve("20261130T010000Z-aaaa") == "20261130T010000Z-aaaa");
  CHECK(history.resolve("20261130T02") == "20261130T020000Z-bbbb");
  CHECK_THROWS_WITH(history.resolve("20261130T0"), Catch::Contains("matches 2 runs"));
  CHECK_THROWS_WITH(history.resolve("2027"), Catch::Contains("there is no run '2027'"));
  CHECK_THROWS_AS(history.resolve("%"), p2c::host::UnknownRunError);  // no LIKE wildcards
  CHECK(history.run("20261130T01").id == "20261130T010000Z-aaaa");
}

TEST_CASE("runs started in the same second list in recording order, newest first", "[history]") {
  p2c::test::TempDir dir;
  History history(dir / "history.sqlite");
  auto first = report_a();
  auto second = report_a();
  second.run_id = "20261130T010000Z-0000";  // sorts before the first by id, but was stored after it
  history.record(first, config_with(""), {});
  history.record(second, config_with(""), {});
  CHECK(history.resolve("latest") == "20261130T010000Z-0000");
  CHECK(history.resolve("previous") == "20261130T010000Z-aaaa");
}

TEST_CASE("a database from a newer p2c is refused", "[history]") {
  p2c::test::TempDir dir;
  const auto file = dir / "history.sqlite";
  { History history(file); }
  exec(file, "PRAGMA user_version = " + std::to_string(History::latest_version() + 1));
  CHECK_THROWS_WITH(History{file},
                    Catch::Contains("has schema version " + std::to_string(History::latest_version() + 1)) &&
                        Catch::Contains("written by a newer p2c"));
}

TEST_CASE("a file that is not a database, or a missing one opened as existing, is refused", "[history]") {
  p2c::test::TempDir dir;
  const auto text = dir.write("notes.txt", "this is not an SQLite database, just some text long enough\n");
  CHECK_THROWS_AS(History{text}, p2c::host::HistoryError);
  CHECK_THROWS_WITH((History{dir / "none.sqlite", History::Open::existing}), Catch::Contains("no run history"));
  CHECK_FALSE(std::filesystem::exists(dir / "none.sqlite"));
}

TEST_CASE("a failing record leaves the database as it was", "[history]") {
  p2c::test::TempDir dir;
  const auto file = dir / "history.sqlite";
  History history(file);
  history.record(report_a(), config_with(""), {});

  SECTION("a record outside the catalogue, after some rows were inserted") {
    auto bad = report_b();
    bad.records.back().metric = 7;
    CHECK_THROWS_AS(history.record(bad, config_with(""), {}), std::out_of_range);
  }
  SECTION("a failure that does not fit the table") {
    auto bad = report_b();
    bad.failures = {{"x", "first"}};
    // Make the last insert fail inside the database: a trigger rejects this failure's message.
    exec(file,
         "CREATE TRIGGER reject BEFORE INSERT ON failures WHEN NEW.message = 'first' "
         "BEGIN SELECT RAISE(ABORT, 'rejected by test'); END");
    CHECK_THROWS_WITH(history.record(bad, config_with(""), {}), Catch::Contains("rejected by test"));
  }
  SECTION("a run id already stored") {
    CHECK_THROWS_WITH(history.record(report_a(), config_with(""), {}), Catch::Contains("already stored"));
  }

  CHECK(history.runs().size() == 1);
  CHECK(query_int(file, "SELECT count(*) FROM runs") == 1);
  CHECK(query_int(file, "SELECT count(*) FROM results") == 5);
  CHECK(query_int(file, "SELECT count(*) FROM metrics") == 2);
  CHECK(query_int(file, "SELECT count(*) FROM failures") == 1);
  // Still usable afterwards.
  auto good = report_b();
  good.run_id = "20261130T030000Z-cccc";
  good.failures.clear();
  history.record(good, config_with(""), {});
  CHECK(history.runs().size() == 2);
}

TEST_CASE("reopening an existing database migrates nothing and keeps its runs", "[history]") {
  p2c::test::TempDir dir;
  const auto file = dir / "history.sqlite";
  {
    History history(file);
    CHECK(history.migrations_applied() == History::latest_version());
    history.record(report_a(), config_with(""), {{"csv", "1"}});
  }
  History again(file, History::Open::existing);
  CHECK(again.migrations_applied() == 0);
  const auto runs = again.runs();
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].plugins.at("csv") == "1");
  CHECK(again.results("latest").size() == 5);
  CHECK(History::latest_version() == 4);
  CHECK(query_int(file, "PRAGMA user_version") == 4);
  CHECK(query_int(file, "SELECT journal_mode = 'wal' FROM pragma_journal_mode") == 1);
}

TEST_CASE("a version 1 database gains the observed coverage columns and keeps its runs", "[history]") {
  p2c::test::TempDir dir;
  const auto current = dir / "current.sqlite";
  {
    History history(current);
    history.record(report_a(), config_with(""), {});
  }
  // The version 1 layout and flag names, as a p2c of that version left it.
  const auto file = dir / "history.sqlite";
  legacy_copy(current, file, false);
  exec(file,
       "UPDATE results SET flags = 'estimate;low_coverage' WHERE entity = 'WLD'; "
       "UPDATE results SET flags = 'estimate' WHERE entity = 'KEN' AND year = 2022");
  History again(file, History::Open::existing);
  CHECK(again.migrations_applied() == 3);
  CHECK(query_int(file, "PRAGMA user_version") == History::latest_version());
  const auto results = again.results("latest");
  REQUIRE(results.size() == 5);
  REQUIRE(results[3].coverage);
  CHECK(results[3].coverage->members_with_data == 150);
  // Version 1 had no estimates: what it counted was observed.
  CHECK(results[3].coverage->members_observed == 150);
  CHECK(results[3].coverage->observed_population_share == 0.875);
  CHECK(results[3].flags == "estimated;low_coverage");
  CHECK(results[0].flags == "estimated");
  CHECK_FALSE(results[1].coverage);
  again.record(report_b(), config_with(""), {});
  CHECK(again.results("latest").size() == report_b().records.size());
}

TEST_CASE("a version 2 database moves to value sets with the same results, metrics and comparisons", "[history]") {
  p2c::test::TempDir dir;
  const auto current = dir / "current.sqlite";
  History expected(current);
  expected.record(report_a(), config_with("a"), {{"csv", "1"}});
  expected.record(report_b(), config_with("b"), {});
  expected.record(rerun(report_a(), "20261130T030000Z-cccc", "2026-11-30T03:00:00Z"), config_with("a"), {});
  const auto file = dir / "history.sqlite";
  legacy_copy(current, file, true);
  CHECK(query_int(file, "SELECT count(*) FROM results") == 15);

  History migrated(file, History::Open::existing);
  CHECK(migrated.migrations_applied() == 2);
  CHECK(query_int(file, "PRAGMA user_version") == History::latest_version());
  CHECK(run_ids(migrated) == run_ids(expected));
  for (const auto& run : expected.runs()) {
    INFO(run.id);
    check_same_results(migrated.results(run.id), expected.results(run.id));
    CHECK(migrated.failures(run.id).size() == expected.failures(run.id).size());
    const auto metrics = migrated.metrics(run.id);
    REQUIRE(metrics.size() == 2);
    CHECK(metrics[0].wsis_lines == std::vector<std::string>{"C2", "C3"});
    CHECK_FALSE(metrics[1].target);
  }
  CHECK(migrated.run("20261130T010000Z-aaaa").plugins.at("csv") == "1");
  const auto c = migrated.compare("20261130T010000Z-aaaa", "20261130T020000Z-bbbb");
  CHECK(c.changed.size() == 2);
  CHECK(c.status_changed.size() == 1);
  CHECK(c.only_in_a.size() == 1);
  CHECK(c.only_in_b.size() == 1);
  CHECK(c.unchanged == 2);
  // Runs a and c are identical: one value set per metric serves both, as when recorded anew.
  CHECK(query_int(file, "SELECT count(*) FROM value_sets") == query_int(current, "SELECT count(*) FROM value_sets"));
  CHECK(query_int(file, "SELECT count(*) FROM catalogue_entries") == 2);
  CHECK(query_int(file, "SELECT count(*) FROM sqlite_master WHERE name IN ('results_v2', 'metrics_v2')") == 0);
  // And it goes on sharing with runs stored after the migration.
  const auto sets = query_int(file, "SELECT count(*) FROM value_sets");
  migrated.record(rerun(report_b(), "20261130T040000Z-dddd", "2026-11-30T04:00:00Z"), config_with(""), {});
  CHECK(query_int(file, "SELECT count(*) FROM value_sets") == sets);
}

TEST_CASE("an identical second run adds only its links: under 100 KB", "[history]") {
  p2c::test::TempDir dir;
  const auto file = dir / "history.sqlite";
  History history(file);
  const auto first = synthetic_report("20261201T000000Z-0001", "2026-12-01T00:00:00Z");  // 80000 results
  history.record(first, config_with(""), {});
  const auto one_run = database_bytes(file);
  history.record(rerun(first, "20261201T010000Z-0002", "2026-12-01T01:00:00Z"), config_with(""), {});
  const auto added = database_bytes(file) - one_run;
  INFO("one run: " << one_run << " bytes; the identical second run added " << added);
  CHECK(one_run > 2'000'000);
  CHECK(added < 100'000);
  CHECK(query_int(file, "SELECT count(*) FROM value_sets") == 20);
  CHECK(query_int(file, "SELECT count(*) FROM catalogue_entries") == 20);
  check_same_results(history.results("latest"), history.results("previous"));
  CHECK(history.results("latest").size() == first.records.size());
  CHECK(history.compare("previous", "latest").unchanged == first.records.size());
  CHECK(query_int(file, "SELECT count(*) FROM results") == 2 * static_cast<std::int64_t>(first.records.size()));
}

TEST_CASE("a run with one metric changed adds about that metric's share", "[history]") {
  p2c::test::TempDir dir;
  const auto file = dir / "history.sqlite";
  History history(file);
  const auto first = synthetic_report("20261201T000000Z-0001", "2026-12-01T00:00:00Z");
  history.record(first, config_with(""), {});
  const auto one_run = database_bytes(file);
  auto changed = rerun(first, "20261201T010000Z-0002", "2026-12-01T01:00:00Z");
  change_metric(changed, 7, 0.5);
  history.record(changed, config_with(""), {});
  const auto added = database_bytes(file) - one_run;
  const auto share = one_run / 20;
  INFO("one run: " << one_run << " bytes; one metric's share " << share << "; the second run added " << added);
  CHECK(added > share / 2);
  CHECK(added < share * 3 / 2 + 100'000);
  CHECK(query_int(file, "SELECT count(*) FROM value_sets") == 21);
  const auto c = history.compare("previous", "latest");
  CHECK(c.changed.size() == 200 * 20 - 400);  // every value of the metric, less those without one
  CHECK(c.unchanged == first.records.size() - c.changed.size());
}

TEST_CASE("a value set is recognised by the SHA-256 of its metric and rows, without reading them back", "[history]") {
  p2c::test::TempDir dir;
  const auto file = dir / "history.sqlite";
  History history(file);
  const auto first = synthetic_report("20261201T000000Z-0001", "2026-12-01T00:00:00Z", 2, 3, 2);
  history.record(first, config_with(""), {});
  CHECK(query_int(file, "SELECT count(*) FROM value_sets WHERE length(digest) = 32") == 2);
  CHECK(query_int(file, "SELECT count(DISTINCT digest) FROM value_sets") == 2);
  // The stored rows are not read again: rows changed behind the history's back stay as they are, and the next
  // run with the original rows links to that set. (The digest, not a comparison, is what identifies a set.)
  exec(file, "UPDATE value_rows SET value = 99 WHERE position = 1");
  history.record(rerun(first, "20261201T010000Z-0002", "2026-12-01T01:00:00Z"), config_with(""), {});
  CHECK(query_int(file, "SELECT count(*) FROM value_sets") == 2);
  // One changed value makes another digest, so a set of its own.
  auto changed = rerun(first, "20261201T020000Z-0003", "2026-12-01T02:00:00Z");
  change_metric(changed, 0, 0.5);
  history.record(changed, config_with(""), {});
  CHECK(query_int(file, "SELECT count(*) FROM value_sets") == 3);
}

TEST_CASE("a version 3 database gains the digests of its value sets and goes on sharing them", "[history]") {
  p2c::test::TempDir dir;
  const auto file = dir / "history.sqlite";
  const auto first = synthetic_report("20261201T000000Z-0001", "2026-12-01T00:00:00Z", 3, 4, 2);
  std::vector<std::string> digests;
  {
    History history(file);
    history.record(first, config_with(""), {});
    auto changed = rerun(first, "20261201T010000Z-0002", "2026-12-01T01:00:00Z");
    change_metric(changed, 1, 0.5);
    history.record(changed, config_with(""), {});
  }
  const auto digest_list = [&] {
    return query_text(file, "SELECT group_concat(hex(digest), ',') FROM (SELECT digest FROM value_sets ORDER BY id)");
  };
  const std::string recorded = digest_list();
  // Version 3 as a p2c of that version left it: no digest column, the hash index.
  exec(file,
       "DROP INDEX value_sets_by_digest; ALTER TABLE value_sets DROP COLUMN digest; "
       "CREATE INDEX value_sets_by_hash ON value_sets(hash); PRAGMA user_version = 3");
  {
    History migrated(file, History::Open::existing);
    CHECK(migrated.migrations_applied() == 1);
    CHECK(digest_list() == recorded);
    migrated.record(rerun(first, "20261201T020000Z-0003", "2026-12-01T02:00:00Z"), config_with(""), {});
    CHECK(query_int(file, "SELECT count(*) FROM value_sets") == 4);
    check_same_results(migrated.results("latest"), migrated.results("20261201T000000Z-0001"));
  }
  CHECK(query_int(file, "SELECT count(*) FROM sqlite_master WHERE name = 'value_sets_by_hash'") == 0);
}

TEST_CASE("migration 4 makes two value sets with the same rows one", "[history]") {
  p2c::test::TempDir dir;
  const auto file = dir / "history.sqlite";
  const auto first = synthetic_report("20261201T000000Z-0001", "2026-12-01T00:00:00Z", 2, 3, 2);
  {
    History history(file);
    history.record(first, config_with(""), {});
    history.record(rerun(first, "20261201T010000Z-0002", "2026-12-01T01:00:00Z"), config_with(""), {});
  }
  // A file edited by hand: the second run's links point at copies of the first run's sets.
  exec(file,
       "DROP INDEX value_sets_by_digest; ALTER TABLE value_sets DROP COLUMN digest; PRAGMA user_version = 3; "
       "CREATE INDEX value_sets_by_hash ON value_sets(hash); "
       "INSERT INTO value_sets (id, metric, hash, row_count) SELECT id + 100, metric, hash, row_count FROM value_sets; "
       "INSERT INTO value_rows SELECT set_id + 100, position, entity, entity_kind, year, value, unit, status, "
       "members_with_data, members, population_share, flags, reason, members_observed, observed_population_share "
       "FROM value_rows; "
       "UPDATE run_value_sets SET set_id = set_id + 100 WHERE run_id = '20261201T010000Z-0002'");
  CHECK(query_int(file, "SELECT count(*) FROM value_sets") == 4);
  History migrated(file, History::Open::existing);
  CHECK(query_int(file, "SELECT count(*) FROM value_sets") == 2);
  CHECK(query_int(file, "SELECT count(*) FROM value_rows WHERE set_id NOT IN (SELECT id FROM value_sets)") == 0);
  check_same_results(migrated.results("latest"), migrated.results("previous"));
  CHECK(migrated.results("latest").size() == first.records.size());
}

TEST_CASE("record keeps the newest keep_runs runs and never the one it stores", "[history]") {
  p2c::test::TempDir dir;
  const auto file = dir / "history.sqlite";
  History history(file);
  auto base = synthetic_report("", "", 3, 4, 2);
  for (int hour = 0; hour < 5; ++hour) {
    auto report =
        rerun(base, fmt::format("20261201T0{}0000Z-run{}", hour, hour), fmt::format("2026-12-01T0{}:00:00Z", hour));
    change_metric(report, 0, hour);  // metric 0 differs in every run; metrics 1 and 2 are shared by all
    history.record(report, config_keeping(3, 0), {});
  }
  CHECK(run_ids(history) ==
        std::vector<std::string>{"20261201T040000Z-run4", "20261201T030000Z-run3", "20261201T020000Z-run2"});
  // The pruned runs' own value sets went; the shared ones stay while a run uses them.
  CHECK(query_int(file, "SELECT count(*) FROM value_sets") == 3 + 2);
  CHECK(query_int(file, "SELECT count(*) FROM run_value_sets") == 3 * 3);
  CHECK(query_int(file, "SELECT count(*) FROM value_rows WHERE set_id NOT IN (SELECT id FROM value_sets)") == 0);
  CHECK(query_int(file, "SELECT count(*) FROM catalogue_entries") == 3);
  CHECK(history.results("20261201T020000Z-run2").size() == base.records.size());

  // A run started before the others is stored and kept, beside the newest, even with keep_runs = 1.
  history.record(rerun(base, "20261130T000000Z-late", "2026-11-30T00:00:00Z"), config_keeping(1, 0), {});
  CHECK(run_ids(history) == std::vector<std::string>{"20261201T040000Z-run4", "20261130T000000Z-late"});
}

TEST_CASE("prune removes runs older than keep_days before a given now, and the value sets only they used",
          "[history]") {
  p2c::test::TempDir dir;
  const auto file = dir / "history.sqlite";
  History history(file);
  auto base = synthetic_report("", "", 3, 4, 2);
  const std::vector<std::pair<std::string, std::string>> runs = {{"20261001T000000Z-old1", "2026-10-01T00:00:00Z"},
                                                                 {"20261020T000000Z-old2", "2026-10-20T00:00:00Z"},
                                                                 {"20261115T000000Z-new1", "2026-11-15T00:00:00Z"},
                                                                 {"20261130T000000Z-new2", "2026-11-30T00:00:00Z"}};
  for (std::size_t i = 0; i < runs.size(); ++i) {
    auto report = rerun(base, runs[i].first, runs[i].second);
    if (i == 0) change_metric(report, 2, 1);  // only the oldest run uses this value set
    history.record(report, config_keeping(0, 0), {});
  }
  CHECK(query_int(file, "SELECT count(*) FROM value_sets") == 4);

  const auto pruned = history.prune({0, 30}, utc(2026, 12, 1));
  CHECK(pruned.runs == std::vector<std::string>{"20261001T000000Z-old1", "20261020T000000Z-old2"});
  CHECK(pruned.runs_kept == 2);
  CHECK(pruned.value_sets == 1);
  CHECK(pruned.catalogue_entries == 0);
  CHECK(run_ids(history) == std::vector<std::string>{"20261130T000000Z-new2", "20261115T000000Z-new1"});
  CHECK(query_int(file, "SELECT count(*) FROM value_sets") == 3);
  CHECK(query_int(file, "SELECT count(*) FROM failures WHERE run_id LIKE '%old%'") == 0);

  // Nothing more to prune at the same now.
  CHECK(history.prune({0, 30}, utc(2026, 12, 1)).runs.empty());
}

TEST_CASE("prune never removes the newest run", "[history]") {
  p2c::test::TempDir dir;
  History history(dir / "history.sqlite");
  history.record(report_a(), config_keeping(0, 0), {});
  history.record(report_b(), config_keeping(0, 0), {});
  const auto pruned = history.prune({1, 1}, utc(2030, 1, 1));
  CHECK(pruned.runs == std::vector<std::string>{"20261130T010000Z-aaaa"});
  CHECK(pruned.runs_kept == 1);
  CHECK(history.resolve("latest") == "20261130T020000Z-bbbb");
  CHECK(history.prune({1, 1}, utc(2030, 1, 1)).runs.empty());
  CHECK(history.results("latest").size() == report_b().records.size());
}

TEST_CASE("runs compare as before when a run they shared value sets with is pruned", "[history]") {
  p2c::test::TempDir dir;
  const auto file = dir / "history.sqlite";
  History history(file);
  history.record(report_a(), config_keeping(0, 0), {});
  const auto again = rerun(report_a(), "20261130T015000Z-a2a2", "2026-11-30T01:50:00Z");
  history.record(again, config_keeping(0, 0), {});
  history.record(report_b(), config_keeping(0, 0), {});
  const auto before = history.compare("20261130T015000Z-a2a2", "latest");
  const auto results_before = history.results("20261130T015000Z-a2a2");

  const auto pruned = history.prune({2, 0}, utc(2026, 12, 1));
  CHECK(pruned.runs == std::vector<std::string>{"20261130T010000Z-aaaa"});
  CHECK(pruned.value_sets == 0);  // all still used by the identical run a2a2
  check_same_results(history.results("20261130T015000Z-a2a2"), results_before);
  const auto after = history.compare("previous", "latest");
  CHECK(after.a.id == "20261130T015000Z-a2a2");
  CHECK(after.changed.size() == before.changed.size());
  CHECK(after.status_changed.size() == before.status_changed.size());
  CHECK(after.only_in_a.size() == before.only_in_a.size());
  CHECK(after.only_in_b.size() == before.only_in_b.size());
  CHECK(after.unchanged == before.unchanged);
}

TEST_CASE("a new file gives the pages pruning frees back, an older one is vacuumed by prune once", "[history]") {
  p2c::test::TempDir dir;
  const auto file = dir / "history.sqlite";
  {
    History history(file);
    CHECK(query_int(file, "PRAGMA auto_vacuum") == 2);  // incremental
    for (int hour = 0; hour < 4; ++hour) {
      auto report = synthetic_report(fmt::format("20261201T0{}0000Z-run{}", hour, hour),
                                     fmt::format("2026-12-01T0{}:00:00Z", hour), 5, 50, 10);
      change_metric(report, 0, hour);
      change_metric(report, 1, hour);
      history.record(report, config_keeping(0, 0), {});
    }
    const auto size = database_bytes(file);
    const auto pruned = history.prune({1, 0}, utc(2026, 12, 2));
    CHECK(pruned.runs.size() == 3);
    CHECK(pruned.value_sets == 6);
    CHECK(pruned.bytes_freed > 0);
    CHECK(database_bytes(file) == size - pruned.bytes_freed);
    CHECK(query_int(file, "PRAGMA freelist_count") == 0);
  }
  // A file from before: auto-vacuum off, as SQLite creates it.
  const auto old = dir / "old.sqlite";
  legacy_copy(file, old, true);
  CHECK(query_int(old, "PRAGMA auto_vacuum") == 0);
  History history(old, History::Open::existing);
  CHECK(history.prune({0, 0}, utc(2026, 12, 2)).runs.empty());
  CHECK(query_int(old, "PRAGMA auto_vacuum") == 2);
  CHECK(query_int(old, "PRAGMA freelist_count") == 0);
  CHECK(history.results("latest").size() == 5 * 50 * 10);
}
