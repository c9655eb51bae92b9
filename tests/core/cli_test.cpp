// The `p2c` executable end to end, as an operator uses it.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <cstdio>
#include <toml++/toml.h>

#include "temp_dir.h"

namespace {

const std::filesystem::path source_dir = P2C_SOURCE_DIR;
const std::filesystem::path shipped_plugins = P2C_PLUGIN_DIR;
const std::filesystem::path fixtures = P2C_FIXTURE_DIR;

struct Result {
  int exit_code = -1;
  std::string output;  // stdout and stderr together, as a terminal shows them
};

Result run_p2c(const std::string& arguments, const std::string& environment = "") {
  const std::string command = environment + " " + std::string(P2C_EXE) + " " + arguments + " 2>&1";
  Result result;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) result.output.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// The shipped default config with its data paths made absolute, plus `extra` appended.
std::string default_config(const std::string& extra = "") {
  std::string text = p2c::test::read_file(source_dir / "config" / "p2c.toml");
  const std::string data = "path = \"data/";
  for (auto at = text.find(data); at != std::string::npos; at = text.find(data, at + 1))
    text.replace(at, data.size(), "path = \"" + (source_dir / "config" / "data").string() + "/");
  return text + extra;
}

std::string csv_row(const std::string& csv, const std::string& prefix) {
  const auto at = csv.find("\n" + prefix);
  if (at == std::string::npos) return {};
  return csv.substr(at + 1, csv.find('\n', at + 1) - at - 1);
}

}  // namespace

TEST_CASE("p2c --version and --help", "[cli]") {
  const Result version = run_p2c("--version");
  CHECK(version.exit_code == 0);
  CHECK_THAT(version.output, Catch::StartsWith("p2c 0.1.0 (plugin ABI 1)"));
  const Result help = run_p2c("--help");
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.output, Catch::Contains("run       compute"));
  const Result unknown = run_p2c("frobnicate");
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.output, Catch::Contains("unknown command 'frobnicate'"));
}

TEST_CASE("p2c run on the bundled config computes SDG 17.8.1 from the real data", "[cli][run]") {
  p2c::test::TempDir out;
  const Result run = run_p2c("run --config " + (source_dir / "config" / "p2c.toml").string(),
                         "P2C_OUTPUT_DIR=" + out.path().string());
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.output, Catch::Contains("plugins loaded: 4 (csv, csv_results, json, sdg_17_8)"));
  CHECK_THAT(run.output, Catch::Contains("metrics computed: 3 of 3"));
  CHECK_THAT(run.output, Catch::Contains("failures: 0"));
  CHECK_THAT(run.output, Catch::Contains("time: "));

  const std::string csv = p2c::test::read_file(out / "results.csv");
  // Kenya 2023 in the bundled files: 35 % online (ITU/WDI), population 55,339,003 (WDI).
  CHECK(csv_row(csv, "sdg_17_8.internet_users,KEN,economy,2023,") == "sdg_17_8.internet_users,KEN,economy,2023,35,%,,,,,,");
  CHECK(csv_row(csv, "sdg_17_8.offline_population,KEN,economy,2023,") ==
        "sdg_17_8.offline_population,KEN,economy,2023,35970351.95,people,,,,,,");
  CHECK(csv_row(csv, "sdg_17_8.internet_users_latest,KEN,") ==
        "sdg_17_8.internet_users_latest,KEN,economy,2024,34.9762,%,,,,,,");
  CHECK(std::filesystem::exists(out / "results.json"));
}

TEST_CASE("a missing data file fails its source, the rest is written, --strict exits 1", "[cli][failure]") {
  p2c::test::TempDir dir;
  std::string text = default_config();
  text.replace(text.find("sp.pop.totl.csv"), 15, "no-such-file.csv");
  const auto config = dir.write("p2c.toml", text);
  const std::string env = "P2C_OUTPUT_DIR=" + dir.path().string();

  const Result run = run_p2c("run --config " + config.string(), env);
  INFO(run.output);
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.output, Catch::Contains("no-such-file.csv"));
  CHECK_THAT(run.output, Catch::Contains("check the `path` option"));
  CHECK_THAT(run.output, Catch::Contains("its input 'wb.population' is unavailable (source 'population' failed)"));
  CHECK(std::filesystem::exists(dir / "results.json"));  // the failure is in it, for the record
  CHECK_THAT(p2c::test::read_file(dir / "results.json"), Catch::Contains("no-such-file.csv"));

  CHECK(run_p2c("run --strict --config " + config.string(), env).exit_code == 1);
}

TEST_CASE("a malformed CSV row is rejected with file and line, the run goes on", "[cli][failure]") {
  p2c::test::TempDir dir;
  dir.write("users.csv", "geo,time,internet_users\nken,2022,33\nken,2023,thirty-five\nuga,2023,27\n");
  std::string text = default_config();
  const auto users = text.find("internet_users_gapminder.csv");
  const auto start = text.rfind('"', users) + 1;
  text.replace(start, text.find('"', users) - start, (dir / "users.csv").string());
  const auto config = dir.write("p2c.toml", text);
  const std::string env = "P2C_OUTPUT_DIR=" + dir.path().string();

  const Result run = run_p2c("run --config " + config.string(), env);
  INFO(run.output);
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.output, Catch::Contains("rejected rows: 1"));
  CHECK_THAT(run.output, Catch::Contains("users.csv:3: expected a number in column 'internet_users', found "
                                         "'thirty-five'"));
  const std::string csv = p2c::test::read_file(dir / "results.csv");
  CHECK(csv_row(csv, "sdg_17_8.internet_users,UGA,economy,2023,") ==
        "sdg_17_8.internet_users,UGA,economy,2023,27,%,,,,,,");
  CHECK(csv_row(csv, "sdg_17_8.internet_users,KEN,economy,2023,").empty());

  CHECK(run_p2c("run --strict --config " + config.string(), env).exit_code == 1);
}

TEST_CASE("an unknown key or a mistyped value fails one instance with file:line:column", "[cli][failure]") {
  p2c::test::TempDir dir;
  const auto config = dir.write("p2c.toml", default_config(R"(
[[indicator]]
plugin = "sdg_17_8"
name = "typo"
windw_start = 2015

[[indicator]]
plugin = "sdg_17_8"
name = "typed"
window_start = "2015"
)"));
  const std::string env = "P2C_OUTPUT_DIR=" + dir.path().string();
  const Result run = run_p2c("run --config " + config.string(), env);
  INFO(run.output);
  CHECK(run.exit_code == 0);
  const std::string original = default_config();
  const auto base = std::count(original.begin(), original.end(), '\n');
  CHECK_THAT(run.output, Catch::Contains("p2c.toml:" + std::to_string(base + 5) +
                                         ":1: indicator 'typo' (plugin sdg_17_8): unknown option "
                                         "'windw_start'; did you mean 'window_start'?"));
  CHECK_THAT(run.output, Catch::Contains("p2c.toml:" + std::to_string(base + 10) +
                                         ":16: indicator 'typed' (plugin sdg_17_8): option "
                                         "'window_start' expects integer"));
  CHECK_THAT(run.output, Catch::Contains("failures: 2"));
  // The correctly configured indicator still ran and was written.
  CHECK(!csv_row(p2c::test::read_file(dir / "results.csv"), "sdg_17_8.internet_users,KEN,").empty());
  CHECK(run_p2c("run --strict --config " + config.string(), env).exit_code == 1);
  CHECK(run_p2c("check --config " + config.string()).exit_code == 1);
}

TEST_CASE("a plugin folder with a wrong-ABI plugin and a non-plugin: named, the rest runs", "[cli][failure]") {
  p2c::test::TempDir dir;
  const auto config = dir.write("p2c.toml", default_config());
  std::string text = p2c::test::read_file(config);
  text.replace(text.find("[run]"), 5, "[run]\nplugin_dirs = [\"" + (fixtures / "bad").string() + "\"]");
  dir.write("p2c.toml", text);
  const std::string env = "P2C_OUTPUT_DIR=" + dir.path().string();
  const Result run = run_p2c("run --config " + config.string(), env);
  INFO(run.output);
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.output, Catch::Contains("fixture_wrong_abi.so: plugin 'fixture_future' was built for p2c ABI "
                                         "version 999, but this host speaks ABI version 1"));
  CHECK_THAT(run.output, Catch::Contains("fixture_not_a_plugin.so: not a p2c plugin"));
  CHECK_THAT(run.output, Catch::Contains("metrics computed: 3 of 3"));
  CHECK(run_p2c("run --strict --config " + config.string(), env).exit_code == 1);
}

TEST_CASE("an unusable config computes nothing and exits 2 with the position", "[cli][failure]") {
  p2c::test::TempDir dir;
  const auto config = dir.write("p2c.toml", "[run]\nstrict = true\nthreads = \n");
  const Result run = run_p2c("run --config " + config.string(), "P2C_OUTPUT_DIR=" + dir.path().string());
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.output, Catch::Contains("p2c.toml:3:"));
  CHECK_THAT(run.output, Catch::Contains("nothing was computed"));
  CHECK_FALSE(std::filesystem::exists(dir / "results.json"));

  const Result missing = run_p2c("run");
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.output, Catch::Contains("--config"));
}

TEST_CASE("p2c check sets up every plugin without computing", "[cli][check]") {
  p2c::test::TempDir out;
  const Result check = run_p2c("check --config " + (source_dir / "config" / "p2c.toml").string(),
                           "P2C_OUTPUT_DIR=" + out.path().string());
  INFO(check.output);
  CHECK(check.exit_code == 0);
  CHECK_THAT(check.output, Catch::Contains("instances set up: 5 of 5"));
  CHECK_THAT(check.output, Catch::Contains("config OK"));
  CHECK_FALSE(std::filesystem::exists(out / "results.json"));
}

TEST_CASE("p2c plugins lists the shipped plugins and --usage shows one", "[cli][plugins]") {
  const Result list = run_p2c("plugins");
  CHECK(list.exit_code == 0);
  for (const char* name : {"csv ", "sdg_17_8 ", "json ", "csv_results "}) CHECK_THAT(list.output, Catch::Contains(name));

  const Result usage = run_p2c("plugins --usage sdg_17_8");
  CHECK(usage.exit_code == 0);
  CHECK_THAT(usage.output, Catch::Contains("window_start"));
  CHECK_THAT(usage.output, Catch::Contains("sdg_17_8.internet_users: Individuals using the Internet [%]"));
  CHECK_THAT(usage.output, Catch::Contains("SDG 17.8.1"));

  const Result unknown = run_p2c("plugins --usage nope");
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.output, Catch::Contains("no plugin named 'nope'"));
}

TEST_CASE("p2c config prints a sample config that parses and covers every plugin", "[cli][config]") {
  const Result sample = run_p2c("config", "");
  REQUIRE(sample.exit_code == 0);
  toml::table parsed;
  REQUIRE_NOTHROW(parsed = toml::parse(sample.output));
  CHECK(parsed["run"]["strict"].value<bool>() == false);
  CHECK(parsed["source"].as_array()->size() == 1);
  CHECK(parsed["indicator"].as_array()->size() == 1);
  CHECK(parsed["sink"].as_array()->size() == 2);
  CHECK_THAT(sample.output, Catch::Contains("# path = ...   # REQUIRED"));
}

TEST_CASE("with --log-format json every log line is one JSON object", "[cli][logging]") {
  p2c::test::TempDir dir;
  std::string text = default_config();
  text.replace(text.find("sp.pop.totl.csv"), 15, "missing \\\"quoted\\\".csv");
  const auto config = dir.write("p2c.toml", text);
  const Result run = run_p2c("run --log-format json --config " + config.string(),
                             "P2C_OUTPUT_DIR=" + dir.path().string());
  INFO(run.output);
  CHECK_THAT(run.output, Catch::Contains("\n{\"time\":\""));
  CHECK_THAT(run.output, Catch::Contains("\"level\":\"error\",\"message\":\""));
  CHECK_THAT(run.output, Catch::Contains("missing \\\"quoted\\\".csv"));
  CHECK_THAT(run.output, !Catch::Contains("\nerror: "));  // no text-format lines
}
