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
  std::vector<std::string> plugin_dirs;      ///< --plugin-dir folders; empty: the default folder
  std::filesystem::path default_plugin_dir;  ///< used when plugin_dirs is empty
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

}  // namespace p2c::service
