#include "csv_sink.h"

#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

#include "p2c/atomic_file.h"
#include "p2c/csv.h"

namespace p2c::plugins {
namespace {

// Same order as kHeader.
enum Column : std::size_t {
  kMetric,
  kEntity,
  kEntityKind,
  kYear,
  kValue,
  kUnit,
  kStatus,
  kMembersWithData,
  kMembers,
  kPopulationShare,
  kMembersObserved,
  kObservedPopulationShare,
  kFlags,
  kReason,
  kColumnCount
};
using Row = std::array<std::string, kColumnCount>;

const Row kHeader = {"metric",
                     "entity",
                     "entity_kind",
                     "year",
                     "value",
                     "unit",
                     "status",
                     "members_with_data",
                     "members",
                     "population_share",
                     "members_observed",
                     "observed_population_share",
                     "flags",
                     "reason"};

// Shortest text that reads back as the same double. "nan" or "inf" would not parse as a number in the
// tools reading this file, so non-finite values are refused, as the JSON sink does.
std::string number_text(double number, std::size_t index, const char* field) {
  if (!std::isfinite(number)) {
    throw std::domain_error("result record #" + std::to_string(index) + " has a non-finite " + field);
  }
  char buffer[32];  // the longest shortest-form double, "-2.2250738585072014e-308", has 24 characters
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, number);
  if (error != std::errc{}) throw std::logic_error("cannot format a number for the CSV output");
  return std::string(buffer, end);
}

Row record_row(const RunReport& report, std::size_t index) {
  const Record& record = report.records[index];
  const CatalogueEntry& entry = report.metric_of(index);
  Row row;
  row[kMetric] = entry.id;
  row[kEntity] = report.entity_of(index);
  row[kEntityKind] = to_string(record.entity_kind);
  row[kYear] = std::to_string(record.year);
  if (record.value) row[kValue] = number_text(*record.value, index, "value");
  row[kUnit] = entry.info.unit;
  row[kStatus] = to_string(record.status);
  if (record.coverage) {
    row[kMembersWithData] = std::to_string(record.coverage->members_with_data);
    row[kMembers] = std::to_string(record.coverage->members);
    row[kPopulationShare] = number_text(record.coverage->population_share, index, "population share");
    row[kMembersObserved] = std::to_string(record.coverage->members_observed);
    row[kObservedPopulationShare] =
        number_text(record.coverage->observed_population_share, index, "observed population share");
  }
  row[kFlags] = flags_to_string(record.flags);
  row[kReason] = record.reason;
  return row;
}

// Text columns carry names and codes from the inputs (entity, unit, reason): a spreadsheet opening the file must
// not take one for a formula, so they are neutralised (csv_quote_text). Numbers stay numbers, -3.5 included.
bool text_column(std::size_t column) {
  return column == kMetric || column == kEntity || column == kEntityKind || column == kUnit || column == kStatus ||
         column == kFlags || column == kReason;
}

void write_row(AtomicFile& file, const Row& row) {
  std::string line;
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (i != 0) line += ',';
    line += text_column(i) ? csv_quote_text(row[i]) : csv_quote(row[i]);
  }
  line += '\n';
  file.write(line);
}

}  // namespace

CsvResultsSink::CsvResultsSink(const Options& options)
    : path_(options.string("path")), include_missing_(options.boolean("include_missing")) {}

void CsvResultsSink::write(const RunReport& report) {
  AtomicFile file(path_);
  write_row(file, kHeader);
  for (std::size_t i = 0; i < report.records.size(); ++i) {
    if (!include_missing_ && !report.records[i].value) continue;
    write_row(file, record_row(report, i));
  }
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
