// Trying plugin libraries in a child process before the host loads them into its own. Loading a library
// runs its code (static initializers, the entry point, the metric list); a library that crashes there
// would take the host down with it, a running service included. The child, `p2c internal-probe-plugins
// FILE...`, loads the libraries one by one with load_plugin and says which one it is at; when it dies,
// the library it was loading is refused and a new child goes on with the rest.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "loader.h"

namespace p2c::host {

/// The p2c subcommand the host runs in its children (hidden: not for operators).
inline constexpr const char* probe_command = "internal-probe-plugins";

/// The executable that runs the host's child processes: `p2c` itself (/proc/self/exe), set by its main().
/// Empty by default: then Registry::scan loads libraries without probing them, and the service validates
/// a reloaded config in its own process, which is what programs that load only libraries they trust
/// (the unit tests) want.
void set_helper_executable(std::filesystem::path executable);
const std::filesystem::path& helper_executable() noexcept;

struct ProbeOutcome {
  std::vector<std::filesystem::path> survived;  ///< loaded (or refused by the loader) without a crash
  std::vector<LoadError> crashed;               ///< the child died while loading these
  int children = 0;                             ///< child processes started
};

/// Loads `files` in children of `executable` (one child, and one more after each crash), each allowed
/// `deadline`. When no child can be started, or a child dies before it reports anything, the files not
/// yet probed are logged and returned as survived: probing protects the host, it never hides plugins.
ProbeOutcome probe_libraries(const std::filesystem::path& executable, const std::vector<std::filesystem::path>& files,
                             std::chrono::milliseconds deadline = std::chrono::seconds(30));

/// The child's side, `p2c internal-probe-plugins FILE...`: loads each file as the loader does and reports
/// each step on stdout (anything the libraries print there goes to stderr instead). Ends the process with
/// status 0 without running exit handlers or unloading anything.
[[noreturn]] void probe_main(const std::vector<std::string>& files);

}  // namespace p2c::host
