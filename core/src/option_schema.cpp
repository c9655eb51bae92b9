#include "option_schema.h"

#include <algorithm>

#include "closest_name.h"
#include "config.h"

namespace p2c::host {
namespace {

std::string known_options(std::span<const p2c_option_spec> schema) {
  std::string out;
  for (const auto& spec : schema) out += (out.empty() ? "" : ", ") + std::string(spec.name);
  return out.empty() ? "(this plugin takes no options)" : out;
}

std::string suggestion(std::span<const p2c_option_spec> schema, std::string_view key) {
  std::vector<std::string> names;
  for (const auto& spec : schema) names.emplace_back(spec.name);
  const std::string best = closest_name(key, names);
  return best.empty() ? "" : "; did you mean '" + best + "'?";
}

const p2c_option_spec* find_spec(std::span<const p2c_option_spec> schema, std::string_view key) {
  for (const auto& spec : schema)
    if (key == spec.name) return &spec;
  return nullptr;
}

// Converts a node to the spec's type; returns an error text (without position) on mismatch.
std::string convert(const p2c_option_spec& spec, const toml::node& node, const std::filesystem::path& folder,
                    OptionValue& out) {
  const std::string expected = std::string("expects ") + option_type_name(spec.type);
  switch (spec.type) {
    case P2C_OPTION_STRING:
    case P2C_OPTION_PATH: {
      const auto* text = node.as_string();
      if (text == nullptr) return expected;
      if (spec.type == P2C_OPTION_PATH) {
        std::filesystem::path path(text->get());
        out = path.is_relative() && !path.empty() ? (folder / path).lexically_normal().string() : text->get();
      } else {
        out = text->get();
      }
      return {};
    }
    case P2C_OPTION_INTEGER:
      if (const auto* v = node.as_integer()) return out = v->get(), std::string();
      return expected;
    case P2C_OPTION_NUMBER:
      if (const auto* v = node.as_floating_point()) return out = v->get(), std::string();
      if (const auto* v = node.as_integer()) return out = static_cast<double>(v->get()), std::string();
      return expected;
    case P2C_OPTION_BOOLEAN:
      if (const auto* v = node.as_boolean()) return out = v->get(), std::string();
      return expected;
    case P2C_OPTION_STRING_LIST: {
      const auto* array = node.as_array();
      if (array == nullptr) return expected;
      StringList list;
      for (std::size_t i = 0; i < array->size(); ++i) {
        const auto* text = array->get(i)->as_string();
        if (text == nullptr) return expected + " (element " + std::to_string(i + 1) + " is not a string)";
        list.push_back(text->get());
      }
      out = std::move(list);
      return {};
    }
    case P2C_OPTION_NUMBER_MAP: {
      const auto* table = node.as_table();
      if (table == nullptr) return expected;
      NumberMap map;
      for (auto&& [key, value] : *table) {
        if (const auto* v = value.as_floating_point())
          map.emplace(std::string(key.str()), v->get());
        else if (const auto* i = value.as_integer())
          map.emplace(std::string(key.str()), static_cast<double>(i->get()));
        else
          return expected + " (value of '" + std::string(key.str()) + "' is not a number)";
      }
      out = std::move(map);
      return {};
    }
    case P2C_OPTION_STRING_MAP: {
      const auto* table = node.as_table();
      if (table == nullptr) return expected;
      StringMap map;
      for (auto&& [key, value] : *table) {
        const auto* text = value.as_string();
        if (text == nullptr) return expected + " (value of '" + std::string(key.str()) + "' is not a string)";
        map.emplace(std::string(key.str()), text->get());
      }
      out = std::move(map);
      return {};
    }
  }
  return "has an option type this host does not know (" + std::to_string(spec.type) + ")";
}

// Parses a spec's default literal; a bad literal is the plugin's bug, reported as such.
std::string default_value(const p2c_option_spec& spec, const std::filesystem::path& folder, OptionValue& out) {
  try {
    const toml::table parsed = toml::parse(std::string("value = ") + spec.default_literal);
    const std::string problem = convert(spec, *parsed.get("value"), folder, out);
    if (!problem.empty()) return "the plugin's default for '" + std::string(spec.name) + "' " + problem;
  } catch (const toml::parse_error& e) {
    return "the plugin's default for '" + std::string(spec.name) +
           "' is not a TOML value: " + std::string(e.description());
  }
  return {};
}

}  // namespace

const char* option_type_name(std::uint32_t type) noexcept {
  switch (type) {
    case P2C_OPTION_STRING: return "string";
    case P2C_OPTION_INTEGER: return "integer";
    case P2C_OPTION_NUMBER: return "number";
    case P2C_OPTION_BOOLEAN: return "boolean";
    case P2C_OPTION_STRING_LIST: return "list of strings";
    case P2C_OPTION_STRING_MAP: return "table of strings";
    case P2C_OPTION_PATH: return "path";
    case P2C_OPTION_NUMBER_MAP: return "table of numbers";
    default: return "unknown type";
  }
}

std::span<const p2c_option_spec> schema_of(const p2c_plugin_info& plugin) noexcept {
  return {plugin.options, plugin.option_count};
}

std::optional<Options> validate_options(const p2c_plugin_info& plugin, const toml::table& table, const std::string& who,
                                        const std::filesystem::path& folder, std::vector<std::string>& problems) {
  return validate_options(schema_of(plugin), table, who, folder, problems);
}

std::optional<Options> validate_options(std::span<const p2c_option_spec> schema, const toml::table& table,
                                        const std::string& who, const std::filesystem::path& folder,
                                        std::vector<std::string>& problems, std::span<const std::string_view> nested) {
  const std::size_t before = problems.size();
  Options options;
  for (auto&& [key, node] : table) {
    if (std::find(nested.begin(), nested.end(), key.str()) != nested.end()) continue;
    const p2c_option_spec* spec = find_spec(schema, key.str());
    // The host's own sections declare what they read ([run] isolation); in an instance's table it is the host's.
    if (spec == nullptr && is_instance_key(key.str())) continue;
    if (spec == nullptr) {
      problems.push_back(position(key.source()) + ": " + who + ": unknown option '" + std::string(key.str()) + "'" +
                         suggestion(schema, key.str()) + " (known options: " + known_options(schema) + ")");
      continue;
    }
    OptionValue value;
    if (std::string problem = convert(*spec, node, folder, value); !problem.empty()) {
      problems.push_back(position(node.source()) + ": " + who + ": option '" + spec->name + "' " + problem);
      continue;
    }
    options.set(spec->name, std::move(value));
  }
  for (const p2c_option_spec& spec : schema) {
    if (options.has(spec.name) || table.contains(spec.name)) continue;
    if (spec.required) {
      problems.push_back(position(table.source()) + ": " + who + ": missing required option '" + spec.name + "' (" +
                         option_type_name(spec.type) + ": " + spec.description + ")");
      continue;
    }
    if (spec.default_literal == nullptr) continue;  // optional without default: the plugin checks has()
    OptionValue value;
    if (std::string problem = default_value(spec, folder, value); !problem.empty()) {
      problems.push_back(position(table.source()) + ": " + who + ": " + problem);
      continue;
    }
    options.set(spec.name, std::move(value));
  }
  if (problems.size() != before) return std::nullopt;
  return options;
}

std::optional<Options> default_options(const p2c_plugin_info& plugin, const std::filesystem::path& folder) {
  std::vector<std::string> problems;
  return validate_options(plugin, toml::table{}, plugin.name, folder, problems);
}

}  // namespace p2c::host
