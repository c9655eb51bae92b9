#include "instance.h"

namespace p2c::host {

Instance::Instance(PluginLibrary library, std::string name, const Options& options)
    : library_(std::move(library)), name_(std::move(name)) {
  p2c_error error{};
  object_ = library_.info().create(&options, &error);
  if (object_ == nullptr) throw PluginError(label() + ": could not be created: " + error.message);
}

Instance::Instance(Instance&& other) noexcept
    : library_(other.library_), name_(std::move(other.name_)), object_(std::exchange(other.object_, nullptr)) {}

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

std::vector<SeriesInfo> Instance::describe() const {
  std::vector<SeriesInfo> out;
  p2c_error error{};
  check(library_.info().source->describe(object_, &out, &error), error, "describe");
  return out;
}

void Instance::read(const std::string& series_id, BatchSink& sink) const {
  p2c_error error{};
  check(library_.info().source->read(object_, series_id.c_str(), &sink, &error), error, "reading");
}

std::vector<std::string> Instance::inputs() const {
  std::vector<std::string> out;
  p2c_error error{};
  check(library_.info().indicator->inputs(object_, &out, &error), error, "listing inputs");
  return out;
}

void Instance::compute(const InputSet& inputs, ResultWriter& out) const {
  p2c_error error{};
  check(library_.info().indicator->compute(object_, &inputs, &out, &error), error, "compute");
}

void Instance::write(const RunReport& report) const {
  p2c_error error{};
  check(library_.info().sink->write(object_, &report, &error), error, "writing");
}

}  // namespace p2c::host
