#include "loader.h"

#include <cstddef>
#include <regex>

namespace p2c::host {
namespace {

using Entry = const p2c_plugin_info*();

// The first four fields of p2c_plugin_info are frozen across ABI versions, so a plugin built for another
// version can still be named in the error.
constexpr std::size_t frozen_prefix = offsetof(p2c_plugin_info, version) + sizeof(const char*);

bool is_identifier(const char* text) {
  static const std::regex pattern("[a-z][a-z0-9_]*");
  return text != nullptr && std::regex_match(text, pattern);
}

LoadError error(const std::filesystem::path& file, const std::string& message) {
  return LoadError{file, file.string() + ": " + message};
}

std::string checked_functions(const p2c_plugin_info& info) {
  if (info.create == nullptr || info.destroy == nullptr) return "it declares no create/destroy functions";
  switch (info.kind) {
    case P2C_KIND_SOURCE:
      if (info.source == nullptr || info.source->describe == nullptr || info.source->read == nullptr)
        return "a source plugin without source functions";
      return {};
    case P2C_KIND_INDICATOR:
      if (info.indicator == nullptr || info.indicator->inputs == nullptr || info.indicator->compute == nullptr ||
          info.metrics == nullptr)
        return "an indicator plugin without indicator functions";
      return {};
    case P2C_KIND_SINK:
      if (info.sink == nullptr || info.sink->write == nullptr) return "a sink plugin without sink functions";
      return {};
    default: return "unknown plugin kind " + std::to_string(info.kind) + " (expected 1 source, 2 indicator or 3 sink)";
  }
}

std::string library_text(const p2c_toolchain& toolchain) {
  switch (toolchain.standard_library) {
    case P2C_STDLIB_LIBSTDCXX:
      return toolchain.library_abi == 1
                 ? "libstdc++ with the C++11 ABI (_GLIBCXX_USE_CXX11_ABI=1)"
                 : "libstdc++ with the pre-C++11 ABI (_GLIBCXX_USE_CXX11_ABI=" + std::to_string(toolchain.library_abi) +
                       ")";
    case P2C_STDLIB_LIBCXX: return "libc++ ABI version " + std::to_string(toolchain.library_abi);
    case P2C_STDLIB_MSVC: return "Microsoft's STL";
    default: return "an unknown standard library";
  }
}

std::string standard_text(std::uint32_t cplusplus) {
  // __cplusplus of a published standard, or of a compiler's draft mode, which numbers the year before it.
  for (const auto& [value, name] : {std::pair{201703u, "C++17"}, std::pair{202002u, "C++20"},
                                    std::pair{202100u, "C++23 (draft)"}, std::pair{202302u, "C++23"}})
    if (cplusplus == value) return name;
  return "__cplusplus " + std::to_string(cplusplus);
}

std::string compiler_text(const p2c_toolchain& toolchain) {
  const char* family = toolchain.compiler == P2C_COMPILER_GCC     ? "GCC"
                       : toolchain.compiler == P2C_COMPILER_CLANG ? "Clang"
                       : toolchain.compiler == P2C_COMPILER_MSVC  ? "MSVC"
                                                                  : "an unknown compiler";
  return toolchain.compiler == P2C_COMPILER_OTHER ? family : family + (" " + std::to_string(toolchain.compiler_major));
}

}  // namespace

std::string toolchain_text(const p2c_toolchain& toolchain) {
  return library_text(toolchain) + ", " + compiler_text(toolchain) + ", " + standard_text(toolchain.cplusplus);
}

std::string toolchain_mismatch(const p2c_toolchain& plugin, const p2c_toolchain& host) {
  // The standard library, its ABI and the language standard decide the layout of std::string and std::vector
  // in the payload types. The compiler does not: GCC and Clang of any version share libstdc++'s layout.
  std::vector<std::string> differences;
  if (plugin.standard_library != host.standard_library || plugin.library_abi != host.library_abi)
    differences.push_back("the standard library: " + library_text(plugin) + " in the plugin, " + library_text(host) +
                          " in the host");
  if (plugin.cplusplus != host.cplusplus)
    differences.push_back("the C++ standard: " + standard_text(plugin.cplusplus) + " in the plugin, " +
                          standard_text(host.cplusplus) + " in the host");
  std::string out;
  for (const auto& difference : differences) out += (out.empty() ? "" : "; and ") + difference;
  return out;
}

namespace {

std::string checked_metrics(const std::vector<MetricInfo>& metrics) {
  std::vector<std::string> seen;
  for (const auto& metric : metrics) {
    if (!is_identifier(metric.name.c_str())) return "metric name '" + metric.name + "' is not a lower-case identifier";
    for (const auto& name : seen)
      if (name == metric.name) return "metric '" + metric.name + "' is declared twice";
    seen.push_back(metric.name);
  }
  return {};
}

}  // namespace

const char* kind_name(std::uint32_t kind) noexcept {
  switch (kind) {
    case P2C_KIND_SOURCE: return "source";
    case P2C_KIND_INDICATOR: return "indicator";
    case P2C_KIND_SINK: return "sink";
    default: return "unknown";
  }
}

std::variant<PluginLibrary, LoadError> load_plugin(const std::filesystem::path& file) {
  std::shared_ptr<boost::dll::shared_library> library;
  try {
    library = std::make_shared<boost::dll::shared_library>(
        boost::dll::fs::path(file.string()), boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    return error(file, std::string("cannot load the library: ") + e.what() +
                           "; check that it was built for this machine and that its dependencies are installed");
  }
  if (!library->has(P2C_ENTRY_POINT_NAME))
    return error(file, "not a p2c plugin: it exports no '" P2C_ENTRY_POINT_NAME
                       "' entry point; plugins declare one with P2C_PLUGIN (p2c/plugin.h). Remove the file from "
                       "the plugin folder or rebuild it against the p2c SDK");

  const p2c_plugin_info* info = library->get_alias<Entry>(P2C_ENTRY_POINT_NAME)();
  if (info == nullptr) return error(file, "its entry point returned no plugin info");
  if (info->struct_size < frozen_prefix)
    return error(file, "its plugin info is " + std::to_string(info->struct_size) +
                           " bytes, too small to be a p2c plugin info; rebuild it against the p2c SDK");
  const std::string name = info->name != nullptr ? info->name : "(unnamed)";
  if (info->abi_version != P2C_ABI_VERSION)
    return error(file, "plugin '" + name + "' was built for p2c ABI version " + std::to_string(info->abi_version) +
                           ", but this host speaks ABI version " + std::to_string(P2C_ABI_VERSION) +
                           "; rebuild the plugin against this host's SDK");
  // Same version but a shorter struct means a plugin built from a mismatched header: reading past its
  // end would be undefined, so refuse. A longer one comes from a newer SDK that appended fields.
  if (info->struct_size < sizeof(p2c_plugin_info))
    return error(file, "plugin '" + name + "' declares a plugin info of " + std::to_string(info->struct_size) +
                           " bytes, this host expects at least " + std::to_string(sizeof(p2c_plugin_info)) +
                           "; rebuild the plugin against this host's SDK");
  // Before anything of the plugin runs: its metrics() already returns standard library types.
  if (const std::string mismatch = toolchain_mismatch(info->toolchain, p2c_current_toolchain()); !mismatch.empty())
    return error(file, "plugin '" + name + "' was built with another toolchain than this host; they differ in " +
                           mismatch + ". The types handed between them would not match: rebuild the plugin with " +
                           toolchain_text(p2c_current_toolchain()) + ", as this host was");
  if (!is_identifier(info->name))
    return error(file, "plugin name '" + name + "' is not a lower-case identifier ([a-z][a-z0-9_]*)");
  if (info->version == nullptr || *info->version == '\0')
    return error(file, "plugin '" + name + "' declares no version");
  if (const std::string problem = checked_functions(*info); !problem.empty())
    return error(file, "plugin '" + name + "' is " + problem + "; rebuild it with P2C_PLUGIN");
  for (std::uint32_t i = 0; i < info->option_count; ++i)
    if (!is_identifier(info->options[i].name))
      return error(file, "plugin '" + name + "' declares an option that is not a lower-case identifier");

  std::vector<MetricInfo> metrics;
  if (info->kind == P2C_KIND_INDICATOR) {
    p2c_error failure{};
    if (info->metrics(&metrics, &failure) != 0)
      return error(file, "plugin '" + name + "' failed to list its metrics: " + failure.message);
    if (const std::string problem = checked_metrics(metrics); !problem.empty())
      return error(file, "plugin '" + name + "': " + problem);
  }
  return PluginLibrary(std::move(library), info, file, std::move(metrics));
}

}  // namespace p2c::host
