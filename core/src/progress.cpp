#include "progress.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace p2c::host {

namespace {

bool meets(double value, double target, p2c::Direction direction) {
  return direction == p2c::Direction::higher_is_better ? value >= target : value <= target;
}

struct Line {
  double mean_year;
  double mean_value;
  double slope;

  double at(double year) const { return mean_value + slope * (year - mean_year); }
};

// Years are centred on their mean before squaring: raw years near 2020 squared are ~4e6 each, and the
// textbook sum(x^2) - n*mean^2 then cancels away most of the significant digits of a small spread.
std::optional<Line> least_squares(std::span<const YearValue> points) {
  if (points.size() < 2) return std::nullopt;
  const double n = static_cast<double>(points.size());
  double mean_year = 0;
  double mean_value = 0;
  for (const auto& p : points) {
    mean_year += p.year;
    mean_value += p.value;
  }
  mean_year /= n;
  mean_value /= n;
  double sxx = 0;
  double sxy = 0;
  for (const auto& p : points) {
    const double dx = p.year - mean_year;
    sxx += dx * dx;
    sxy += dx * (p.value - mean_value);
  }
  // Distinct years (checked by the caller) make sxx > 0 whenever there are two points.
  return Line{mean_year, mean_value, sxy / sxx};
}

void check(std::span<const YearValue> sorted, const ProgressSettings& settings) {
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

std::optional<Assessment> assess(std::span<const YearValue> history, const p2c::MetricInfo& info,
                                 const ProgressSettings& settings) {
  if (history.empty()) return std::nullopt;
  std::vector<YearValue> sorted(history.begin(), history.end());
  std::sort(sorted.begin(), sorted.end(), [](const YearValue& a, const YearValue& b) { return a.year < b.year; });
  check(sorted, settings);

  const YearValue& last = sorted.back();
  // 64-bit so that extreme years with a large window cannot overflow.
  const std::int64_t first_year = std::int64_t{last.year} - settings.window_years + 1;
  const auto begin = std::find_if(sorted.begin(), sorted.end(),
                                  [&](const YearValue& p) { return std::int64_t{p.year} >= first_year; });
  const std::span<const YearValue> window(begin, sorted.end());

  Assessment out{};
  out.latest_year = last.year;
  out.latest = last.value;
  out.points = static_cast<int>(window.size());
  out.status = p2c::Status::none;

  const std::optional<Line> line = least_squares(window);
  if (line) out.slope = line->slope;

  const YearValue& first = window.front();
  if (first.year != last.year && first.value > 0 && last.value > 0)
    out.cagr = std::pow(last.value / first.value, 1.0 / (last.year - first.year)) - 1.0;

  if (!info.target) return out;
  const double target = *info.target;
  const bool higher = info.direction == p2c::Direction::higher_is_better;
  out.gap = std::max(0.0, higher ? target - last.value : last.value - target);

  const bool enough = out.points >= settings.min_points;
  const bool before_target_year = last.year < info.target_year;
  // Not clamped to a share's 0..100 range: a line heading for 140 % says how steep the trend is, and
  // clamping would flatten that into "100". Status does not depend on it either way: it compares against
  // the target, which lies inside the range, and clamping never moves a value across it.
  if (line && enough && before_target_year) out.projection = line->at(info.target_year);

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
