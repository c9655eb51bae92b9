#include "p2c/results_csv.h"

#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <system_error>

#include "p2c/csv.h"

namespace p2c {
namespace {

constexpr std::array<const char*, 14> header = {"metric",
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

// "nan" or "inf" would not parse as a number in the tools reading the file: non-finite values are refused, as the
// JSON outputs do.
void append_number(std::string& line, double number, std::size_t index, const char* field) {
  if (!std::isfinite(number))
    throw std::domain_error("result record #" + std::to_string(index) + " has a non-finite " + field);
  char buffer[32];  // the longest shortest-form double, "-2.2250738585072014e-308", has 24 characters
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, number);
  if (error != std::errc{}) throw std::logic_error("cannot format a number for the CSV output");
  line.append(buffer, end);
}

void append_integer(std::string& line, std::int64_t number) {
  char buffer[24];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, number).ptr;
  line.append(buffer, end);
}

// Text columns carry names and codes from the inputs (entity, unit, reason): a spreadsheet opening the file must
// not take one for a formula. Numbers stay numbers, -3.5 included.
void append_text(std::string& line, std::string_view text) { append_csv_text(line, text); }

}  // namespace

std::string results_csv_header() {
  std::string line;
  for (const char* name : header) {
    if (!line.empty()) line += ',';
    line += name;
  }
  return line + '\n';
}

void append_results_csv_line(std::string& line, const RunReport& report, std::size_t index) {
  const Record& record = report.records[index];
  const CatalogueEntry& entry = report.metric_of(index);
  append_text(line, entry.id);
  line += ',';
  append_text(line, report.entity_of(index));
  line += ',';
  append_text(line, to_string(record.entity_kind));
  line += ',';
  append_integer(line, record.year);
  line += ',';
  // A withheld value is not published, whatever the record holds.
  if (record.value && (record.flags & flag_withheld) == 0) append_number(line, *record.value, index, "value");
  line += ',';
  append_text(line, entry.info.unit);
  line += ',';
  append_text(line, to_string(record.status));
  line += ',';
  if (const auto& c = record.coverage) {
    append_integer(line, c->members_with_data);
    line += ',';
    append_integer(line, c->members);
    line += ',';
    append_number(line, c->population_share, index, "population share");
    line += ',';
    append_integer(line, c->members_observed);
    line += ',';
    append_number(line, c->observed_population_share, index, "observed population share");
  } else {
    line += ",,,,";
  }
  line += ',';
  if (record.flags != 0) append_text(line, flags_to_string(record.flags));
  line += ',';
  append_text(line, record.reason);
  line += '\n';
}

}  // namespace p2c
