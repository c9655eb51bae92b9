#include "p2c/metric.h"

namespace p2c {

void make_share(MetricInfo& info) {
  info.unit = "%";
  info.minimum = 0;
  info.maximum = 100;
}

const char* to_string(FocusArea value) noexcept {
  switch (value) {
    case FocusArea::access: return "access";
    case FocusArea::adoption: return "adoption";
    case FocusArea::value_creation: return "value_creation";
    case FocusArea::investment_acceleration: return "investment_acceleration";
  }
  return "unknown";
}

const char* to_string(Direction value) noexcept {
  return value == Direction::higher_is_better ? "higher_is_better" : "lower_is_better";
}

const char* to_string(Aggregation value) noexcept {
  switch (value) {
    case Aggregation::none: return "none";
    case Aggregation::sum: return "sum";
    case Aggregation::mean: return "mean";
    case Aggregation::population_weighted_mean: return "population_weighted_mean";
    case Aggregation::median: return "median";
    case Aggregation::share_meeting_target: return "share_meeting_target";
  }
  return "unknown";
}

}  // namespace p2c
