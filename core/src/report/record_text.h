// How a stored result reads in the report's tables and text alternatives: its value and what qualifies it
// (estimated, imputed, the observed coverage of a group value), why it is not published, its status and the
// reason for it. One place, so every section says these things the same way.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>

#include "aggregate.h"
#include "history.h"
#include "report/svg_chart.h"

namespace p2c::report {

/// Whether the record's flags (';'-separated names, as flags_to_string writes them) include `flag`.
inline bool has_flag(const host::StoredResult& record, std::string_view flag) {
  std::string_view flags = record.flags;
  while (!flags.empty()) {
    const auto end = flags.find(';');
    if (flags.substr(0, end) == flag) return true;
    if (end == std::string_view::npos) break;
    flags.remove_prefix(end + 1);
  }
  return false;
}

inline bool is_withheld(const host::StoredResult& record) { return has_flag(record, "withheld"); }
inline bool is_estimated(const host::StoredResult& record) { return has_flag(record, "estimated"); }

/// How much of a group value is observed, not estimated: "78 % of population, 181 of 248 members"; the
/// population share is left out when the group's population is unknown. Empty for records without coverage.
inline std::string observed_coverage(const host::StoredResult& record, const Locale& locale) {
  if (!record.coverage) return "";
  const auto& coverage = *record.coverage;
  const std::string members = locale.text("coverage.members", {{"count", std::to_string(coverage.members_observed)},
                                                               {"total", std::to_string(coverage.members)}});
  if (coverage.observed_population_share <= 0 && coverage.population_share <= 0) return members;
  const std::string share =
      locale.text("value.percent", {{"n", std::to_string(host::whole_percent(coverage.observed_population_share))}});
  return locale.text("report.coverage.people", {{"share", share}, {"members", members}});
}

/// The record's `reason` belongs to its status when the status is insufficient data ("latest value from
/// 1990, more than 5 years before 2025"); on an estimate without that status it says how the estimate was made.
inline bool reason_is_status(const host::StoredResult& record) { return record.status == "insufficient_data"; }

// What qualifies a published value, e.g. "estimated: interpolated between 2020 and 2022; imputed"; empty for
// an observation.
inline std::string qualifiers(const host::StoredResult& record, const Locale& locale) {
  std::string out;
  if (is_estimated(record))
    out = !record.reason.empty() && !reason_is_status(record)
              ? locale.text("report.value.estimated_because", {{"reason", locale.reason(record.reason)}})
              : locale.text("report.value.estimated");
  if (has_flag(record, "imputed")) out += (out.empty() ? "" : "; ") + locale.text("report.value.imputed");
  return out;
}

/// A published value with its qualifiers: "66.6 %", "35.2 % (estimated: interpolated between 2020 and 2022)",
/// "12 (imputed)"; empty for a record without value. Observed coverage is not included (see value_text).
inline std::string qualified_value(const host::StoredResult& record, std::string_view unit, const Locale& locale) {
  if (!record.value) return "";
  const std::string qualified = qualifiers(record, locale);
  const std::string number = format_value(*record.value, unit, locale);
  return qualified.empty() ? number : fmt::format("{} ({})", number, qualified);
}

/// Why a record has no value, as a table cell: "withheld: 1 of 45 members reported in 2024", "no value".
inline std::string missing_text(bool withheld, const std::string& reason, const Locale& locale) {
  if (reason.empty()) return locale.text(withheld ? "report.value.withheld" : "value.none");
  return locale.text(withheld ? "value.withheld" : "value.none_because", {{"reason", reason}});
}

/// A record as a cell of a data table, published or not: "66.6 % (estimated; observed: 78 % of population, 181
/// of 248 members)", "withheld: 1 of 45 members reported in 2024 (...)", "no value: <reason>".
inline std::string value_text(const host::StoredResult& record, std::string_view unit, const Locale& locale) {
  if (!record.value) return missing_text(is_withheld(record), locale.reason(record.reason), locale);
  std::string qualified = qualifiers(record, locale);
  const std::string observed = observed_coverage(record, locale);
  if (!observed.empty())
    qualified += (qualified.empty() ? "" : "; ") + locale.text("coverage.observed", {{"members", observed}});
  const std::string number = format_value(*record.value, unit, locale);
  return qualified.empty() ? number : fmt::format("{} ({})", number, qualified);
}

/// A status for people: "on track", "insufficient data (latest value from 1990, more than 5 years before
/// 2025)"; `none` (default: "not assessed") when the record carries no status.
inline std::string status_text(const host::StoredResult* record, const Locale& locale,
                               std::string_view none_key = "status.none") {
  if (!record || record->status.empty()) return none_key.empty() ? "" : locale.text(none_key);
  std::string words = locale.word("status.", record->status);
  if (reason_is_status(*record) && !record->reason.empty()) words += " (" + locale.reason(record->reason) + ")";
  return words;
}

}  // namespace p2c::report
