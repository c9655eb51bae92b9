#include "common.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/dll/runtime_symbol_info.hpp>
#include <cstdlib>
#include <iostream>

#include "bundled_catalogues.h"
#include "closest_name.h"
#include "commands.h"
#include "logging.h"
#include "p2c/text.h"

namespace p2c::cli {

void add_common_options(po::options_description& description, CommonOptions& common) {
  description.add_options()                                                                      //
      ("plugin-dir", po::value(&common.plugin_dirs)->composing(),                                //
       "also load plugins from this folder, after the default one (repeatable)")                 //
      ("no-default-plugins", po::bool_switch(&common.no_default_plugins),                        //
       "do not load the default plugin folder: only --plugin-dir and the config's plugin_dirs")  //
      ("log-format", po::value(&common.log_format)->default_value("text"), "text or json")       //
      ("log-level", po::value(&common.log_level)->default_value("info"),                         //
       "trace, debug, info, warn, error, critical or off")                                       //
      ("help,h", po::bool_switch(), "show this help");
}

void add_config_option(po::options_description& description, std::string& config, const char* what) {
  description.add_options()  //
      ("config,c", po::value(&config),
       fmt::format("{}; default: $P2C_CONFIG, else /etc/p2c/p2c.toml if it exists, else ./config/p2c.toml", what)
           .c_str())  //
      ("state-dir", po::value<std::string>()->notifier([](const std::string& folder) {
        // Through the environment, as P2C_STATE_DIR, so that the checks `serve` runs in child processes see it too.
        setenv("P2C_STATE_DIR", folder.c_str(), 1);
      }),
       "the folder of the run history and pledge registry, ${P2C_STATE_DIR} in the config; default: "
       "$P2C_STATE_DIR, else the config's [run] state_dir");
}

ConfigChoice resolve_config(const std::string& given) {
  if (!given.empty()) return {given, "--config"};
  if (const char* env = std::getenv("P2C_CONFIG"); env != nullptr && *env != '\0') return {env, "P2C_CONFIG"};
  const std::filesystem::path installed = "/etc/p2c/p2c.toml";
  std::error_code error;
  if (std::filesystem::exists(installed, error)) return {installed, "default"};
  return {"config/p2c.toml", "default"};
}

std::optional<host::Config> load_config_or_explain(const std::string& given, std::string_view consequence) {
  const ConfigChoice choice = resolve_config(given);
  spdlog::debug("config: {} (from {})", choice.path.string(), choice.source);
  try {
    return host::load_config(choice.path);
  } catch (const host::ConfigError& e) {
    for (const auto& problem : e.problems()) spdlog::critical("{}", problem);
    std::cerr << fmt::format("p2c: the config {} (from {}) has {} problem(s){}{}\n", printable(choice.path.string()),
                             choice.source, e.problems().size(), consequence.empty() ? "" : "; ", consequence);
    if (choice.source == "default")
      std::cerr << "p2c: no config was named: pass --config FILE or set P2C_CONFIG; without them p2c reads "
                   "/etc/p2c/p2c.toml if it exists, else ./config/p2c.toml\n";
    return std::nullopt;
  }
}

std::shared_ptr<const host::Catalogues> catalogues_or_explain(const host::Config& config) {
  try {
    return service::catalogues_for(config);
  } catch (const host::CatalogueError& e) {
    std::cerr << fmt::format("p2c: [languages]: {}\n", e.what());
    return nullptr;
  }
}

std::optional<std::filesystem::path> existing_history(const host::Config& config) {
  const std::string config_path = config.path.string();
  if (config.history.empty()) {
    std::cerr << fmt::format(
        "p2c: the config '{}' keeps no run history: set `history = \"history.sqlite\"` in its [run] table, and "
        "every `p2c run --config {}` is stored there\n",
        config_path, config_path);
    return std::nullopt;
  }
  if (!std::filesystem::exists(config.history)) {
    std::cerr << fmt::format(
        "p2c: there is no run history at '{}' yet: `p2c run --config {}` creates it and stores each run there\n",
        config.history.string(), config_path);
    return std::nullopt;
  }
  return config.history;
}

bool existing_registry(const host::Config& config) {
  if (std::filesystem::exists(config.pledges->database)) return true;
  std::cerr << fmt::format(
      "p2c: there is no pledge registry at '{}': `p2c run` or `p2c serve` creates it in the state folder '{}'. If the "
      "service keeps its state elsewhere (/var/lib/p2c under systemd), name that folder with --state-dir DIR or "
      "P2C_STATE_DIR\n",
      config.pledges->database.string(), config.state_dir.string());
  return false;
}

namespace {

// "--cofnig" -> "; did you mean --config?": the long names of the shown options only.
std::string flag_suggestion(const std::string& typed, const po::options_description& description) {
  std::vector<std::string> names;
  for (const auto& option : description.options()) names.push_back("--" + option->long_name());
  std::string flag = typed.substr(0, typed.find('='));
  if (!flag.starts_with("-")) flag = "--" + flag;
  const std::string best = host::closest_name(flag, names);
  return best.empty() ? "" : fmt::format("; did you mean {}?", best);
}

}  // namespace

bool parse_args(const std::vector<std::string>& args, const po::options_description& description,
                const po::positional_options_description& positional, CommonOptions& common, int& exit_code,
                const Usage& usage, const po::options_description* hidden) {
  po::options_description all;
  all.add(description);
  if (hidden != nullptr) all.add(*hidden);
  // --help is looked for before anything is parsed: it must work whatever else is missing or wrong.
  if (std::find(args.begin(), args.end(), "--help") != args.end() ||
      std::find(args.begin(), args.end(), "-h") != args.end()) {
    std::cout << "usage: " << usage.line << "\n\n" << description;
    if (!usage.example.empty()) std::cout << "\nexample:\n  " << usage.example << "\n";
    exit_code = exit_ok;
    return false;
  }
  try {
    po::variables_map values;
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), values);
    po::notify(values);
    host::setup_logging(common.log_format, common.log_level);
    return true;
  } catch (const po::unknown_option& e) {
    std::cerr << "p2c: " << printable(e.what(), host::message_limit)
              << flag_suggestion(e.get_option_name(), description) << "\nusage: " << usage.line
              << " (--help for options)\n";
  } catch (const std::exception& e) {
    std::cerr << "p2c: " << printable(e.what(), host::message_limit) << "\nusage: " << usage.line
              << " (--help for options)\n";
  }
  exit_code = exit_usage;
  return false;
}

std::filesystem::path default_plugin_dir() {
  const std::filesystem::path exe = boost::dll::program_location().string();
  return (exe.parent_path() / P2C_PLUGIN_RELATIVE_DIR).lexically_normal();
}

std::filesystem::path plugin_host_path() {
  const std::filesystem::path exe = boost::dll::program_location().string();
  return (exe.parent_path() / P2C_PLUGIN_HOST_RELATIVE_PATH).lexically_normal();
}

std::filesystem::path chosen_default_plugin_dir(const CommonOptions& common) {
  return common.no_default_plugins ? std::filesystem::path() : default_plugin_dir();
}

host::Registry load_registry(const CommonOptions& common, const host::Config* config) {
  host::Registry registry;
  registry.scan(host::plugin_folders(chosen_default_plugin_dir(common), common.plugin_dirs,
                                     config != nullptr ? config->plugin_dirs : std::vector<std::filesystem::path>{}));
  return registry;
}

}  // namespace p2c::cli
