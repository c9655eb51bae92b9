#include "aggregate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace p2c::host {
namespace {

bool meets(const MetricInfo& info, double value) {
  return info.direction == Direction::higher_is_better ? value >= *info.target : value <= *info.target;
}

double median(std::vector<double> values) {
  const std::size_t middle = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle), values.end());
  if (values.size() % 2 == 1) return values[middle];
  const double upper = values[middle];
  return (*std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle)) + upper) / 2;
}

std::uint64_t key(std::size_t economy, std::int32_t year) {
  return (static_cast<std::uint64_t>(economy) << 32) | static_cast<std::uint32_t>(year);
}

CatalogueEntry members_meeting_target(const CatalogueEntry& base) {
  CatalogueEntry entry = base;
  entry.id += ".members_meeting_target";
  entry.info.title = base.info.title + ": members meeting the target";
  entry.info.unit = "% of members";
  entry.info.description = "Share of the group's members with a value that meet the target of " +
                           fmt::format("{}", *base.info.target) + " " + base.info.unit + ".";
  entry.info.direction = Direction::higher_is_better;
  entry.info.target.reset();
  entry.info.aggregation = Aggregation::none;
  entry.info.minimum = 0;
  entry.info.maximum = 100;
  return entry;
}

}  // namespace

int whole_percent(double share) { return static_cast<int>(std::floor(share * 100 + 1e-9)); }

std::optional<GroupValue> aggregate(const MetricInfo& info, std::span<const MemberValue> values, std::uint32_t members,
                                    double group_population, const PublishingThresholds& publishing,
                                    std::int32_t year) {
  const bool weighted = info.aggregation == Aggregation::population_weighted_mean;
  if (info.aggregation == Aggregation::none) return std::nullopt;
  if (info.aggregation == Aggregation::share_meeting_target && !info.target) return std::nullopt;

  std::vector<double> counted;
  GroupValue out{};
  double weight_sum = 0, weighted_sum = 0, population_with_data = 0, population_observed = 0;
  for (const auto& member : values) {
    if (weighted && !member.population) continue;
    counted.push_back(member.value);
    if (member.observed) ++out.coverage.members_observed;
    out.estimated = out.estimated || !member.observed;
    if (member.population) {
      population_with_data += *member.population;
      if (member.observed) population_observed += *member.population;
      weighted_sum += member.value * *member.population;
      weight_sum += *member.population;
    }
  }
  if (counted.empty() || (weighted && weight_sum <= 0)) return std::nullopt;

  out.coverage.members_with_data = static_cast<std::uint32_t>(counted.size());
  out.coverage.members = members;
  if (group_population > 0) {
    out.coverage.population_share = population_with_data / group_population;
    out.coverage.observed_population_share = population_observed / group_population;
  }
  // Shares of the population when it is known, else of the members.
  const bool by_population = group_population > 0;
  const double of_members = std::max(1u, members);
  const double observed = by_population ? out.coverage.observed_population_share
                                        : static_cast<double>(out.coverage.members_observed) / of_members;
  const double with_data =
      by_population ? out.coverage.population_share : static_cast<double>(counted.size()) / of_members;
  const char* of_what = by_population ? "of the group's population" : "of its members";
  if (observed < publishing.min_observed_share) {
    out.withheld = fmt::format("{} of {} members reported in {} ({} % {}); publishing needs {} % observed",
                               out.coverage.members_observed, members, year, whole_percent(observed), of_what,
                               whole_percent(publishing.min_observed_share));
    return out;
  }
  if (info.aggregation == Aggregation::sum && with_data < publishing.min_sum_share) {
    out.withheld = fmt::format("{} of {} members have a value in {}, observed or estimated ({} % {}); a sum needs {} %",
                               counted.size(), members, year, whole_percent(with_data), of_what,
                               whole_percent(publishing.min_sum_share));
    return out;
  }

  double value = 0;
  switch (info.aggregation) {
    case Aggregation::sum:
      for (double v : counted) value += v;
      break;
    case Aggregation::mean:
      for (double v : counted) value += v;
      value /= static_cast<double>(counted.size());
      break;
    case Aggregation::population_weighted_mean: value = weighted_sum / weight_sum; break;
    case Aggregation::median: value = median(counted); break;
    case Aggregation::share_meeting_target:
      value =
          100.0 *
          static_cast<double>(std::count_if(counted.begin(), counted.end(), [&](double v) { return meets(info, v); })) /
          static_cast<double>(counted.size());
      break;
    case Aggregation::none: return std::nullopt;
  }
  out.value = value;
  return out;
}

void add_group_records(const Reference& reference, const Series* population, std::vector<CatalogueEntry>& catalogue,
                       const PublishingSettings& publishing, Interner& entities, std::vector<Record>& records) {
  // Entity ids of economies -> their index in the reference; other entities are not aggregated.
  std::vector<std::optional<std::size_t>> economy_of(entities.size());
  std::unordered_map<std::string_view, std::size_t> index;
  for (std::size_t e = 0; e < reference.economies().size(); ++e) index.emplace(reference.economies()[e], e);
  for (EntityId id = 0; id < economy_of.size(); ++id)
    if (auto it = index.find(entities.text(id)); it != index.end()) economy_of[id] = it->second;

  std::unordered_map<std::uint64_t, double> people;
  if (population != nullptr)
    for (std::size_t i = 0; i < population->size(); ++i)
      if (population->entity[i] < economy_of.size() && economy_of[population->entity[i]])
        people[key(*economy_of[population->entity[i]], population->year[i])] = population->value[i];
  auto population_of = [&](std::size_t economy, std::int32_t year) -> std::optional<double> {
    auto it = people.find(key(economy, year));
    if (it == people.end()) return std::nullopt;
    return it->second;
  };

  // metric -> year -> economy -> (value, observed), from the economy records with a value.
  std::map<std::uint32_t, std::map<std::int32_t, std::unordered_map<std::size_t, std::pair<double, bool>>>> values;
  for (const Record& record : records) {
    if (record.entity_kind != EntityKind::economy || !record.value) continue;
    if (catalogue[record.metric].info.aggregation == Aggregation::none) continue;
    if (record.entity >= economy_of.size() || !economy_of[record.entity]) continue;
    values[record.metric][record.year][*economy_of[record.entity]] = {*record.value,
                                                                      (record.flags & flag_estimated) == 0};
  }

  std::vector<EntityId> group_ids;
  for (const auto& group : reference.groups()) group_ids.push_back(entities.intern(group.code));
  std::map<std::pair<std::size_t, std::int32_t>, std::vector<std::size_t>> members_cache;

  for (const auto& [metric, by_year] : values) {
    const MetricInfo info = catalogue[metric].info;
    const PublishingThresholds& thresholds = publishing.for_metric(catalogue[metric].id);
    std::uint32_t target_metric = metric;
    if (info.aggregation == Aggregation::share_meeting_target && info.target) {
      target_metric = static_cast<std::uint32_t>(catalogue.size());
      catalogue.push_back(members_meeting_target(catalogue[metric]));
    }
    for (const auto& [year, by_economy] : by_year) {
      for (std::size_t g = 0; g < reference.groups().size(); ++g) {
        auto [cached, fresh] = members_cache.try_emplace({g, year});
        if (fresh) cached->second = reference.members(g, year);
        const auto& members = cached->second;
        std::vector<MemberValue> present;
        // Members without a known population (uninhabited or tiny territories, mostly) weigh nothing.
        double group_population = 0;
        for (std::size_t economy : members) {
          const auto people_there = population_of(economy, year);
          if (people_there) group_population += *people_there;
          if (auto it = by_economy.find(economy); it != by_economy.end())
            present.push_back({it->second.first, people_there, it->second.second});
        }
        if (present.empty()) continue;
        auto result =
            aggregate(info, present, static_cast<std::uint32_t>(members.size()), group_population, thresholds, year);
        if (!result) continue;
        Record& record = records.emplace_back();
        record.metric = target_metric;
        record.entity = group_ids[g];
        record.entity_kind = EntityKind::group;
        record.year = year;
        record.value = result->value;
        record.coverage = result->coverage;
        if (result->estimated) record.flags |= flag_estimated;
        if (!result->value) {
          record.flags |= flag_withheld;
          record.reason = std::move(result->withheld);
        }
      }
    }
  }
}

}  // namespace p2c::host
