// `p2c run` as an operator drives it: the summary names the files written, its time line adds up, it comes as one
// JSON object with --summary json; --dry-run writes nothing, --only runs part of the config.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "run_command.h"
#include "temp_dir.h"

namespace {

const std::filesystem::path source_dir = P2C_SOURCE_DIR;

p2c::test::CommandResult run_p2c(const std::string& arguments) {
  return p2c::test::run_command(std::string(P2C_EXE) + " " + arguments);
}

// Internet use of the bundled data, its JSON written and the run stored in `dir`.
std::string small_config(const p2c::test::TempDir& dir) {
  const auto data = source_dir / "config/data/worldbank-wdi";
  return dir
      .write("p2c.toml",
             "[run]\nhistory = \"history.sqlite\"\n\n[[source]]\nplugin = \"csv\"\nname = \"internet_users\"\n"
             "series = \"itu.internet_users\"\npath = \"" +
                 (data / "internet_users_gapminder.csv").string() +
                 "\"\neconomy_column = \"geo\"\nyear_column = \"time\"\nvalue_column = \"internet_users\"\n"
                 "unit = \"%\"\n\n[[source]]\nplugin = \"csv\"\nname = \"population\"\nseries = "
                 "\"wb.population\"\npath = \"" +
                 (data / "sp.pop.totl.csv").string() +
                 "\"\n\n[[indicator]]\nplugin = \"sdg_17_8\"\n\n[[sink]]\nplugin = \"json\"\npath = "
                 "\"out/results.json\"\n")
      .string();
}

}  // namespace

TEST_CASE("the run summary names each output and its time line adds up", "[cli][summary]") {
  p2c::test::TempDir dir;
  const auto run = run_p2c("run --config " + small_config(dir));
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.output, Catch::Contains("outputs:\n  json: " + (dir / "out/results.json").string() + "\n"));
  CHECK_THAT(run.output, Catch::Contains("declared by the plugins"));
  // The stages one after the other add up; the sinks and the history write at once, within "outputs".
  std::smatch time;
  REQUIRE(std::regex_search(
      run.output, time,
      std::regex("time: ([0-9.]+) s \\((.*), outputs ([0-9.]+) \\(at once: (.*)\\), (other [0-9.]+)\\)")));
  const std::string parts = std::string(time[2]) + ", " + std::string(time[5]);
  double sum = std::stod(time[3]);
  for (const char* stage : {"setup", "read", "compute", "estimate", "aggregate", "progress", "other"}) {
    std::smatch part;
    INFO(stage);
    REQUIRE(std::regex_search(parts, part, std::regex(std::string("\\b") + stage + " ([0-9.]+)")));
    sum += std::stod(part[1]);
  }
  CHECK(sum == Approx(std::stod(time[1])).margin(0.01));
  const std::string at_once = time[4];
  for (const char* output : {"sink json", "history"}) {
    std::smatch part;
    INFO(output);
    REQUIRE(std::regex_search(at_once, part, std::regex(std::string("(^|, )") + output + " ([0-9.]+)")));
    CHECK(std::stod(part[2]) <= std::stod(time[3]) + 0.001);
  }
}

TEST_CASE("run --summary json prints the summary as one JSON object, nothing else on stdout", "[cli][summary]") {
  p2c::test::TempDir dir;
  const std::string config = small_config(dir);
  // Log lines go to stderr, discarded here: stdout must be the JSON alone.
  const auto run =
      p2c::test::run_command("(" + std::string(P2C_EXE) + " run --summary json --config " + config + " 2>/dev/null)");
  REQUIRE(run.exit_code == 0);
  const auto summary = nlohmann::json::parse(run.output);
  CHECK(summary["outputs"][0]["sink"] == "json");
  CHECK(summary["outputs"][0]["path"] == (dir / "out/results.json").string());
  CHECK(summary["history"]["stored"] == true);
  CHECK(summary["history"]["path"] == (dir / "history.sqlite").string());
  CHECK(summary["metrics"]["with_values"].get<int>() > 0);
  CHECK(summary["series"].size() == 2);
  CHECK(summary["failures"].empty());
  double sum = 0;
  for (const auto& [stage, seconds] : summary["seconds"].items())
    if (stage != "total") sum += seconds.get<double>();
  CHECK(sum == Approx(summary["seconds"]["total"].get<double>()).margin(0.001));
  // Each sink's time and the history's, which overlap within "outputs".
  const auto& outputs = summary["output_seconds"];
  CHECK(outputs.size() == 2);
  for (const char* output : {"sink json", "history"}) {
    INFO(output);
    REQUIRE(outputs.contains(output));
    CHECK(outputs[output].get<double>() <= summary["seconds"]["outputs"].get<double>() + 0.001);
  }
  CHECK(run_p2c("run --summary yaml --config " + config).exit_code == 2);
}

TEST_CASE("run --dry-run computes and prints, and writes no output and no history", "[cli][summary]") {
  p2c::test::TempDir dir;
  const auto run = run_p2c("run --dry-run --config " + small_config(dir));
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.output, Catch::Contains("metrics computed: 11 of 11") && Catch::Contains("outputs: none written") &&
                             Catch::Contains("history: not stored in " + (dir / "history.sqlite").string() +
                                             ": --dry-run writes nothing"));
  CHECK(p2c::test::folder_entries(dir.path()) == std::vector<std::string>{"p2c.toml"});
}

TEST_CASE("run --only runs the instances named and what they need, and only named sinks write", "[cli][summary]") {
  p2c::test::TempDir dir;
  const std::string config = small_config(dir);
  const auto indicator = run_p2c("run --only sdg_17_8 --config " + config);
  INFO(indicator.output);
  REQUIRE(indicator.exit_code == 0);
  CHECK_THAT(indicator.output, Catch::Contains("itu.internet_users") && Catch::Contains("wb.population") &&
                                   Catch::Contains("outputs: none written") &&
                                   Catch::Contains("--only runs part of the config"));
  CHECK(p2c::test::folder_entries(dir.path()) == std::vector<std::string>{"p2c.toml"});

  const auto source = run_p2c("run --only internet_users --config " + config);
  CHECK_THAT(source.output, Catch::Contains("itu.internet_users") && !Catch::Contains("wb.population"));

  const auto written = run_p2c("run --only \"sdg_17_8, json\" --config " + config);
  CHECK_THAT(written.output, Catch::Contains("  json: " + (dir / "out/results.json").string()));
  CHECK(std::filesystem::exists(dir / "out/results.json"));
  CHECK_FALSE(std::filesystem::exists(dir / "history.sqlite"));

  const auto typo = run_p2c("run --only sdg_17_88 --config " + config);
  CHECK(typo.exit_code == 2);
  CHECK_THAT(typo.output, Catch::Contains("no instance named 'sdg_17_88'") &&
                              Catch::Contains("did you mean 'sdg_17_8'?") &&
                              Catch::Contains("the instances are: internet_users, population, sdg_17_8, json"));
}
