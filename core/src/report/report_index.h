// The stored results of one run, indexed the way the report reads them: by metric, then entity, by year.
// Only report_model.cpp uses it; it is a header of its own so the sections read as what they show.
#pragma once

#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "history.h"
#include "report/record_text.h"

namespace p2c::report {

using Results = std::vector<const host::StoredResult*>;  // one entity's records of one metric, by year
using ResultsByEntity = std::map<std::string, Results, std::less<>>;

class Index {
 public:
  Index(const std::vector<host::StoredMetric>& metrics, const std::vector<host::StoredResult>& results)
      : metrics_(metrics) {
    for (const auto& metric : metrics) by_id_.emplace(metric.id, &metric);
    for (const auto& result : results) by_metric_[result.metric][result.entity].push_back(&result);
    for (auto& [metric, entities] : by_metric_)
      for (auto& [entity, records] : entities)
        std::stable_sort(records.begin(), records.end(), [](auto* a, auto* b) { return a->year < b->year; });
  }

  const std::vector<host::StoredMetric>& metrics() const { return metrics_; }

  const host::StoredMetric* metric(std::string_view id) const {
    const auto found = by_id_.find(id);
    return found == by_id_.end() ? nullptr : found->second;
  }

  const ResultsByEntity& results(std::string_view metric) const {
    static const ResultsByEntity none;
    const auto found = by_metric_.find(metric);
    return found == by_metric_.end() ? none : found->second;
  }

  const Results& results(std::string_view metric, std::string_view entity) const {
    static const Results none;
    const auto& entities = results(metric);
    const auto found = entities.find(entity);
    return found == entities.end() ? none : found->second;
  }

  /// The latest published record (one with a value: a withheld value has none), at or before `up_to` when
  /// given. What the report calls "latest", always shown with its year.
  const host::StoredResult* latest(std::string_view metric, std::string_view entity, int up_to = 0) const {
    const auto& records = results(metric, entity);
    for (auto it = records.rbegin(); it != records.rend(); ++it)
      if ((*it)->value && (up_to == 0 || (*it)->year <= up_to)) return *it;
    return nullptr;
  }

  /// The published record of that year, if any.
  const host::StoredResult* at(std::string_view metric, std::string_view entity, int year) const {
    for (const auto* record : results(metric, entity))
      if (record->year == year && record->value) return record;
    return nullptr;
  }

  /// The record carrying the status of the latest assessed value (the last one with a status), whose
  /// `reason` says why when the status is insufficient data.
  const host::StoredResult* status_record(std::string_view metric, std::string_view entity) const {
    const auto& records = results(metric, entity);
    for (auto it = records.rbegin(); it != records.rend(); ++it)
      if (!(*it)->status.empty()) return *it;
    return nullptr;
  }

  /// Whether any group has a value of the metric, published or withheld: a metric whose group values are all
  /// withheld still gets its chart, saying so, rather than vanishing as if there were no data.
  bool has_group_values(std::string_view metric) const {
    for (const auto& [entity, records] : results(metric))
      for (const auto* record : records)
        if (record->entity_kind == "group" && (record->value || is_withheld(*record))) return true;
    return false;
  }

 private:
  const std::vector<host::StoredMetric>& metrics_;
  std::map<std::string, const host::StoredMetric*, std::less<>> by_id_;
  std::map<std::string, ResultsByEntity, std::less<>> by_metric_;
};

}  // namespace p2c::report
