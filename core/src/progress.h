// Progress of one entity's metric toward its target: trend, growth, projection, gap and status.
//
// Pure functions over a history already in memory; the engine decides which histories to assess.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "config.h"
#include "p2c/metric.h"
#include "p2c/results.h"
#include "p2c/series_ops.h"

namespace p2c::host {

/// How far one entity's metric has come and whether it is heading for the target.
///
/// The window is the years [latest_year - window_years + 1, latest_year]: with the default 10 years and a
/// latest value in 2024, observations from 2015 to 2024. Older observations are ignored by every field.
struct Assessment {
  std::int32_t latest_year;  ///< year of the most recent observation
  double latest;             ///< the most recent observation
  /// Least-squares slope over the window, in the metric's unit per year. Needs >= 2 points.
  std::optional<double> slope;
  /// Compound annual growth rate from the window's first to its latest observation, as a fraction:
  /// 0.05 means +5 % a year, -0.1 means -10 % a year (multiply by 100 for display). Only when both
  /// values are > 0 and their years differ: a growth rate from or to zero or a negative value means nothing.
  /// Never for a metric whose info.growth_rate is false (signed values, gaps).
  std::optional<double> cagr;
  /// Value at info.target_year on the least-squares line, clipped to the metric's domain (info.minimum and
  /// maximum: a share cannot project past 100 %). Only with a target, at least settings.min_points points in the
  /// window, and latest_year < target_year (no projection into the past).
  std::optional<double> projection;
  /// Distance still to go to the target, never negative: higher_is_better: max(0, target - latest);
  /// lower_is_better: max(0, latest - target). 0 when the target is met. Nothing without a target.
  std::optional<double> gap;
  /// The first rule that applies:
  ///  1. no target                                                   -> none
  ///  2. latest meets the target (>= higher_is_better, <= lower)      -> achieved
  ///  3. latest_year >= target_year, so the deadline came unmet       -> off_track
  ///  4. fewer than settings.min_points points in the window          -> insufficient_data
  ///  5. projection meets the target                                  -> on_track
  ///  6. otherwise                                                    -> off_track
  /// "Meets" is the exact comparison of rule 2, with no tolerance.
  p2c::Status status;
  int points;  ///< observations in the window, the ones slope, cagr and projection use
};

/// Assesses one entity's history of one metric against `info`'s direction, target and target_year.
///
/// `history` may be in any order; it must hold at most one value per year and only finite values.
/// `settings` must be as load_config accepts them: window_years >= 1, min_points >= 2.
/// Returns nothing for an empty history. Throws std::invalid_argument when a precondition is broken.
std::optional<Assessment> assess(std::span<const Point> history, const p2c::MetricInfo& info,
                                 const ProgressSettings& settings);

}  // namespace p2c::host
