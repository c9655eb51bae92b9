#include "instance.h"

namespace p2c::host {

template <typename Call>
auto Instance::isolated_call(const char* what, Call&& body) const {
  try {
    return body();
  } catch (const IsolationError& e) {
    throw PluginError(label() + ": " + what + ": " + e.what());
  }
}

Instance::Instance(PluginLibrary library, std::string name, const Options& options,
                   const std::optional<ProcessLimits>& limits)
    : library_(std::move(library)), name_(std::move(name)) {
  if (limits) {
    isolated_call("could not be created",
                  [&] { isolated_ = std::make_unique<IsolatedPlugin>(library_, options, *limits); });
    return;
  }
  p2c_error error{};
  object_ = library_.info().create(&options, &error);
  if (object_ == nullptr) throw PluginError(label() + ": could not be created: " + error.message);
}

Instance::Instance(Instance&& other) noexcept
    : library_(other.library_),
      name_(std::move(other.name_)),
      object_(std::exchange(other.object_, nullptr)),
      isolated_(std::move(other.isolated_)),
      inputs_(std::move(other.inputs_)) {}

Instance::~Instance() {
  if (object_ != nullptr) library_.info().destroy(object_);
}

std::string Instance::label() const {
  const auto& info = library_.info();
  return std::string(kind_name(info.kind)) + " '" + name_ + "' (plugin " + info.name + " " + info.version + ")";
}

void Instance::check(p2c_status status, const p2c_error& error, const char* call) const {
  if (status != 0) throw PluginError(label() + ": " + call + " failed: " + error.message);
}

void Instance::created() const {
  if (isolated_) isolated_call("could not be created", [&] { isolated_->created(); });
}

std::vector<SeriesInfo> Instance::describe() const {
  if (isolated_) return isolated_call("describe failed", [&] { return isolated_->describe(); });
  std::vector<SeriesInfo> out;
  p2c_error error{};
  check(library_.info().source->describe(object_, &out, &error), error, "describe");
  return out;
}

void Instance::read(const std::string& series_id, BatchSink& sink) const {
  if (isolated_) return isolated_call("reading failed", [&] { isolated_->read(series_id, sink); });
  p2c_error error{};
  check(library_.info().source->read(object_, series_id.c_str(), &sink, &error), error, "reading");
}

std::vector<std::string> Instance::inputs() const {
  if (isolated_) {
    inputs_ = isolated_call("listing inputs failed", [&] { return isolated_->inputs(); });
    return *inputs_;
  }
  std::vector<std::string> out;
  p2c_error error{};
  check(library_.info().indicator->inputs(object_, &out, &error), error, "listing inputs");
  return out;
}

void Instance::compute(const InputSet& inputs, ResultWriter& out) const {
  if (isolated_) {
    if (!inputs_) this->inputs();
    return isolated_call("compute failed", [&] { isolated_->compute(inputs, *inputs_, out); });
  }
  p2c_error error{};
  check(library_.info().indicator->compute(object_, &inputs, &out, &error), error, "compute");
}

void Instance::write(const RunReport& report) const {
  if (isolated_) return isolated_call("writing failed", [&] { isolated_->write(report); });
  p2c_error error{};
  check(library_.info().sink->write(object_, &report, &error), error, "writing");
}

}  // namespace p2c::host
