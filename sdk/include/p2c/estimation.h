// Estimates for the years an economy's series is missing, by the methods ITU uses before it aggregates
// economies into regions and the world (see docs/groups-and-progress.md, "Estimates").
//
// The host's estimation stage applies them per metric as the config says; indicator plugins may use them too.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "p2c/series_ops.h"

namespace p2c {

/// A least-squares line: value = mean_value + slope * (year - mean_year).
struct Line {
  double mean_year = 0;
  double mean_value = 0;
  double slope = 0;  ///< unit per year

  double at(double year) const noexcept { return mean_value + slope * (year - mean_year); }
};

/// The least-squares line through `points`; nothing with fewer than two distinct years.
std::optional<Line> least_squares(std::span<const Point> points);

/// `value` clipped to [minimum, maximum]; a bound that is not given does not clip.
double clip(double value, std::optional<double> minimum, std::optional<double> maximum) noexcept;

enum class EstimationMethod {
  none,         ///< missing years stay missing
  interpolate,  ///< years between two observations, on the straight line between them
  itu_trend,    ///< interpolate, and extend the recent trend past the latest observation
};

const char* to_string(EstimationMethod method) noexcept;
/// "none", "interpolate" or "itu_trend"; nothing for any other text.
std::optional<EstimationMethod> parse_estimation_method(std::string_view text) noexcept;

struct EstimationRule {
  EstimationMethod method = EstimationMethod::none;
  /// itu_trend: the trend is the least-squares slope of the observations in the `trend_years` years ending with the
  /// latest one (ITU: "the previous five years").
  int trend_years = 5;
  /// itu_trend: years after the latest observation that may be estimated; 0 extrapolates nothing.
  int max_extrapolation_years = 3;
  /// The metric's domain (MetricInfo::minimum and maximum): every estimate is clipped to it.
  std::optional<double> minimum;
  std::optional<double> maximum;
};

struct Estimate {
  std::int32_t year = 0;
  double value = 0;
  bool extrapolated = false;  ///< past the latest observation (itu_trend), else between two observations
  /// The observations the estimate rests on: for an interpolation the two either side, for an extrapolation the
  /// first and last year of the trend.
  std::int32_t from_year = 0;
  std::int32_t to_year = 0;
};

/// Estimates for the years missing from `observed`, one economy's values in any order, by `rule`:
///  - interpolate: each year strictly between two consecutive observations, on the line between them;
///  - itu_trend: the same, then each year after the latest observation up to `last_year`, at most
///    max_extrapolation_years of them, continuing from the latest observation at the trend's slope. A trend needs
///    two observations in its window: after a lone observation nothing is extrapolated.
/// Nothing is estimated before the first observation. Results are sorted by year and clipped to the domain.
/// Throws std::invalid_argument for two values of one year, a value that is not finite, trend_years < 2 or
/// max_extrapolation_years < 0.
std::vector<Estimate> estimate_missing(std::span<const Point> observed, const EstimationRule& rule,
                                       std::int32_t last_year);

}  // namespace p2c
