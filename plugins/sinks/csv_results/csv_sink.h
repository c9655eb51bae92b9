// Sink "csv_results": one CSV row per result record, in the record shape shared by all outputs.
#pragma once

#include <filesystem>

#include "p2c/plugin.h"

namespace p2c::plugins {

/// Options: `path` (required), `include_missing` (keep rows without a value; default true).
class CsvResultsSink final : public p2c::Sink {
 public:
  explicit CsvResultsSink(const p2c::Options& options);

  /// Writes the file atomically: on any exception the file at `path` is left as it was.
  void write(const p2c::RunReport& report) override;

 private:
  std::filesystem::path path_;
  bool include_missing_;
};

}  // namespace p2c::plugins
