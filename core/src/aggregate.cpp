#include "aggregate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>

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

// A value per economy and year, in an array over the years spanned, economy by economy, or in a hash map when they
// span more than a few centuries; an economy-year never set has none.
template <typename Value>
class YearTable {
 public:
  /// Spans the years of the rows `counts(i)` of `years`.
  template <typename Counts>
  void span(const std::vector<std::int32_t>& years, Counts counts) {
    bool any = false;
    for (std::size_t i = 0; i < years.size(); ++i) {
      if (!counts(i)) continue;
      first_ = any ? std::min(first_, years[i]) : years[i];
      last_ = any ? std::max(last_, years[i]) : years[i];
      any = true;
    }
    if (!any) first_ = 0, last_ = -1;
  }
  /// Spans year_of(row) over `rows`.
  template <typename YearOf>
  void span_of(const std::vector<std::size_t>& rows, YearOf year_of) {
    first_ = 0, last_ = -1;
    for (std::size_t k = 0; k < rows.size(); ++k) {
      const std::int32_t year = year_of(rows[k]);
      first_ = k == 0 ? year : std::min(first_, year);
      last_ = k == 0 ? year : std::max(last_, year);
    }
  }
  /// Empties the table for `economies` economies over the years spanned.
  void reset(std::size_t economies) {
    years_ = last_ >= first_ ? static_cast<std::size_t>(std::int64_t{last_} - first_ + 1) : 0;
    sparse_.clear();
    cells_.assign(years_ <= max_years ? economies * years_ : 0, std::nullopt);
  }
  void set(std::size_t economy, std::int32_t year, Value value) {
    if (year < first_ || year > last_) return;
    if (years_ > max_years)
      sparse_[key(economy, year)] = value;
    else
      cells_[economy * years_ + static_cast<std::size_t>(year - first_)] = value;
  }
  std::optional<Value> find(std::size_t economy, std::int32_t year) const {
    if (year < first_ || year > last_) return std::nullopt;
    if (years_ <= max_years) return cells_[economy * years_ + static_cast<std::size_t>(year - first_)];
    const auto it = sparse_.find(key(economy, year));
    if (it == sparse_.end()) return std::nullopt;
    return it->second;
  }

 private:
  static constexpr std::size_t max_years = 1000;
  static std::uint64_t key(std::size_t economy, std::int32_t year) {
    return (static_cast<std::uint64_t>(economy) << 32) | static_cast<std::uint32_t>(year);
  }

  std::int32_t first_ = 0;
  std::int32_t last_ = -1;
  std::size_t years_ = 0;
  std::vector<std::optional<Value>> cells_;
  std::unordered_map<std::uint64_t, Value> sparse_;
};

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
  const std::size_t economy_count = reference.economies().size();
  // Entity ids of economies -> their index in the reference; other entities are not aggregated.
  std::vector<std::optional<std::size_t>> economy_of(entities.size());
  std::unordered_map<std::string_view, std::size_t> index;
  for (std::size_t e = 0; e < economy_count; ++e) index.emplace(reference.economies()[e], e);
  for (EntityId id = 0; id < economy_of.size(); ++id)
    if (auto it = index.find(entities.text(id)); it != index.end()) economy_of[id] = it->second;
  const auto economy = [&](EntityId id) -> const std::optional<std::size_t>& {
    static const std::optional<std::size_t> none;
    return id < economy_of.size() ? economy_of[id] : none;
  };

  // Tables by year and economy (a few hundred economies, a few decades), looked up for every member of every group
  // in every year of every metric: hash maps there were most of this stage.
  YearTable<double> people;
  if (population != nullptr) {
    people.span(population->year, [&](std::size_t i) { return economy(population->entity[i]).has_value(); });
    people.reset(economy_count);
    for (std::size_t i = 0; i < population->size(); ++i)
      if (const auto& e = economy(population->entity[i])) people.set(*e, population->year[i], population->value[i]);
  }

  // The economy records with a value of each metric to aggregate, by metric.
  std::vector<std::vector<std::size_t>> by_metric(catalogue.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    const Record& record = records[i];
    if (record.entity_kind != EntityKind::economy || !record.value) continue;
    if (catalogue[record.metric].info.aggregation == Aggregation::none) continue;
    if (!economy(record.entity)) continue;
    by_metric[record.metric].push_back(i);
  }

  std::vector<EntityId> group_ids;
  for (const auto& group : reference.groups()) group_ids.push_back(entities.intern(group.code));
  // A group's members in a year with their populations, and its population: the same for every metric.
  struct Members {
    std::vector<std::size_t> economies;
    std::vector<std::optional<double>> people;
    double population = 0;  ///< of the members with a known population
  };
  std::map<std::pair<std::size_t, std::int32_t>, Members> members_cache;

  YearTable<std::pair<double, bool>> values;  // (value, observed); the last record of an economy-year counts
  std::vector<std::int32_t> years;
  std::vector<MemberValue> present;
  for (std::uint32_t metric = 0; metric < by_metric.size(); ++metric) {
    const auto& rows = by_metric[metric];
    if (rows.empty()) continue;
    values.span_of(rows, [&](std::size_t i) { return records[i].year; });
    values.reset(economy_count);
    years.clear();
    for (const std::size_t i : rows) {
      const Record& record = records[i];
      values.set(*economy(record.entity), record.year, {*record.value, (record.flags & flag_estimated) == 0});
      years.push_back(record.year);
    }
    std::sort(years.begin(), years.end());
    years.erase(std::unique(years.begin(), years.end()), years.end());

    const MetricInfo info = catalogue[metric].info;
    const PublishingThresholds& thresholds = publishing.for_metric(catalogue[metric].id);
    std::uint32_t target_metric = metric;
    if (info.aggregation == Aggregation::share_meeting_target && info.target) {
      target_metric = static_cast<std::uint32_t>(catalogue.size());
      catalogue.push_back(members_meeting_target(catalogue[metric]));
    }
    for (const std::int32_t year : years) {
      for (std::size_t g = 0; g < reference.groups().size(); ++g) {
        auto [cached, fresh] = members_cache.try_emplace({g, year});
        Members& members = cached->second;
        if (fresh) {
          members.economies = reference.members(g, year);
          // Members without a known population (uninhabited or tiny territories, mostly) weigh nothing.
          for (std::size_t member : members.economies) {
            members.people.push_back(people.find(member, year));
            if (members.people.back()) members.population += *members.people.back();
          }
        }
        present.clear();
        for (std::size_t m = 0; m < members.economies.size(); ++m)
          if (const auto value = values.find(members.economies[m], year))
            present.push_back({value->first, members.people[m], value->second});
        if (present.empty()) continue;
        auto result = aggregate(info, present, static_cast<std::uint32_t>(members.economies.size()), members.population,
                                thresholds, year);
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
