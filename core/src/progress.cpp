#include "progress.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "p2c/estimation.h"

namespace p2c::host {

namespace {

bool meets(double value, double target, p2c::Direction direction) {
  return direction == p2c::Direction::higher_is_better ? value >= target : value <= target;
}

void check(std::span<const Point> sorted, const ProgressSettings& settings) {
  if (settings.window_years < 1)
    throw std::invalid_argument("progress: window_years must be at least 1, got " +
                                std::to_string(settings.window_years));
  if (settings.min_points < 2)
    throw std::invalid_argument("progress: min_points must be at least 2, got " + std::to_string(settings.min_points));
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (!std::isfinite(sorted[i].value))
      throw std::invalid_argument("progress: value for " + std::to_string(sorted[i].year) + " is not finite");
    if (i > 0 && sorted[i].year == sorted[i - 1].year)
      throw std::invalid_argument("progress: two values for " + std::to_string(sorted[i].year));
  }
}

}  // namespace

std::optional<Assessment> assess(std::span<const Point> history, const p2c::MetricInfo& info,
                                 const ProgressSettings& settings) {
  if (history.empty()) return std::nullopt;
  std::vector<Point> sorted(history.begin(), history.end());
  std::sort(sorted.begin(), sorted.end(), [](const Point& a, const Point& b) { return a.year < b.year; });
  check(sorted, settings);

  const Point& last = sorted.back();
  // 64-bit so that extreme years with a large window cannot overflow.
  const std::int64_t first_year = std::int64_t{last.year} - settings.window_years + 1;
  const auto begin =
      std::find_if(sorted.begin(), sorted.end(), [&](const Point& p) { return std::int64_t{p.year} >= first_year; });
  const std::span<const Point> window(begin, sorted.end());

  Assessment out{};
  out.latest_year = last.year;
  out.latest = last.value;
  out.points = static_cast<int>(window.size());
  out.status = p2c::Status::none;

  const std::optional<p2c::Line> line = p2c::least_squares(window);
  if (line) out.slope = line->slope;

  const Point& first = window.front();
  if (info.growth_rate && first.year != last.year && first.value > 0 && last.value > 0)
    out.cagr = std::pow(last.value / first.value, 1.0 / (last.year - first.year)) - 1.0;

  if (!info.target) return out;
  const double target = *info.target;
  const bool higher = info.direction == p2c::Direction::higher_is_better;
  out.gap = std::max(0.0, higher ? target - last.value : last.value - target);

  const bool enough = out.points >= settings.min_points;
  const bool before_target_year = last.year < info.target_year;
  // Clipping to the domain never moves a value across a target inside it, so status is the same either way.
  if (line && enough && before_target_year)
    out.projection = p2c::clip(line->at(info.target_year), info.minimum, info.maximum);

  if (meets(last.value, target, info.direction))
    out.status = p2c::Status::achieved;
  else if (!before_target_year)
    out.status = p2c::Status::off_track;  // the deadline has come; no trend can still make it
  else if (!enough)
    out.status = p2c::Status::insufficient_data;
  else
    out.status = meets(*out.projection, target, info.direction) ? p2c::Status::on_track : p2c::Status::off_track;
  return out;
}

}  // namespace p2c::host
