// Small helpers the report's sections share: metric ids, labels and table cells.
#pragma once

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "report/report_index.h"
#include "report/report_model.h"

namespace p2c::report {

inline constexpr std::array<const char*, 4> focus_areas = {"access", "adoption", "value_creation",
                                                           "investment_acceleration"};
inline constexpr std::array<const char*, 5> derived_suffixes = {".trend", ".growth", ".gap", ".projection",
                                                                ".members_meeting_target"};
inline constexpr const char* pledge_prefix = "pledges.";

inline bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}
inline bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Derived metrics (progress assessment, share meeting target) are shown with the metric they derive from.
inline bool is_derived(std::string_view id) {
  return std::any_of(derived_suffixes.begin(), derived_suffixes.end(),
                     [&](const char* suffix) { return ends_with(id, suffix); });
}

inline std::string words(std::string_view code) {
  std::string out(code);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

// A focus area by name: "Access", "Value creation".
inline std::string focus_title(std::string_view focus, const Locale& locale) { return locale.word("focus.", focus); }

// An axis label: the metric title when it fits along the axis, else a generic one (the chart title has it).
// Counted in characters, not bytes, so that a title in Cyrillic or Chinese is measured as one in Latin letters.
inline std::string axis_label(const std::string& title, const Locale& locale) {
  const auto characters = std::count_if(title.begin(), title.end(), [](char c) { return (c & 0xC0) != 0x80; });
  return characters <= 40 ? title : locale.text("chart.value");
}

// A published value as a table cell, without qualifiers (gaps, projections, pillars); empty when none.
inline std::string cell(const host::StoredResult* record, const std::string& unit, const Locale& locale) {
  return record && record->value ? format_value(*record->value, unit, locale) : "";
}

// The unit of a derived metric as stored (a gap of a share is in "pp"), else the unit it derives from.
inline std::string unit_of(const Index& index, const std::string& id, const std::string& fallback) {
  const auto* metric = index.metric(id);
  return metric ? metric->unit : fallback;
}

// Drops column `column` of a table (a column no row fills says nothing).
inline void drop_column(Table& table, std::size_t column) {
  table.header.erase(table.header.begin() + static_cast<std::ptrdiff_t>(column));
  for (auto& row : table.rows) row.erase(row.begin() + static_cast<std::ptrdiff_t>(column));
}

/// The report's first section: headline figures with year and coverage (report/summary_section.cpp).
Section summary_section(const Index& index, const Locale& locale);

/// A choropleth of Internet use by economy at the latest year with wide coverage (report/map_section.cpp).
Section map_section(const Index& index, const Locale& locale, const EntityNames& names);

/// The section on Partner2Connect pledges (report/pledges_section.cpp).
Section pledges_section(const Index& index, const Locale& locale);

/// The coalition's key figures, as the Partner2Connect annual report gives them (report/coalition_section.cpp).
Section coalition_section(const Index& index, const Locale& locale);

}  // namespace p2c::report
