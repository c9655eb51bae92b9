// `p2c pledges` and the registry's creation by `p2c check`, running the real executable.

#include <sqlite3.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "rules_fixture.h"
#include "run_command.h"
#include "table_dump.h"
#include "temp_dir.h"

namespace {

const std::filesystem::path source_dir = P2C_SOURCE_DIR;
using p2c::test::pledge_fixtures;

using Result = p2c::test::CommandResult;

Result run_p2c(const std::string& arguments, const std::string& environment = "") {
  return p2c::test::run_command(environment + " " + std::string(P2C_EXE) + " " + arguments);
}

// A config with [reference] and [pledges] (database in `dir`), returning "--config FILE".
std::string config_arg(const p2c::test::TempDir& dir, const std::string& bootstrap = "") {
  std::string text = "[reference]\neconomies = \"" + (source_dir / "config/reference/economies.csv").string() +
                     "\"\ngroups = \"" + (source_dir / "config/reference/groups.csv").string() +
                     "\"\nmemberships = \"" + (source_dir / "config/reference/memberships.csv").string() +
                     "\"\npopulation = \"wb.population\"\n\n[pledges]\ndatabase = \"" +
                     (dir / "pledges.sqlite").string() + "\"\nrates = \"" +
                     (source_dir / "config/data/pledges/usd_rates.csv").string() + "\"\n";
  if (!bootstrap.empty()) text += "bootstrap = \"" + bootstrap + "\"\n";
  return "--config " + dir.write("p2c.toml", text).string();
}

}  // namespace

TEST_CASE("p2c pledges import adds, then finds nothing to change", "[cli][pledges]") {
  p2c::test::TempDir dir;
  const std::string config = config_arg(dir);
  const Result first = run_p2c("pledges import " + (pledge_fixtures / "pledges.json").string() + " " + config);
  INFO(first.output);
  CHECK(first.exit_code == 0);
  CHECK_THAT(first.output, Catch::Contains("pledges: 3 added, 0 updated, 0 unchanged") &&
                               Catch::Contains("progress reports: 3 added, 0 updated") &&
                               Catch::Contains("registry: 3 pledges"));
  const std::string dump = p2c::test::dump_registry(dir / "pledges.sqlite");
  const Result again = run_p2c("pledges import " + (pledge_fixtures / "pledges.csv").string() + " " + config);
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.output, Catch::Contains("pledges: 0 added, 0 updated, 3 unchanged"));
  CHECK(p2c::test::dump_registry(dir / "pledges.sqlite") == dump);
}

TEST_CASE("p2c pledges import of a bad file prints every rejection, imports nothing, exits 1", "[cli][pledges]") {
  p2c::test::TempDir dir;
  const std::string config = config_arg(dir);
  REQUIRE(run_p2c("pledges import " + (pledge_fixtures / "pledges.json").string() + " " + config).exit_code == 0);
  const std::string dump = p2c::test::dump_registry(dir / "pledges.sqlite");
  const auto bad = (pledge_fixtures / "bad.csv").string();
  const Result result = run_p2c("pledges import " + bad + " " + config);
  INFO(result.output);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output,
             Catch::Contains(bad + ":3: sector: expected government, private_sector") &&
                 Catch::Contains(bad + ":4: id: expected each id once in the file; 'P2C-2024-0010' is also on row 2") &&
                 Catch::Contains((pledge_fixtures / "bad.reports.csv").string() + ":2: percent_complete: ") &&
                 Catch::EndsWith("p2c: 9 problem(s) in " + bad + "; nothing was imported into " +
                                 (dir / "pledges.sqlite").string() + "\n"));
  CHECK(p2c::test::dump_registry(dir / "pledges.sqlite") == dump);
}

TEST_CASE("p2c pledges import shows at most 50 rejections", "[cli][pledges]") {
  p2c::test::TempDir dir;
  std::string csv =
      "id,entity,sector,origin_economy,origin_region,implementation_economies,implementation_regions,focus_areas,"
      "pillars,pledge_type,value,currency,beneficiaries,sdgs,pledged_on,start_date,end_date,status\n";
  for (int i = 0; i < 60; ++i)
    csv +=
        "P-" + std::to_string(i) + ",E,nobody,KEN,,,,access,,policy,,,,,2024-01-01,2024-01-01,2024-12-31,announced\n";
  const auto file = dir.write("many.csv", csv);
  const Result result = run_p2c("pledges import " + file.string() + " " + config_arg(dir));
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Catch::Contains(file.string() + ":51: sector:") &&
                                !Catch::Contains(file.string() + ":52: sector:") &&
                                Catch::Contains("\n... and 10 more\n") && Catch::Contains("60 problem(s)"));
}

TEST_CASE("p2c pledges export, list and show", "[cli][pledges]") {
  p2c::test::TempDir dir;
  const std::string config = config_arg(dir, (pledge_fixtures / "pledges.json").string());

  // Reading commands never create the registry: import does, after the bootstrap file.
  const Result none = run_p2c("pledges list " + config);
  CHECK(none.exit_code == 2);
  CHECK_THAT(none.output, Catch::Contains("there is no pledge registry at '" + (dir / "pledges.sqlite").string() +
                                          "': `p2c run` or `p2c serve` creates it in the state folder"));
  CHECK_FALSE(std::filesystem::exists(dir / "pledges.sqlite"));
  REQUIRE(run_p2c("pledges import " + (pledge_fixtures / "pledges.json").string() + " " + config).exit_code == 0);
  const Result list = run_p2c("pledges list " + config);
  INFO(list.output);
  CHECK(list.exit_code == 0);
  CHECK_THAT(list.output, Catch::StartsWith("id               entity") && Catch::Contains("value_usd") &&
                              Catch::Contains("reports") && Catch::Contains("3 pledge(s)\n"));
  CHECK_THAT(list.output, Catch::Contains("P2C-2022-0001    Ministry of ICT, Kenya") && Catch::Contains("1081300"));
  const Result one = run_p2c("pledges list --entity \"Example Telecom Group\" " + config);
  CHECK_THAT(one.output, Catch::Contains("P2C-2022-0002") && !Catch::Contains("P2C-2022-0001") &&
                             Catch::Contains("1 pledge(s) of 'Example Telecom Group'"));

  const Result show = run_p2c("pledges show P2C-2023-0003 " + config);
  CHECK(show.exit_code == 0);
  const auto json = nlohmann::json::parse(show.output);
  CHECK(json["entity"] == "Digital Skills Alliance");
  CHECK(json["value"].is_null());
  CHECK(json["reports"].size() == 1);
  const Result missing = run_p2c("pledges show P2C-0 " + config);
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.output, Catch::Contains("there is no pledge 'P2C-0'"));

  const Result json_export = run_p2c("pledges export --output " + (dir / "out.json").string() + " " + config);
  CHECK(json_export.exit_code == 0);
  CHECK_THAT(json_export.output, Catch::Contains("exported 3 pledges to"));
  CHECK(nlohmann::json::parse(p2c::test::read_file(dir / "out.json")).size() == 3);
  const Result csv_export =
      run_p2c("pledges export --output " + (dir / "out.txt").string() + " --format csv " + config);
  CHECK(csv_export.exit_code == 0);
  CHECK(std::filesystem::exists(dir / "out.reports.csv"));
  const Result unknown = run_p2c("pledges export --output " + (dir / "out.txt").string() + " " + config);
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.output, Catch::Contains("cannot tell the export format"));

  // The export imports into a fresh registry as the same pledges.
  p2c::test::TempDir other;
  const std::string other_config = config_arg(other);
  CHECK(run_p2c("pledges import " + (dir / "out.json").string() + " " + other_config).exit_code == 0);
  CHECK(run_p2c("pledges show P2C-2022-0001 " + other_config).output ==
        run_p2c("pledges show P2C-2022-0001 " + config).output);
}

TEST_CASE("p2c pledges usage errors exit 2", "[cli][pledges]") {
  p2c::test::TempDir dir;
  CHECK(run_p2c("pledges").exit_code == 2);
  const Result unknown = run_p2c("pledges frobnicate");
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.output, Catch::Contains("unknown pledges command 'frobnicate'"));
  CHECK(run_p2c("pledges import " + config_arg(dir)).exit_code == 2);
  const Result no_section = run_p2c("pledges list --config " + dir.write("empty.toml", "").string());
  CHECK(no_section.exit_code == 2);
  CHECK_THAT(no_section.output, Catch::Contains("has no [pledges] section"));
  CHECK_THAT(run_p2c("--help").output, Catch::Contains("pledges   import, export, list or show"));
}

TEST_CASE("the bundled config bootstraps the illustrative sample on first use", "[cli][pledges]") {
  p2c::test::TempDir out;
  const auto sample = source_dir / "config/data/p2c-pledges-illustrative/pledges.json";
  const std::size_t count = nlohmann::json::parse(p2c::test::read_file(sample)).size();
  const std::string config = "--config " + (source_dir / "config/p2c.toml").string();
  const std::string state = "P2C_STATE_DIR=" + out.path().string();
  const Result imported = run_p2c("pledges import " + sample.string() + " " + config, state);
  INFO(imported.output);
  CHECK(imported.exit_code == 0);
  CHECK_THAT(imported.output, Catch::Contains("pledges: 0 added, 0 updated, " + std::to_string(count) + " unchanged"));
  const Result check = run_p2c("check " + config, state);
  CHECK_THAT(check.output, Catch::Contains("pledge registry: " + (out / "pledges.sqlite").string() + " (" +
                                           std::to_string(count) + " pledges)"));
}

TEST_CASE("p2c check creates no registry, run creates and bootstraps it before plugins set up", "[cli][pledges]") {
  p2c::test::TempDir dir;
  const std::string config = config_arg(dir, (pledge_fixtures / "pledges.json").string());
  const Result check = run_p2c("check " + config);
  INFO(check.output);
  CHECK(check.exit_code == 0);
  CHECK_THAT(check.output, Catch::Contains("pledge registry: " + (dir / "pledges.sqlite").string() +
                                           " (not created yet: `p2c run` or `p2c serve` creates it)"));
  CHECK(p2c::test::folder_entries(dir.path()) == std::vector<std::string>{"p2c.toml"});
  CHECK(run_p2c("run " + config).exit_code == 0);
  CHECK_THAT(run_p2c("check " + config).output,
             Catch::Contains("pledge registry: " + (dir / "pledges.sqlite").string() + " (3 pledges)"));

  p2c::test::TempDir bad;
  const Result failed = run_p2c("run " + config_arg(bad, (pledge_fixtures / "bad.csv").string()));
  CHECK(failed.exit_code == 2);
  CHECK_THAT(failed.output, Catch::Contains("was not created: 9 problem(s)") &&
                                Catch::Contains("the pledge registry cannot be opened"));
  CHECK_FALSE(std::filesystem::exists(bad / "pledges.sqlite"));
}

TEST_CASE("p2c pledges import of 100,000 nested JSON arrays is refused, not a crash", "[cli][pledges]") {
  p2c::test::TempDir dir;
  const auto file = dir.write("deep.json", std::string(100000, '[') + std::string(100000, ']'));
  const Result result = run_p2c("pledges import " + file.string() + " " + config_arg(dir));
  INFO(result.output.substr(0, 2000));
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Catch::Contains(file.string() + ":1: not valid JSON at line 1, column 65: arrays and "
                                                            "objects nested deeper than 64 levels"));
  CHECK(result.output.size() < 1000);
}

TEST_CASE("p2c pledges import refuses text that is not UTF-8, and show and export keep working", "[cli][pledges]") {
  p2c::test::TempDir dir;
  const std::string config = config_arg(dir);
  REQUIRE(run_p2c("pledges import " + (pledge_fixtures / "pledges.json").string() + " " + config).exit_code == 0);
  const std::string header =
      "id,entity,sector,origin_economy,origin_region,implementation_economies,implementation_regions,focus_areas,"
      "pillars,pledge_type,value,currency,beneficiaries,sdgs,pledged_on,start_date,end_date,status\n";
  const auto bad = dir.write("latin1.csv", header +
                                               "P-9,\xFF\xFE,government,KEN,,,,access,,policy,,,,,2024-01-01,"
                                               "2024-01-01,2024-12-31,announced\n");
  const Result result = run_p2c("pledges import " + bad.string() + " " + config);
  INFO(result.output);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output,
             Catch::Contains(bad.string() + ":2: entity: expected UTF-8 text; found a byte that is "
                                            "not UTF-8 at byte 1 of '\\xff\\xfe' (save the file as UTF-8"));
  CHECK(run_p2c("pledges show P2C-2022-0001 " + config).exit_code == 0);
  CHECK(run_p2c("pledges export --output " + (dir / "out.json").string() + " " + config).exit_code == 0);

  // A registry that took such text in before imports checked it: show still works, an export says what to fix.
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((dir / "pledges.sqlite").c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "UPDATE pledges SET entity = CAST(X'FFFE' AS TEXT) WHERE id = 'P2C-2022-0001'", nullptr,
                         nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  const Result show = run_p2c("pledges show P2C-2022-0001 " + config);
  CHECK(show.exit_code == 0);
  CHECK(nlohmann::json::parse(show.output)["entity"] == "\xEF\xBF\xBD\xEF\xBF\xBD");
  const Result exported = run_p2c("pledges export --output " + (dir / "again.json").string() + " " + config);
  CHECK(exported.exit_code == 1);
  CHECK_THAT(exported.output, Catch::Contains("pledge 'P2C-2022-0001': entity holds text that is not UTF-8"));
}

TEST_CASE("[pledges] bounds refuse implausible amounts and dates, and must themselves be valid", "[cli][pledges]") {
  p2c::test::TempDir dir;
  const std::string base = p2c::test::read_file(config_arg(dir).substr(std::string("--config ").size()));
  const std::string tight = "--config " + dir.write("tight.toml", base + "max_amount_usd = 1000\n").string();
  const Result result = run_p2c("pledges import " + (pledge_fixtures / "pledges.json").string() + " " + tight);
  INFO(result.output);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Catch::Contains(":1: value: expected at most 1000 US dollars ([pledges] max_amount_usd); "
                                            "found 1000000 EUR (1081300 US dollars)"));

  const std::string dates =
      "--config " +
      dir.write("dates.toml", base + "earliest_date = \"2030-01-01\"\nlatest_date = \"2024-02-30\"\n").string();
  const Result bad_config = run_p2c("pledges list " + dates);
  CHECK(bad_config.exit_code == 2);
  CHECK_THAT(bad_config.output, Catch::Contains("[pledges]: option 'latest_date' must be a date YYYY-MM-DD naming a "
                                                "real day, found '2024-02-30'"));
}

TEST_CASE("the registry is created 0600 and exports are written 0640", "[cli][pledges]") {
  p2c::test::TempDir dir;
  const mode_t saved = ::umask(022);  // inherited by p2c: a common umask, which leaves 0644 as it is
  const std::string config = config_arg(dir, (pledge_fixtures / "pledges.json").string());
  const Result imported = run_p2c("pledges import " + (pledge_fixtures / "pledges.json").string() + " " + config);
  const Result result = run_p2c("pledges export --output " + (dir / "out.csv").string() + " " + config);
  ::umask(saved);
  REQUIRE(imported.exit_code == 0);
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  namespace fs = std::filesystem;
  CHECK(fs::status(dir / "pledges.sqlite").permissions() == (fs::perms::owner_read | fs::perms::owner_write));
  for (const char* name : {"out.csv", "out.reports.csv"}) {
    INFO(name);
    CHECK(fs::status(dir / name).permissions() ==
          (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
  }
}

TEST_CASE("p2c pledges import --effective records a revision that history shows", "[cli][pledges][cycle]") {
  p2c::test::TempDir dir;
  const std::string config = config_arg(dir);
  REQUIRE(run_p2c("pledges import " + (pledge_fixtures / "pledges.json").string() + " " + config).exit_code == 0);
  auto pledges = nlohmann::json::parse(std::ifstream(pledge_fixtures / "pledges.json"));
  pledges[0]["value"] = 2000000;
  const auto scaled = dir.write("scaled.json", pledges.dump());
  const Result bad = run_p2c("pledges import " + scaled.string() + " --effective 2025-02-30 " + config);
  CHECK(bad.exit_code == 1);
  CHECK_THAT(bad.output, Catch::Contains("effective date must be a date YYYY-MM-DD"));
  const Result imported = run_p2c("pledges import " + scaled.string() +
                                  " --effective 2025-03-01 --reason 'scaled up' --actor secretariat " + config);
  INFO(imported.output);
  CHECK(imported.exit_code == 0);
  CHECK_THAT(imported.output, Catch::Contains("pledges: 0 added, 1 updated, 2 unchanged"));
  const Result history = run_p2c("pledges history P2C-2022-0001 " + config);
  CHECK(history.exit_code == 0);
  CHECK_THAT(history.output, Catch::Contains("revision 1") && Catch::Contains("by import:pledges.json") &&
                                 Catch::Contains("revision 2") && Catch::Contains("in force from 2025-03-01") &&
                                 Catch::Contains("by secretariat") && Catch::Contains("reason: scaled up") &&
                                 Catch::Contains("value: 1000000 -> 2000000"));
  CHECK(run_p2c("pledges history P2C-NOPE " + config).exit_code == 1);
}

TEST_CASE("p2c pledges review moves a draft to published and refuses an illegal step", "[cli][pledges][cycle]") {
  p2c::test::TempDir dir;
  const std::string config = config_arg(dir);
  auto pledges = nlohmann::json::parse(std::ifstream(pledge_fixtures / "pledges.json"));
  pledges[0]["review_state"] = "draft";
  REQUIRE(run_p2c("pledges import " + dir.write("draft.json", pledges.dump()).string() + " " + config).exit_code == 0);
  const Result skipped = run_p2c("pledges review P2C-2022-0001 --to published " + config);
  CHECK(skipped.exit_code == 1);
  CHECK_THAT(skipped.output, Catch::Contains("is draft; it cannot go to published"));
  CHECK(run_p2c("pledges review P2C-2022-0001 --to submitted " + config).exit_code == 0);
  const Result returned = run_p2c("pledges review P2C-2022-0001 --to returned --comment 'name the counties' " + config);
  CHECK(returned.exit_code == 0);
  CHECK_THAT(returned.output, Catch::Contains("pledge P2C-2022-0001 is now returned"));
  const Result history = run_p2c("pledges history P2C-2022-0001 " + config);
  CHECK_THAT(history.output,
             Catch::Contains("review_state: \"submitted\" -> \"returned\"") && Catch::Contains("name the counties"));
}

TEST_CASE("p2c pledges due lists reporting states as of a date, filtered, as table, CSV and JSON",
          "[cli][pledges][cycle]") {
  p2c::test::TempDir dir;
  const std::string config = config_arg(dir);
  REQUIRE(run_p2c("pledges import " + (pledge_fixtures / "pledges.json").string() + " " + config).exit_code == 0);
  // As of 2024-12-31: P2C-2022-0001 reported 2024-06-30 (expected 2025-06-30), P2C-2022-0002 never reported since
  // 2022-09-26 (two periods and 30 days passed on 2024-10-26), P2C-2023-0003 completed.
  const Result table = run_p2c("pledges due --as-of 2024-12-31 " + config);
  INFO(table.output);
  CHECK(table.exit_code == 0);
  CHECK_THAT(table.output, Catch::Contains("3 pledge(s) as of 2024-12-31"));
  const Result csv = run_p2c("pledges due --as-of 2025-07-31 --format csv " + config);
  CHECK(csv.output ==
        "id,entity,sector,reporting_state,status,last_report,expected,period_months\n"
        "P2C-2022-0001,\"Ministry of ICT, Kenya\",government,overdue,in_progress,2024-06-30,2025-06-30,12\n"
        "P2C-2022-0002,Example Telecom Group,private_sector,inactive,announced,,2023-09-26,12\n"
        "P2C-2023-0003,Digital Skills Alliance,civil_society,closed,completed,2023-12-01,2024-12-01,12\n");
  const Result overdue = run_p2c("pledges due --as-of 2025-07-31 --state inactive --format json " + config);
  const auto json = nlohmann::json::parse(overdue.output);
  REQUIRE(json.at("pledges").size() == 1);
  CHECK(json.at("pledges")[0].at("id") == "P2C-2022-0002");
  CHECK(json.at("as_of") == "2025-07-31");
  CHECK(run_p2c("pledges due --state late " + config).exit_code == 2);
  CHECK(run_p2c("pledges due --as-of 2025-13-01 " + config).exit_code == 2);
}
