#include "p2c/series_ops.h"

#include <cmath>

namespace p2c {

std::unordered_map<EntityId, Point> latest_within(const Series& series, std::int32_t from_year, std::int32_t to_year) {
  std::unordered_map<EntityId, Point> latest;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const std::int32_t year = series.year[i];
    if (year < from_year || year > to_year || !std::isfinite(series.value[i])) continue;
    auto [it, inserted] = latest.try_emplace(series.entity[i], Point{year, series.value[i]});
    if (!inserted && year > it->second.year) it->second = Point{year, series.value[i]};
  }
  return latest;
}

std::optional<double> safe_divide(double numerator, double denominator) noexcept {
  if (denominator == 0 || !std::isfinite(numerator) || !std::isfinite(denominator)) return std::nullopt;
  return numerator / denominator;
}

}  // namespace p2c
