// A plugin object created from a library, called only through the library's exception-safe glue.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

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
  /// Creates the object with validated options; throws PluginError when the plugin's factory fails.
  Instance(PluginLibrary library, std::string name, const Options& options);
  Instance(Instance&& other) noexcept;
  Instance& operator=(Instance&&) = delete;
  Instance(const Instance&) = delete;
  ~Instance();

  const std::string& name() const noexcept { return name_; }
  const PluginLibrary& library() const noexcept { return library_; }
  /// "source 'internet_users' (plugin csv 1.0.0)", for messages.
  std::string label() const;

  std::vector<SeriesInfo> describe() const;
  void read(const std::string& series_id, BatchSink& sink) const;
  std::vector<std::string> inputs() const;
  void compute(const InputSet& inputs, ResultWriter& out) const;
  void write(const RunReport& report) const;

 private:
  void check(p2c_status status, const p2c_error& error, const char* call) const;

  PluginLibrary library_;  // declared first: destroyed last, after the object it created
  std::string name_;
  void* object_ = nullptr;
};

}  // namespace p2c::host
