#include "progress_records.h"

#include <fmt/format.h>

#include <map>

#include "progress.h"

namespace p2c::host {
namespace {

enum Derived : std::uint32_t { trend, growth, gap, projection, derived_count };

// A difference of two percentages is in percentage points: "%" -> "pp", "% of households" -> "pp of households".
std::string difference_unit(const std::string& unit) {
  if (unit == "%" || unit.rfind("% ", 0) == 0) return "pp" + unit.substr(1);
  return unit;
}

CatalogueEntry derived_entry(const CatalogueEntry& base, Derived kind) {
  CatalogueEntry entry = base;
  MetricInfo& info = entry.info;
  const MetricInfo& of = base.info;
  info.target.reset();
  info.aggregation = Aggregation::none;  // derived per entity, groups included: never re-aggregated
  info.growth_rate = false;
  switch (kind) {
    case trend:
      entry.id += ".trend";
      info.title = of.title + ": trend";
      info.unit = difference_unit(of.unit) + " per year";
      info.description = "Least-squares slope over the progress window.";
      info.minimum.reset();
      info.maximum.reset();
      break;
    case growth:
      entry.id += ".growth";
      info.title = of.title + ": compound annual growth";
      info.unit = "% per year";
      info.description = "Compound annual growth rate from the first to the latest value in the progress window.";
      info.minimum = -100;
      info.maximum.reset();
      break;
    case gap:
      entry.id += ".gap";
      info.title = fmt::format("{}: gap to the {} target", of.title, of.target_year);
      info.unit = difference_unit(of.unit);
      info.description = fmt::format("Distance from the latest value to the target of {}; 0 once met.", *of.target);
      info.direction = Direction::lower_is_better;
      info.minimum = 0;
      info.maximum.reset();
      break;
    case projection:
      entry.id += ".projection";
      info.title = fmt::format("{}: projected {} value", of.title, of.target_year);
      info.description = "The least-squares trend of the progress window extended to the target year.";
      break;
    case derived_count: break;
  }
  return entry;
}

}  // namespace

void add_progress_records(std::vector<CatalogueEntry>& catalogue, std::vector<Record>& records,
                          const ProgressSettings& settings) {
  // (metric, entity) -> indexes of its records with a value. An economy's progress rests on its observations:
  // a trend through the host's own estimates would only repeat the trend they were made from.
  std::map<std::pair<std::uint32_t, EntityId>, std::vector<std::size_t>> histories;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const Record& r = records[i];
    const bool estimate = r.entity_kind == EntityKind::economy && (r.flags & flag_estimated) != 0;
    if (r.value && catalogue[r.metric].info.target && !estimate) histories[{r.metric, r.entity}].push_back(i);
  }

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
    std::vector<Point> history;
    std::size_t latest = indexes.front();
    for (std::size_t i : indexes) {
      history.push_back({records[i].year, *records[i].value});
      if (records[i].year > records[latest].year) latest = i;
    }
    const MetricInfo& info = catalogue[key.first].info;
    const auto assessment = assess(history, info, settings);
    if (!assessment) continue;
    if (settings.reference_year - assessment->latest_year > settings.max_age_years) {
      // Too old to say where the entity stands now: no status, trend, gap or projection from it.
      records[latest].status = Status::insufficient_data;
      records[latest].reason = fmt::format("latest value from {}, more than {} years before {}",
                                           assessment->latest_year, settings.max_age_years, settings.reference_year);
      continue;
    }
    records[latest].status = assessment->status;
    const auto& metric = key.first;  // clang before 16 cannot capture a structured binding
    auto add = [&](Derived kind, std::int32_t year, const std::optional<double>& value) {
      if (value) pending.push_back({metric, kind, latest, year, *value, assessment->status});
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
  records.reserve(records.size() + pending.size());
  for (const Pending& p : pending) {
    // Its fields, not the record: a copy would copy its reason too, and appending may move the records.
    const EntityId entity = records[p.base].entity;
    const EntityKind kind = records[p.base].entity_kind;
    const std::uint32_t flags = records[p.base].flags;
    Record& record = records.emplace_back();
    record.metric = derived_index.at({p.metric, p.kind});
    record.entity = entity;
    record.entity_kind = kind;
    record.year = p.year;
    record.value = p.value;
    record.status = p.status;
    record.flags = flags;
  }
}

}  // namespace p2c::host
