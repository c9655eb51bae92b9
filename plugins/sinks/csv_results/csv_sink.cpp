#include "csv_sink.h"

#include "p2c/atomic_file.h"
#include "p2c/results_csv.h"

namespace p2c::plugins {

CsvResultsSink::CsvResultsSink(const Options& options)
    : path_(options.string("path")), include_missing_(options.boolean("include_missing")) {}

void CsvResultsSink::write(const RunReport& report) {
  AtomicFile file(path_);
  // Lines gather in one buffer written in large pieces: a write per line would cost more than making the line.
  constexpr std::size_t piece = 1 << 20;
  std::string lines = results_csv_header();
  lines.reserve(piece + 4096);
  for (std::size_t i = 0; i < report.records.size(); ++i) {
    if (!include_missing_ && !report.records[i].value) continue;
    append_results_csv_line(lines, report, i);
    if (lines.size() < piece) continue;
    file.write(lines);
    lines.clear();
  }
  file.write(lines);
  file.commit();
}

}  // namespace p2c::plugins

static constexpr p2c_option_spec kCsvResultsOptions[] = {
    {"path", P2C_OPTION_PATH, nullptr, 1,
     "File to write (relative paths are resolved against the config file's folder)"},
    {"include_missing", P2C_OPTION_BOOLEAN, "true", 0,
     "Keep rows without a value (their reason column says why); false drops them"},
};

P2C_PLUGIN(p2c::plugins::CsvResultsSink, "csv_results", "1.0.0",
           "Writes the run's results as CSV, one row per metric, entity and year", kCsvResultsOptions)
