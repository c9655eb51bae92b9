#include "plugin_probe.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "child_process.h"
#include "p2c/text.h"

namespace p2c::host {
namespace {

std::filesystem::path& helper() {
  static std::filesystem::path executable;
  return executable;
}

void write_all(int fd, const std::string& text) {
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n <= 0) return;  // the parent is gone; nobody is listening
    written += static_cast<std::size_t>(n);
  }
}

// What the child said: the index of the last library it started loading, and whether it finished it.
struct Progress {
  long started = -1;
  long finished = -1;
  bool done = false;
};

Progress read_progress(const std::string& out) {
  Progress progress;
  std::istringstream lines(out);
  std::string word;
  long index = 0;
  while (lines >> word) {
    if (word == "done") {
      progress.done = true;
    } else if (lines >> index) {
      if (word == "loading") progress.started = index;
      if (word == "loaded") progress.finished = index;
    }
  }
  return progress;
}

std::string refusal(const std::filesystem::path& file, const ChildResult& child) {
  // An exit status is a crash too here: under a sanitizer, or when an initializer calls exit().
  const std::string what = child.ending == ChildResult::Ending::timed_out
                               ? "did not finish loading (" + child.describe() + ")"
                               : "crashed while loading (" + child.describe() + ")";
  return "plugin library " + file.string() + " " + what +
         "; it was not loaded. Loading a library runs its static initializers and its p2c_plugin entry point, "
         "which must not crash: fix the library or remove it from the plugin folder";
}

}  // namespace

void set_helper_executable(std::filesystem::path executable) { helper() = std::move(executable); }

const std::filesystem::path& helper_executable() noexcept { return helper(); }

ProbeOutcome probe_libraries(const std::filesystem::path& executable, const std::vector<std::filesystem::path>& files,
                             std::chrono::milliseconds deadline) {
  ProbeOutcome outcome;
  std::size_t next = 0;
  while (next < files.size()) {
    std::vector<std::string> argv{executable.string(), probe_command};
    for (std::size_t i = next; i < files.size(); ++i) argv.push_back(files[i].string());
    ChildOptions options;
    options.deadline = deadline;
    options.output_limit = 64 * 1024;
    const ChildResult child = run_child(argv, options);
    ++outcome.children;
    const Progress progress = read_progress(child.out);
    if (progress.done) {
      outcome.survived.insert(outcome.survived.end(), files.begin() + static_cast<long>(next), files.end());
      break;
    }
    if (progress.started < 0) {
      // Nothing was tried, so nothing can be blamed: load the rest unprobed rather than hide plugins.
      spdlog::warn("plugin libraries could not be tried in a child process first ({}{}); loading them directly",
                   child.describe(), child.err.empty() ? "" : ": " + printable(child.err, 200));
      outcome.survived.insert(outcome.survived.end(), files.begin() + static_cast<long>(next), files.end());
      break;
    }
    const std::size_t started = next + static_cast<std::size_t>(progress.started);
    const bool finished = progress.finished == progress.started;
    const std::size_t end = finished ? started + 1 : started;
    outcome.survived.insert(outcome.survived.end(), files.begin() + static_cast<long>(next),
                            files.begin() + static_cast<long>(end));
    if (!finished) {
      outcome.crashed.push_back({files[started], refusal(files[started], child)});
      if (!child.err.empty())
        spdlog::debug("plugin library {}: the child loading it wrote: {}", files[started].string(),
                      printable(child.err, 2000));
      next = started + 1;
    } else {
      next = end;  // it died between two libraries: go on with the next one
    }
  }
  return outcome;
}

void probe_main(const std::vector<std::string>& files) {
  // A library that crashes here is reported by the parent; a core file per attempt would only fill disks.
  const rlimit no_core{0, 0};
  ::setrlimit(RLIMIT_CORE, &no_core);
  // The report goes to a private copy of stdout; what the libraries print goes to stderr, so it can
  // neither forge a report line nor be mistaken for one.
  const int report = ::dup(1);
  ::dup2(2, 1);
  std::vector<PluginLibrary> loaded;  // kept loaded, as the host keeps them
  for (std::size_t i = 0; i < files.size(); ++i) {
    write_all(report, "loading " + std::to_string(i) + "\n");
    try {
      auto result = load_plugin(files[i]);
      if (auto* library = std::get_if<PluginLibrary>(&result)) loaded.push_back(std::move(*library));
    } catch (...) {
      // Refused, not crashed: the host's own load reports it.
    }
    write_all(report, "loaded " + std::to_string(i) + "\n");
  }
  write_all(report, "done\n");
  std::fflush(nullptr);
  // Nothing the libraries registered to run at exit or unload may turn a clean probe into a crash.
  std::_Exit(0);
}

}  // namespace p2c::host
