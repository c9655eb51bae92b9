// `p2c plugins` and `p2c config`.
#include <iostream>
#include <optional>

#include "commands.h"
#include "common.h"
#include "describe.h"
#include "logging.h"
#include "p2c/text.h"

namespace p2c::cli {

int plugins_command(const std::vector<std::string>& args) {
  CommonOptions common;
  std::string usage;
  std::string config_file;
  std::string format;
  bool wsis = false;
  po::options_description description("p2c plugins options");
  description.add_options()("config,c", po::value(&config_file),
                            "also load the plugin folders of this config's [run] plugin_dirs");
  description.add_options()                                                                                           //
      ("usage", po::value(&usage), "print the options and metrics of plugin NAME")                                    //
      ("format", po::value(&format), "with --usage: text (the default) or md (Markdown, as in the plugin's README)")  //
      ("wsis", po::bool_switch(&wsis), "print which metrics serve each WSIS action line (Markdown)");
  add_common_options(description, common);
  int code = exit_ok;
  const std::string usage_line = "p2c plugins [--usage NAME [--format text|md] | --wsis] [--config FILE]";
  if (!parse_args(args, description, {}, common, code, {usage_line, "p2c plugins --usage csv --format md"}))
    return code;
  const std::optional<host::UsageFormat> usage_format = host::parse_usage_format(format.empty() ? "text" : format);
  if (!usage_format) {
    std::cerr << "p2c: --format '" << printable(format)
              << "' is not a usage format: use text or md\nusage: " << usage_line << "\n";
    return exit_usage;
  }
  if (!format.empty() && usage.empty()) {
    std::cerr << "p2c: --format applies to --usage NAME\nusage: " << usage_line << "\n";
    return exit_usage;
  }
  std::optional<host::Config> config;
  if (!config_file.empty() && !(config = load_config_or_explain(config_file))) return exit_usage;
  const host::Registry registry = load_registry(common, config ? &*config : nullptr);
  if (wsis) {
    std::cout << host::wsis_coverage(registry);
    return registry.errors().empty() ? exit_ok : exit_problems;
  }
  if (usage.empty()) {
    std::cout << host::plugin_list(registry);
    return registry.errors().empty() ? exit_ok : exit_problems;
  }
  const host::PluginLibrary* plugin = registry.find(usage);
  if (plugin == nullptr) {
    std::cerr << "p2c: no plugin named '" << printable(usage) << "' (loaded: " << registry.names() << ")\n";
    return exit_usage;
  }
  std::cout << host::plugin_usage(*plugin, *usage_format);
  return exit_ok;
}

int config_command(const std::vector<std::string>& args) {
  CommonOptions common;
  po::options_description description("p2c config options");
  add_common_options(description, common);
  int code = exit_ok;
  if (!parse_args(args, description, {}, common, code, {"p2c config > p2c.toml", "p2c config > /etc/p2c/p2c.toml"}))
    return code;
  const host::Registry registry = load_registry(common, nullptr);
  for (const auto& error : registry.errors())
    std::cerr << "p2c: not loaded: " << printable(error.message, host::message_limit) << "\n";
  std::cout << host::sample_config(registry);
  return registry.errors().empty() ? exit_ok : exit_problems;
}

}  // namespace p2c::cli
