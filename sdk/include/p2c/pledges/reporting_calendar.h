// The reporting calendar of a published pledge (docs/pledges.md, "Reporting calendar"): whether its entity reports
// on time, as DHIS2 judges timeliness and as the UN Partnerships for SDGs platform flags commitments without
// progress reports. Header-only, so the pledges indicator plugin applies the very rules of `p2c pledges due`.
#pragma once

#include <optional>
#include <string_view>

#include "p2c/dates.h"

namespace p2c::pledges {

enum class ReportingState { on_time, due, overdue, inactive, closed };

inline constexpr std::string_view kReportingStates[] = {"on_time", "due", "overdue", "inactive", "closed"};

inline std::string_view name(ReportingState state) noexcept { return kReportingStates[static_cast<int>(state)]; }

inline std::optional<ReportingState> reporting_state_named(std::string_view text) noexcept {
  for (int i = 0; i < 5; ++i)
    if (kReportingStates[i] == text) return static_cast<ReportingState>(i);
  return std::nullopt;
}

/// [pledges] reporting_period_months, due_window_days and grace_days.
struct CalendarSettings {
  int period_months = 12;    ///< a report is expected this long after the previous one (or after pledged_on)
  int due_window_days = 30;  ///< `due` from this many days before the expected date
  int grace_days = 30;       ///< `overdue` only this many days after the expected date
};

/// When the next report is expected: one period after the latest report dated on or before the evaluation date,
/// or after pledged_on when there is none.
inline Date report_expected(const Date& pledged_on, const std::optional<Date>& last_report, int period_months) {
  return months_after(last_report ? *last_report : pledged_on, period_months);
}

/// The state at the end of `as_of` of a published pledge made on or before it. `status` is the pledge's status at
/// `as_of` (its latest report's on or before it); `last_report` the date of that report; `period_months` the
/// pledge's own period or the default. Completed and withdrawn pledges are closed. Otherwise, with E the expected
/// date: on_time before E - due_window_days; due up to E + grace_days; then overdue; inactive once two periods have
/// passed without a report (after the grace).
inline ReportingState reporting_state(const Date& pledged_on, const std::optional<Date>& last_report,
                                      std::string_view status, const Date& as_of, int period_months,
                                      const CalendarSettings& settings) {
  if (status == "completed" || status == "withdrawn") return ReportingState::closed;
  const Date anchor = last_report ? *last_report : pledged_on;
  const Date expected = months_after(anchor, period_months);
  if (as_of > add_days(months_after(anchor, 2 * period_months), settings.grace_days)) return ReportingState::inactive;
  if (as_of > add_days(expected, settings.grace_days)) return ReportingState::overdue;
  if (as_of >= add_days(expected, -settings.due_window_days)) return ReportingState::due;
  return ReportingState::on_time;
}

}  // namespace p2c::pledges
