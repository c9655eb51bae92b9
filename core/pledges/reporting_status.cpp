#include "reporting_status.h"

namespace p2c::pledges {

std::optional<ReportingStatus> reporting_status(const Pledge& pledge, const Date& as_of,
                                                const CalendarSettings& settings) {
  if (pledge.review_state != "published") return std::nullopt;
  const auto pledged_on = parse_date(pledge.pledged_on);
  if (!pledged_on || as_of < *pledged_on) return std::nullopt;
  ReportingStatus out;
  // Without reports the registry's status stands; with reports only those dated by `as_of` count, and a pledge
  // whose reports all come later was still announced then.
  out.status = pledge.reports.empty() ? pledge.status : "announced";
  for (const ProgressReport& report : pledge.reports) {
    const auto on = parse_date(report.reported_on);
    if (!on) return std::nullopt;
    if (*on > as_of) break;
    out.last_report = on;
    out.status = report.status;
  }
  out.period_months = pledge.reporting_period_months.value_or(settings.period_months);
  out.expected = report_expected(*pledged_on, out.last_report, out.period_months);
  out.state = reporting_state(*pledged_on, out.last_report, out.status, as_of, out.period_months, settings);
  return out;
}

}  // namespace p2c::pledges
