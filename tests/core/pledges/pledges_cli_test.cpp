// `p2c pledges` and the registry's creation by `p2c check`, running the real executable.

#include <catch2/catch.hpp>
#include <cstdio>
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

  const Result list = run_p2c("pledges list " + config);  // creates and bootstraps the registry
  INFO(list.output);
  CHECK(list.exit_code == 0);
  CHECK_THAT(list.output, Catch::Contains("\nid               entity") && Catch::Contains("value_usd") &&
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
  const Result check = run_p2c("check " + config, "P2C_OUTPUT_DIR=" + out.path().string());
  INFO(check.output);
  CHECK_THAT(check.output, Catch::Contains("pledge registry: " + (out / "pledges.sqlite").string() + " (" +
                                           std::to_string(count) + " pledges)"));
  const Result again =
      run_p2c("pledges import " + sample.string() + " " + config, "P2C_OUTPUT_DIR=" + out.path().string());
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.output, Catch::Contains("pledges: 0 added, 0 updated, " + std::to_string(count) + " unchanged"));
}

TEST_CASE("p2c check creates and bootstraps the registry before plugins set up", "[cli][pledges]") {
  p2c::test::TempDir dir;
  const Result check = run_p2c("check " + config_arg(dir, (pledge_fixtures / "pledges.json").string()));
  INFO(check.output);
  CHECK(check.exit_code == 0);
  CHECK_THAT(check.output, Catch::Contains("pledge registry: " + (dir / "pledges.sqlite").string() + " (3 pledges)"));

  p2c::test::TempDir bad;
  const Result failed = run_p2c("run " + config_arg(bad, (pledge_fixtures / "bad.csv").string()));
  CHECK(failed.exit_code == 2);
  CHECK_THAT(failed.output, Catch::Contains("was not created: 9 problem(s)") &&
                                Catch::Contains("the pledge registry cannot be opened"));
  CHECK_FALSE(std::filesystem::exists(bad / "pledges.sqlite"));
}
