// Metric metadata: what an indicator computes, how to read it and how it aggregates into groups.
//
// Metadata lives once in the run's metric catalogue; result records refer to it by id.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace p2c {

/// The four Partner2Connect focus areas.
enum class FocusArea { access, adoption, value_creation, investment_acceleration };

/// Whether a larger value means progress.
enum class Direction { higher_is_better, lower_is_better };

/// How economy values combine into a group value.
enum class Aggregation {
  none,                      ///< not meaningful for groups (e.g. a country-specific count)
  sum,                       ///< absolute quantities such as people or dollars
  mean,                      ///< simple mean, as ITU uses for IDI group scores
  population_weighted_mean,  ///< shares of people, e.g. % of individuals using the Internet
  median,
  share_meeting_target,  ///< % of members whose value meets the metric's target
};

struct MetricInfo {
  std::string name;  ///< lower-case, unique within the plugin; the full id is `<instance>.<name>`
  std::string title;
  std::string unit;  ///< e.g. "%", "per 100 people", "people", "USD"
  std::string description;
  FocusArea focus_area = FocusArea::access;
  std::vector<std::string> wsis_lines;      ///< e.g. {"C2"}
  std::vector<std::string> sdg_indicators;  ///< e.g. {"17.8.1"}
  Direction direction = Direction::higher_is_better;
  std::optional<double> target;  ///< value to reach by target_year, when one is agreed
  int target_year = 2030;
  Aggregation aggregation = Aggregation::none;
  /// The smallest and largest values the metric can take (a share: 0 and 100; a count: 0 and none). The host
  /// clips estimates and projections to them: a trend may head past 100 %, a share cannot.
  std::optional<double> minimum;
  std::optional<double> maximum;
  /// Whether a compound annual growth rate of the metric means anything. False for signed values and differences
  /// (gaps), where the ratio of two values says nothing: the host then writes no `.growth` for the metric.
  bool growth_rate = true;
};

/// Sets `info` up as a share in percent: unit "%", values from 0 to 100.
void make_share(MetricInfo& info);

const char* to_string(FocusArea value) noexcept;
const char* to_string(Direction value) noexcept;
const char* to_string(Aggregation value) noexcept;

}  // namespace p2c
