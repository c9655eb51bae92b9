// The SQLite store: migrations, upsert import in one transaction, idempotence, round trips, reports.
#include <sqlite3.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "rules_fixture.h"
#include "table_dump.h"
#include "temp_dir.h"

namespace {

using p2c::pledges::ImportSummary;
using p2c::pledges::Pledge;
using p2c::pledges::ProgressReport;
using p2c::pledges::Store;
using p2c::pledges::StoreError;
using p2c::test::dump_registry;
using p2c::test::pledge_fixtures;
using p2c::test::repository_rules;

std::string all_rejections(const ImportSummary& summary) {
  std::string out;
  for (const auto& r : summary.rejected) out += p2c::pledges::to_string(r) + "\n";
  return out;
}

ImportSummary import_ok(Store& store, const std::filesystem::path& file) {
  const ImportSummary summary = store.import_file(file, repository_rules());
  INFO(all_rejections(summary));
  REQUIRE(summary.committed());
  return summary;
}

std::string query_text(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK);
  std::string out;
  if (sqlite3_step(statement) == SQLITE_ROW && sqlite3_column_text(statement, 0) != nullptr)
    out = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return out;
}

// received_at has one-second resolution: wait so that a rewrite would change it.
void next_second() { std::this_thread::sleep_for(std::chrono::milliseconds(1100)); }

}  // namespace

TEST_CASE("a fresh registry is created with its folders and migrated to the latest schema", "[pledges][store]") {
  p2c::test::TempDir dir;
  const auto file = dir / "a/b/pledges.sqlite";
  {
    Store store(file);
    CHECK(store.created());
    CHECK(store.schema_version() == Store::latest_version());
    CHECK(Store::latest_version() == 3);
    CHECK(store.size() == 0);
    CHECK(store.pledges().empty());
  }
  CHECK(query_text(file, "PRAGMA journal_mode") == "wal");
  CHECK(query_text(file, "PRAGMA page_size") == "16384");
  CHECK(query_text(file,
                   "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' "
                   "AND name NOT LIKE 'pledge_search_%' ORDER BY name)") ==
        "pledge_revisions,pledge_search,pledge_targets,pledges,progress_reports,tokens");
  Store again(file);
  CHECK_FALSE(again.created());
  CHECK(again.schema_version() == 3);
}

TEST_CASE("a registry written by a newer p2c is refused", "[pledges][store]") {
  p2c::test::TempDir dir;
  const auto file = dir / "pledges.sqlite";
  { Store store(file); }
  query_text(file, "PRAGMA user_version = 99");
  try {
    Store store(file);
    FAIL("opened a newer database");
  } catch (const StoreError& e) {
    CHECK_THAT(e.what(), Catch::Contains(file.string()) && Catch::Contains("schema version 99") &&
                             Catch::Contains("knows versions up to 3") && Catch::Contains("newer p2c"));
  }
}

TEST_CASE("importing JSON stores every field, computes value_usd and normalises focus areas", "[pledges][store]") {
  p2c::test::TempDir dir;
  Store store(dir / "pledges.sqlite");
  const auto summary = import_ok(store, pledge_fixtures / "pledges.json");
  CHECK(summary.pledges_added == 3);
  CHECK(summary.reports_added == 3);
  CHECK(store.size() == 3);
  const auto kenya = store.find("P2C-2022-0001");
  REQUIRE(kenya);
  CHECK(kenya->entity == "Ministry of ICT, Kenya");
  CHECK(kenya->focus_areas == std::vector<std::string>{"access", "adoption"});
  CHECK(kenya->implementation_regions == std::vector<std::string>{"ITU.AFR"});
  CHECK(kenya->value == 1000000);
  CHECK(kenya->currency == "EUR");
  CHECK(*kenya->value_usd == Approx(1081300));  // the input's value_usd of 1 is ignored
  REQUIRE(kenya->reports.size() == 2);
  CHECK(kenya->reports[1].percent_complete == 45.5);
  CHECK(kenya->reports[1].disbursed_usd == 480000.25);
  const auto telecom = store.find("P2C-2022-0002");
  REQUIRE(telecom);
  CHECK(telecom->focus_areas == std::vector<std::string>{"investment_acceleration"});
  CHECK(*telecom->value_usd == Approx(5000000 * 1.2432));
  const auto skills = store.find("P2C-2023-0003");
  REQUIRE(skills);
  CHECK_FALSE(skills->value);
  CHECK_FALSE(skills->value_usd);
  CHECK(skills->reports[0].narrative == "Done, with commas; and \"quotes\"\nand a second line");
  CHECK_FALSE(skills->reports[0].disbursed_usd);
  CHECK_FALSE(store.find("P2C-0000"));
  // Stored as the schema says: lists as JSON arrays, no currency as NULL, reports from an import.
  CHECK(query_text(dir / "pledges.sqlite", "SELECT focus_areas FROM pledges WHERE id = 'P2C-2022-0001'") ==
        R"(["access","adoption"])");
  CHECK(query_text(dir / "pledges.sqlite", "SELECT quote(currency) FROM pledges WHERE id = 'P2C-2023-0003'") == "NULL");
  CHECK(query_text(dir / "pledges.sqlite", "SELECT group_concat(DISTINCT channel) FROM progress_reports") == "import");
}

TEST_CASE("the CSV pair and the JSON file of the same pledges give the same registry", "[pledges][store]") {
  p2c::test::TempDir dir;
  Store from_json(dir / "json.sqlite");
  Store from_csv(dir / "csv.sqlite");
  import_ok(from_json, pledge_fixtures / "pledges.json");
  const auto summary = import_ok(from_csv, pledge_fixtures / "pledges.csv");
  CHECK(summary.reports_added == 3);
  CHECK(from_csv.pledges() == from_json.pledges());
}

TEST_CASE("re-importing the same file changes nothing, not even received_at", "[pledges][store]") {
  p2c::test::TempDir dir;
  const auto file = dir / "pledges.sqlite";
  Store store(file);
  import_ok(store, pledge_fixtures / "pledges.json");
  const std::string before = dump_registry(file);
  next_second();
  for (const char* input : {"pledges.json", "pledges.csv"}) {
    const auto summary = import_ok(store, pledge_fixtures / input);
    CHECK(summary.pledges_unchanged == 3);
    CHECK(summary.pledges_added + summary.pledges_updated + summary.reports_added + summary.reports_updated == 0);
    CHECK(dump_registry(file) == before);
  }
}

TEST_CASE("changed pledges and reports are updated, new reports added, stored ones kept", "[pledges][store]") {
  p2c::test::TempDir dir;
  Store store(dir / "pledges.sqlite");
  import_ok(store, pledge_fixtures / "pledges.json");
  std::vector<Pledge> changed = store.pledges();
  changed[0].description = "Rural towers in 42 counties";
  changed[0].reports[1].narrative = "Second phase, revised";
  changed[0].reports.push_back(ProgressReport{"2025-06-30", "completed", 100.0, 990000.0, "done"});
  changed[0].status = "completed";
  changed[1].value = 6000000;
  changed.erase(changed.begin() + 2);  // leaving a pledge out of a file does not delete it
  changed[1].reports.clear();
  const auto summary = store.import_pledges(changed, repository_rules());
  INFO(all_rejections(summary));
  REQUIRE(summary.committed());
  CHECK(summary.pledges_updated == 2);
  CHECK(summary.pledges_unchanged == 0);
  CHECK(summary.reports_added == 1);
  CHECK(summary.reports_updated == 1);
  CHECK(store.size() == 3);
  const auto kenya = store.find("P2C-2022-0001");
  CHECK(kenya->description == "Rural towers in 42 counties");
  CHECK(kenya->status == "completed");
  REQUIRE(kenya->reports.size() == 3);
  CHECK(kenya->reports[1].narrative == "Second phase, revised");
  CHECK(*store.find("P2C-2022-0002")->value_usd == Approx(6000000 * 1.2432));
}

TEST_CASE("an import with any rejection writes nothing", "[pledges][store][transaction]") {
  p2c::test::TempDir dir;
  const auto file = dir / "pledges.sqlite";
  Store store(file);
  import_ok(store, pledge_fixtures / "pledges.json");
  const std::string before = dump_registry(file);

  SECTION("rejected records in the file") {
    const auto summary = store.import_file(pledge_fixtures / "bad.csv", repository_rules());
    CHECK_FALSE(summary.committed());
    CHECK(summary.pledges_added == 0);
  }
  SECTION("a valid change followed by a record that conflicts with the stored reports") {
    // The first record is written inside the transaction; the second is found inconsistent only then
    // (a later report posted to the service says "completed"): everything is rolled back.
    store.add_report("P2C-2022-0001", ProgressReport{"2025-01-31", "completed", 100.0, 900000.0, "api"});
    const std::string with_report = dump_registry(file);
    auto records = store.pledges();
    records[1].entity = "Renamed Telecom Group";
    auto kenya = records[0];
    kenya.reports.pop_back();  // the file knows only the first two reports
    kenya.status = "in_progress";
    const auto summary = store.import_pledges({records[1], kenya}, repository_rules(), {2, 3}, "file.json");
    REQUIRE(summary.rejected.size() == 1);
    CHECK(summary.rejected[0].file == "file.json");
    CHECK(summary.rejected[0].row == 3);
    CHECK(summary.rejected[0].field == "status");
    CHECK_THAT(summary.rejected[0].message,
               Catch::Contains("stored report(s) this file leaves out") && Catch::Contains("completed on 2025-01-31"));
    CHECK(dump_registry(file) == with_report);
    return;
  }
  CHECK(dump_registry(file) == before);
}

TEST_CASE("a duplicate id within a file is rejected with both rows", "[pledges][store]") {
  p2c::test::TempDir dir;
  Store store(dir / "pledges.sqlite");
  auto twice = p2c::test::valid_pledge();
  const auto summary = store.import_pledges({twice, p2c::test::valid_pledge(), twice}, repository_rules());
  REQUIRE(summary.rejected.size() == 2);
  CHECK(summary.rejected[0].row == 2);
  CHECK(summary.rejected[0].field == "id");
  CHECK_THAT(summary.rejected[0].message, Catch::Contains("'P2C-2022-0001' is also on row 1"));
  CHECK(summary.rejected[1].row == 3);
  CHECK(store.size() == 0);
}

TEST_CASE("export and import round-trip the registry in both formats", "[pledges][store][roundtrip]") {
  p2c::test::TempDir dir;
  const auto file = dir / "pledges.sqlite";
  Store store(file);
  import_ok(store, pledge_fixtures / "pledges.json");
  store.add_report("P2C-2022-0002", ProgressReport{"2024-03-01", "in_progress", 12.25, 1.0 / 3.0, "a, \"b\"; c"});
  const auto registry = store.pledges();
  const std::string dump = dump_registry(file);
  next_second();
  for (const char* name : {"export.json", "export.csv"}) {
    const auto exported = dir / name;
    if (exported.extension() == ".json")
      p2c::pledges::export_json(registry, exported);
    else
      p2c::pledges::export_csv(registry, exported);
    Store fresh(dir / (std::string(name) + ".sqlite"));
    const auto summary = import_ok(fresh, exported);
    CHECK(summary.pledges_added == 3);
    CHECK(fresh.pledges() == registry);
    const auto again = import_ok(store, exported);
    CHECK(again.pledges_unchanged == 3);
    CHECK(dump_registry(file) == dump);
  }
  CHECK(std::filesystem::exists(dir / "export.reports.csv"));
}

TEST_CASE("add_report appends, sets the status and refuses duplicates and unknown pledges", "[pledges][store]") {
  p2c::test::TempDir dir;
  const auto file = dir / "pledges.sqlite";
  Store store(file);
  import_ok(store, pledge_fixtures / "pledges.json");
  store.add_report("P2C-2022-0001", ProgressReport{"2025-01-31", "completed", 100.0, 900000.0, "all live"});
  const auto kenya = store.find("P2C-2022-0001");
  REQUIRE(kenya->reports.size() == 3);
  CHECK(kenya->reports.back().narrative == "all live");
  CHECK(kenya->status == "completed");
  CHECK(query_text(file, "SELECT channel FROM progress_reports WHERE reported_on = '2025-01-31'") == "api");
  CHECK_THROWS_WITH(store.add_report("P2C-2022-0001", ProgressReport{"2025-01-31", "completed", {}, {}, ""}),
                    Catch::Contains("already has a report for 2025-01-31"));
  CHECK_THROWS_WITH(store.add_report("P2C-9", ProgressReport{"2025-01-31", "completed", {}, {}, ""}),
                    Catch::Contains("no pledge 'P2C-9'"));
  CHECK(store.find("P2C-2022-0001")->reports.size() == 3);
}

TEST_CASE("the bundled illustrative sample imports cleanly and round-trips", "[pledges][store][roundtrip]") {
  p2c::test::TempDir dir;
  const auto sample = std::filesystem::path(P2C_SOURCE_DIR) / "config/data/p2c-pledges-illustrative/pledges.json";
  std::vector<p2c::pledges::Rejection> rejected;
  const auto records = p2c::pledges::read_file(sample, rejected);
  REQUIRE(rejected.empty());
  REQUIRE(records.size() > 100);
  Store store(dir / "pledges.sqlite");
  const auto summary = import_ok(store, sample);
  CHECK(summary.pledges_added == records.size());
  std::size_t reports = 0;
  for (const auto& p : records) reports += p.reports.size();
  CHECK(summary.reports_added == reports);
  const auto registry = store.pledges();
  p2c::pledges::export_csv(registry, dir / "sample.csv");
  Store fresh(dir / "fresh.sqlite");
  import_ok(fresh, dir / "sample.csv");
  CHECK(fresh.pledges() == registry);
}

TEST_CASE("a new registry and its -wal and -shm files are readable by their owner only", "[pledges][store]") {
  p2c::test::TempDir dir;
  const mode_t saved = ::umask(022);  // a common umask, which would leave SQLite's own 0644 as it is
  const auto file = dir / "registry" / "pledges.sqlite";
  {
    Store store(file);
    CHECK(store.created());
    import_ok(store, pledge_fixtures / "pledges.json");
    for (const std::string suffix : {"", "-wal", "-shm"}) {
      INFO("file: pledges.sqlite" << suffix);
      const auto path = std::filesystem::path(file.string() + suffix);
      REQUIRE(std::filesystem::exists(path));
      CHECK(std::filesystem::status(path).permissions() ==
            (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    }
  }
  CHECK_FALSE(Store(file).created());
  ::umask(saved);
}
