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
  bool no_default_plugins = false;
  std::string log_format = "text";
  std::string log_level = "info";
};

/// What `--help` shows of a command besides its options, and what a usage error repeats.
struct Usage {
  std::string line;     ///< "p2c run [--config FILE] [--strict]"
  std::string example;  ///< a whole command to copy, e.g. "p2c run --config /etc/p2c/p2c.toml"
};

/// Adds --plugin-dir, --no-default-plugins, --log-format, --log-level and --help to `description`.
void add_common_options(po::options_description& description, CommonOptions& common);

/// Adds --config, optional in every command (without it resolve_config() finds the config), and --state-dir.
void add_config_option(po::options_description& description, std::string& config, const char* what);

/// The config a command uses and what chose it.
struct ConfigChoice {
  std::filesystem::path path;
  std::string source;  ///< "--config", "P2C_CONFIG" or "default"
};

/// One rule for every command: `--config FILE`, else $P2C_CONFIG, else /etc/p2c/p2c.toml when it exists (the
/// installed service's), else ./config/p2c.toml.
ConfigChoice resolve_config(const std::string& given);

/// Parses `args` (after the subcommand) and sets up logging. `--help` prints the usage, the options of
/// `description` and the example, whatever else is missing; an unknown option gets a "did you mean". `hidden`
/// holds options the command parses but does not show, such as the words of its positional arguments. Returns
/// false after printing help or an error, with `exit_code` set.
bool parse_args(const std::vector<std::string>& args, const po::options_description& description,
                const po::positional_options_description& positional, CommonOptions& common, int& exit_code,
                const Usage& usage, const po::options_description* hidden = nullptr);

/// Loads the config `given` names (resolve_config), logging at debug level which one and why. On problems,
/// logs each with its position, prints `p2c: the config FILE (from SOURCE) has N problem(s)` and the consequence
/// (e.g. "nothing was computed"), and returns nothing: the caller exits with exit_usage.
std::optional<host::Config> load_config_or_explain(const std::string& given, std::string_view consequence = "");

/// The config's language catalogues, bundled and [languages] dir (service::catalogues_for); null after saying
/// which catalogue file is broken: the caller exits with exit_usage.
std::shared_ptr<const host::Catalogues> catalogues_or_explain(const host::Config& config);

/// The config's run history file when it exists; otherwise says why there is none and what to do
/// (set `[run] history`, or run `p2c run` first) and returns nothing: the caller exits with exit_usage.
std::optional<std::filesystem::path> existing_history(const host::Config& config);

/// Whether the config's pledge registry exists (commands other than run, serve and `pledges import` never create
/// one); otherwise says where it was looked for, in which state folder, and how to name another: the caller exits
/// with exit_usage.
bool existing_registry(const host::Config& config);

/// The folder the build or install puts the shipped plugins in, next to the executable.
std::filesystem::path default_plugin_dir();
/// p2c-plugin-host, which runs isolated plugin instances: where the build and the install put it beside p2c.
std::filesystem::path plugin_host_path();

/// default_plugin_dir(), or an empty path with --no-default-plugins.
std::filesystem::path chosen_default_plugin_dir(const CommonOptions& common);

/// Loads plugins from the default folder (unless --no-default-plugins), the --plugin-dir folders, then the
/// config's plugin_dirs.
host::Registry load_registry(const CommonOptions& common, const host::Config* config);

}  // namespace p2c::cli
