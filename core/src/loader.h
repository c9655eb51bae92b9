// Loading plugin libraries with Boost.DLL and checking them before anything in them runs.
#pragma once

#include <boost/dll/shared_library.hpp>
#include <filesystem>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "p2c/abi.h"
#include "p2c/metric.h"

namespace p2c::host {

/// A checked plugin library. Copies share the mapping, which stays loaded while any copy (and so any
/// instance created from it, which holds one) is alive.
class PluginLibrary {
 public:
  PluginLibrary(std::shared_ptr<const boost::dll::shared_library> library, const p2c_plugin_info* info,
                std::filesystem::path path, std::vector<MetricInfo> metrics)
      : library_(std::move(library)), info_(info), path_(std::move(path)), metrics_(std::move(metrics)) {}

  const p2c_plugin_info& info() const noexcept { return *info_; }
  std::string name() const { return info_->name; }
  const std::filesystem::path& path() const noexcept { return path_; }
  /// The metric catalogue of an indicator plugin; empty for other kinds.
  const std::vector<MetricInfo>& metrics() const noexcept { return metrics_; }

 private:
  std::shared_ptr<const boost::dll::shared_library> library_;
  const p2c_plugin_info* info_;
  std::filesystem::path path_;
  std::vector<MetricInfo> metrics_;
};

struct LoadError {
  std::filesystem::path path;
  std::string message;  ///< complete sentence naming the file, what was expected and what to do
};

/// Loads `file` and checks its entry point, ABI version, struct size, toolchain and declared functions, in that
/// order and before calling anything in the plugin.
std::variant<PluginLibrary, LoadError> load_plugin(const std::filesystem::path& file);

/// "libstdc++ with the C++11 ABI (_GLIBCXX_USE_CXX11_ABI=1), GCC 12, C++20".
std::string toolchain_text(const p2c_toolchain& toolchain);

/// What differs between a plugin's toolchain and the host's in a way that changes the layout of the types handed
/// between them (the standard library, its ABI, the C++ standard), as one phrase; empty when nothing does.
std::string toolchain_mismatch(const p2c_toolchain& plugin, const p2c_toolchain& host);

const char* kind_name(std::uint32_t kind) noexcept;

}  // namespace p2c::host
