#include "common.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/dll/runtime_symbol_info.hpp>
#include <iostream>

#include "bundled_catalogues.h"
#include "commands.h"
#include "logging.h"
#include "p2c/text.h"

namespace p2c::cli {

void add_common_options(po::options_description& description, CommonOptions& common) {
  description.add_options()                                                                 //
      ("plugin-dir", po::value(&common.plugin_dirs)->composing(),                           //
       "folder to load plugins from, instead of the default one (repeatable)")              //
      ("log-format", po::value(&common.log_format)->default_value("text"), "text or json")  //
      ("log-level", po::value(&common.log_level)->default_value("info"),                    //
       "trace, debug, info, warn, error, critical or off")                                  //
      ("help,h", po::bool_switch(), "show this help");
}

std::optional<host::Config> load_config_or_explain(const std::string& path, std::string_view consequence) {
  try {
    return host::load_config(path);
  } catch (const host::ConfigError& e) {
    for (const auto& problem : e.problems()) spdlog::critical("{}", problem);
    std::cerr << "p2c: the config has " << e.problems().size() << " problem(s)" << (consequence.empty() ? "" : "; ")
              << consequence << "\n";
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

std::optional<std::filesystem::path> existing_history(const host::Config& config, const std::string& config_path) {
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

bool parse_args(const std::vector<std::string>& args, const po::options_description& description,
                const po::positional_options_description& positional, CommonOptions& common, int& exit_code,
                const std::string& usage_line) {
  try {
    po::variables_map values;
    po::store(po::command_line_parser(args).options(description).positional(positional).run(), values);
    // Before notify(), which refuses a missing required option: --help needs no --config.
    if (values.count("help") != 0 && values["help"].as<bool>()) {
      std::cout << "usage: " << usage_line << "\n\n" << description;
      exit_code = exit_ok;
      return false;
    }
    po::notify(values);
    host::setup_logging(common.log_format, common.log_level);
    return true;
  } catch (const std::exception& e) {
    std::cerr << "p2c: " << printable(e.what(), host::message_limit) << "\nusage: " << usage_line
              << " (--help for options)\n";
    exit_code = exit_usage;
    return false;
  }
}

std::filesystem::path default_plugin_dir() {
  const std::filesystem::path exe = boost::dll::program_location().string();
  return (exe.parent_path() / P2C_PLUGIN_RELATIVE_DIR).lexically_normal();
}

host::Registry load_registry(const CommonOptions& common, const host::Config* config) {
  std::vector<std::filesystem::path> folders;
  if (common.plugin_dirs.empty()) folders.push_back(default_plugin_dir());
  folders.insert(folders.end(), common.plugin_dirs.begin(), common.plugin_dirs.end());
  if (config != nullptr) folders.insert(folders.end(), config->plugin_dirs.begin(), config->plugin_dirs.end());
  host::Registry registry;
  registry.scan(folders);
  return registry;
}

}  // namespace p2c::cli
