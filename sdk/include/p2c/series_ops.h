// Small, tested building blocks that keep indicator plugins short.
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>

#include "p2c/observations.h"

namespace p2c {

struct Point {
  std::int32_t year = 0;
  double value = 0;
};

/// For each economy, its most recent observation with from_year <= year <= to_year.
/// Economies without an observation in the window are absent from the result.
std::unordered_map<EntityId, Point> latest_within(const Series& series, std::int32_t from_year, std::int32_t to_year);

/// numerator / denominator, or nothing when the denominator is zero or either side is not finite.
std::optional<double> safe_divide(double numerator, double denominator) noexcept;

}  // namespace p2c
