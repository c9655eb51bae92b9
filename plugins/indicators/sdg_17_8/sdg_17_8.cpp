#include "sdg_17_8.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "p2c/series_ops.h"

namespace p2c::plugins {
namespace {

constexpr p2c_option_spec options[] = {
    {"internet_users", P2C_OPTION_STRING, R"("itu.internet_users")", 0,
     "Input series: individuals using the Internet, % of population"},
    {"population", P2C_OPTION_STRING, R"("wb.population")", 0, "Input series: total population, people"},
    {"window_start", P2C_OPTION_INTEGER, "2018", 0,
     "First year an observation may come from to count as an economy's latest value"},
};

// Key of an (economy, year) pair, for joining two series.
std::uint64_t key(EntityId entity, std::int32_t year) {
  return (std::uint64_t{entity} << 32) | static_cast<std::uint32_t>(year);
}

}  // namespace

Sdg178::Sdg178(const Options& options)
    : internet_users_(options.string("internet_users")),
      population_(options.string("population")),
      window_start_(static_cast<std::int32_t>(options.integer("window_start"))) {}

std::vector<MetricInfo> Sdg178::metrics() {
  MetricInfo users;
  users.name = "internet_users";
  users.title = "Individuals using the Internet";
  make_share(users);
  users.description = "Share of individuals who used the Internet from any location in the last three months.";
  users.focus_area = FocusArea::adoption;
  users.wsis_lines = {"C2", "C3"};
  users.sdg_indicators = {"17.8.1"};
  users.target = 100;  // universal connectivity: every individual online by 2030
  users.aggregation = Aggregation::population_weighted_mean;

  MetricInfo latest = users;
  latest.name = "internet_users_latest";
  latest.title = "Individuals using the Internet, latest value";
  latest.description =
      "Most recent observation from the window start year on; the record's year is the year "
      "of that observation.";

  MetricInfo offline;
  offline.name = "offline_population";
  offline.title = "People not using the Internet";
  offline.unit = "people";
  offline.minimum = 0;
  offline.description = "Population times the share of individuals not using the Internet.";
  offline.focus_area = FocusArea::adoption;
  offline.wsis_lines = {"C2", "C3"};
  offline.sdg_indicators = {"17.8.1"};
  offline.direction = Direction::lower_is_better;
  offline.target = 0;
  offline.aggregation = Aggregation::sum;
  return {users, latest, offline};
}

std::vector<std::string> Sdg178::inputs() const { return {internet_users_, population_}; }

void Sdg178::compute(const InputSet& inputs, ResultWriter& out) {
  const Series& users = inputs.get(internet_users_);
  const Series& population = inputs.get(population_);

  std::map<std::uint64_t, double> people;
  for (std::size_t i = 0; i < population.size(); ++i)
    people[key(population.entity[i], population.year[i])] = population.value[i];

  Series valid{users.id, users.unit, {}, {}, {}, {}, {}};
  std::set<EntityId> economies;
  for (std::size_t i = 0; i < users.size(); ++i) {
    const EntityId entity = users.entity[i];
    const std::int32_t year = users.year[i];
    const double share = users.value[i];
    economies.insert(entity);
    if (const auto reason = outside_share(share)) {
      out.missing("internet_users", entity, year, *reason);
      out.missing("offline_population", entity, year, *reason);
      continue;
    }
    out.value("internet_users", entity, year, share);
    valid.entity.push_back(entity);
    valid.year.push_back(year);
    valid.value.push_back(share);

    auto it = people.find(key(entity, year));
    if (it == people.end())
      out.missing("offline_population", entity, year, fmt::format("no population for {} in '{}'", year, population_));
    else
      out.value("offline_population", entity, year, it->second * (100 - share) / 100);
  }

  const auto latest = latest_within(valid, window_start_, INT32_MAX);
  for (const EntityId entity : economies) {
    if (auto it = latest.find(entity); it != latest.end())
      out.value("internet_users_latest", entity, it->second.year, it->second.value);
    else
      out.missing("internet_users_latest", entity, window_start_,
                  fmt::format("no observation from {} on", window_start_));
  }
}

}  // namespace p2c::plugins

P2C_PLUGIN(p2c::plugins::Sdg178, "sdg_17_8", "1.0.0",
           "SDG 17.8.1: individuals using the Internet, latest values and people offline", p2c::plugins::options)
