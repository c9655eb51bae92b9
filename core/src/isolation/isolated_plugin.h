// The host's side of a plugin instance that runs in a child process of its own (isolation = "process").
//
// The child, p2c-plugin-host, loads the same plugin library and makes the calls the host asks for, one at a
// time, over a Unix socket (wire.h): batches, inputs, results and the run report travel in a binary framing.
// Whatever the plugin does to its process (a crash, abort(), exit(), an endless loop, allocating without
// bound) ends the child only: the call fails with an IsolationError saying how the child ended, under which
// limit, and what it printed last.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "loader.h"
#include "p2c/observations.h"
#include "p2c/options.h"
#include "p2c/results.h"
#include "wire.h"

namespace p2c::host {

/// A call into an isolated instance failed; the message says how, without naming the instance (the caller does).
class IsolationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ProcessLimits {
  std::chrono::seconds timeout{300};  ///< for each call, creating the instance included
  std::uint64_t memory_limit = 0;     ///< bytes; 0: no limit
};

/// The p2c-plugin-host executable isolated instances run in: set by p2c's main() (beside the p2c executable),
/// and by tests. Empty by default: then an isolated instance fails with a message saying so.
void set_plugin_host_executable(std::filesystem::path executable);
const std::filesystem::path& plugin_host_executable() noexcept;

/// Kills every isolated instance's child, now and from now on: a stopping service (SIGTERM) does not wait for a
/// plugin in an endless loop. Calls in progress and later fail, saying that p2c is stopping.
void stop_isolated_instances() noexcept;

class IsolatedPlugin {
 public:
  /// Starts the child and sends it the request to create the instance, without waiting for the answer, so that
  /// the children of a run start side by side: created() waits. Throws IsolationError when it cannot start.
  IsolatedPlugin(const PluginLibrary& library, const Options& options, const ProcessLimits& limits);
  ~IsolatedPlugin();
  IsolatedPlugin(const IsolatedPlugin&) = delete;
  IsolatedPlugin& operator=(const IsolatedPlugin&) = delete;

  /// Waits for the instance to be created; throws IsolationError when it was not. Every call below waits for it
  /// first.
  void created();
  std::vector<SeriesInfo> describe();
  void read(const std::string& series_id, BatchSink& sink);
  std::vector<std::string> inputs();
  /// Sends the series of `input_ids` that `inputs` has, with the codes and labels of their ids.
  void compute(const InputSet& inputs, const std::vector<std::string>& input_ids, ResultWriter& out);
  void write(const RunReport& report);

 private:
  struct Frame {
    wire::Message type{};
    std::string payload;
  };

  void start(const std::filesystem::path& library);
  void begin_call();
  void send(wire::Message type, std::string_view payload);
  Frame receive();
  /// Receives until `done` (returned) or `failed` (thrown); other messages go to `handle`.
  template <typename Handle>
  std::string answer(Handle&& handle);
  std::string answer();
  void wait_readable(short events);
  void drain_output();
  void keep_line(std::string line);
  [[noreturn]] void child_ended();
  [[noreturn]] void kill_and_throw(const std::string& why);
  [[noreturn]] void protocol_error(const std::string& what);
  std::string context() const;
  void end_child(std::chrono::milliseconds patience) noexcept;

  ProcessLimits limits_;
  std::string plugin_name_;
  pid_t pid_ = -1;
  std::optional<int> wait_status_;  ///< how the child ended, once reaped
  int socket_ = -1;
  int output_ = -1;
  bool create_pending_ = true;
  std::string dead_;  ///< why the child is gone, once it is
  std::chrono::steady_clock::time_point deadline_;
  std::string inbox_;
  std::size_t inbox_start_ = 0;  ///< where the next frame starts in inbox_
  std::string partial_line_;
  /// What the child printed since the current call began: its first lines (what went wrong, in a crash report)
  /// and its last, for messages.
  std::size_t call_lines_ = 0;
  std::vector<std::string> first_lines_;
  std::deque<std::string> last_lines_;
};

}  // namespace p2c::host
