// Where a stored pledge stands in the reporting calendar at a date (reporting_calendar.h applied to a Pledge):
// what `p2c pledges due` lists and the public explorer filters by.
#pragma once

#include <optional>
#include <string>

#include "p2c/dates.h"
#include "p2c/pledges/reporting_calendar.h"
#include "pledge.h"

namespace p2c::pledges {

struct ReportingStatus {
  ReportingState state = ReportingState::on_time;
  std::string status;               ///< the pledge's status at the date: its latest report's on or before it
  std::optional<Date> last_report;  ///< that report's date
  Date expected;                    ///< when the next report is expected
  int period_months = 12;           ///< the pledge's own period or the default
};

/// Nothing for a pledge that is not published, or not yet made at `as_of`, or whose dates do not parse.
std::optional<ReportingStatus> reporting_status(const Pledge& pledge, const Date& as_of,
                                                const CalendarSettings& settings);

}  // namespace p2c::pledges
