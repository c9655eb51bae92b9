// plugin_list, plugin_usage (text and Markdown) and sample_config: on an empty registry, and on the shipped plugins.
#include "describe.h"

#include <toml++/toml.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "config.h"
#include "registry.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using p2c::host::plugin_list;
using p2c::host::plugin_usage;
using p2c::host::Registry;
using p2c::host::sample_config;
using p2c::host::UsageFormat;
using p2c::test::TempDir;

namespace {

const std::string kHeader = "PLUGIN           KIND       VERSION  DESCRIPTION\n";

// `text` left-aligned in `width` columns, as the tables of plugin_list and plugin_usage are.
std::string pad(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The shipped plugins, loaded once for all tests of this file.
const Registry& shipped() {
  static const Registry registry = [] {
    Registry r;
    r.scan(P2C_PLUGIN_DIR);
    return r;
  }();
  return registry;
}

}  // namespace

TEST_CASE("sample_config of no plugins is a valid config with the run settings", "[describe]") {
  const std::string text = sample_config(Registry{});
  toml::table parsed;
  REQUIRE_NOTHROW(parsed = toml::parse(text, std::string("sample.toml")));
  CHECK(parsed["run"]["strict"].value<bool>() == false);
  CHECK(parsed["run"]["threads"].value<std::int64_t>() == 0);
  REQUIRE(parsed["run"]["plugin_dirs"].as_array() != nullptr);
  CHECK(parsed["run"]["plugin_dirs"].as_array()->empty());
  CHECK(parsed["progress"]["min_points"].value<std::int64_t>() == 3);
  CHECK(parsed["progress"]["max_age_years"].value<std::int64_t>() == 5);
  CHECK(parsed["publishing"]["min_observed_share"].value<double>() == 0.8);
  CHECK(parsed["service"]["port"].value<std::int64_t>() == 8080);
  CHECK(parsed["service"]["metrics"]["entities"][0].value<std::string>() == "WLD");
  // [run], [publishing], [progress] and [service]; [reference], [[estimation]] and [pledges] are commented out.
  CHECK(parsed.size() == 4);
  CHECK(contains(text, "# [[estimation]]\n# metric (string)"));
}

TEST_CASE("plugin_list of no plugins is the header alone", "[describe]") { CHECK(plugin_list(Registry{}) == kHeader); }

TEST_CASE("plugin_list names a plugin folder that could not be read", "[describe]") {
  Registry registry;
  const fs::path missing = fs::temp_directory_path() / "p2c-describe-test-no-such-folder";
  registry.scan(missing);
  const std::string text = plugin_list(registry);
  CHECK(text.rfind(kHeader, 0) == 0);
  CHECK(contains(text, "not loaded: " + missing.string() + ": plugin folder does not exist"));
}

TEST_CASE("the shipped plugins load", "[describe][plugins]") {
  const Registry& registry = shipped();
  std::string errors;
  for (const auto& error : registry.errors()) errors += error.message + "\n";
  INFO("plugin folder " << P2C_PLUGIN_DIR << ":\n" << errors);
  CHECK(registry.errors().empty());
  CHECK(registry.find("csv") != nullptr);
  CHECK(registry.find("sdg_17_8") != nullptr);
  CHECK(registry.find("json") != nullptr);
  CHECK(registry.find("csv_results") != nullptr);
}

TEST_CASE("plugin_list lists the shipped plugins", "[describe][plugins]") {
  const std::string text = plugin_list(shipped());
  CHECK(text.rfind(kHeader, 0) == 0);
  CHECK(contains(text, "\n" + pad("csv", 16) + " " + pad("source", 10) + " "));
  CHECK(contains(text,
                 "\n" + pad("sdg_17_8", 16) + " " + pad("indicator", 10) + " " + pad("1.0.0", 8) + " SDG 17.8.1: "));
  CHECK(contains(text, "(sdg_17_8.so)\n"));
  // sources first, then indicators, then sinks
  CHECK(text.find("\ncsv ") < text.find("\nsdg_17_8 "));
  CHECK(text.find("\nsdg_17_8 ") < text.find("\njson "));
}

TEST_CASE("sample_config of the shipped plugins parses and marks required options", "[describe][plugins]") {
  const std::string text = sample_config(shipped());
  toml::table parsed;
  try {
    parsed = toml::parse(text, std::string("sample.toml"));
  } catch (const toml::parse_error& e) {
    FAIL("sample config does not parse: " << e.description() << " at line " << e.source().begin.line << "\n" << text);
  }
  CHECK(contains(text, "\n[[source]]\nplugin = \"csv\"\nname = \"csv\"\n"));
  CHECK(contains(text, "\n# path = ...   # REQUIRED: set this\n"));
  CHECK(contains(text, "\n# series = ...   # REQUIRED: set this\n"));
  CHECK(contains(text, "\n[[indicator]]\nplugin = \"sdg_17_8\"\nname = \"sdg_17_8\"\n"));
  CHECK(contains(text, "\nwindow_start = 2018\n"));

  const toml::array* sources = parsed["source"].as_array();
  REQUIRE(sources != nullptr);
  const toml::table* found = nullptr;
  for (const auto& source : *sources)
    if (source.as_table()->get("plugin")->value<std::string>() == "csv") found = source.as_table();
  REQUIRE(found != nullptr);
  const toml::table& csv = *found;
  CHECK(csv["plugin"].value<std::string>() == "csv");
  CHECK_FALSE(csv.contains("path"));  // required: commented out
  CHECK(csv["batch_size"].value<std::int64_t>() == 4096);
  CHECK(csv["separator"].value<std::string>() == ",");
  REQUIRE(csv["missing_values"].as_array() != nullptr);
  CHECK(csv["missing_values"].as_array()->size() == 4);

  REQUIRE(parsed["indicator"].as_array() != nullptr);
  bool sdg_17_8 = false;
  for (const auto& indicator : *parsed["indicator"].as_array())
    if (indicator.as_table()->get("plugin")->value<std::string>() == "sdg_17_8") {
      sdg_17_8 = true;
      CHECK(indicator.as_table()->get("internet_users")->value<std::string>() == "itu.internet_users");
    }
  CHECK(sdg_17_8);
  REQUIRE(parsed["sink"].as_array() != nullptr);
  CHECK(parsed["sink"].as_array()->size() == 2);
}

TEST_CASE("a sample config written to a file loads as a config", "[describe][plugins][config]") {
  TempDir dir;
  const fs::path file = dir.write("p2c.toml", sample_config(shipped()));
  std::vector<std::string> names;
  try {
    const p2c::host::Config config = p2c::host::load_config(file);
    for (const auto& instance : config.instances) names.push_back(instance.section + ":" + instance.name);
  } catch (const p2c::host::ConfigError& e) {
    FAIL(e.what());
  }
  // One instance of every shipped plugin, in its own section.
  std::vector<std::string> expected;
  for (const auto& plugin : shipped().plugins())
    expected.push_back(std::string(p2c::host::kind_name(plugin.info().kind)) + ":" + plugin.name());
  std::sort(names.begin(), names.end());
  std::sort(expected.begin(), expected.end());
  CHECK(names == expected);
  CHECK(std::find(names.begin(), names.end(), "source:csv") != names.end());
}

TEST_CASE("plugin_usage of sdg_17_8 lists its options and metrics", "[describe][plugins]") {
  const auto* plugin = shipped().find("sdg_17_8");
  REQUIRE(plugin != nullptr);
  const std::string text = plugin_usage(*plugin);
  CHECK(text.rfind("sdg_17_8 1.0.0 (indicator plugin)\nSDG 17.8.1: ", 0) == 0);
  CHECK(contains(text, "\noptions:\n  " + pad("internet_users", 18) + " " + pad("string", 16) + " " +
                           pad("default \"itu.internet_users\"", 28) + " Input series: "));
  CHECK(contains(text, "\n  " + pad("window_start", 18) + " " + pad("integer", 16) + " " + pad("default 2018", 28) +
                           " First year"));
  CHECK(contains(text, "\nmetrics (id prefix: the instance name, by default the plugin name):\n"));
  CHECK(contains(text,
                 "\n  sdg_17_8.internet_users: Individuals using the Internet [%]\n"
                 "    focus area adoption; WSIS C2, C3; SDG 17.8.1; higher_is_better; "
                 "aggregation population_weighted_mean; target 100 by 2030\n"));
  CHECK(contains(text, "\n  sdg_17_8.internet_users_latest: "));
  CHECK(contains(text,
                 "\n  sdg_17_8.offline_population: People not using the Internet [people]\n"
                 "    focus area adoption; WSIS C2, C3; SDG 17.8.1; lower_is_better; aggregation sum; "
                 "target 0 by 2030\n"));
}

TEST_CASE("plugin_usage of csv marks required options", "[describe][plugins]") {
  const auto* plugin = shipped().find("csv");
  REQUIRE(plugin != nullptr);
  const std::string text = plugin_usage(*plugin);
  CHECK(text.rfind("csv ", 0) == 0);
  CHECK(contains(text, "(source plugin)\n"));
  CHECK(contains(text, "\n  " + pad("path", 18) + " " + pad("path", 16) + " " + pad("required", 28) + " The CSV file"));
  CHECK(contains(text, "\n  " + pad("batch_size", 18) + " " + pad("integer", 16) + " " + pad("default 4096", 28) +
                           " Rows per batch"));
  CHECK_FALSE(contains(text, "metrics"));
}

TEST_CASE("the usage formats are text and md and nothing else", "[describe]") {
  CHECK(p2c::host::parse_usage_format("text") == UsageFormat::text);
  CHECK(p2c::host::parse_usage_format("md") == UsageFormat::markdown);
  for (const char* other : {"", "markdown", "MD", "html", "text "}) CHECK_FALSE(p2c::host::parse_usage_format(other));
}

TEST_CASE("plugin_usage in Markdown of csv has a heading and its kind and a row per option but no metrics",
          "[describe][plugins]") {
  const auto* plugin = shipped().find("csv");
  REQUIRE(plugin != nullptr);
  const std::string md = plugin_usage(*plugin, UsageFormat::markdown);
  CHECK(md.rfind("## csv 1.0.0\n\nLong-format CSV file: one row per economy and year\n\nKind: source plugin.\n\n"
                 "### Options\n\n| option | type | required or default | description |\n|---|---|---|---|\n",
                 0) == 0);
  CHECK(contains(md, "\n| `path` | path | required | The CSV file"));
  CHECK(contains(md, "\n| `batch_size` | integer | default `4096` | Rows per batch"));
  CHECK(contains(md, "\n| `missing_values` | list of strings | default `[\"\", \"..\", \"NA\", \"n.a.\"]` | "));
  CHECK_FALSE(contains(md, "### Metrics"));
  CHECK_FALSE(contains(md, plugin->path().string()));
  // One row per option, as the text has one line per option.
  std::size_t rows = 0;
  for (std::size_t at = md.find("\n| `"); at != std::string::npos; at = md.find("\n| `", at + 1)) ++rows;
  CHECK(rows == plugin->info().option_count);
}

TEST_CASE("plugin_usage in Markdown of sdg_17_8 tables its metrics with what the text says of them",
          "[describe][plugins]") {
  const auto* plugin = shipped().find("sdg_17_8");
  REQUIRE(plugin != nullptr);
  const std::string md = plugin_usage(*plugin, UsageFormat::markdown);
  CHECK(md.rfind("## sdg_17_8 1.0.0\n\nSDG 17.8.1: ", 0) == 0);
  CHECK(contains(md, "\nKind: indicator plugin.\n"));
  CHECK(contains(md, "\n| `window_start` | integer | default `2018` | First year"));
  CHECK(contains(md,
                 "\n### Metrics\n\nIds start with the instance name, by default the plugin name.\n\n"
                 "| id | title | unit | focus area | WSIS | SDG | direction | target | aggregation | description |\n"
                 "|---|---|---|---|---|---|---|---|---|---|\n"));
  CHECK(contains(md,
                 "\n| `sdg_17_8.internet_users` | Individuals using the Internet | % | adoption | C2, C3 | 17.8.1 | "
                 "higher_is_better | 100 by 2030 | population_weighted_mean | "));
  CHECK(contains(md,
                 "\n| `sdg_17_8.offline_population` | People not using the Internet | people | adoption | C2, C3 | "
                 "17.8.1 | lower_is_better | 0 by 2030 | sum | "));
  // Every metric has its row, with its description, as in the text.
  const std::string text = plugin_usage(*plugin);
  for (const auto& m : plugin->metrics()) {
    INFO(m.name);
    CHECK(contains(md, "\n| `sdg_17_8." + m.name + "` | " + m.title + " | "));
    CHECK(contains(text, "    " + m.description + "\n"));
    CHECK(contains(md, " | " + m.description + " |\n"));
  }
}

TEST_CASE("plugin_usage in Markdown keeps every table cell whole", "[describe][plugins]") {
  // No cell may end early on a `|` of a description or default, nor lose text to a renderer taking `<...>` for
  // HTML: every table row of every shipped plugin has the number of cells of its header.
  for (const auto& plugin : shipped().plugins()) {
    const std::string md = plugin_usage(plugin, UsageFormat::markdown);
    std::size_t expected = 0;
    std::size_t start = 0;
    while (start < md.size()) {
      const std::size_t end = md.find('\n', start);
      const std::string line = md.substr(start, end - start);
      start = end + 1;
      if (line.rfind("|", 0) != 0) {
        expected = 0;
        continue;
      }
      std::size_t cells = 0;
      for (std::size_t i = 0; i < line.size(); ++i)
        if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++cells;
      if (expected == 0) expected = cells;
      INFO(plugin.name() << ": " << line);
      CHECK(cells == expected);
      CHECK_FALSE(contains(line, "<"));
    }
  }
}
