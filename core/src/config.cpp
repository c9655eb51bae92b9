#include "config.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include "env_expand.h"

namespace p2c::host {
namespace {

constexpr const char* sections[] = {"source", "indicator", "sink"};

std::string joined(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems) out += (out.empty() ? "" : "\n") + p;
  return out;
}

// Expands environment references in every string of the tree, keeping each node's position.
void expand_strings(toml::node& node, std::vector<std::string>& problems) {
  if (auto* text = node.as_string()) {
    try {
      *text = expand_env(text->get());
    } catch (const std::invalid_argument& e) {
      problems.push_back(position(node.source()) + ": " + e.what());
    }
  } else if (auto* array = node.as_array()) {
    for (auto& element : *array) expand_strings(element, problems);
  } else if (auto* table = node.as_table()) {
    for (auto&& [key, value] : *table) expand_strings(value, problems);
  }
}

const char* type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    default: return "a date or time";
  }
}

class Reader {
 public:
  Reader(Config& config, std::vector<std::string>& problems) : config_(config), problems_(problems) {}

  void run_table(const toml::node& node) {
    const auto* table = node.as_table();
    if (table == nullptr) return wrong(node, "[run]", "a table");
    for (auto&& [key, value] : *table) {
      if (key == "strict") {
        if (auto v = value.value<bool>()) config_.strict = *v; else wrong(value, "run.strict", "a boolean");
      } else if (key == "threads") {
        auto v = value.as_integer();
        if (v == nullptr || v->get() < 0 || v->get() > 1024) wrong(value, "run.threads", "an integer 0..1024");
        else config_.threads = static_cast<unsigned>(v->get());
      } else if (key == "plugin_dirs") {
        plugin_dirs(value);
      } else {
        problems_.push_back(position(key.source()) + ": unknown key 'run." + std::string(key.str()) +
                            "'; known keys: strict, threads, plugin_dirs");
      }
    }
  }

  void instances(const toml::node& node, const std::string& section) {
    const auto* array = node.as_array();
    if (array == nullptr || !array->is_array_of_tables())
      return wrong(node, section, "an array of tables, written [[" + section + "]]");
    for (const auto& element : *array) instance(*element.as_table(), section);
  }

 private:
  void wrong(const toml::node& node, const std::string& what, const std::string& expected) {
    problems_.push_back(position(node.source()) + ": '" + what + "' must be " + expected + ", found " +
                        type_name(node));
  }

  void plugin_dirs(const toml::node& node) {
    const auto* array = node.as_array();
    if (array == nullptr) return wrong(node, "run.plugin_dirs", "an array of folder paths");
    for (const auto& element : *array) {
      const auto* text = element.as_string();
      if (text == nullptr) {
        wrong(element, "run.plugin_dirs entry", "a string");
        continue;
      }
      config_.plugin_dirs.push_back(config_.folder / text->get());
    }
  }

  void instance(const toml::table& table, const std::string& section) {
    const std::string where = position(table.source());
    const auto* plugin = table.get_as<std::string>("plugin");
    if (plugin == nullptr) {
      problems_.push_back(where + ": a [[" + section + "]] table needs `plugin = \"NAME\"`; `p2c plugins` lists them");
      return;
    }
    std::string name = plugin->get();
    if (const auto* node = table.get("name")) {
      if (auto v = node->value<std::string>()) name = *v; else return wrong(*node, section + ".name", "a string");
    }
    if (const auto* node = table.get("enabled")) {
      auto v = node->value<bool>();
      if (!v) return wrong(*node, section + ".enabled", "a boolean");
      if (!*v) return;
    }
    config_.instances.push_back({section, name, plugin->get(), &table});
  }

  Config& config_;
  std::vector<std::string>& problems_;
};

bool before(const InstanceConfig& a, const InstanceConfig& b) {
  const auto& x = a.table->source().begin;
  const auto& y = b.table->source().begin;
  return std::tie(x.line, x.column) < std::tie(y.line, y.column);
}

// toml++ iterates keys alphabetically; the operator wrote the instances in file order, and a duplicate
// name is the second one in the file.
void order_and_check_names(Config& config, std::vector<std::string>& problems) {
  std::stable_sort(config.instances.begin(), config.instances.end(), before);
  std::set<std::string> names;
  for (const auto& instance : config.instances)
    if (!names.insert(instance.name).second)
      problems.push_back(position(instance.table->source()) + ": instance name '" + instance.name +
                         "' is used twice; give each instance of a plugin its own `name`");
}

}  // namespace

ConfigError::ConfigError(std::vector<std::string> problems)
    : std::runtime_error(joined(problems)), problems_(std::move(problems)) {}

std::string position(const toml::source_region& where) {
  std::ostringstream out;
  out << (where.path ? *where.path : std::string("(config)")) << ':' << where.begin.line << ':' << where.begin.column;
  return out.str();
}

bool is_instance_key(std::string_view key) noexcept { return key == "plugin" || key == "name" || key == "enabled"; }

Config load_config(const std::filesystem::path& path) {
  Config config;
  config.path = path;
  config.folder = std::filesystem::absolute(path).parent_path();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError({path.string() + ": cannot read the config file; check the --config path"});
  std::ostringstream buffer;
  buffer << in.rdbuf();
  config.text = buffer.str();

  auto document = std::make_shared<toml::table>();
  try {
    *document = toml::parse(config.text, path.string());
  } catch (const toml::parse_error& e) {
    throw ConfigError({position(e.source()) + ": " + std::string(e.description())});
  }
  toml::table& root = *document;
  config.document = document;

  std::vector<std::string> problems;
  expand_strings(root, problems);
  Reader reader(config, problems);
  for (auto&& [key, value] : root) {
    const std::string name(key.str());
    if (name == "run") {
      reader.run_table(value);
    } else if (std::find(std::begin(sections), std::end(sections), name) != std::end(sections)) {
      reader.instances(value, name);
    } else {
      problems.push_back(position(key.source()) + ": unknown top-level key '" + name +
                         "'; expected [run], [[source]], [[indicator]] or [[sink]]");
    }
  }
  order_and_check_names(config, problems);
  if (!problems.empty()) throw ConfigError(std::move(problems));
  return config;
}

}  // namespace p2c::host
