// validate_options / default_options against a hand-built schema, and the Options getters.
#include "option_schema.h"

#include <toml++/toml.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "p2c/abi.h"
#include "p2c/options.h"

namespace fs = std::filesystem;
using p2c::Options;
using p2c::StringList;
using p2c::StringMap;
using p2c::host::default_options;
using p2c::host::validate_options;

namespace {

const p2c_option_spec kOptions[] = {
    {"path", P2C_OPTION_PATH, nullptr, 1, "The CSV file to read"},
    {"label", P2C_OPTION_STRING, R"("none")", 0, "A label"},
    {"count", P2C_OPTION_INTEGER, "10", 0, "How many rows"},
    {"ratio", P2C_OPTION_NUMBER, "0.5", 0, "A ratio"},
    {"verbose", P2C_OPTION_BOOLEAN, "false", 0, "Talk more"},
    {"columns", P2C_OPTION_STRING_LIST, R"(["a", "b"])", 0, "Columns to keep"},
    {"filter", P2C_OPTION_STRING_MAP, R"({ sex = "both" })", 0, "Dimension filter"},
    {"cache", P2C_OPTION_PATH, R"("cache/dir")", 0, "Cache folder"},
    {"comment", P2C_OPTION_STRING, nullptr, 0, "Optional, without default"},
};
const std::string kKnown = "path, label, count, ratio, verbose, columns, filter, cache, comment";
const std::string kWho = "source 'demo' (plugin demo)";
const fs::path kFolder = "/cfg/dir";

p2c_plugin_info plugin_with(const p2c_option_spec* options, std::uint32_t count) {
  p2c_plugin_info info{};
  info.abi_version = P2C_ABI_VERSION;
  info.struct_size = sizeof(p2c_plugin_info);
  info.name = "demo";
  info.version = "1.0.0";
  info.description = "a plugin for tests";
  info.kind = P2C_KIND_SOURCE;
  info.options = options;
  info.option_count = count;
  return info;
}

const p2c_plugin_info kPlugin = plugin_with(kOptions, std::size(kOptions));

struct Outcome {
  std::optional<Options> options;
  std::vector<std::string> problems;
};

// Validates the [[source]] table of "# test\n[[source]]\nplugin = \"demo\"\n" + body: the table is at
// test.toml:2:1 and the first line of `body` is line 4.
Outcome validate(const std::string& body, const p2c_plugin_info& plugin = kPlugin) {
  const toml::table root = toml::parse("# test\n[[source]]\nplugin = \"demo\"\n" + body, std::string("test.toml"));
  const toml::table* table = root["source"][0].as_table();
  REQUIRE(table != nullptr);
  Outcome out;
  out.options = validate_options(plugin, *table, kWho, kFolder, out.problems);
  return out;
}

// The one problem of an invalid table.
std::string only_problem(const Outcome& outcome) {
  CHECK_FALSE(outcome.options.has_value());
  REQUIRE(outcome.problems.size() == 1);
  return outcome.problems.front();
}

}  // namespace

TEST_CASE("validate_options converts a value of every type", "[option_schema]") {
  const Outcome out = validate(R"(path = "data/wdi.csv"
label = "x"
count = 42
ratio = 0.25
verbose = true
columns = ["c1", "c2", "c3"]
filter = { sex = "female", age = "15+" }
cache = "/var/cache/p2c"
comment = "hello"
)");
  INFO((out.problems.empty() ? std::string() : out.problems.front()));
  REQUIRE(out.problems.empty());
  REQUIRE(out.options.has_value());
  const Options& o = *out.options;
  CHECK(o.string("path") == (kFolder / "data/wdi.csv").string());
  CHECK(o.string("path") == "/cfg/dir/data/wdi.csv");
  CHECK(o.string("label") == "x");
  CHECK(o.integer("count") == 42);
  CHECK(o.number("ratio") == 0.25);
  CHECK(o.boolean("verbose") == true);
  CHECK(o.strings("columns") == StringList{"c1", "c2", "c3"});
  CHECK(o.table("filter") == StringMap{{"age", "15+"}, {"sex", "female"}});
  CHECK(o.string("cache") == "/var/cache/p2c");  // absolute: unchanged
  CHECK(o.string("comment") == "hello");
  CHECK(o.values().size() == std::size(kOptions));
}

TEST_CASE("validate_options widens an integer given for a number", "[option_schema]") {
  const Outcome out = validate("path = \"x.csv\"\nratio = 2\n");
  REQUIRE(out.options.has_value());
  CHECK(out.options->number("ratio") == 2.0);
  CHECK_THROWS_AS(out.options->integer("ratio"), std::invalid_argument);
}

TEST_CASE("validate_options resolves relative paths against the config folder", "[option_schema]") {
  SECTION("nested relative") {
    const Outcome out = validate("path = \"a/./b/../c.csv\"\n");
    REQUIRE(out.options.has_value());
    CHECK(out.options->string("path") == "/cfg/dir/a/c.csv");
  }
  SECTION("parent folder") {
    const Outcome out = validate("path = \"../shared/c.csv\"\n");
    REQUIRE(out.options.has_value());
    CHECK(out.options->string("path") == "/cfg/shared/c.csv");
  }
  SECTION("absolute unchanged") {
    const Outcome out = validate("path = \"/data/c.csv\"\n");
    REQUIRE(out.options.has_value());
    CHECK(out.options->string("path") == "/data/c.csv");
  }
}

TEST_CASE("validate_options fills defaults from the schema's literals", "[option_schema]") {
  const Outcome out = validate("path = \"x.csv\"\n");
  REQUIRE(out.problems.empty());
  REQUIRE(out.options.has_value());
  const Options& o = *out.options;
  CHECK(o.string("label") == "none");
  CHECK(o.integer("count") == 10);
  CHECK(o.number("ratio") == 0.5);
  CHECK(o.boolean("verbose") == false);
  CHECK(o.strings("columns") == StringList{"a", "b"});
  CHECK(o.table("filter") == StringMap{{"sex", "both"}});
  CHECK(o.string("cache") == "/cfg/dir/cache/dir");  // a path default is resolved too
}

TEST_CASE("validate_options leaves an optional option without default absent", "[option_schema]") {
  const Outcome out = validate("path = \"x.csv\"\n");
  REQUIRE(out.options.has_value());
  CHECK_FALSE(out.options->has("comment"));
  CHECK(out.options->values().size() == std::size(kOptions) - 1);
  CHECK_THROWS_AS(out.options->string("comment"), std::invalid_argument);
}

TEST_CASE("validate_options ignores the reserved keys plugin, name and enabled", "[option_schema]") {
  const Outcome out = validate("name = \"other\"\nenabled = true\npath = \"x.csv\"\n");
  REQUIRE(out.problems.empty());
  REQUIRE(out.options.has_value());
  CHECK_FALSE(out.options->has("plugin"));
  CHECK_FALSE(out.options->has("name"));
  CHECK_FALSE(out.options->has("enabled"));
}

TEST_CASE("validate_options reports a missing required option at the table", "[option_schema]") {
  const Outcome out = validate("label = \"x\"\n");
  CHECK(only_problem(out) ==
        "test.toml:2:1: " + kWho + ": missing required option 'path' (path: The CSV file to read)");
}

TEST_CASE("validate_options reports an unknown key at the key, with a suggestion for a typo", "[option_schema]") {
  SECTION("one letter off") {
    const Outcome out = validate("pth = \"x.csv\"\npath = \"x.csv\"\n");
    CHECK(only_problem(out) ==
          "test.toml:4:1: " + kWho + ": unknown option 'pth'; did you mean 'path'? (known options: " + kKnown + ")");
  }
  SECTION("two letters off, indented") {
    const Outcome out = validate("path = \"x.csv\"\n  paht = 1\n");
    CHECK(only_problem(out) ==
          "test.toml:5:3: " + kWho + ": unknown option 'paht'; did you mean 'path'? (known options: " + kKnown + ")");
  }
  SECTION("another option") {
    const Outcome out = validate("path = \"x.csv\"\ncolumn = []\n");
    CHECK(only_problem(out).find("unknown option 'column'; did you mean 'columns'?") != std::string::npos);
  }
  SECTION("far off: no suggestion") {
    const Outcome out = validate("path = \"x.csv\"\nseparator = \";\"\n");
    CHECK(only_problem(out) ==
          "test.toml:5:1: " + kWho + ": unknown option 'separator' (known options: " + kKnown + ")");
  }
}

TEST_CASE("validate_options reports a value of the wrong type at the value", "[option_schema]") {
  SECTION("string for an integer") {
    const Outcome out = validate("path = \"x.csv\"\ncount = \"ten\"\n");
    CHECK(only_problem(out) == "test.toml:5:9: " + kWho + ": option 'count' expects integer");
  }
  SECTION("float for an integer") {
    const Outcome out = validate("path = \"x.csv\"\ncount = 3.0\n");
    CHECK(only_problem(out) == "test.toml:5:9: " + kWho + ": option 'count' expects integer");
  }
  SECTION("integer for a path") {
    const Outcome out = validate("path = 7\n");
    // the path is present, so it is not also reported missing
    CHECK(only_problem(out) == "test.toml:4:8: " + kWho + ": option 'path' expects path");
  }
  SECTION("string for a boolean") {
    const Outcome out = validate("path = \"x.csv\"\nverbose = \"yes\"\n");
    CHECK(only_problem(out) == "test.toml:5:11: " + kWho + ": option 'verbose' expects boolean");
  }
  SECTION("string for a number") {
    const Outcome out = validate("path = \"x.csv\"\nratio = \"half\"\n");
    CHECK(only_problem(out) == "test.toml:5:9: " + kWho + ": option 'ratio' expects number");
  }
  SECTION("string for a list") {
    const Outcome out = validate("path = \"x.csv\"\ncolumns = \"a\"\n");
    CHECK(only_problem(out) == "test.toml:5:11: " + kWho + ": option 'columns' expects list of strings");
  }
  SECTION("list with a non-string element") {
    const Outcome out = validate("path = \"x.csv\"\ncolumns = [\"a\", 2]\n");
    CHECK(only_problem(out) ==
          "test.toml:5:11: " + kWho + ": option 'columns' expects list of strings (element 2 is not a string)");
  }
  SECTION("map with a non-string value") {
    const Outcome out = validate("path = \"x.csv\"\nfilter = { sex = 1 }\n");
    CHECK(only_problem(out) ==
          "test.toml:5:10: " + kWho + ": option 'filter' expects table of strings (value of 'sex' is not a string)");
  }
  SECTION("list for a map") {
    const Outcome out = validate("path = \"x.csv\"\nfilter = [\"sex\"]\n");
    CHECK(only_problem(out) == "test.toml:5:10: " + kWho + ": option 'filter' expects table of strings");
  }
}

TEST_CASE("validate_options reports every problem of a table at once", "[option_schema]") {
  std::vector<std::string> problems = {"an earlier problem"};
  const toml::table root =
      toml::parse("[[source]]\nplugin = \"demo\"\ncount = true\nlabl = \"x\"\n", std::string("test.toml"));
  const auto options = validate_options(kPlugin, *root["source"][0].as_table(), kWho, kFolder, problems);
  CHECK_FALSE(options.has_value());
  REQUIRE(problems.size() == 4);
  CHECK(problems[0] == "an earlier problem");
  CHECK(problems[1] == "test.toml:3:9: " + kWho + ": option 'count' expects integer");
  CHECK(problems[2] ==
        "test.toml:4:1: " + kWho + ": unknown option 'labl'; did you mean 'label'? (known options: " + kKnown + ")");
  CHECK(problems[3] == "test.toml:1:1: " + kWho + ": missing required option 'path' (path: The CSV file to read)");
}

TEST_CASE("validate_options succeeds when earlier problems are in the list", "[option_schema]") {
  std::vector<std::string> problems = {"an earlier problem"};
  const toml::table root = toml::parse("path = \"x.csv\"\n", std::string("test.toml"));
  const auto options = validate_options(kPlugin, root, kWho, kFolder, problems);
  CHECK(options.has_value());
  CHECK(problems.size() == 1);
}

TEST_CASE("validate_options blames the plugin for a default that is not valid", "[option_schema]") {
  SECTION("not a TOML value") {
    const p2c_option_spec specs[] = {{"broken", P2C_OPTION_INTEGER, "[1,", 0, "a bad default"}};
    const Outcome out = validate("", plugin_with(specs, 1));
    const std::string problem = only_problem(out);
    CHECK(problem.rfind("test.toml:2:1: " + kWho + ": the plugin's default for 'broken' is not a TOML value: ", 0) ==
          0);
  }
  SECTION("a value of the wrong type") {
    const p2c_option_spec specs[] = {{"wrong", P2C_OPTION_INTEGER, R"("ten")", 0, "a bad default"}};
    const Outcome out = validate("", plugin_with(specs, 1));
    CHECK(only_problem(out) == "test.toml:2:1: " + kWho + ": the plugin's default for 'wrong' expects integer");
  }
  SECTION("a bad default does not matter when the operator sets the option") {
    const p2c_option_spec specs[] = {{"broken", P2C_OPTION_INTEGER, "[1,", 0, "a bad default"}};
    const Outcome out = validate("broken = 3\n", plugin_with(specs, 1));
    REQUIRE(out.options.has_value());
    CHECK(out.options->integer("broken") == 3);
  }
}

TEST_CASE("validate_options of a plugin without options", "[option_schema]") {
  const p2c_plugin_info plugin = plugin_with(nullptr, 0);
  CHECK(validate("", plugin).options.has_value());
  const Outcome out = validate("path = \"x\"\n", plugin);
  CHECK(only_problem(out) ==
        "test.toml:4:1: " + kWho + ": unknown option 'path' (known options: (this plugin takes no options))");
}

TEST_CASE("default_options is nothing when an option is required", "[option_schema]") {
  CHECK_FALSE(default_options(kPlugin, kFolder).has_value());
}

TEST_CASE("default_options fills every default when nothing is required", "[option_schema]") {
  const p2c_option_spec specs[] = {
      {"window_start", P2C_OPTION_INTEGER, "2018", 0, "First year"},
      {"out", P2C_OPTION_PATH, R"("results/out.json")", 0, "Output file"},
      {"note", P2C_OPTION_STRING, nullptr, 0, "Optional"},
  };
  const auto options = default_options(plugin_with(specs, std::size(specs)), kFolder);
  REQUIRE(options.has_value());
  CHECK(options->integer("window_start") == 2018);
  CHECK(options->string("out") == "/cfg/dir/results/out.json");
  CHECK_FALSE(options->has("note"));
  CHECK(options->values().size() == 2);
}

TEST_CASE("option_type_name names every type", "[option_schema]") {
  using p2c::host::option_type_name;
  CHECK(std::string(option_type_name(P2C_OPTION_STRING)) == "string");
  CHECK(std::string(option_type_name(P2C_OPTION_INTEGER)) == "integer");
  CHECK(std::string(option_type_name(P2C_OPTION_NUMBER)) == "number");
  CHECK(std::string(option_type_name(P2C_OPTION_BOOLEAN)) == "boolean");
  CHECK(std::string(option_type_name(P2C_OPTION_STRING_LIST)) == "list of strings");
  CHECK(std::string(option_type_name(P2C_OPTION_STRING_MAP)) == "table of strings");
  CHECK(std::string(option_type_name(P2C_OPTION_PATH)) == "path");
  CHECK(std::string(option_type_name(99)) == "unknown type");
}

TEST_CASE("Options getters return a value of the right type", "[options]") {
  Options o;
  o.set("s", std::string("text"));
  o.set("i", std::int64_t{-7});
  o.set("n", 1.5);
  o.set("b", true);
  o.set("l", StringList{"x", "y"});
  o.set("m", StringMap{{"k", "v"}});
  CHECK(o.has("s"));
  CHECK_FALSE(o.has("absent"));
  CHECK(o.string("s") == "text");
  CHECK(o.integer("i") == -7);
  CHECK(o.number("n") == 1.5);
  CHECK(o.boolean("b"));
  CHECK(o.strings("l") == StringList{"x", "y"});
  CHECK(o.table("m") == StringMap{{"k", "v"}});
  o.set("s", std::string("replaced"));
  CHECK(o.string("s") == "replaced");
  CHECK(o.values().size() == 6);
}

TEST_CASE("Options getters throw std::invalid_argument for a wrong type or an absent option", "[options]") {
  Options o;
  o.set("s", std::string("text"));
  o.set("i", std::int64_t{3});
  CHECK_THROWS_WITH(o.integer("s"), "option 's' has another type than requested");
  CHECK_THROWS_AS(o.integer("s"), std::invalid_argument);
  CHECK_THROWS_AS(o.number("i"), std::invalid_argument);  // no widening at read time
  CHECK_THROWS_AS(o.boolean("s"), std::invalid_argument);
  CHECK_THROWS_AS(o.strings("s"), std::invalid_argument);
  CHECK_THROWS_AS(o.table("s"), std::invalid_argument);
  CHECK_THROWS_AS(o.string("i"), std::invalid_argument);
  CHECK_THROWS_WITH(o.string("absent"), "option 'absent' is not set");
  CHECK_THROWS_AS(o.string("absent"), std::invalid_argument);
}

TEST_CASE("a table of numbers accepts integers and floats and refuses text", "[option_schema]") {
  static const p2c_option_spec schema[] = {{"goalposts", P2C_OPTION_NUMBER_MAP, "{}", 0, "Goalposts"}};
  std::vector<std::string> problems;
  const toml::table good = toml::parse(std::string("goalposts = { internet_users = 95, basket = 21.33 }"),
                                       std::string("t.toml"));
  const auto options = validate_options(std::span<const p2c_option_spec>(schema), good, "idi", "/cfg", problems);
  REQUIRE(options);
  CHECK(options->numbers("goalposts").at("internet_users") == 95);
  CHECK(options->numbers("goalposts").at("basket") == 21.33);

  const toml::table bad = toml::parse(std::string("goalposts = { basket = \"21\" }"), std::string("t.toml"));
  CHECK_FALSE(validate_options(std::span<const p2c_option_spec>(schema), bad, "idi", "/cfg", problems));
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0], Catch::Contains("option 'goalposts' expects table of numbers (value of 'basket' is not a "
                                          "number)"));
}
