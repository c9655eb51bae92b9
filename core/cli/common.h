// Options shared by every subcommand, and turning them into a loaded registry.
#pragma once

#include <boost/program_options.hpp>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalogue.h"
#include "config.h"
#include "registry.h"

namespace p2c::cli {

namespace po = boost::program_options;

struct CommonOptions {
  std::vector<std::string> plugin_dirs;
  std::string log_format = "text";
  std::string log_level = "info";
};

/// Adds --plugin-dir, --log-format, --log-level and --help to `description`.
void add_common_options(po::options_description& description, CommonOptions& common);

/// Parses `args` (after the subcommand) and sets up logging. Returns nothing after printing usage or
/// an error, with `exit_code` set.
bool parse_args(const std::vector<std::string>& args, const po::options_description& description,
                const po::positional_options_description& positional, CommonOptions& common, int& exit_code,
                const std::string& usage_line);

/// Loads a config. On problems, logs each with its position, prints `p2c: the config has N problem(s)` and
/// the consequence (e.g. "nothing was computed"), and returns nothing: the caller exits with exit_usage.
std::optional<host::Config> load_config_or_explain(const std::string& path, std::string_view consequence = "");

/// The config's language catalogues, bundled and [languages] dir (service::catalogues_for); null after saying
/// which catalogue file is broken: the caller exits with exit_usage.
std::shared_ptr<const host::Catalogues> catalogues_or_explain(const host::Config& config);

/// The config's run history file when it exists; otherwise says why there is none and what to do
/// (set `[run] history`, or run `p2c run` first) and returns nothing: the caller exits with exit_usage.
std::optional<std::filesystem::path> existing_history(const host::Config& config, const std::string& config_path);

/// The folder the build or install puts the shipped plugins in, next to the executable.
std::filesystem::path default_plugin_dir();

/// Loads plugins from --plugin-dir folders (or the default folder) and then the config's plugin_dirs.
host::Registry load_registry(const CommonOptions& common, const host::Config* config);

}  // namespace p2c::cli
