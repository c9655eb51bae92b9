// The `p2c` executable end to end, as an operator uses it.
#include <toml++/toml.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>

#include "p2c/abi.h"
#include "p2c/text.h"
#include "run_command.h"
#include "temp_dir.h"

namespace {

const std::filesystem::path source_dir = P2C_SOURCE_DIR;
const std::filesystem::path shipped_plugins = P2C_PLUGIN_DIR;
const std::filesystem::path fixtures = P2C_FIXTURE_DIR;

using Result = p2c::test::CommandResult;

Result run_p2c(const std::string& arguments, const std::string& environment = "") {
  return p2c::test::run_command(environment + " " + std::string(P2C_EXE) + " " + arguments);
}

// A small config over the bundled data (SDG 17.8.1 with groups, both sinks), plus `extra` appended. The
// failure cases use it rather than the whole shipped config so that they stay quick under sanitizers.
std::string default_config(const std::string& extra = "") {
  std::string text = R"([run]
history = "${P2C_OUTPUT_DIR:-../out}/history.sqlite"

[reference]
economies = "reference/economies.csv"
groups = "reference/groups.csv"
memberships = "reference/memberships.csv"

[[source]]
plugin = "csv"
name = "internet_users"
series = "itu.internet_users"
path = "data/worldbank-wdi/internet_users_gapminder.csv"
economy_column = "geo"
year_column = "time"
value_column = "internet_users"
unit = "%"

[[source]]
plugin = "csv"
name = "population"
series = "wb.population"
path = "data/worldbank-wdi/sp.pop.totl.csv"

[[indicator]]
plugin = "sdg_17_8"

[[sink]]
plugin = "json"
path = "${P2C_OUTPUT_DIR:-../out}/results.json"

[[sink]]
plugin = "csv_results"
path = "${P2C_OUTPUT_DIR:-../out}/results.csv"
)";
  for (const std::string folder : {"data/", "reference/"}) {
    const std::string relative = "= \"" + folder;
    const std::string absolute = "= \"" + (source_dir / "config" / folder).string();
    for (auto at = text.find(relative); at != std::string::npos; at = text.find(relative, at + absolute.size()))
      text.replace(at, relative.size(), absolute);
  }
  return text + extra;
}

// The summary line starting with `prefix`, or nothing.
std::string line_of(const std::string& output, const std::string& prefix) {
  const auto at = output.find("\n" + prefix);
  if (at == std::string::npos) return {};
  return output.substr(at + 1, output.find('\n', at + 1) - at - 1);
}

// "metrics computed: N of N (...)": every declared metric got values.
bool every_metric_computed(const std::string& output) {
  unsigned computed = 0, declared = 0;
  return std::sscanf(line_of(output, "metrics computed: ").c_str(), "metrics computed: %u of %u", &computed,
                     &declared) == 2 &&
         computed == declared && computed > 0;
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
  CHECK_THAT(version.output, Catch::StartsWith("p2c 0.1.0 (plugin ABI 4)"));
  const Result help = run_p2c("--help");
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.output, Catch::Contains("run       compute"));
  // Every command's help, without the options it otherwise requires.
  for (const std::string command : {"run", "check", "plugins", "serve", "pledges", "tokens", "history", "report"}) {
    const Result command_help = run_p2c(command + " --help");
    INFO(command << ": " << command_help.output);
    CHECK(command_help.exit_code == 0);
    CHECK_THAT(command_help.output, Catch::Contains("usage: p2c " + command));
  }
  const Result unknown = run_p2c("frobnicate");
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.output, Catch::Contains("unknown command 'frobnicate'"));
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
        "sdg_17_8.internet_users,UGA,economy,2023,27,%,,,,,,,,");
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
                                         "version 999, but this host speaks ABI version " +
                                         std::to_string(P2C_ABI_VERSION)));
  CHECK_THAT(run.output, Catch::Contains("fixture_not_a_plugin.so: not a p2c plugin"));
  CHECK_THAT(run.output, Catch::Contains("fixture_old_string_abi.so: plugin 'fixture_old_string_abi' was built with "
                                         "another toolchain than this host"));
  CHECK(every_metric_computed(run.output));
  // Listing the folder refuses the same libraries, with the same words, and lists the rest.
  const Result plugins = run_p2c("plugins --plugin-dir " + (fixtures / "bad").string());
  INFO(plugins.output);
  CHECK_THAT(plugins.output, Catch::Contains("fixture_old_string_abi.so: plugin 'fixture_old_string_abi' was built "
                                             "with another toolchain than this host") &&
                                 Catch::Contains("_GLIBCXX_USE_CXX11_ABI=0) in the plugin"));
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
  unsigned set_up = 0, configured = 0;
  CHECK(std::sscanf(line_of(check.output, "instances set up: ").c_str(), "instances set up: %u of %u", &set_up,
                    &configured) == 2);
  CHECK(set_up == configured);
  CHECK(set_up >= 5);
  CHECK_THAT(check.output, Catch::Contains("config OK"));
  CHECK_FALSE(std::filesystem::exists(out / "results.json"));
}

TEST_CASE("p2c plugins lists the shipped plugins and --usage shows one", "[cli][plugins]") {
  const Result list = run_p2c("plugins");
  CHECK(list.exit_code == 0);
  for (const char* name : {"csv ", "sdg_17_8 ", "json ", "csv_results "})
    CHECK_THAT(list.output, Catch::Contains(name));

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
  CHECK(parsed["source"].as_array()->size() >= 1);
  CHECK(parsed["indicator"].as_array()->size() >= 1);
  CHECK(parsed["sink"].as_array()->size() == 2);
  CHECK_THAT(sample.output, Catch::Contains("# path = ...   # REQUIRED"));
}

TEST_CASE("with --log-format json every log line is one JSON object", "[cli][logging]") {
  p2c::test::TempDir dir;
  std::string text = default_config();
  text.replace(text.find("sp.pop.totl.csv"), 15, "missing \\\"quoted\\\".csv");
  const auto config = dir.write("p2c.toml", text);
  const Result run =
      run_p2c("run --log-format json --config " + config.string(), "P2C_OUTPUT_DIR=" + dir.path().string());
  INFO(run.output);
  CHECK_THAT(run.output, Catch::Contains("\n{\"time\":\""));
  CHECK_THAT(run.output, Catch::Contains("\"level\":\"error\",\"message\":\""));
  CHECK_THAT(run.output, Catch::Contains("missing \\\"quoted\\\".csv"));
  CHECK_THAT(run.output, !Catch::Contains("\nerror: "));  // no text-format lines
}

namespace {

// The default config with `[run] history = "<history>"` (relative paths resolve against the config's folder).
std::filesystem::path config_with_history(const p2c::test::TempDir& dir, const std::string& history) {
  std::string text = default_config();
  if (const auto line = text.find("\nhistory ="); line != std::string::npos)
    text.erase(line, text.find('\n', line + 1) - line);  // the shipped config may set one already
  text.replace(text.find("[run]"), 5, "[run]\nhistory = \"" + history + "\"");
  return dir.write("p2c.toml", text);
}

}  // namespace

TEST_CASE("runs with a history path are stored, listed and compared", "[cli][history]") {
  p2c::test::TempDir dir;
  const auto config = config_with_history(dir, "state/history.sqlite");
  const std::string env = "P2C_OUTPUT_DIR=" + dir.path().string();
  const auto database = dir / "state/history.sqlite";

  const Result first = run_p2c("run --config " + config.string(), env);
  INFO(first.output);
  REQUIRE(first.exit_code == 0);
  CHECK_THAT(first.output, Catch::Contains("history: run "));
  CHECK_THAT(first.output, Catch::Contains(" stored in " + database.string()));
  const Result second = run_p2c("run --config " + config.string(), env);
  INFO(second.output);
  REQUIRE(second.exit_code == 0);

  const Result list = run_p2c("history --config " + config.string());
  INFO(list.output);
  CHECK(list.exit_code == 0);
  CHECK_THAT(list.output, Catch::Contains("2 run(s), newest first"));
  CHECK_THAT(list.output, Catch::Contains("config hash"));
  const auto first_id = first.output.substr(first.output.find("history: run ") + 13, 21);
  CHECK_THAT(list.output, Catch::Contains(first_id));

  const Result compare = run_p2c("history --config " + config.string() + " --compare previous latest");
  INFO(compare.output);
  CHECK(compare.exit_code == 0);
  CHECK_THAT(compare.output, Catch::Contains("values changed: 0"));
  CHECK_THAT(compare.output, Catch::Contains("only in a: 0"));
  CHECK_THAT(compare.output, Catch::Contains("only in b: 0"));
  CHECK_THAT(compare.output, Catch::Contains("config: same"));

  const Result unknown = run_p2c("history --config " + config.string() + " --compare 1999 latest");
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.output, Catch::Contains("there is no run '1999'"));
  CHECK_THAT(unknown.output, Catch::Contains("lists the stored runs"));
}

TEST_CASE("p2c history without a database or history path exits 2 and says what to do", "[cli][history]") {
  p2c::test::TempDir dir;
  const auto config = config_with_history(dir, "never-run.sqlite");
  const Result missing = run_p2c("history --config " + config.string());
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.output, Catch::Contains("no run history at '" + (dir / "never-run.sqlite").string() + "'"));
  CHECK_THAT(missing.output, Catch::Contains("p2c run --config"));
  CHECK_FALSE(std::filesystem::exists(dir / "never-run.sqlite"));

  std::string text = default_config();
  if (const auto line = text.find("\nhistory ="); line != std::string::npos)
    text.erase(line, text.find('\n', line + 1) - line);
  const auto plain = dir.write("plain.toml", text);
  const Result none = run_p2c("history --config " + plain.string());
  CHECK(none.exit_code == 2);
  CHECK_THAT(none.output, Catch::Contains("keeps no run history"));
}

TEST_CASE("a run history that cannot be written is reported, the outputs are kept, --strict exits 1",
          "[cli][history]") {
  p2c::test::TempDir dir;
  dir.write("blocker", "a file where the history folder should be\n");
  const auto config = config_with_history(dir, "blocker/history.sqlite");
  const std::string env = "P2C_OUTPUT_DIR=" + dir.path().string();
  const Result run = run_p2c("run --config " + config.string(), env);
  INFO(run.output);
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.output, Catch::Contains("history: run NOT stored in " + (dir / "blocker/history.sqlite").string()));
  CHECK(std::filesystem::exists(dir / "results.csv"));
  CHECK(std::filesystem::exists(dir / "results.json"));
  CHECK(run_p2c("run --strict --config " + config.string(), env).exit_code == 1);
}

TEST_CASE("p2c plugins --wsis tables the metrics per WSIS action line, as docs/wsis-coverage.md does",
          "[cli][plugins][wsis]") {
  const Result wsis = run_p2c("plugins --wsis");
  REQUIRE(wsis.exit_code == 0);
  CHECK_THAT(wsis.output, Catch::StartsWith("| WSIS action line | metrics | status |\n"));
  CHECK_THAT(line_of(wsis.output, "| C2 "), Catch::Contains("`sdg_17_8.internet_users`"));
  for (int line = 1; line <= 11; ++line) CHECK_THAT(wsis.output, Catch::Contains("\n| C" + std::to_string(line) + " "));
  // The document is generated by this command; a plugin change without regenerating it fails here.
  const std::string doc = p2c::test::read_file(source_dir / "docs" / "wsis-coverage.md");
  CHECK_THAT(doc, Catch::EndsWith(wsis.output));
}

namespace {

// The default config with `[run] plugin_dirs = [folder]`: loaded after the shipped plugins.
std::filesystem::path config_with_plugin_dir(const p2c::test::TempDir& dir, const std::filesystem::path& folder) {
  std::string text = default_config();
  text.replace(text.find("[run]"), 5, "[run]\nplugin_dirs = [\"" + folder.string() + "\"]");
  return dir.write("p2c.toml", text);
}

// Neither control characters (but line ends) nor bytes that are not UTF-8: safe on a terminal and in JSON.
bool terminal_safe(const std::string& output) {
  for (const char c : output)
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\n') || c == 0x7F) return false;
  return p2c::valid_utf8(output);
}

}  // namespace

TEST_CASE("a folder passed as the config is refused by every command, naming it", "[cli][failure][config]") {
  p2c::test::TempDir dir;
  const std::string folder = dir.path().string();
  const std::string env = "P2C_OUTPUT_DIR=" + dir.path().string();
  for (const std::string command : {"check", "run --strict", "history", "report --format md --output x.md"}) {
    const Result result = run_p2c(command + " --config " + folder, env);
    INFO(command << "\n" << result.output);
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.output, Catch::Contains(folder + ": is a folder, not a config file; pass the TOML file itself "
                                                       "with --config"));
    CHECK_THAT(result.output, !Catch::Contains("config OK"));
  }
}

TEST_CASE("plugin folders: --plugin-dir adds to the shipped plugins, --no-default-plugins leaves them out",
          "[cli][plugins]") {
  const std::string good = (fixtures / "good").string();
  const Result both = run_p2c("plugins --plugin-dir " + good);
  INFO(both.output);
  CHECK(both.exit_code == 0);
  CHECK_THAT(both.output, Catch::Contains("fixture_source ") && Catch::Contains("sdg_17_8 "));

  const Result only = run_p2c("plugins --no-default-plugins --plugin-dir " + good);
  INFO(only.output);
  CHECK(only.exit_code == 0);
  CHECK_THAT(only.output, Catch::Contains("fixture_source ") && !Catch::Contains("sdg_17_8 "));

  // The shipped folder named again, by another path, is scanned once: no plugin clashes with itself.
  const Result again =
      run_p2c("plugins --plugin-dir " + (shipped_plugins / ".." / shipped_plugins.filename()).string());
  INFO(again.output);
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.output, Catch::Contains("sdg_17_8 ") && !Catch::Contains("is already loaded from"));
}

TEST_CASE("a plugin library that crashes when loaded is refused and named, the rest loads and runs",
          "[cli][failure][probe]") {
  p2c::test::TempDir dir;
  const std::filesystem::path crashing = fixtures / "crash_on_load";
  const std::string refused = (crashing / "fixture_crash_on_load.so").string() + " crashed while loading (";

  const Result plugins =
      run_p2c("plugins --plugin-dir " + shipped_plugins.string() + " --plugin-dir " + crashing.string());
  INFO(plugins.output);
  CHECK(plugins.exit_code == 1);  // a library did not load
  CHECK_THAT(plugins.output, Catch::Contains(refused));
  CHECK_THAT(plugins.output, Catch::Contains("; it was not loaded"));
  CHECK_THAT(plugins.output, Catch::Contains("sdg_17_8 "));

  const auto config = config_with_plugin_dir(dir, crashing);
  const std::string env = "P2C_OUTPUT_DIR=" + dir.path().string();
  const Result check = run_p2c("check --config " + config.string(), env);
  INFO(check.output);
  CHECK(check.exit_code == 1);
  CHECK_THAT(check.output, Catch::Contains(refused));
  CHECK_THAT(check.output, Catch::Contains("instances set up: 5 of 5"));

  const Result run = run_p2c("run --config " + config.string(), env);
  INFO(run.output);
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.output, Catch::Contains(refused));
  CHECK(every_metric_computed(run.output));
  CHECK(std::filesystem::exists(dir / "results.json"));
  CHECK(run_p2c("run --strict --config " + config.string(), env).exit_code == 1);
}

TEST_CASE("log lines escape control characters and bytes that are not UTF-8, in text and JSON", "[cli][logging]") {
  // The config path is logged as given: a terminal escape (clear screen) and a byte that is not UTF-8.
  const std::string path = "\"$(printf '/nonexistent/p2c\\033[2J\\377.toml')\"";
  const Result text = run_p2c("check --config " + path);
  INFO(text.output);
  CHECK(text.exit_code == 2);
  CHECK(terminal_safe(text.output));
  CHECK_THAT(text.output, Catch::Contains("/nonexistent/p2c\\x1b[2J\\xff.toml: cannot read the config file"));

  const Result json = run_p2c("check --log-format json --config " + path);
  INFO(json.output);
  CHECK(terminal_safe(json.output));
  CHECK_THAT(json.output, Catch::Contains(R"("message":"/nonexistent/p2c\\x1b[2J\\xff.toml: cannot read)"));
}

TEST_CASE("a huge rejected CSV cell is never printed whole, on stdout or stderr", "[cli][logging][failure]") {
  p2c::test::TempDir dir;
  const std::string cell(1'000'000, 'x');
  dir.write("users.csv", "geo,time,internet_users\nken,2022,33\nken,2023," + cell + "\n");
  std::string text = default_config();
  const auto users = text.find("internet_users_gapminder.csv");
  const auto start = text.rfind('"', users) + 1;
  text.replace(start, users + 28 - start, (dir / "users.csv").string());
  const auto config = dir.write("p2c.toml", text);
  const Result run = run_p2c("run --config " + config.string(), "P2C_OUTPUT_DIR=" + dir.path().string());
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.output, Catch::Contains("rejected rows: 1"));
  CHECK_THAT(run.output, Catch::Contains("users.csv:3"));
  CHECK_THAT(run.output, Catch::Contains("bytes in all)"));
  CHECK(run.output.size() < 100'000);  // the summary and the log line, each with at most a piece of the cell
}
