#include "registry.h"

#include <algorithm>

namespace p2c::host {

void Registry::scan(const std::filesystem::path& folder) {
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec)) {
    errors_.push_back({folder, folder.string() +
                                   ": plugin folder does not exist; build the project or fix `run.plugin_dirs` / "
                                   "--plugin-dir"});
    return;
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".so") files.push_back(entry.path());
  std::sort(files.begin(), files.end());

  for (const auto& file : files) {
    auto loaded = load_plugin(file);
    if (auto* failure = std::get_if<LoadError>(&loaded)) {
      errors_.push_back(std::move(*failure));
      continue;
    }
    auto& library = std::get<PluginLibrary>(loaded);
    if (const PluginLibrary* earlier = find(library.name())) {
      errors_.push_back({file, file.string() + ": plugin '" + library.name() + "' is already loaded from " +
                                   earlier->path().string() + "; remove one of the two files"});
      continue;
    }
    plugins_.push_back(std::move(library));
  }
}

const PluginLibrary* Registry::find(std::string_view name) const {
  for (const auto& plugin : plugins_)
    if (plugin.info().name == name) return &plugin;
  return nullptr;
}

std::string Registry::names() const {
  std::vector<std::string> names;
  for (const auto& plugin : plugins_) names.push_back(plugin.name());
  std::sort(names.begin(), names.end());
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out.empty() ? "none" : out;
}

}  // namespace p2c::host
