#include "estimate.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <unordered_map>

#include "p2c/estimation.h"

namespace p2c::host {
namespace {

struct EconomyHistory {
  std::vector<Point> values;
  std::set<std::int32_t> explained;  ///< years the indicator recorded as missing, with a reason
};

std::string how(const Estimate& estimate) {
  if (estimate.extrapolated)
    return fmt::format("extrapolated from the trend of {}-{} (ITU method)", estimate.from_year, estimate.to_year);
  return fmt::format("interpolated between {} and {}", estimate.from_year, estimate.to_year);
}

}  // namespace

std::map<std::string, std::size_t> add_estimates(const std::vector<CatalogueEntry>& catalogue,
                                                 const std::vector<MetricEstimation>& rules,
                                                 std::vector<Record>& records) {
  std::unordered_map<std::string, std::uint32_t> index;
  for (std::uint32_t m = 0; m < catalogue.size(); ++m) index.emplace(catalogue[m].id, m);
  std::unordered_map<std::uint32_t, const MetricEstimation*> wanted;
  for (const auto& rule : rules)
    if (auto it = index.find(rule.metric); it != index.end() && rule.rule.method != EstimationMethod::none)
      wanted.emplace(it->second, &rule);

  std::map<std::uint32_t, std::map<EntityId, EconomyHistory>> histories;
  std::map<std::uint32_t, std::int32_t> last_year;
  for (const Record& record : records) {
    if (record.entity_kind != EntityKind::economy || wanted.count(record.metric) == 0) continue;
    EconomyHistory& history = histories[record.metric][record.entity];
    if (record.value) {
      history.values.push_back({record.year, *record.value});
      auto [it, fresh] = last_year.try_emplace(record.metric, record.year);
      if (!fresh) it->second = std::max(it->second, record.year);
    } else {
      history.explained.insert(record.year);
    }
  }

  std::map<std::string, std::size_t> added;
  for (const auto& [metric, by_economy] : histories) {
    const MetricInfo& info = catalogue[metric].info;
    EstimationRule rule = wanted.at(metric)->rule;
    rule.minimum = info.minimum;
    rule.maximum = info.maximum;
    std::size_t count = 0;
    for (const auto& [economy, history] : by_economy) {
      for (const Estimate& estimate : estimate_missing(history.values, rule, last_year[metric])) {
        if (history.explained.count(estimate.year) != 0) continue;
        Record& record = records.emplace_back();
        record.metric = metric;
        record.entity = economy;
        record.year = estimate.year;
        record.value = estimate.value;
        record.flags = flag_estimated;
        record.reason = how(estimate);
        ++count;
      }
    }
    added[catalogue[metric].id] = count;
  }
  return added;
}

}  // namespace p2c::host
