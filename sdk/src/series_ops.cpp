#include "p2c/series_ops.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <system_error>

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

std::string format_number(double value) {
  if (std::isnan(value)) return std::signbit(value) ? "-nan" : "nan";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  char buffer[64];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  if (error != std::errc()) throw std::logic_error("format_number: the buffer is too small");
  const std::string scientific(buffer, end);  // [-]d[.ddd]e(+|-)dd, the shortest digits that round-trip
  const std::size_t e = scientific.find('e');
  const bool minus = scientific.front() == '-';
  int exponent = 0;
  std::from_chars(scientific.data() + e + (scientific[e + 1] == '+' ? 2 : 1), scientific.data() + scientific.size(),
                  exponent);
  if (exponent < -4 || exponent >= 16) return scientific;

  std::string digits;
  for (std::size_t i = minus ? 1 : 0; i < e; ++i)
    if (scientific[i] != '.') digits += scientific[i];
  std::string out = minus ? "-" : "";
  if (exponent < 0) return out + "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
  const auto whole = static_cast<std::size_t>(exponent) + 1;
  if (digits.size() <= whole) return out + digits + std::string(whole - digits.size(), '0');
  return out + digits.substr(0, whole) + "." + digits.substr(whole);
}

std::optional<std::string> outside_share(double value) {
  if (value < 0 || value > 100) return "input value " + format_number(value) + " is outside 0-100 %";
  return std::nullopt;
}

std::optional<std::string> negative(double value) {
  if (value < 0) return "input value " + format_number(value) + " is negative";
  return std::nullopt;
}

void value_or_missing(ResultWriter& out, std::string_view metric, EntityId entity, std::int32_t year, double value,
                      const std::optional<std::string>& problem) {
  if (problem)
    out.missing(metric, entity, year, *problem);
  else
    out.value(metric, entity, year, value);
}

}  // namespace p2c
