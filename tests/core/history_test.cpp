// Run history: storing runs in SQLite, reading them back, naming and comparing them.
#include "history.h"

#include <sqlite3.h>

#include <algorithm>
#include <catch2/catch.hpp>

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

std::int64_t query_int(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
  const std::int64_t count = sqlite3_column_int64(statement, 0);
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return count;
}

void exec(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
  CHECK(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
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
  CHECK(History::latest_version() == 2);
  CHECK(query_int(file, "PRAGMA user_version") == 2);
  CHECK(query_int(file, "SELECT journal_mode = 'wal' FROM pragma_journal_mode") == 1);
}

TEST_CASE("a version 1 database gains the observed coverage columns and keeps its runs", "[history]") {
  p2c::test::TempDir dir;
  const auto file = dir / "history.sqlite";
  {
    History history(file);
    history.record(report_a(), config_with(""), {});
  }
  // Back to the version 1 layout and flag names, as a p2c of that version left it.
  exec(file,
       "ALTER TABLE results DROP COLUMN members_observed; ALTER TABLE results DROP COLUMN observed_population_share; "
       "UPDATE results SET flags = 'estimate;low_coverage' WHERE entity = 'WLD'; "
       "UPDATE results SET flags = 'estimate' WHERE entity = 'KEN' AND year = 2022; PRAGMA user_version = 1");
  History again(file, History::Open::existing);
  CHECK(again.migrations_applied() == 1);
  CHECK(query_int(file, "PRAGMA user_version") == 2);
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
