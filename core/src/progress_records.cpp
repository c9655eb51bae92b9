#include "progress_records.h"

#include <fmt/format.h>

#include <map>

#include "progress.h"

namespace p2c::host {
namespace {

enum Derived : std::uint32_t { trend, growth, gap, projection, derived_count };

CatalogueEntry derived_entry(const CatalogueEntry& base, Derived kind) {
  CatalogueEntry entry = base;
  MetricInfo& info = entry.info;
  const MetricInfo& of = base.info;
  info.target.reset();
  info.aggregation = Aggregation::none;  // derived per entity, groups included: never re-aggregated
  switch (kind) {
    case trend:
      entry.id += ".trend";
      info.title = of.title + ": trend";
      info.unit = of.unit + " per year";
      info.description = "Least-squares slope over the progress window.";
      break;
    case growth:
      entry.id += ".growth";
      info.title = of.title + ": compound annual growth";
      info.unit = "% per year";
      info.description = "Compound annual growth rate from the first to the latest value in the progress window.";
      break;
    case gap:
      entry.id += ".gap";
      info.title = fmt::format("{}: gap to the {} target", of.title, of.target_year);
      info.description = fmt::format("Distance from the latest value to the target of {}; 0 once met.", *of.target);
      info.direction = Direction::lower_is_better;
      break;
    case projection:
      entry.id += ".projection";
      info.title = fmt::format("{}: projected {} value", of.title, of.target_year);
      info.description = "The least-squares trend of the progress window extended to the target year.";
      break;
    case derived_count:
      break;
  }
  return entry;
}

}  // namespace

void add_progress_records(std::vector<CatalogueEntry>& catalogue, std::vector<Record>& records,
                          const ProgressSettings& settings) {
  // (metric, entity) -> indexes of its records with a value
  std::map<std::pair<std::uint32_t, EntityId>, std::vector<std::size_t>> histories;
  // A group value flagged for low coverage speaks for too few members to say where the group stands.
  for (std::size_t i = 0; i < records.size(); ++i)
    if (records[i].value && catalogue[records[i].metric].info.target && !(records[i].flags & flag_low_coverage))
      histories[{records[i].metric, records[i].entity}].push_back(i);

  std::map<std::uint32_t, bool> time_series;
  for (const auto& [key, indexes] : histories) time_series[key.first] |= indexes.size() >= 2;

  // Derived values first; a derived metric enters the catalogue only if some entity has a value for it.
  struct Pending {
    std::uint32_t metric;
    Derived kind;
    std::size_t base;  ///< index of the entity's latest record
    std::int32_t year;
    double value;
    Status status;
  };
  std::vector<Pending> pending;
  for (const auto& [key, indexes] : histories) {
    if (!time_series[key.first]) continue;
    std::vector<YearValue> history;
    std::size_t latest = indexes.front();
    for (std::size_t i : indexes) {
      history.push_back({records[i].year, *records[i].value});
      if (records[i].year > records[latest].year) latest = i;
    }
    const MetricInfo& info = catalogue[key.first].info;
    const auto assessment = assess(history, info, settings);
    if (!assessment) continue;
    records[latest].status = assessment->status;
    auto add = [&](Derived kind, std::int32_t year, const std::optional<double>& value) {
      if (value) pending.push_back({key.first, kind, latest, year, *value, assessment->status});
    };
    add(trend, assessment->latest_year, assessment->slope);
    add(growth, assessment->latest_year,
        assessment->cagr ? std::optional<double>(*assessment->cagr * 100) : std::nullopt);
    add(gap, assessment->latest_year, assessment->gap);
    add(projection, info.target_year, assessment->projection);
  }

  std::map<std::pair<std::uint32_t, Derived>, std::uint32_t> derived_index;
  for (const Pending& p : pending) {
    auto [it, fresh] = derived_index.try_emplace({p.metric, p.kind}, 0);
    if (!fresh) continue;
    it->second = static_cast<std::uint32_t>(catalogue.size());
    catalogue.push_back(derived_entry(catalogue[p.metric], p.kind));
  }
  for (const Pending& p : pending) {
    const Record base = records[p.base];
    Record& record = records.emplace_back();
    record.metric = derived_index.at({p.metric, p.kind});
    record.entity = base.entity;
    record.entity_kind = base.entity_kind;
    record.year = p.year;
    record.value = p.value;
    record.status = p.status;
    record.flags = base.flags;
  }
}

}  // namespace p2c::host
