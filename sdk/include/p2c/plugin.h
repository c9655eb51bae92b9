// What a plugin author implements, and the one macro that turns it into a loadable plugin.
//
//   class MySource final : public p2c::Source { ... };
//   P2C_PLUGIN(MySource, "my_source", "1.0.0", "Reads my data", kMyOptions)
//
// The macro builds the p2c_plugin_info (abi.h) with glue functions that call the class and stop every
// exception at the library boundary, turning it into an error status with the exception's message.
#pragma once

#include <boost/dll/alias.hpp>
#include <cstdio>
#include <exception>
#include <span>
#include <type_traits>

#include "p2c/abi.h"
#include "p2c/metric.h"
#include "p2c/observations.h"
#include "p2c/options.h"
#include "p2c/results.h"

namespace p2c {

/// Reads observations. Constructed with `explicit T(const Options&)`.
class Source {
 public:
  virtual ~Source() = default;
  /// The series this instance can deliver.
  virtual std::vector<SeriesInfo> describe() const = 0;
  /// Streams one series into `sink` in batches. Bad rows go to sink.reject(); unreadable input throws.
  virtual void read(const std::string& series_id, BatchSink& sink) = 0;
};

/// Computes metrics. Constructed with `explicit T(const Options&)`; also provides
/// `static std::vector<MetricInfo> metrics()`, its catalogue, which must not depend on options.
class Indicator {
 public:
  virtual ~Indicator() = default;
  /// Ids of the series or upstream metrics (`<instance>.<name>`) that compute() reads.
  virtual std::vector<std::string> inputs() const = 0;
  virtual void compute(const InputSet& inputs, ResultWriter& out) = 0;
};

/// Writes a finished run somewhere. Constructed with `explicit T(const Options&)`.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual void write(const RunReport& report) = 0;
};

namespace detail {

inline void set_error(p2c_error* error, const char* message) noexcept {
  std::snprintf(error->message, sizeof error->message, "%s", message);
}

template <typename F>
p2c_status guarded(p2c_error* error, F&& body) noexcept {
  try {
    body();
    return 0;
  } catch (const std::exception& e) {
    set_error(error, e.what());
  } catch (...) {
    set_error(error, "unknown exception (not derived from std::exception)");
  }
  return 1;
}

template <typename T>
struct Glue {
  static void* create(const Options* options, p2c_error* error) noexcept {
    T* instance = nullptr;
    if (guarded(error, [&] { instance = new T(*options); }) != 0) return nullptr;
    return instance;
  }
  static void destroy(void* self) noexcept { delete static_cast<T*>(self); }
  static T& self(void* p) noexcept { return *static_cast<T*>(p); }

  static p2c_status describe(void* p, std::vector<SeriesInfo>* out, p2c_error* e) noexcept {
    return guarded(e, [&] { *out = self(p).describe(); });
  }
  static p2c_status read(void* p, const char* id, BatchSink* sink, p2c_error* e) noexcept {
    return guarded(e, [&] { self(p).read(id, *sink); });
  }
  static p2c_status metrics(std::vector<MetricInfo>* out, p2c_error* e) noexcept {
    return guarded(e, [&] { *out = T::metrics(); });
  }
  static p2c_status inputs(void* p, std::vector<std::string>* out, p2c_error* e) noexcept {
    return guarded(e, [&] { *out = self(p).inputs(); });
  }
  static p2c_status compute(void* p, const InputSet* in, ResultWriter* out, p2c_error* e) noexcept {
    return guarded(e, [&] { self(p).compute(*in, *out); });
  }
  static p2c_status write(void* p, const RunReport* report, p2c_error* e) noexcept {
    return guarded(e, [&] { self(p).write(*report); });
  }

  static constexpr p2c_source_calls source_calls{&describe, &read};
  static constexpr p2c_indicator_calls indicator_calls{&inputs, &compute};
  static constexpr p2c_sink_calls sink_calls{&write};
};

template <typename T>
p2c_plugin_info make_info(const char* name, const char* version, const char* description,
                          std::span<const p2c_option_spec> options) noexcept {
  static_assert(std::is_base_of_v<Source, T> + std::is_base_of_v<Indicator, T> + std::is_base_of_v<Sink, T> == 1,
                "a plugin class derives from exactly one of p2c::Source, p2c::Indicator, p2c::Sink");
  p2c_plugin_info info{};
  info.abi_version = P2C_ABI_VERSION;
  info.struct_size = sizeof(p2c_plugin_info);
  info.name = name;
  info.version = version;
  info.toolchain = p2c_current_toolchain();
  info.description = description;
  info.options = options.data();
  info.option_count = static_cast<std::uint32_t>(options.size());
  info.create = &Glue<T>::create;
  info.destroy = &Glue<T>::destroy;
  if constexpr (std::is_base_of_v<Source, T>) {
    info.kind = P2C_KIND_SOURCE;
    info.source = &Glue<T>::source_calls;
  } else if constexpr (std::is_base_of_v<Indicator, T>) {
    info.kind = P2C_KIND_INDICATOR;
    info.metrics = &Glue<T>::metrics;
    info.indicator = &Glue<T>::indicator_calls;
  } else {
    info.kind = P2C_KIND_SINK;
    info.sink = &Glue<T>::sink_calls;
  }
  return info;
}

}  // namespace detail
}  // namespace p2c

/// Declares the plugin of this library. Use once per library, at global scope.
/// OPTIONS is an array of p2c_option_spec, or `{}` when the plugin takes no options.
#define P2C_PLUGIN(TYPE, NAME, VERSION, DESCRIPTION, OPTIONS)                                                \
  namespace p2c_plugin_entry {                                                                               \
  const p2c_plugin_info* get() noexcept {                                                                    \
    static const p2c_plugin_info info = ::p2c::detail::make_info<TYPE>(NAME, VERSION, DESCRIPTION, OPTIONS); \
    return &info;                                                                                            \
  }                                                                                                          \
  }                                                                                                          \
  BOOST_DLL_ALIAS(p2c_plugin_entry::get, p2c_plugin)
