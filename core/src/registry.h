// All plugins found in the plugin folders of a run, by name.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "loader.h"

namespace p2c::host {

class Registry {
 public:
  /// Loads every shared library (*.so) in `folder`, in name order. Files that are not usable plugins
  /// are recorded in errors() and skipped: one bad file never hides the others.
  void scan(const std::filesystem::path& folder);
  /// Scans `folders` in order. When a helper executable is set (plugin_probe.h), all their libraries are
  /// first tried in child processes, and one whose loading crashed the child is recorded in errors() and
  /// never loaded here.
  void scan(const std::vector<std::filesystem::path>& folders);

  const PluginLibrary* find(std::string_view name) const;
  const std::vector<PluginLibrary>& plugins() const noexcept { return plugins_; }
  const std::vector<LoadError>& errors() const noexcept { return errors_; }
  /// Names of the loaded plugins, comma-separated, for "did you mean" style messages.
  std::string names() const;

 private:
  std::vector<PluginLibrary> plugins_;
  std::vector<LoadError> errors_;
};

/// The folders a run loads plugins from, in order: `default_folder` (the shipped plugins; left out when empty),
/// `extra` (--plugin-dir), then `config_folders` ([run] plugin_dirs). A folder named twice, by any path, is
/// scanned once: its plugins would otherwise clash with themselves.
std::vector<std::filesystem::path> plugin_folders(const std::filesystem::path& default_folder,
                                                  const std::vector<std::string>& extra,
                                                  const std::vector<std::filesystem::path>& config_folders);

}  // namespace p2c::host
