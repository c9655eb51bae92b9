// `p2c history prune` end to end: retention from the config or the command line, and the runs left readable.
#include <fmt/format.h>

#include <catch2/catch.hpp>

#include "history.h"
#include "run_command.h"
#include "temp_dir.h"

namespace {

using p2c::host::History;

p2c::test::CommandResult run_p2c(const std::string& arguments) {
  return p2c::test::run_command(std::string(P2C_EXE) + " " + arguments + " --log-level warn");
}

p2c::RunReport report(const std::string& run_id, const std::string& started_at, double value) {
  p2c::RunReport report;
  report.run_id = run_id;
  report.started_at = started_at;
  report.entity_codes = {"KEN", "UGA"};
  p2c::MetricInfo info;
  info.name = "internet_users";
  info.unit = "%";
  report.catalogue = {{"sdg_17_8.internet_users", "sdg_17_8", info}};
  for (p2c::EntityId entity : {0u, 1u}) {
    p2c::Record record;
    record.entity = entity;
    record.year = 2023;
    record.value = value + entity;
    report.records.push_back(record);
  }
  return report;
}

// A history of three runs, November 28, 29 and 30: the first two identical, and a config keeping everything.
std::string write_history(const p2c::test::TempDir& dir) {
  const auto file = dir / "history.sqlite";
  {
    History history(file);
    p2c::host::Config config;
    config.retention = {0, 0};
    history.record(report("20261128T000000Z-0001", "2026-11-28T00:00:00Z", 30), config, {});
    history.record(report("20261129T000000Z-0002", "2026-11-29T00:00:00Z", 30), config, {});
    history.record(report("20261130T000000Z-0003", "2026-11-30T00:00:00Z", 32), config, {});
  }
  return dir.write("p2c.toml", fmt::format("[run]\nhistory = \"{}\"\nkeep_runs = 0\nkeep_days = 0\n", file.string()))
      .string();
}

}  // namespace

TEST_CASE("history prune applies the config's limits, and --keep-runs overrides them", "[history-cli]") {
  p2c::test::TempDir dir;
  const auto config = write_history(dir);

  const auto none = run_p2c("history prune --config " + config);
  INFO(none.output);
  CHECK(none.exit_code == 0);
  CHECK_THAT(none.output, Catch::Contains("pruned 0 run(s) (keep_runs and keep_days are 0: no limit)") &&
                              Catch::Contains("3 run(s) kept"));

  const auto pruned = run_p2c("history prune --config " + config + " --keep-runs 2");
  INFO(pruned.output);
  CHECK(pruned.exit_code == 0);
  CHECK_THAT(pruned.output, Catch::Contains("pruned 1 run(s) beyond the newest 2;") &&
                                Catch::Contains("MB freed; 2 run(s) kept") &&
                                Catch::Contains("removed: 20261128T000000Z-0001"));

  // The remaining runs still compare: the pruned run's value set lives on in its identical successor.
  const auto compared = run_p2c("history --config " + config + " --compare previous latest");
  INFO(compared.output);
  CHECK(compared.exit_code == 0);
  CHECK_THAT(compared.output, Catch::Contains("values changed: 2") && Catch::Contains("20261129T000000Z-0002"));
}

TEST_CASE("history prune by days keeps the newest run whatever its age", "[history-cli]") {
  p2c::test::TempDir dir;
  const auto config = write_history(dir);
  const auto pruned = run_p2c("history prune --config " + config + " --keep-days 1");
  INFO(pruned.output);
  CHECK(pruned.exit_code == 0);
  CHECK_THAT(pruned.output, Catch::Contains("pruned 2 run(s) older than 1 days;") && Catch::Contains("1 run(s) kept"));
  const History history(dir / "history.sqlite", History::Open::existing);
  CHECK(history.resolve("latest") == "20261130T000000Z-0003");
  CHECK(history.runs().size() == 1);
}

TEST_CASE("history prune refuses a negative limit and a missing history", "[history-cli]") {
  p2c::test::TempDir dir;
  const auto config = write_history(dir);
  const auto negative = run_p2c("history prune --config " + config + " --keep-runs=-3");
  CHECK(negative.exit_code == 2);
  CHECK_THAT(negative.output, Catch::Contains("--keep-runs must be 0 or more"));
  CHECK(History(dir / "history.sqlite").runs().size() == 3);

  const auto missing = dir.write("missing.toml", "[run]\nhistory = \"" + (dir / "none.sqlite").string() + "\"\n");
  const auto refused = run_p2c("history prune --config " + missing.string());
  CHECK(refused.exit_code == 2);
  CHECK_FALSE(std::filesystem::exists(dir / "none.sqlite"));
}
