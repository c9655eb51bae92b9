#include "p2c/estimation.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace p2c {

std::optional<Line> least_squares(std::span<const Point> points) {
  if (points.size() < 2) return std::nullopt;
  const double n = static_cast<double>(points.size());
  Line line;
  for (const auto& p : points) {
    line.mean_year += p.year;
    line.mean_value += p.value;
  }
  line.mean_year /= n;
  line.mean_value /= n;
  // Years are centred before squaring: raw years near 2020 squared are ~4e6 each, and the textbook
  // sum(x^2) - n*mean^2 then cancels away most of the significant digits of a small spread.
  double sxx = 0;
  double sxy = 0;
  for (const auto& p : points) {
    const double dx = p.year - line.mean_year;
    sxx += dx * dx;
    sxy += dx * (p.value - line.mean_value);
  }
  if (sxx == 0) return std::nullopt;
  line.slope = sxy / sxx;
  return line;
}

double clip(double value, std::optional<double> minimum, std::optional<double> maximum) noexcept {
  if (minimum && value < *minimum) value = *minimum;
  if (maximum && value > *maximum) value = *maximum;
  return value;
}

const char* to_string(EstimationMethod method) noexcept {
  switch (method) {
    case EstimationMethod::none: return "none";
    case EstimationMethod::interpolate: return "interpolate";
    case EstimationMethod::itu_trend: return "itu_trend";
  }
  return "none";
}

std::optional<EstimationMethod> parse_estimation_method(std::string_view text) noexcept {
  for (auto method : {EstimationMethod::none, EstimationMethod::interpolate, EstimationMethod::itu_trend})
    if (text == to_string(method)) return method;
  return std::nullopt;
}

std::vector<Estimate> estimate_missing(std::span<const Point> observed, const EstimationRule& rule,
                                       std::int32_t last_year) {
  if (rule.trend_years < 2)
    throw std::invalid_argument("estimation: trend_years must be at least 2, got " + std::to_string(rule.trend_years));
  if (rule.max_extrapolation_years < 0)
    throw std::invalid_argument("estimation: max_extrapolation_years must be 0 or more, got " +
                                std::to_string(rule.max_extrapolation_years));
  std::vector<Point> sorted(observed.begin(), observed.end());
  std::sort(sorted.begin(), sorted.end(), [](const Point& a, const Point& b) { return a.year < b.year; });
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (!std::isfinite(sorted[i].value))
      throw std::invalid_argument("estimation: the value of " + std::to_string(sorted[i].year) + " is not finite");
    if (i > 0 && sorted[i].year == sorted[i - 1].year)
      throw std::invalid_argument("estimation: two values for " + std::to_string(sorted[i].year));
  }

  std::vector<Estimate> out;
  if (rule.method == EstimationMethod::none || sorted.empty()) return out;
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    const Point& a = sorted[i - 1];
    const Point& b = sorted[i];
    for (std::int32_t year = a.year + 1; year < b.year; ++year) {
      const double t = static_cast<double>(year - a.year) / (b.year - a.year);
      out.push_back({year, clip(a.value + t * (b.value - a.value), rule.minimum, rule.maximum), false, a.year, b.year});
    }
  }
  if (rule.method != EstimationMethod::itu_trend) return out;

  const Point& latest = sorted.back();
  const std::int64_t window_start = std::int64_t{latest.year} - rule.trend_years + 1;
  const auto first =
      std::find_if(sorted.begin(), sorted.end(), [&](const Point& p) { return std::int64_t{p.year} >= window_start; });
  const std::span<const Point> window(first, sorted.end());
  const auto line = least_squares(window);
  if (!line) return out;
  const std::int64_t until =
      std::min<std::int64_t>(last_year, std::int64_t{latest.year} + rule.max_extrapolation_years);
  for (std::int64_t year = std::int64_t{latest.year} + 1; year <= until; ++year) {
    const double value = latest.value + line->slope * static_cast<double>(year - latest.year);
    out.push_back({static_cast<std::int32_t>(year), clip(value, rule.minimum, rule.maximum), true, window.front().year,
                   latest.year});
  }
  return out;
}

}  // namespace p2c
