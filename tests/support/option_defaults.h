// A plugin option's default as the host would hand it over, parsed from the schema's TOML literal with toml++
// directly (not through the host's option code), for plugin tests that build options the way the host does.
#pragma once

#include <toml++/toml.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

#include "p2c/options.h"
#include "p2c/plugin.h"

namespace p2c::test {

/// The value of `spec.default_literal` (which must be set) for the option's type. Fails the test for a type
/// other than string, path, integer, string list or string map.
inline p2c::OptionValue parse_default(const p2c_option_spec& spec) {
  const toml::table table = toml::parse(std::string("v = ") + spec.default_literal);
  const toml::node& node = *table.get("v");
  switch (spec.type) {
    case P2C_OPTION_STRING:
    case P2C_OPTION_PATH:
      REQUIRE(node.is_string());
      return *node.value<std::string>();
    case P2C_OPTION_INTEGER:
      REQUIRE(node.is_integer());
      return *node.value<std::int64_t>();
    case P2C_OPTION_STRING_LIST: {
      REQUIRE(node.is_array());
      p2c::StringList list;
      for (const toml::node& item : *node.as_array()) {
        REQUIRE(item.is_string());
        list.push_back(*item.value<std::string>());
      }
      return list;
    }
    case P2C_OPTION_STRING_MAP: {
      REQUIRE(node.is_table());
      p2c::StringMap map;
      for (const auto& [key, value] : *node.as_table()) {
        REQUIRE(value.is_string());
        map[std::string(key.str())] = *value.value<std::string>();
      }
      return map;
    }
    default:
      FAIL("option '" << spec.name << "' has a type this test does not expect: " << spec.type);
  }
  return {};
}

}  // namespace p2c::test
