// What the service computes from: one loaded config with its plugins and reference data. Replaced as a
// whole on SIGHUP, and only by one that loads completely.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "config.h"
#include "reference.h"
#include "registry.h"

namespace p2c::service {

/// A config that cannot be served; the message says why (file:line, plugin, ...), one problem a line.
class SetupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// How to load a setup: the config file and the command line's overrides of it.
struct SetupSource {
  std::filesystem::path config;
  std::vector<std::string> plugin_dirs;      ///< --plugin-dir folders, loaded after the default one
  std::filesystem::path default_plugin_dir;  ///< the shipped plugins; empty with --no-default-plugins
  std::optional<int> port;                   ///< --port overrides [service] port
};

struct Setup {
  std::shared_ptr<const host::Config> config;
  std::shared_ptr<const host::Registry> registry;
  std::optional<host::Reference> reference;  ///< when the config has a [reference] section
  std::string plugins_json;                  ///< body of GET /api/v1/plugins
  std::string entities_json;                 ///< body of GET /api/v1/entities
};

/// Loads the config, the plugins and the reference data, and checks that every instance can be set up.
/// `strict`: plugin files that fail to load and instances that fail to set up are errors (a reload must
/// not replace a working setup with a broken one); otherwise they are logged and the rest is served.
/// Throws SetupError.
std::shared_ptr<const Setup> load_setup(const SetupSource& source, bool strict);

/// The p2c subcommand that checks a setup in a child process (hidden: not for operators).
inline constexpr const char* check_setup_command = "internal-check-setup";

/// Does what load_setup(source, true) does, in a child process started from `executable` (`p2c
/// internal-check-setup`), so that a plugin that crashes while loading or setting up an instance ends only
/// the child. Returns the problems, one a line, when the child refuses the setup or dies (then saying how);
/// nothing when the setup can be loaded. `source.port` is not passed: it cannot make a setup fail.
std::optional<std::string> check_setup_in_child(const SetupSource& source, const std::filesystem::path& executable);

/// load_setup(source, true) for a reload: when a helper executable is set (plugin_probe.h), the setup is
/// first checked in a child with check_setup_in_child, and a setup the child refuses or dies on throws
/// SetupError without any of it being loaded into this process.
std::shared_ptr<const Setup> reload_setup(const SetupSource& source);

/// The child's side: `args` are the config, the default plugin folder, then the --plugin-dir folders.
/// Writes the problems to stdout and ends the process: status 0 when the setup loads, 1 when it does not,
/// 2 for bad arguments; without running exit handlers or unloading the plugins.
[[noreturn]] void check_setup_main(const std::vector<std::string>& args);

}  // namespace p2c::service
