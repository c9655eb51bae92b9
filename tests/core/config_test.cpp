// load_config on files written into a fresh temporary folder per test.
#include "config.h"

#include <sys/stat.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "option_schema.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using p2c::host::Config;
using p2c::host::IsolationMode;
using p2c::host::ConfigError;
using p2c::host::load_config;
using p2c::host::position;
using p2c::test::TempDir;

namespace {

// The problems of the ConfigError that loading `file` throws.
std::vector<std::string> problems_of(const fs::path& file) {
  try {
    const Config config = load_config(file);
    FAIL("expected a ConfigError for " << file << ", got a config with " << config.instances.size() << " instances");
  } catch (const ConfigError& e) {
    return e.problems();
  }
  return {};
}

// The one problem loading `file` reports.
std::string only_problem(const fs::path& file) {
  const std::vector<std::string> problems = problems_of(file);
  std::string all;
  for (const auto& p : problems) all += p + "\n";
  INFO("problems:\n" << all);
  REQUIRE(problems.size() == 1);
  return problems.front();
}

const std::string kFullConfig = R"(# p2c test config
[run]
strict = true
threads = 4
plugin_dirs = ["plugins", "/opt/p2c/plugins"]

[[source]]
plugin = "csv"
name = "wdi"
path = "data/wdi.csv"

[[source]]
plugin = "csv"
name = "switched_off"
enabled = false

[[indicator]]
plugin = "sdg_17_8"

[[sink]]
plugin = "json"
enabled = true
path = "out/results.json"
)";

const p2c::host::InstanceConfig* find_instance(const Config& config, const std::string& name) {
  for (const auto& instance : config.instances)
    if (instance.name == name) return &instance;
  return nullptr;
}

}  // namespace

TEST_CASE("load_config reads a complete config", "[config]") {
  TempDir dir;
  const fs::path file = dir.write("p2c.toml", kFullConfig);
  const Config config = load_config(file);

  CHECK(config.path == file);
  CHECK(config.folder == dir.path());
  CHECK(config.text == kFullConfig);
  CHECK(config.strict == true);
  CHECK(config.threads == 4);
  CHECK(config.plugin_dirs == std::vector<fs::path>{dir.path() / "plugins", "/opt/p2c/plugins"});

  REQUIRE(config.instances.size() == 3);  // the disabled source is dropped
  CHECK(find_instance(config, "switched_off") == nullptr);

  const auto* wdi = find_instance(config, "wdi");
  REQUIRE(wdi != nullptr);
  CHECK(wdi->section == "source");
  CHECK(wdi->plugin == "csv");
  REQUIRE(wdi->table != nullptr);
  CHECK(wdi->table->get_as<std::string>("path")->get() == "data/wdi.csv");  // options are resolved later

  const auto* sdg = find_instance(config, "sdg_17_8");  // name defaults to the plugin name
  REQUIRE(sdg != nullptr);
  CHECK(sdg->section == "indicator");
  CHECK(sdg->plugin == "sdg_17_8");

  const auto* json = find_instance(config, "json");
  REQUIRE(json != nullptr);
  CHECK(json->section == "sink");
  CHECK(json->plugin == "json");
}

TEST_CASE("load_config uses defaults for an absent [run]", "[config]") {
  TempDir dir;
  const Config config = load_config(dir.write("p2c.toml", "[[source]]\nplugin = \"csv\"\n"));
  CHECK(config.strict == false);
  CHECK(config.threads == 0);
  CHECK(config.plugin_dirs.empty());
  REQUIRE(config.instances.size() == 1);
  CHECK(config.instances[0].name == "csv");
}

TEST_CASE("load_config of an empty file has no instances", "[config]") {
  TempDir dir;
  const Config config = load_config(dir.write("p2c.toml", ""));
  CHECK(config.instances.empty());
  CHECK(config.text.empty());
}

TEST_CASE("load_config keeps the source positions of instance tables and their values", "[config]") {
  TempDir dir;
  const fs::path file = dir.write("p2c.toml", kFullConfig);
  const Config config = load_config(file);
  const auto* wdi = find_instance(config, "wdi");
  REQUIRE(wdi != nullptr);
  REQUIRE(wdi->table != nullptr);
  CHECK(position(wdi->table->source()) == file.string() + ":7:1");
  const toml::node* path = wdi->table->get("path");
  REQUIRE(path != nullptr);
  CHECK(position(path->source()) == file.string() + ":10:8");

  const auto* json = find_instance(config, "json");
  REQUIRE(json != nullptr);
  CHECK(position(json->table->source()) == file.string() + ":20:1");
}

TEST_CASE("options of a loaded instance are reported at their place in the file", "[config][option_schema]") {
  TempDir dir;
  const fs::path file = dir.write("p2c.toml", "[[source]]\nplugin = \"csv\"\nname = \"wdi\"\nrows = \"many\"\n");
  const Config config = load_config(file);
  REQUIRE(config.instances.size() == 1);

  const p2c_option_spec specs[] = {
      {"series", P2C_OPTION_STRING, nullptr, 1, "Series id"},
      {"rows", P2C_OPTION_INTEGER, "10", 0, "Rows per batch"},
  };
  p2c_plugin_info plugin{};
  plugin.name = "csv";
  plugin.options = specs;
  plugin.option_count = 2;
  std::vector<std::string> problems;
  const auto options = p2c::host::validate_options(plugin, *config.instances[0].table, "source 'wdi' (plugin csv)",
                                                   config.folder, problems);
  CHECK_FALSE(options.has_value());
  REQUIRE(problems.size() == 2);
  CHECK(problems[0] == file.string() + ":4:8: source 'wdi' (plugin csv): option 'rows' expects integer");
  CHECK(problems[1] ==
        file.string() + ":1:1: source 'wdi' (plugin csv): missing required option 'series' (string: Series id)");
}

TEST_CASE("load_config lists instances in file order", "[config]") {
  // config.h documents Config::instances as "enabled instances, in file order"; load_config walks the root
  // table, which toml++ keeps sorted by key, so sections come out as indicator, sink, source.
  TempDir dir;
  const Config config = load_config(dir.write("p2c.toml", R"([[source]]
plugin = "csv"
[[indicator]]
plugin = "sdg_17_8"
[[sink]]
plugin = "json"
)"));
  REQUIRE(config.instances.size() == 3);
  CHECK(config.instances[0].name == "csv");
  CHECK(config.instances[1].name == "sdg_17_8");
  CHECK(config.instances[2].name == "json");
}

TEST_CASE("load_config blames the later of two instances sharing a name", "[config]") {
  // Same cause as the file-order test above: [[sink]] is read before [[source]], so the source on line 1,
  // the first use of the name, is reported as the duplicate.
  TempDir dir;
  const fs::path file =
      dir.write("p2c.toml", "[[source]]\nplugin = \"csv\"\nname = \"x\"\n[[sink]]\nplugin = \"json\"\nname = \"x\"\n");
  CHECK(only_problem(file) ==
        file.string() + ":4:1: instance name 'x' is used twice; give each instance of a plugin its own `name`");
}

TEST_CASE("load_config reports a TOML syntax error at its line and column", "[config]") {
  TempDir dir;
  SECTION("missing value") {
    const fs::path file = dir.write("bad.toml", "[run]\nthreads = 4\nstrict = \n");
    const std::string problem = only_problem(file);
    CHECK(problem.rfind(file.string() + ":3:10: ", 0) == 0);
    CHECK(problem.find("expected value") != std::string::npos);
  }
  SECTION("unterminated array") {
    const fs::path file = dir.write("bad.toml", "[run]\nplugin_dirs = [\"a\",\n");
    const std::string problem = only_problem(file);
    // toml++ places the end of the file just after the last line's newline
    CHECK(problem == file.string() + ":2:21: Error while parsing array: encountered end-of-file");
  }
  SECTION("the message is the exception's what()") {
    const fs::path file = dir.write("bad.toml", "[run]\nthreads = 4\nstrict = \n");
    try {
      load_config(file);
      FAIL("expected a ConfigError");
    } catch (const ConfigError& e) {
      REQUIRE(e.problems().size() == 1);
      CHECK(std::string(e.what()) == e.problems().front());
    }
  }
}

TEST_CASE("load_config rejects an unknown top-level key", "[config]") {
  TempDir dir;
  SECTION("a value") {
    const fs::path file = dir.write("p2c.toml", "\ntitle = \"x\"\n");
    CHECK(only_problem(file) == file.string() +
                                    ":2:1: unknown top-level key 'title'; expected [run], [reference], [[estimation]], "
                                    "[publishing], [progress], [pledges], [service], [languages], [[source]], "
                                    "[[indicator]], [[sink]] or include");
  }
  SECTION("a misspelt section") {
    const fs::path file = dir.write("p2c.toml", "[run]\nstrict = true\n\n[[sources]]\nplugin = \"csv\"\n");
    CHECK(only_problem(file) ==
          file.string() +
              ":4:3: unknown top-level key 'sources'; expected [run], [reference], [[estimation]], "
              "[publishing], [progress], [pledges], [service], [languages], [[source]], [[indicator]], [[sink]] or "
              "include");
  }
}

TEST_CASE("load_config reads [languages] dir against the config's folder, and refuses a missing folder", "[config]") {
  TempDir dir;
  dir.write("i18n/fr.json", "{}");
  CHECK(load_config(dir.write("p2c.toml", "")).languages_dir.empty());
  CHECK(load_config(dir.write("p2c.toml", "[languages]\ndir = \"i18n\"\n")).languages_dir == dir.path() / "i18n");
  const fs::path file = dir.write("p2c.toml", "[languages]\ndir = \"missing\"\n");
  CHECK(only_problem(file) == file.string() + ":2:7: [languages]: dir '" + (dir.path() / "missing").string() +
                                  "' is not a folder; create it, or remove the key to use the bundled catalogues only");
}

TEST_CASE("load_config rejects an unknown key in [run]", "[config]") {
  TempDir dir;
  const fs::path file = dir.write("p2c.toml", "[run]\nstrict = true\n  workers = 3\n");
  CHECK(only_problem(file) == file.string() +
                                  ":3:3: [run]: unknown option 'workers' (known options: strict, threads, plugin_dirs, "
                                  "isolation, state_dir, history, keep_runs, keep_days)");
}

TEST_CASE("load_config rejects run settings of the wrong type", "[config]") {
  TempDir dir;
  SECTION("strict as a string") {
    const fs::path file = dir.write("p2c.toml", "[run]\nstrict = \"yes\"\n");
    CHECK(only_problem(file) == file.string() + ":2:10: [run]: option 'strict' expects boolean");
  }
  SECTION("negative threads") {
    const fs::path file = dir.write("p2c.toml", "[run]\nthreads = -1\n");
    CHECK(only_problem(file) == file.string() + ":2:11: [run]: option 'threads' must be between 0 and 1024");
  }
  SECTION("too many threads") {
    const fs::path file = dir.write("p2c.toml", "[run]\nthreads = 1025\n");
    CHECK(only_problem(file) == file.string() + ":2:11: [run]: option 'threads' must be between 0 and 1024");
  }
  SECTION("threads as a number") {
    const fs::path file = dir.write("p2c.toml", "[run]\nthreads = 2.5\n");
    CHECK(only_problem(file) == file.string() + ":2:11: [run]: option 'threads' expects integer");
  }
  SECTION("threads at the limits") {
    CHECK(load_config(dir.write("p2c.toml", "[run]\nthreads = 1024\n")).threads == 1024);
    CHECK(load_config(dir.write("p2c.toml", "[run]\nthreads = 0\n")).threads == 0);
  }
  SECTION("plugin_dirs as a string") {
    const fs::path file = dir.write("p2c.toml", "[run]\nplugin_dirs = \"plugins\"\n");
    CHECK(only_problem(file) == file.string() + ":2:15: [run]: option 'plugin_dirs' expects list of strings");
  }
  SECTION("plugin_dirs with a number") {
    const fs::path file = dir.write("p2c.toml", "[run]\nplugin_dirs = [\"a\", 3]\n");
    CHECK(only_problem(file) ==
          file.string() + ":2:15: [run]: option 'plugin_dirs' expects list of strings (element 2 is not a string)");
  }
  SECTION("run as a value") {
    const fs::path file = dir.write("p2c.toml", "run = 1\n");
    CHECK(only_problem(file) == file.string() + ":1:7: '[run]' must be a table, found an integer");
  }
}

TEST_CASE("load_config rejects an instance without plugin", "[config]") {
  TempDir dir;
  const fs::path file = dir.write("p2c.toml", "[[source]]\nplugin = \"csv\"\n\n[[source]]\nname = \"x\"\n");
  CHECK(only_problem(file) ==
        file.string() + ":4:1: a [[source]] table needs `plugin = \"NAME\"`; `p2c plugins` lists them");
}

TEST_CASE("load_config rejects reserved keys of the wrong type", "[config]") {
  TempDir dir;
  SECTION("name") {
    const fs::path file = dir.write("p2c.toml", "[[sink]]\nplugin = \"json\"\nname = 3\n");
    CHECK(only_problem(file) == file.string() + ":3:8: 'sink.name' must be a string, found an integer");
  }
  SECTION("enabled") {
    const fs::path file = dir.write("p2c.toml", "[[sink]]\nplugin = \"json\"\nenabled = \"no\"\n");
    CHECK(only_problem(file) == file.string() + ":3:11: 'sink.enabled' must be a boolean, found a string");
  }
  SECTION("plugin") {
    const fs::path file = dir.write("p2c.toml", "[[sink]]\nplugin = 1\n");
    CHECK(only_problem(file) ==
          file.string() + ":1:1: a [[sink]] table needs `plugin = \"NAME\"`; `p2c plugins` lists them");
  }
  SECTION("isolation") {
    const fs::path file = dir.write("p2c.toml", "[[sink]]\nplugin = \"json\"\nisolation = \"thread\"\n");
    CHECK(only_problem(file) ==
          file.string() + ":3:13: 'sink.isolation' must be \"none\" or \"process\", found a string");
  }
  SECTION("timeout_seconds") {
    const fs::path file = dir.write("p2c.toml", "[[sink]]\nplugin = \"json\"\ntimeout_seconds = 0\n");
    CHECK(only_problem(file) ==
          file.string() + ":3:19: 'sink.timeout_seconds' must be a whole number of seconds from 1 to 86400, found an "
                          "integer");
  }
  SECTION("memory_limit") {
    for (const std::string bad : {"512", "\"512 MB\"", "\"8 MiB\"", "\"1.5 GiB\""}) {
      const fs::path file = dir.write("p2c.toml", "[[sink]]\nplugin = \"json\"\nmemory_limit = " + bad + "\n");
      CHECK_THAT(only_problem(file), Catch::Contains(":3:16: 'sink.memory_limit' must be a size of 16 MiB or more "
                                                     "with its unit, e.g. \"512 MiB\" or \"2 GiB\""));
    }
  }
  SECTION("[run] isolation") {
    const fs::path file = dir.write("p2c.toml", "[run]\nisolation = \"processes\"\n");
    CHECK(only_problem(file) ==
          file.string() + ":2:13: [run]: option 'isolation' must be \"none\" or \"process\", found \"processes\"");
  }
}

TEST_CASE("load_config reads where each instance runs and its limits", "[config]") {
  TempDir dir;
  const fs::path file = dir.write("p2c.toml", R"([run]
isolation = "process"

[[source]]
plugin = "csv"
isolation = "none"

[[sink]]
plugin = "json"
timeout_seconds = 30
memory_limit = "2 GiB"
)");
  const Config config = load_config(file);
  CHECK(config.isolation == IsolationMode::process);
  REQUIRE(config.instances.size() == 2);
  CHECK(config.instances[0].isolation.mode == IsolationMode::none);
  CHECK(config.instances[0].isolation.timeout_seconds == 300);
  CHECK(config.instances[0].isolation.memory_limit == 0);
  CHECK_FALSE(config.instances[1].isolation.mode);
  CHECK(config.instances[1].isolation.timeout_seconds == 30);
  CHECK(config.instances[1].isolation.memory_limit == std::uint64_t{2} << 30);
  CHECK(p2c::host::memory_size(" 64 KiB ") == std::uint64_t{64} << 10);
  CHECK_FALSE(p2c::host::memory_size("64"));
  CHECK_FALSE(p2c::host::memory_size("-1 MiB"));
}

TEST_CASE("load_config rejects duplicate instance names", "[config]") {
  TempDir dir;
  SECTION("explicit names") {
    const fs::path file = dir.write("p2c.toml", R"([[source]]
plugin = "csv"
name = "wdi"

[[source]]
plugin = "csv"
name = "wdi"
)");
    CHECK(only_problem(file) == file.string() +
                                    ":5:1: instance name 'wdi' is used twice; give each instance of a plugin its "
                                    "own `name`");
  }
  SECTION("the default name, twice") {
    const fs::path file = dir.write("p2c.toml", "[[sink]]\nplugin = \"json\"\n[[sink]]\nplugin = \"json\"\n");
    CHECK(only_problem(file) == file.string() +
                                    ":3:1: instance name 'json' is used twice; give each instance of a plugin its "
                                    "own `name`");
  }
  SECTION("a disabled duplicate is no conflict") {
    const Config config = load_config(
        dir.write("p2c.toml", "[[sink]]\nplugin = \"json\"\n[[sink]]\nplugin = \"json\"\nenabled = false\n"));
    CHECK(config.instances.size() == 1);
  }
}

TEST_CASE("load_config rejects a section written as a plain table", "[config]") {
  TempDir dir;
  SECTION("[source]") {
    const fs::path file = dir.write("p2c.toml", "[run]\nstrict = true\n[source]\nplugin = \"csv\"\n");
    CHECK(only_problem(file) ==
          file.string() + ":3:1: 'source' must be an array of tables, written [[source]], found a table");
  }
  SECTION("an array of values") {
    const fs::path file = dir.write("p2c.toml", "sink = [1, 2]\n");
    CHECK(only_problem(file) ==
          file.string() + ":1:8: 'sink' must be an array of tables, written [[sink]], found an array");
  }
}

TEST_CASE("load_config reports every problem at once", "[config]") {
  TempDir dir;
  const fs::path file = dir.write("p2c.toml", R"([run]
strict = "yes"
threads = -1
speed = 3

[[source]]
name = "nameless"

[indicator]
plugin = "sdg_17_8"
)");
  std::vector<std::string> problems = problems_of(file);
  const std::string f = file.string();
  std::vector<std::string> expected = {
      f + ":9:1: 'indicator' must be an array of tables, written [[indicator]], found a table",
      f + ":4:1: [run]: unknown option 'speed' (known options: strict, threads, plugin_dirs, isolation, "
          "state_dir, history, keep_runs, keep_days)",
      f + ":2:10: [run]: option 'strict' expects boolean",
      f + ":3:11: [run]: option 'threads' must be between 0 and 1024",
      f + ":6:1: a [[source]] table needs `plugin = \"NAME\"`; `p2c plugins` lists them",
  };
  try {
    load_config(file);
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()) ==
          problems[0] + "\n" + problems[1] + "\n" + problems[2] + "\n" + problems[3] + "\n" + problems[4]);
  }
  // The order of the problems is not part of the contract; all of them are.
  std::sort(problems.begin(), problems.end());
  std::sort(expected.begin(), expected.end());
  CHECK(problems == expected);
}

TEST_CASE("load_config names the path of a missing file", "[config]") {
  TempDir dir;
  const fs::path file = dir.path() / "missing.toml";
  const std::vector<std::string> problems = problems_of(file);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] == file.string() + ": cannot read the config file; check the --config path");
}

TEST_CASE("load_config refuses a folder, naming it and the file to pass instead", "[config]") {
  TempDir dir;
  // A folder opens and reads as empty: without the check it would be a valid config computing nothing.
  const std::string empty = only_problem(dir.path());
  CHECK(empty == dir.path().string() +
                     ": is a folder, not a config file; pass the TOML file itself with --config, "
                     "e.g. " +
                     (dir.path() / "p2c.toml").string());
  dir.write("p2c.toml", "[run]\n");
  CHECK_THAT(only_problem(dir.path()), Catch::EndsWith("(this folder has " + (dir.path() / "p2c.toml").string() + ")"));
}

TEST_CASE("load_config refuses what is not a regular file", "[config]") {
  TempDir dir;
  const fs::path fifo = dir.path() / "p2c.toml";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(only_problem(fifo) == fifo.string() +
                                  ": is a named pipe, not a regular file; pass the TOML config file "
                                  "itself with --config");
  CHECK_THAT(only_problem("/dev/null"), Catch::Contains("/dev/null: is a character device, not a regular file"));
}

TEST_CASE("load_config says when the file cannot be read", "[config]") {
  if (geteuid() == 0) return;  // root reads any file
  TempDir dir;
  const fs::path file = dir.write("p2c.toml", "[run]\n");
  fs::permissions(file, fs::perms::none);
  CHECK(only_problem(file) ==
        file.string() + ": cannot read the config file: Permission denied; check its permissions");
}

TEST_CASE("load_config expands environment variables in every string", "[config][env_expand]") {
  ::setenv("P2C_TEST_VAR", "/data/env", 1);
  ::unsetenv("UNSET_X");
  TempDir dir;
  const fs::path file = dir.write("p2c.toml", R"([run]
plugin_dirs = ["${P2C_TEST_VAR}/plugins"]

[[source]]
plugin = "${UNSET_X:-csv}"
path = "${P2C_TEST_VAR}/wdi.csv"
series = "${UNSET_X:-itu.internet_users}"
dimensions = ["${P2C_TEST_VAR}", "$${literal}", ["nested ${P2C_TEST_VAR}"]]
filter = { sex = "${P2C_TEST_VAR}", deeper = { code = "x${UNSET_X:-y}z" } }
count = 3
)");
  const Config config = load_config(file);
  ::unsetenv("P2C_TEST_VAR");

  CHECK(config.plugin_dirs == std::vector<fs::path>{"/data/env/plugins"});
  REQUIRE(config.instances.size() == 1);
  const auto& instance = config.instances[0];
  CHECK(instance.plugin == "csv");
  CHECK(instance.name == "csv");
  const toml::table& t = *instance.table;
  CHECK(t["path"].value<std::string>() == "/data/env/wdi.csv");
  CHECK(t["series"].value<std::string>() == "itu.internet_users");
  CHECK(t["dimensions"][0].value<std::string>() == "/data/env");
  CHECK(t["dimensions"][1].value<std::string>() == "${literal}");
  CHECK(t["dimensions"][2][0].value<std::string>() == "nested /data/env");
  CHECK(t["filter"]["sex"].value<std::string>() == "/data/env");
  CHECK(t["filter"]["deeper"]["code"].value<std::string>() == "xyz");
  CHECK(t["count"].value<std::int64_t>() == 3);
  // Expanded strings keep their place in the file.
  CHECK(position(t["path"].node()->source()) == file.string() + ":6:8");
  // The raw text is kept as read, for hashing.
  CHECK(config.text.find("${P2C_TEST_VAR}/wdi.csv") != std::string::npos);
}

TEST_CASE("load_config reports an unset variable without default at its string", "[config][env_expand]") {
  ::unsetenv("UNSET_P2C_VAR");
  TempDir dir;
  SECTION("a top-level value") {
    const fs::path file = dir.write("p2c.toml", "[[source]]\nplugin = \"csv\"\npath = \"${UNSET_P2C_VAR}/x.csv\"\n");
    CHECK(only_problem(file) == file.string() +
                                    ":3:8: environment variable UNSET_P2C_VAR is not set; set it, or give a "
                                    "default as ${UNSET_P2C_VAR:-default}");
  }
  SECTION("inside an array and a nested table") {
    const fs::path file = dir.write("p2c.toml", R"([[source]]
plugin = "csv"
dimensions = ["a", "${UNSET_P2C_VAR}"]
filter = { sex = "${1BAD}" }
)");
    const std::vector<std::string> problems = problems_of(file);
    const std::string f = file.string();
    CHECK(problems == std::vector<std::string>{
                          f + ":3:20: environment variable UNSET_P2C_VAR is not set; set it, or give a default as "
                              "${UNSET_P2C_VAR:-default}",
                          f + ":4:18: '${1BAD}' does not name an environment variable",
                      });
  }
}

TEST_CASE("position formats file:line:column", "[config]") {
  toml::source_region where;
  where.begin = {3, 7};
  where.end = {3, 12};
  CHECK(position(where) == "(config):3:7");
  where.path = std::make_shared<const std::string>("conf/p2c.toml");
  CHECK(position(where) == "conf/p2c.toml:3:7");
}

TEST_CASE("is_instance_key knows the reserved keys", "[config]") {
  using p2c::host::is_instance_key;
  CHECK(is_instance_key("plugin"));
  CHECK(is_instance_key("name"));
  CHECK(is_instance_key("enabled"));
  CHECK_FALSE(is_instance_key("path"));
  CHECK_FALSE(is_instance_key("Plugin"));
  CHECK_FALSE(is_instance_key(""));
}

TEST_CASE("ConfigError joins its problems one per line", "[config]") {
  const ConfigError error({"a:1:1: first", "a:2:1: second"});
  CHECK(std::string(error.what()) == "a:1:1: first\na:2:1: second");
  CHECK(error.problems() == std::vector<std::string>{"a:1:1: first", "a:2:1: second"});
}

TEST_CASE("load_config reads estimation rules, publishing thresholds and rules, and the progress settings",
          "[config][estimation][publishing]") {
  TempDir dir;
  const auto config = load_config(dir.write("p2c.toml", R"([[estimation]]
metric = "sdg_17_8.internet_users"
method = "itu_trend"
max_extrapolation_years = 2

[[estimation]]
metric = "sdg_9_c.coverage_4g"
method = "interpolate"

[publishing]
min_observed_share = 0.9

[[publishing.rules]]
metric = "idi.*"
min_observed_share = 0

[progress]
max_age_years = 3
reference_year = 2024
)"));
  REQUIRE(config.estimation.metrics.size() == 2);
  CHECK(config.estimation.metrics[0].metric == "sdg_17_8.internet_users");
  CHECK(config.estimation.metrics[0].rule.method == p2c::EstimationMethod::itu_trend);
  CHECK(config.estimation.metrics[0].rule.max_extrapolation_years == 2);
  CHECK(config.estimation.metrics[0].rule.trend_years == 5);
  CHECK(config.estimation.metrics[1].rule.method == p2c::EstimationMethod::interpolate);
  CHECK(config.estimation.metrics[1].where == (dir / "p2c.toml").string() + ":6:1");
  CHECK(config.publishing.defaults.min_observed_share == 0.9);
  CHECK(config.publishing.defaults.min_sum_share == 0.95);
  CHECK(config.publishing.for_metric("idi.score").min_observed_share == 0);
  CHECK(config.publishing.for_metric("idi.score").min_sum_share == 0.95);  // not given: the section's
  CHECK(config.publishing.for_metric("idi").min_observed_share == 0.9);
  CHECK(config.publishing.for_metric("sdg_17_8.internet_users").min_observed_share == 0.9);
  CHECK(config.progress.max_age_years == 3);
  CHECK(config.progress.reference_year == 2024);
}

TEST_CASE("load_config rejects bad estimation and publishing rules at their place", "[config][estimation]") {
  TempDir dir;
  SECTION("an unknown method") {
    const auto file = dir.write("p2c.toml", "[[estimation]]\nmetric = \"a.b\"\nmethod = \"spline\"\n");
    CHECK(only_problem(file) ==
          file.string() + ":3:10: [[estimation]]: method 'spline' is not one of none, interpolate, itu_trend");
  }
  SECTION("a metric estimated twice") {
    const auto file =
        dir.write("p2c.toml",
                  "[[estimation]]\nmetric = \"a.b\"\nmethod = \"none\"\n\n[[estimation]]\nmetric = \"a.b\"\nmethod "
                  "= \"itu_trend\"\n");
    CHECK(only_problem(file) == file.string() + ":5:1: [[estimation]]: metric 'a.b' is already estimated at " +
                                    file.string() + ":1:1; give each metric one rule");
  }
  SECTION("a missing metric and an out-of-range number") {
    const auto file = dir.write("p2c.toml", "[[estimation]]\nmethod = \"itu_trend\"\ntrend_years = 1\n");
    const auto problems = problems_of(file);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0] == file.string() + ":3:15: [estimation]: option 'trend_years' must be between 2 and 100");
    CHECK(problems[1] == file.string() +
                             ":1:1: [[estimation]]: missing required option 'metric' (string: Full id of the metric "
                             "whose missing economy-years are estimated)");
  }
  SECTION("a share above 1 and a misspelt key in a publishing rule") {
    const auto file = dir.write("p2c.toml",
                                "[publishing]\nmin_observed_share = 80\n\n[[publishing.rules]]\nmetric = "
                                "\"idi.*\"\nmin_observd_share = 0\n");
    const auto problems = problems_of(file);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0] == file.string() + ":2:22: [publishing]: option 'min_observed_share' must be between 0 and 1");
  }
  SECTION("a misspelt key in a publishing rule") {
    const auto file = dir.write("p2c.toml", "[[publishing.rules]]\nmetric = \"idi.*\"\nmin_observd_share = 0\n");
    CHECK_THAT(only_problem(file), Catch::StartsWith(file.string() + ":3:1: [[publishing.rules]]: unknown option "
                                                                     "'min_observd_share'") &&
                                       Catch::Contains("did you mean 'min_observed_share'"));
  }
  SECTION("rules that are not an array of tables") {
    const auto file = dir.write("p2c.toml", "[publishing]\nrules = \"idi.*\"\n");
    CHECK(only_problem(file) ==
          file.string() +
              ":2:9: 'publishing.rules' must be an array of tables, written [[publishing.rules]], found a "
              "string");
  }
}

TEST_CASE("load_config reads [service.metrics], with the headline metrics and groups by default", "[config][service]") {
  TempDir dir;
  const Config defaults = load_config(dir.write("p2c.toml", "[service]\nport = 9000\n"));
  CHECK(defaults.service.metrics.metrics == std::vector<std::string>{"sdg_17_8.internet_users",
                                                                     "sdg_17_8.offline_population",
                                                                     "pledges.count_gross", "pledges.value_usd_gross"});
  CHECK(defaults.service.metrics.entities == std::vector<std::string>{"WLD", "LDC", "LLDC", "SIDS"});
  CHECK_FALSE(defaults.service.metrics.metrics_given);

  const Config set = load_config(dir.write(
      "p2c.toml", "[service]\nport = 9000\n\n[service.metrics]\nexport = [\"idi.idi\"]\nentities = [\"KEN\"]\n"));
  CHECK(set.service.port == 9000);
  CHECK(set.service.metrics.metrics == std::vector<std::string>{"idi.idi"});
  CHECK(set.service.metrics.entities == std::vector<std::string>{"KEN"});
  CHECK(set.service.metrics.metrics_given);
  // Part of the settings compared on reload.
  CHECK_FALSE(set.service == defaults.service);

  // Entities alone keep the default metrics, which then are not "given".
  const Config entities = load_config(dir.write("p2c.toml", "[service.metrics]\nentities = [\"KEN\"]\n"));
  CHECK(entities.service.metrics.metrics == defaults.service.metrics.metrics);
  CHECK_FALSE(entities.service.metrics.metrics_given);
}

TEST_CASE("load_config rejects bad [service.metrics] keys at their place", "[config][service]") {
  TempDir dir;
  SECTION("an unknown key") {
    const auto file = dir.write("p2c.toml", "[service.metrics]\nexports = [\"a.b\"]\n");
    CHECK_THAT(only_problem(file),
               Catch::StartsWith(file.string() + ":2:1: [service.metrics]: unknown option 'exports'") &&
                   Catch::Contains("export"));
  }
  SECTION("a string where a list belongs") {
    const auto file = dir.write("p2c.toml", "[service.metrics]\nexport = \"a.b\"\n");
    CHECK_THAT(only_problem(file), Catch::StartsWith(file.string() + ":2:10: [service.metrics]: option 'export'"));
  }
  SECTION("an empty code") {
    const auto file = dir.write("p2c.toml", "[service.metrics]\nentities = [\"WLD\", \"\"]\n");
    CHECK(only_problem(file) ==
          file.string() + ":2:12: [service.metrics]: 'entities' holds an empty string; remove it");
  }
  SECTION("metrics that is not a table") {
    const auto file = dir.write("p2c.toml", "[service]\nmetrics = 3\n");
    CHECK_THAT(only_problem(file), Catch::Contains("'[service.metrics]' must be a table"));
  }
  SECTION("an unknown key in [service] itself, beside the sub-table it allows") {
    const auto file = dir.write("p2c.toml", "[service]\nprot = 1\n");
    CHECK_THAT(only_problem(file), Catch::Contains("[service]: unknown option 'prot'"));
  }
}

TEST_CASE("include adds the instances of a folder's .toml files in name order, then of a file", "[config][include]") {
  TempDir dir;
  dir.write("conf.d/20-sink.toml", "[[sink]]\nplugin = \"json\"\npath = \"out/results.json\"\n");
  dir.write("conf.d/10-indicator.toml", "[[indicator]]\nplugin = \"sdg_17_8\"\n");
  dir.write("conf.d/notes.txt", "not read\n");
  dir.write("extra.toml", "[[source]]\nplugin = \"csv\"\nname = \"extra\"\npath = \"data/extra.csv\"\n");
  const fs::path file = dir.write("p2c.toml",
                                  "include = [\"conf.d\", \"extra.toml\"]\n\n[run]\nthreads = 2\n\n"
                                  "[[source]]\nplugin = \"csv\"\nname = \"wdi\"\npath = \"data/wdi.csv\"\n");
  const Config config = load_config(file);
  CHECK(config.threads == 2);
  std::vector<std::string> names;
  for (const auto& instance : config.instances) names.push_back(instance.name);
  CHECK(names == std::vector<std::string>{"wdi", "sdg_17_8", "json", "extra"});
  // An included instance is reported at its place in its own file.
  const auto* extra = find_instance(config, "extra");
  REQUIRE(extra != nullptr);
  CHECK(position(extra->table->get("path")->source()) == (dir / "extra.toml").string() + ":4:8");
  // The included text is part of the config's text, so that the run history sees it change.
  CHECK(config.text.find("name = \"extra\"") != std::string::npos);
}

TEST_CASE("include refuses a missing file, a table set twice, a nested include and a broken file, with positions",
          "[config][include]") {
  TempDir dir;
  SECTION("missing") {
    const fs::path file = dir.write("p2c.toml", "include = [\"conf.d\"]\n");
    const std::string problem = only_problem(file);
    CHECK(problem.starts_with(file.string() + ":1:12: include: '" + (dir / "conf.d").string() + "' does not exist"));
  }
  SECTION("a table in two files") {
    dir.write("more.toml", "\n[run]\nthreads = 3\n");
    const fs::path file = dir.write("p2c.toml", "include = [\"more.toml\"]\n[run]\nthreads = 2\n");
    const std::string problem = only_problem(file);
    CHECK(
        problem.starts_with((dir / "more.toml").string() + ":2:2: 'run' is already set at " + file.string() + ":2:1"));
    CHECK_THAT(problem, Catch::Contains("lists of tables ([[source]]"));
  }
  SECTION("nested") {
    dir.write("more.toml", "include = [\"other.toml\"]\n");
    const fs::path file = dir.write("p2c.toml", "include = [\"more.toml\"]\n");
    CHECK_THAT(only_problem(file), Catch::StartsWith((dir / "more.toml").string() + ":1:1: an included file "
                                                                                    "cannot include others"));
  }
  SECTION("not TOML") {
    dir.write("conf.d/bad.toml", "[[sink]\nplugin = \"json\"\n");
    const fs::path file = dir.write("p2c.toml", "include = [\"conf.d\"]\n");
    CHECK_THAT(only_problem(file), Catch::StartsWith((dir / "conf.d" / "bad.toml").string() + ":1:"));
  }
  SECTION("not a list") {
    const fs::path file = dir.write("p2c.toml", "include = \"conf.d\"\n");
    CHECK_THAT(only_problem(file), Catch::Contains("include: expected a list of files and folders"));
  }
}
