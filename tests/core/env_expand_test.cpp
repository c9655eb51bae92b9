// expand_env with a custom lookup, so the tests do not depend on the process environment.
#include "env_expand.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

using p2c::host::expand_env;

namespace {

// A fixed environment: A=alpha, B=beta, EMPTY set but empty, HOME_DIR=/home/op.
std::optional<std::string> lookup(const std::string& name) {
  static const std::map<std::string, std::string> env = {{"A", "alpha"},           {"B", "beta"},      {"EMPTY", ""},
                                                         {"HOME_DIR", "/home/op"}, {"_under_9", "u9"}, {"REF", "${A}"}};
  if (auto it = env.find(name); it != env.end()) return it->second;
  return std::nullopt;
}

std::string expand(const std::string& text) { return expand_env(text, lookup); }

// The message of the std::invalid_argument that expanding `text` throws.
std::string error_of(const std::string& text) {
  try {
    const std::string result = expand(text);
    FAIL("expected std::invalid_argument for \"" << text << "\", got \"" << result << "\"");
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return {};
}

}  // namespace

TEST_CASE("expand_env leaves text without references unchanged", "[env_expand]") {
  CHECK(expand("") == "");
  CHECK(expand("plain text, no variables") == "plain text, no variables");
  CHECK(expand("data/{A}/file.csv") == "data/{A}/file.csv");
}

TEST_CASE("expand_env replaces ${NAME} with the variable's value", "[env_expand]") {
  CHECK(expand("${A}") == "alpha");
  CHECK(expand("pre-${A}-post") == "pre-alpha-post");
  CHECK(expand("${HOME_DIR}/data") == "/home/op/data");
  CHECK(expand("${_under_9}") == "u9");
  CHECK(expand("x${EMPTY}y") == "xy");
}

TEST_CASE("expand_env does not expand a value a second time", "[env_expand]") { CHECK(expand("${REF}") == "${A}"); }

TEST_CASE("expand_env uses the default of ${NAME:-default} only when the variable is unset or empty", "[env_expand]") {
  SECTION("set: the value wins") { CHECK(expand("${A:-fallback}") == "alpha"); }
  SECTION("unset: the default") { CHECK(expand("${UNSET:-fallback}") == "fallback"); }
  SECTION("set but empty: the default, as POSIX :-") { CHECK(expand("${EMPTY:-fallback}") == "fallback"); }
  SECTION("empty default") { CHECK(expand("[${UNSET:-}]") == "[]"); }
}

TEST_CASE("expand_env keeps '/' and ':' in a default", "[env_expand]") {
  CHECK(expand("${UNSET:-/var/lib/p2c}") == "/var/lib/p2c");
  CHECK(expand("${UNSET:-http://localhost:8080/api}") == "http://localhost:8080/api");
  CHECK(expand("${UNSET:-a:-b}") == "a:-b");
}

TEST_CASE("expand_env turns $$ into one $", "[env_expand]") {
  CHECK(expand("$$") == "$");
  CHECK(expand("cost: 5$$") == "cost: 5$");
  CHECK(expand("$${A}") == "${A}");
  CHECK(expand("$$$$") == "$$");
}

TEST_CASE("expand_env keeps a lone $ that does not start a reference", "[env_expand]") {
  CHECK(expand("$") == "$");
  CHECK(expand("5$") == "5$");
  CHECK(expand("$A") == "$A");
  CHECK(expand("a $ b") == "a $ b");
}

TEST_CASE("expand_env expands several references in one string", "[env_expand]") {
  CHECK(expand("${A}/${B}/${UNSET:-c}/${A}") == "alpha/beta/c/alpha");
  CHECK(expand("${A}${B}") == "alphabeta");
}

TEST_CASE("expand_env rejects an unterminated ${", "[env_expand]") {
  CHECK(error_of("path/${A") == "unterminated '${' in \"path/${A\"; close it with '}'");
  CHECK(error_of("${") == "unterminated '${' in \"${\"; close it with '}'");
}

TEST_CASE("expand_env rejects a reference that is not a variable name", "[env_expand]") {
  CHECK(error_of("${1X}") == "'${1X}' does not name an environment variable");
  CHECK(error_of("${}") == "'${}' does not name an environment variable");
  CHECK(error_of("${A B}") == "'${A B}' does not name an environment variable");
  CHECK(error_of("${1X:-d}") == "'${1X:-d}' does not name an environment variable");
}

TEST_CASE("expand_env rejects an unset variable without default", "[env_expand]") {
  CHECK(error_of("${UNSET_X}") ==
        "environment variable UNSET_X is not set; set it, or give a default as ${UNSET_X:-default}");
  // An error in a later reference is reported even after successful ones.
  CHECK(error_of("${A}/${UNSET_X}").find("UNSET_X is not set") != std::string::npos);
}

TEST_CASE("process_env reads the process environment", "[env_expand]") {
  ::setenv("P2C_ENV_EXPAND_TEST", "from-env", 1);
  ::unsetenv("P2C_ENV_EXPAND_TEST_UNSET");
  CHECK(p2c::host::process_env("P2C_ENV_EXPAND_TEST") == std::optional<std::string>("from-env"));
  CHECK_FALSE(p2c::host::process_env("P2C_ENV_EXPAND_TEST_UNSET").has_value());
  CHECK(expand_env("${P2C_ENV_EXPAND_TEST}") == "from-env");
  ::unsetenv("P2C_ENV_EXPAND_TEST");
}
