#include "p2c/series_ops.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

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

std::optional<double> rescale(double value, double threshold, double goalpost) noexcept {
  if (!std::isfinite(value) || goalpost == threshold) return std::nullopt;
  const double score = (value - threshold) / (goalpost - threshold) * 100;
  return std::clamp(score, 0.0, 100.0);
}

std::optional<double> rescale_log(double value, double threshold, double goalpost) noexcept {
  if (!(value > -1) || !(threshold > -1) || !(goalpost > -1)) return std::nullopt;
  return rescale(std::log1p(value), std::log1p(threshold), std::log1p(goalpost));
}

std::vector<Observation> select(const Series& series, const InputSet& inputs, const std::string& dimension,
                                std::string_view label) {
  const auto column = std::find(series.dimension_names.begin(), series.dimension_names.end(), dimension);
  if (column == series.dimension_names.end())
    throw std::invalid_argument("series '" + series.id + "' has no dimension '" + dimension +
                                "'; list it in the source's `dimensions` option");
  const auto& labels = series.dimensions[static_cast<std::size_t>(column - series.dimension_names.begin())];
  std::unordered_map<LabelId, bool> matches;
  std::vector<Observation> out;
  for (std::size_t i = 0; i < series.size(); ++i) {
    auto [it, fresh] = matches.try_emplace(labels[i], false);
    if (fresh) it->second = inputs.label(labels[i]) == label;
    if (it->second) out.push_back({series.entity[i], series.year[i], series.value[i]});
  }
  return out;
}

std::vector<Observation> observations(const Series& series) {
  std::vector<Observation> out;
  out.reserve(series.size());
  for (std::size_t i = 0; i < series.size(); ++i) out.push_back({series.entity[i], series.year[i], series.value[i]});
  return out;
}

YearIndex::YearIndex(const std::vector<Observation>& observations, const InputSet& inputs, const std::string& what) {
  for (const Observation& o : observations) {
    const auto [it, inserted] = values_.emplace(Key{o.entity, o.year}, o.value);
    if (!inserted)
      throw std::runtime_error(what + " has two values for " + std::string(inputs.entity_code(o.entity)) + " " +
                               std::to_string(o.year) +
                               "; filter the source so that one row remains per economy and year");
  }
}

YearIndex::YearIndex(const Series& series, const InputSet& inputs)
    : YearIndex(observations(series), inputs, "series '" + series.id + "'") {}

std::optional<double> YearIndex::find(EntityId entity, std::int32_t year) const {
  const auto it = values_.find(Key{entity, year});
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

}  // namespace p2c
