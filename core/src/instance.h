// A plugin object created from a library, called only through the library's exception-safe glue: in the host's
// process, or in a child process of its own (isolation/isolated_plugin.h).
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "isolation/isolated_plugin.h"
#include "loader.h"
#include "p2c/observations.h"
#include "p2c/options.h"
#include "p2c/results.h"

namespace p2c::host {

/// A call into a plugin failed; the message names the instance and the plugin.
class PluginError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Instance {
 public:
  /// Creates the object with validated options, in this process, or, given `limits`, in a child process (started
  /// here; created() waits for it). Throws PluginError when the plugin's factory fails or the child cannot start.
  Instance(PluginLibrary library, std::string name, const Options& options,
           const std::optional<ProcessLimits>& limits = std::nullopt);
  Instance(Instance&& other) noexcept;
  Instance& operator=(Instance&&) = delete;
  Instance(const Instance&) = delete;
  ~Instance();

  const std::string& name() const noexcept { return name_; }
  const PluginLibrary& library() const noexcept { return library_; }
  bool isolated() const noexcept { return isolated_ != nullptr; }
  /// "source 'internet_users' (plugin csv 1.0.0)", for messages.
  std::string label() const;

  /// Waits until the object exists; throws PluginError when it could not be created. Immediate in process.
  void created() const;
  std::vector<SeriesInfo> describe() const;
  void read(const std::string& series_id, BatchSink& sink) const;
  std::vector<std::string> inputs() const;
  void compute(const InputSet& inputs, ResultWriter& out) const;
  void write(const RunReport& report) const;

 private:
  void check(p2c_status status, const p2c_error& error, const char* call) const;
  /// Runs `body`, a call into the isolated instance; its failure becomes a PluginError saying `what` happened.
  template <typename Call>
  auto isolated_call(const char* what, Call&& body) const;

  PluginLibrary library_;  // declared first: destroyed last, after the object it created
  std::string name_;
  void* object_ = nullptr;
  std::unique_ptr<IsolatedPlugin> isolated_;
  mutable std::optional<std::vector<std::string>> inputs_;  ///< of an isolated indicator, for compute()
};

}  // namespace p2c::host
