#include "registry.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "plugin_probe.h"

namespace p2c::host {

void Registry::scan(const std::filesystem::path& folder) { scan(std::vector<std::filesystem::path>{folder}); }

void Registry::scan(const std::vector<std::filesystem::path>& folders) {
  std::vector<std::filesystem::path> files;
  for (const auto& folder : folders) {
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) {
      errors_.push_back({folder, folder.string() +
                                     ": plugin folder does not exist; build the project or fix `run.plugin_dirs` / "
                                     "--plugin-dir"});
      continue;
    }
    std::vector<std::filesystem::path> found;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec))
      if (entry.is_regular_file() && entry.path().extension() == ".so") found.push_back(entry.path());
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }

  // One child for all folders keeps the cost of probing to one process start in the usual case.
  std::vector<LoadError> crashed;
  if (!helper_executable().empty() && !files.empty()) {
    const auto started = std::chrono::steady_clock::now();
    ProbeOutcome probed = probe_libraries(helper_executable(), files);
    spdlog::debug("tried {} plugin libraries in {} child process(es) in {:.1f} ms", files.size(), probed.children,
                  std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
    crashed = std::move(probed.crashed);
  }

  for (const auto& file : files) {
    const auto refused =
        std::find_if(crashed.begin(), crashed.end(), [&](const LoadError& error) { return error.path == file; });
    if (refused != crashed.end()) {
      errors_.push_back(*refused);
      continue;
    }
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

std::vector<std::filesystem::path> plugin_folders(const std::filesystem::path& default_folder,
                                                  const std::vector<std::string>& extra,
                                                  const std::vector<std::filesystem::path>& config_folders) {
  std::vector<std::filesystem::path> folders;
  std::vector<std::filesystem::path> seen;
  const auto add = [&](const std::filesystem::path& folder) {
    std::error_code ec;
    std::filesystem::path same = std::filesystem::weakly_canonical(folder, ec);
    if (ec) same = folder.lexically_normal();
    if (std::find(seen.begin(), seen.end(), same) != seen.end()) return;
    seen.push_back(same);
    folders.push_back(folder);
  };
  if (!default_folder.empty()) add(default_folder);
  for (const auto& folder : extra) add(folder);
  for (const auto& folder : config_folders) add(folder);
  return folders;
}

}  // namespace p2c::host
