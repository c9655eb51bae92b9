// Partner2Connect focus area "investment acceleration": the coalition's pledges, from the pledge registry, counted
// and summed for the coalition (WLD), reference groups and implementation economies, year by year up to an as-of
// date, each pledge as the revision in force at the date states it: counts and values, measurable targets and their
// actuals, the reporting calendar and the annual report's key figures. Semantics: README.md in this folder.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "p2c/dates.h"
#include "p2c/pledges/reporting_calendar.h"
#include "p2c/plugin.h"

namespace p2c::plugins {

class Pledges final : public Indicator {
 public:
  /// Throws std::invalid_argument naming the option for a bad as_of date, a negative first_year, a target_usd that
  /// is not positive, a reporting window or period under one month, a negative due window or grace, too many groups
  /// or an empty input id.
  explicit Pledges(const Options& options);
  static std::vector<MetricInfo> metrics();
  std::vector<std::string> inputs() const override;
  void compute(const InputSet& inputs, ResultWriter& out) override;

 private:
  std::string pledges_, implementation_;
  Date as_of_;
  std::int32_t first_year_ = 0;  ///< 0: the year of the earliest pledge
  std::vector<std::string> groups_;
  double target_usd_ = 0;
  int window_months_ = 12;
  p2c::pledges::CalendarSettings calendar_;
  bool economies_ = true;
};

}  // namespace p2c::plugins
