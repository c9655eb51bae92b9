// Sink "json": the whole run (metadata, metric catalogue, results, failures) as one JSON document.
#pragma once

#include <filesystem>

#include "p2c/plugin.h"

namespace p2c::plugins {

/// Options: `path` (required), `pretty` (indent by 2 spaces; default false).
class JsonSink final : public p2c::Sink {
 public:
  explicit JsonSink(const p2c::Options& options);

  /// Writes the document atomically: on any exception the file at `path` is left as it was.
  void write(const p2c::RunReport& report) override;

 private:
  std::filesystem::path path_;
  bool pretty_;
};

}  // namespace p2c::plugins
