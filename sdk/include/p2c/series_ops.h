// Small, tested building blocks that keep indicator plugins short.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "p2c/observations.h"
#include "p2c/results.h"

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

/// Min-max rescaling to 0-100 between goalposts, clamped: `threshold` scores 0 and `goalpost` 100. A goalpost
/// below the threshold reverses the direction (lower is better, e.g. prices as % of income).
/// Nothing when the goalposts are equal or the value is not finite.
std::optional<double> rescale(double value, double threshold, double goalpost) noexcept;

/// The same after ln(x + 1) on value and goalposts, for quantities spanning orders of magnitude (traffic).
/// Nothing for values <= -1.
std::optional<double> rescale_log(double value, double threshold, double goalpost) noexcept;

/// The value of an (economy, year) pair.
struct Observation {
  EntityId entity = 0;
  std::int32_t year = 0;
  double value = 0;
};

/// The observations of `series` whose dimension `dimension` has the label `label` (e.g. sex = "female");
/// `inputs` names the interned labels. Throws std::invalid_argument when the series has no such dimension.
std::vector<Observation> select(const Series& series, const InputSet& inputs, const std::string& dimension,
                                std::string_view label);

/// All observations of a series, in order.
std::vector<Observation> observations(const Series& series);

/// Values by (economy, year), to look one series up while walking another.
class YearIndex {
 public:
  using Key = std::pair<EntityId, std::int32_t>;

  /// Throws std::runtime_error naming `what`, the economy and the year when a pair appears twice: the source
  /// then mixes rows (dimensions, duplicates) that its filters should have separated.
  YearIndex(const std::vector<Observation>& observations, const InputSet& inputs, const std::string& what);
  /// The same for a whole series, named by its id.
  YearIndex(const Series& series, const InputSet& inputs);

  std::optional<double> find(EntityId entity, std::int32_t year) const;
  const std::map<Key, double>& values() const noexcept { return values_; }

 private:
  std::map<Key, double> values_;
};

/// A number as fmt's "{}" writes it: the shortest digits that read back the same, in fixed notation for decimal
/// exponents from -4 to 15 and in exponent notation otherwise ("0.5", "150", "1e+16", "1e-05", "-0", "nan", "inf").
std::string format_number(double value);

/// Why an input value cannot be a share in percent: "input value <v> is outside 0-100 %" when it is below 0 or
/// above 100, nothing otherwise (NaN included: sources deliver finite values only).
std::optional<std::string> outside_share(double value);

/// Why an input value cannot be a count, price or rate: "input value <v> is negative" when it is below 0,
/// nothing otherwise.
std::optional<std::string> negative(double value);

/// Writes `value` for (metric, entity, year), or records the pair as missing with `problem` when there is one.
void value_or_missing(ResultWriter& out, std::string_view metric, EntityId entity, std::int32_t year, double value,
                      const std::optional<std::string>& problem);

/// Pairs up two lists of observations on (economy, year) and calls `both(entity, year, a, b)` for every
/// pair present in both. Each list must hold at most one value per (economy, year).
template <typename Both>
void join(const std::vector<Observation>& a, const std::vector<Observation>& b, Both&& both) {
  std::unordered_map<std::uint64_t, double> right;
  right.reserve(b.size());
  auto key = [](const Observation& o) { return (std::uint64_t{o.entity} << 32) | static_cast<std::uint32_t>(o.year); };
  for (const auto& o : b) right.emplace(key(o), o.value);
  for (const auto& o : a)
    if (auto it = right.find(key(o)); it != right.end()) both(o.entity, o.year, o.value, it->second);
}

}  // namespace p2c
