// The pledge cycle in the store: review states, revisions, measurable targets with actuals, and the migration of
// a registry written before them.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "p2c/pledges/schema.h"
#include "pledges/reporting_status.h"
#include "rules_fixture.h"
#include "table_dump.h"
#include "temp_dir.h"

namespace {

using p2c::pledges::Actual;
using p2c::pledges::ChangeContext;
using p2c::pledges::ImportSummary;
using p2c::pledges::Pledge;
using p2c::pledges::ProgressReport;
using p2c::pledges::ReviewError;
using p2c::pledges::Store;
using p2c::pledges::Target;
using p2c::test::dump_registry;
using p2c::test::repository_rules;
using p2c::test::valid_pledge;

std::string all_rejections(const ImportSummary& summary) {
  std::string out;
  for (const auto& r : summary.rejected) out += p2c::pledges::to_string(r) + "\n";
  return out;
}

void import_ok(Store& store, const std::vector<Pledge>& pledges, const ChangeContext& context = {}) {
  const ImportSummary summary = store.import_pledges(pledges, repository_rules(), {}, "file.json", context);
  INFO(all_rejections(summary));
  REQUIRE(summary.committed());
}

Target schools_target() {
  return Target{"T1", "Schools on fibre", "schools_connected",  "schools", 0, "2022-06-01",
                400,  "2025-12-31",       "sdg_9_c.coverage_4g"};
}

Pledge pledge_with_targets() {
  Pledge p = valid_pledge();
  p.targets = {schools_target(),
               Target{"T2", "", "people_trained", "people", 100, "2022-06-01", 5000, "2024-12-31", ""}};
  p.reports[0].actuals = {Actual{"T1", 80}, Actual{"T2", 1200}};
  p.reports[1].actuals = {Actual{"T1", 210}};
  p.wsis_lines = {"C2", "C4"};
  p.roadmap_areas = {"global_connectivity"};
  p.campaigns = {"schools"};
  p.partners = {"Example Foundation"};
  p.contact_name = "A. Officer";
  p.contact_email = "officer@example.org";
  p.reporting_period_months = 6;
  return p;
}

nlohmann::json changes_of(const p2c::pledges::Revision& revision) { return nlohmann::json::parse(revision.changes); }

}  // namespace

TEST_CASE("targets, actuals and the new fields are stored and read back whole", "[pledges][cycle]") {
  p2c::test::TempDir dir;
  Store store(dir / "r.sqlite");
  Pledge p = pledge_with_targets();
  import_ok(store, {p});
  const auto stored = store.find(p.id);
  REQUIRE(stored);
  p.value_usd = stored->value_usd;  // computed on import
  CHECK(*stored == p);
  CHECK(store.pledges() == std::vector<Pledge>{p});

  // Both file formats carry everything: an export imported into an empty registry gives the same pledge.
  for (const char* name : {"out.json", "out.csv"}) {
    const auto file = dir / name;
    if (file.extension() == ".json")
      p2c::pledges::export_json(store.pledges(), file);
    else
      p2c::pledges::export_csv(store.pledges(), file);
    Store copy(dir / (std::string(name) + ".sqlite"));
    const auto summary = copy.import_file(file, repository_rules());
    INFO(all_rejections(summary));
    REQUIRE(summary.committed());
    CHECK(copy.pledges() == store.pledges());
  }
}

TEST_CASE("the public view of a pledge never holds its contact", "[pledges][cycle]") {
  const Pledge p = pledge_with_targets();
  const std::string operators = p2c::pledges::to_json(p, -1);
  const std::string shown = p2c::pledges::to_json(p, -1, p2c::pledges::Audience::public_view);
  CHECK_THAT(operators, Catch::Contains("officer@example.org"));
  CHECK_THAT(shown,
             !Catch::Contains("officer@example.org") && !Catch::Contains("A. Officer") && !Catch::Contains("contact_"));
  const std::string csv = p2c::pledges::pledges_csv({p}, p2c::pledges::Audience::public_view);
  CHECK_THAT(csv, !Catch::Contains("contact") && !Catch::Contains("officer@example.org") &&
                      Catch::Contains("review_state,wsis_lines,roadmap_areas,campaigns,partners,"));
}

TEST_CASE("a changed re-import writes a revision, an unchanged one nothing", "[pledges][cycle]") {
  p2c::test::TempDir dir;
  Store store(dir / "r.sqlite");
  Pledge p = valid_pledge();
  import_ok(store, {p}, ChangeContext{"", "", "2023-01-01"});
  auto revisions = store.revisions(p.id);
  REQUIRE(revisions.size() == 1);
  CHECK(revisions[0].number == 1);
  CHECK(revisions[0].actor == "import:file.json");
  CHECK(revisions[0].effective_on == p.pledged_on);
  CHECK(revisions[0].changes == "[]");

  const std::string before = dump_registry(dir / "r.sqlite");
  import_ok(store, {p});
  CHECK(dump_registry(dir / "r.sqlite") == before);

  p.value = 2500000;  // scaled up
  p.implementation_economies.push_back("TZA");
  import_ok(store, {p}, ChangeContext{"", "scaled up at the 2025 round", "2025-03-01"});
  revisions = store.revisions(p.id);
  REQUIRE(revisions.size() == 2);
  CHECK(revisions[1].number == 2);
  CHECK(revisions[1].effective_on == "2025-03-01");
  CHECK(revisions[1].reason == "scaled up at the 2025 round");
  const auto changes = changes_of(revisions[1]);
  std::vector<std::string> fields;
  for (const auto& change : changes) fields.push_back(change.at("field"));
  CHECK(fields == std::vector<std::string>{"implementation_economies", "value", "value_usd"});
  CHECK(changes[1].at("old") == 1000000);
  CHECK(changes[1].at("new") == 2500000);
  CHECK(changes[0].at("new") == nlohmann::json{"KEN", "UGA", "TZA"});

  // A change in force before the latest revision would rewrite history: refused, nothing written.
  const std::string after = dump_registry(dir / "r.sqlite");
  p.value = 3000000;
  const auto refused =
      store.import_pledges({p}, repository_rules(), {}, "file.json", ChangeContext{"", "", "2024-01-01"});
  REQUIRE_FALSE(refused.committed());
  CHECK_THAT(all_rejections(refused), Catch::Contains("before its revision 2 in force from 2025-03-01"));
  CHECK(dump_registry(dir / "r.sqlite") == after);
  CHECK(store.revisions("P2C-NOPE").empty());
}

TEST_CASE("review transitions are checked and recorded as revisions", "[pledges][cycle]") {
  p2c::test::TempDir dir;
  Store store(dir / "r.sqlite");
  Pledge p = valid_pledge();
  p.review_state = "draft";
  import_ok(store, {p});
  const std::string before = dump_registry(dir / "r.sqlite");
  CHECK_THROWS_WITH(store.review(p.id, "published", {"secretariat", "", ""}),
                    Catch::Contains("is draft; it cannot go to published"));
  CHECK_THROWS_AS(store.review("P2C-NOPE", "submitted", {}), ReviewError);
  CHECK_THROWS_WITH(store.review(p.id, "approved", {}), Catch::Contains("expected a review state"));
  CHECK(dump_registry(dir / "r.sqlite") == before);

  store.review(p.id, "submitted", {"Ministry of ICT, Kenya", "", ""});
  CHECK_THROWS_WITH(store.review(p.id, "returned", {"secretariat", "", ""}), Catch::Contains("needs a comment"));
  store.review(p.id, "returned", {"secretariat", "state the number of towers", ""});
  store.review(p.id, "submitted", {"Ministry of ICT, Kenya", "", ""});
  store.review(p.id, "published", {"secretariat", "checked", ""});
  CHECK(store.find(p.id)->review_state == "published");
  CHECK_THROWS_AS(store.review(p.id, "draft", {}), ReviewError);

  const auto revisions = store.revisions(p.id);
  REQUIRE(revisions.size() == 5);
  CHECK(revisions[2].actor == "secretariat");
  CHECK(revisions[2].reason == "state the number of towers");
  const auto change = changes_of(revisions[2]).at(0);
  CHECK(change.at("field") == "review_state");
  CHECK(change.at("old") == "submitted");
  CHECK(change.at("new") == "returned");
  CHECK(revisions[4].actor == "secretariat");
}

TEST_CASE("bad targets and actuals are refused with their field, nothing written", "[pledges][cycle]") {
  p2c::test::TempDir dir;
  Store store(dir / "r.sqlite");
  import_ok(store, {valid_pledge()});
  const std::string before = dump_registry(dir / "r.sqlite");
  Pledge p = pledge_with_targets();
  p.targets[0].measure = "towers_built";
  p.targets[1].target_date = "2021-12-31";  // before its baseline
  p.targets.push_back(Target{"T3", "", "km_fibre", "km", 0, "2022-01-01", 10, "2023-01-01", "sdg_9_c.nope"});
  p.reports[1].actuals.push_back(Actual{"T9", 1});
  p.review_state = "approved";
  p.wsis_lines.push_back("C12");
  p.campaigns.push_back("moonshot");
  p.contact_email = "officer at example.org";
  const auto summary = store.import_pledges({p}, repository_rules(), {}, "file.json");
  REQUIRE_FALSE(summary.committed());
  const std::string text = all_rejections(summary);
  CHECK_THAT(text, Catch::Contains("file.json:1: targets[1].measure: expected a measure of the vocabulary"));
  CHECK_THAT(text, Catch::Contains("targets[2].target_date: expected a date after the baseline_date 2022-06-01; "
                                   "found 2021-12-31"));
  CHECK_THAT(text, Catch::Contains("targets[3].metric: expected a metric id"));
  CHECK_THAT(text, Catch::Contains("reports[2].actuals[2].target_id: expected a target of the pledge (T1, T2, T3); "
                                   "found 'T9'"));
  CHECK_THAT(text, Catch::Contains("review_state: expected draft, submitted, returned or published"));
  CHECK_THAT(text, Catch::Contains("wsis_lines[3]: expected WSIS action lines"));
  CHECK_THAT(text, Catch::Contains("campaigns[2]: expected campaigns of the vocabulary"));
  CHECK_THAT(text, Catch::Contains("contact_email: expected an e-mail address"));
  CHECK(dump_registry(dir / "r.sqlite") == before);

  // Without a catalogue to check against, a target naming a metric cannot be accepted.
  p2c::pledges::Rules no_catalogue = repository_rules();
  no_catalogue.metrics.clear();
  const auto unchecked = store.import_pledges({pledge_with_targets()}, no_catalogue, {}, "file.json");
  CHECK_THAT(all_rejections(unchecked), Catch::Contains("targets[1].metric: found 'sdg_9_c.coverage_4g', but no "
                                                        "metric catalogue was given"));
}

TEST_CASE("a progress report adds actuals, and a status change through it is a revision", "[pledges][cycle]") {
  p2c::test::TempDir dir;
  Store store(dir / "r.sqlite");
  const Pledge p = pledge_with_targets();
  import_ok(store, {p});
  ProgressReport report{"2025-01-15", "completed", 100.0, 900000.0, "all schools on line", {Actual{"T1", 400}}};
  CHECK(p2c::pledges::validate_report(*store.find(p.id), report).empty());
  ProgressReport bad = report;
  bad.actuals = {Actual{"T1", 100}, Actual{"T7", 3}};
  const auto problems = p2c::pledges::validate_report(*store.find(p.id), bad);
  REQUIRE(problems.size() == 2);
  CHECK_THAT(problems[0].message, Catch::Contains("at least the previous report's 210 for target T1"));
  CHECK(problems[1].field == "actuals[2].target_id");

  store.add_report(p.id, report, ChangeContext{"Ministry of ICT, Kenya", "", ""});
  const auto stored = store.find(p.id);
  CHECK(stored->status == "completed");
  CHECK(stored->reports.back().actuals == report.actuals);
  const auto revisions = store.revisions(p.id);
  REQUIRE(revisions.size() == 2);
  CHECK(revisions[1].actor == "Ministry of ICT, Kenya");
  CHECK(revisions[1].effective_on == "2025-01-15");
  CHECK(changes_of(revisions[1]).at(0).at("field") == "status");
}

TEST_CASE("a registry written before the pledge cycle migrates with nothing lost", "[pledges][cycle][migration]") {
  // registry-v1.sqlite was written by the release before schema 2: the three pledges of pledges.json and a token.
  p2c::test::TempDir dir;
  const auto file = dir / "registry.sqlite";
  std::filesystem::copy_file(p2c::test::pledge_fixtures / "registry-v1.sqlite", file);
  Store expected_store(dir / "expected.sqlite");
  REQUIRE(expected_store.import_file(p2c::test::pledge_fixtures / "pledges.json", repository_rules()).committed());
  {
    Store store(file);
    CHECK_FALSE(store.created());
    CHECK(store.schema_version() == Store::latest_version());
    CHECK(store.pledges() == expected_store.pledges());
    for (const auto& pledge : store.pledges()) {
      CHECK(pledge.review_state == "published");
      const auto revisions = store.revisions(pledge.id);
      REQUIRE(revisions.size() == 1);
      CHECK(revisions[0].actor == "migration");
      CHECK(revisions[0].effective_on == pledge.pledged_on);
    }
  }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  const auto count = [&](const char* sql) {
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
    const auto value = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    return value;
  };
  CHECK(count("SELECT count(*) FROM tokens") == 1);
  CHECK(count("SELECT count(*) FROM pledge_search WHERE pledge_search MATCH 'towers'") == 1);
  CHECK(count("SELECT count(*) FROM pledge_search WHERE pledge_search MATCH 'quotes'") == 1);  // a narrative
  sqlite3_close(db);
}

TEST_CASE("a schema-2 registry's actuals become their report's column, in target order",
          "[pledges][cycle][migration]") {
  // A schema-2 registry holding what a schema-3 import stores: built with migrations 1 and 2 only, its actuals
  // in report_actuals rows. The targets are out of id order (T2 first), so the column's order is tested.
  p2c::test::TempDir dir;
  Pledge p = pledge_with_targets();
  std::swap(p.targets[0], p.targets[1]);
  p.reports[0].actuals = {Actual{"T2", 1200}, Actual{"T1", 80.25}};
  {
    Store expected(dir / "expected.sqlite");
    import_ok(expected, {p});
  }
  const auto old_file = dir / "old.sqlite";
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(old_file.c_str(), &db) == SQLITE_OK);
  const auto exec = [&](const std::string& sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    INFO((error != nullptr ? error : ""));
    sqlite3_free(error);
    REQUIRE(rc == SQLITE_OK);
  };
  exec(p2c::pledges::migrations()[0]);
  exec(p2c::pledges::migrations()[1]);
  exec("PRAGMA user_version = 2");
  exec("ATTACH '" + (dir / "expected.sqlite").string() + "' AS e");
  exec("INSERT INTO pledges SELECT * FROM e.pledges");
  exec("INSERT INTO pledge_targets SELECT * FROM e.pledge_targets");
  exec("INSERT INTO pledge_revisions SELECT * FROM e.pledge_revisions");
  exec(
      "INSERT INTO progress_reports SELECT pledge_id, reported_on, status, percent_complete, disbursed_usd, "
      "narrative, received_at, channel FROM e.progress_reports");
  exec(
      "INSERT INTO report_actuals SELECT r.pledge_id, r.reported_on, a.key, a.value "
      "FROM e.progress_reports r, json_each(r.actuals) a ORDER BY a.key");
  exec("DETACH e");
  sqlite3_close(db);

  Store migrated(old_file);
  CHECK(migrated.schema_version() == 3);
  const auto stored = migrated.find(p.id);
  REQUIRE(stored);
  REQUIRE(stored->reports.size() == 2);
  CHECK(stored->reports[0].actuals == std::vector<Actual>{Actual{"T2", 1200}, Actual{"T1", 80.25}});
  CHECK(stored->reports[1].actuals == std::vector<Actual>{Actual{"T1", 210}});
  CHECK(migrated.pledges() == Store(dir / "expected.sqlite").pledges());
}

TEST_CASE("a report whose actuals column is not an object of numbers is an error naming the registry",
          "[pledges][cycle]") {
  p2c::test::TempDir dir;
  const auto file = dir / "r.sqlite";
  Store store(file);
  const Pledge p = pledge_with_targets();
  import_ok(store, {p});
  char* error = nullptr;
  REQUIRE(sqlite3_exec(store.handle(), "UPDATE progress_reports SET actuals = '[1, 2]'", nullptr, nullptr, &error) ==
          SQLITE_OK);
  CHECK_THROWS_WITH(store.find(p.id), Catch::Contains("pledge registry '" + file.string() + "'") &&
                                          Catch::Contains("actuals are not a JSON object of numbers: [1, 2]"));
}
