#include "collectors.h"

#include <algorithm>
#include <cmath>

#include "engine.h"

namespace p2c::host {

void SeriesCollector::reject(std::string_view where, std::string_view what) {
  ++rejected;
  if (kept.size() < kept_per_series) kept.push_back(std::string(where) + ": " + std::string(what));
}

void SeriesCollector::consume(const Batch& batch) {
  if (reference_ == nullptr) return series_.append(batch);
  filtered_.clear();
  filtered_.dimension_names = batch.dimension_names;
  filtered_.dimensions.resize(batch.dimensions.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (!is_economy(batch.entity[i])) {
      ++not_economies;
      continue;
    }
    filtered_.entity.push_back(batch.entity[i]);
    filtered_.year.push_back(batch.year[i]);
    filtered_.value.push_back(batch.value[i]);
    for (std::size_t d = 0; d < batch.dimensions.size(); ++d) filtered_.dimensions[d].push_back(batch.dimensions[d][i]);
  }
  series_.append(filtered_);
}

bool SeriesCollector::is_economy(EntityId id) {
  auto [it, fresh] = economy_.try_emplace(id, false);
  if (fresh) {
    const std::string_view code = entities_.text(id);
    it->second = reference_->is_economy(code);
    if (!it->second && not_economy_codes.size() < kept_per_series) not_economy_codes.emplace_back(code);
  }
  return it->second;
}

void RecordCollector::value(std::string_view metric, EntityId entity, std::int32_t year, double v,
                            std::uint32_t flags) {
  set_value(add(metric, entity, year), v, flags);
}

void RecordCollector::missing(std::string_view metric, EntityId entity, std::int32_t year, std::string_view reason) {
  set_reason(add(metric, entity, year), reason);
}

void RecordCollector::group_value(std::string_view metric, std::string_view group, std::int32_t year, double v,
                                  std::uint32_t flags) {
  set_value(add_group(metric, group, year), v, flags);
}

void RecordCollector::group_missing(std::string_view metric, std::string_view group, std::int32_t year,
                                    std::string_view reason) {
  set_reason(add_group(metric, group, year), reason);
}

void RecordCollector::set_value(Record* record, double v, std::uint32_t flags) {
  if (record == nullptr) return;
  if ((flags & flag_withheld) != 0) {
    // Withholding is the host's verdict on a group value it does not publish; a plugin's value is a value.
    error = "wrote a value flagged withheld, which only the host sets; leave a value out with missing()";
    return;
  }
  if (std::isfinite(v))
    record->value = v;
  else
    record->reason = "the computed value is not a finite number";
  record->flags = flags;
}

void RecordCollector::set_reason(Record* record, std::string_view reason) {
  if (record != nullptr) record->reason = reason.empty() ? "no data" : std::string(reason);
}

const std::uint32_t* RecordCollector::metric_index(std::string_view metric) {
  if (!error.empty()) return nullptr;
  // Plugins write a metric's values one after the other: the metric of the previous call is checked first, which
  // spares a string and a hash per value.
  if (last_ != nullptr && last_->first == metric) return &last_->second;
  auto it = metrics_.find(std::string(metric));
  if (it == metrics_.end()) {
    error = "wrote metric '" + std::string(metric) + "', which its catalogue does not declare";
    return nullptr;
  }
  last_ = &*it;
  return &it->second;
}

Record* RecordCollector::add(std::string_view metric, EntityId entity, std::int32_t year) {
  const std::uint32_t* index = metric_index(metric);
  if (index == nullptr) return nullptr;
  if (entity >= entity_count_) {
    error = "wrote an economy id that the host never issued";
    return nullptr;
  }
  // Ids of group codes exist too (interned from sources' aggregate rows or other indicators' group values):
  // an economy value must be for an economy.
  if (reference_ != nullptr && !economies_[entity]) {
    error = "wrote '" + std::string(entities_.text(entity)) +
            "' as an economy, but the reference data has no such economy; write group values with group_value()";
    return nullptr;
  }
  Record& record = records.emplace_back();
  record.metric = *index;
  record.entity = entity;
  record.year = year;
  return &record;
}

Record* RecordCollector::add_group(std::string_view metric, std::string_view group, std::int32_t year) {
  const std::uint32_t* index = metric_index(metric);
  if (index == nullptr) return nullptr;
  if (reference_ == nullptr) {
    error = "wrote a value of metric '" + std::string(metric) + "' for group '" + std::string(group) +
            "', but the run has no reference data; configure [reference] (economies, groups, memberships)";
    return nullptr;
  }
  if (!reference_->find_group(group)) {
    error = "wrote a value of metric '" + std::string(metric) + "' for '" + std::string(group) +
            "', which is not a group of the reference data; use a code listed in the [reference] groups file";
    return nullptr;
  }
  if (catalogue_[*index].info.aggregation != Aggregation::none) {
    error = "wrote a group value of metric '" + std::string(metric) + "', which the host aggregates by " +
            to_string(catalogue_[*index].info.aggregation) +
            "; a metric whose group values the plugin writes must declare Aggregation::none";
    return nullptr;
  }
  auto code = std::find(group_codes.begin(), group_codes.end(), group);
  if (code == group_codes.end()) code = group_codes.insert(code, std::string(group));
  Record& record = records.emplace_back();
  record.metric = *index;
  record.entity = static_cast<EntityId>(code - group_codes.begin());
  record.entity_kind = EntityKind::group;
  record.year = year;
  return &record;
}

const Series* Inputs::find(std::string_view id) const {
  auto it = series_.find(id);
  return it == series_.end() ? nullptr : it->second;
}

std::vector<std::string> Inputs::group_members(std::string_view group, std::int32_t year) const {
  std::vector<std::string> out;
  if (reference_ == nullptr) return out;
  const auto index = reference_->find_group(group);
  if (!index) return out;
  for (std::size_t economy : reference_->members(*index, year)) out.push_back(reference_->economies()[economy]);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace p2c::host
