// The report's map: Internet use (or, without it, the first economy metric with a target) of every economy at the
// latest year most economies have observed data for, each economy at its latest published value up to that year.
// Estimates are marked on the map and in the tables; a value that is not published is no data.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "report/section_helpers.h"
#include "report/svg_map.h"

namespace p2c::report {
namespace {

// A year's observed economy values must reach this share of the best year's for the map to be drawn at it: the
// latest year alone often has a handful of early reporters, and a map of them would be mostly "no data".
constexpr double wide_coverage = 0.75;

const host::StoredMetric* mapped_metric(const Index& index) {
  for (const auto& metric : index.metrics())
    if (metric.plugin == "sdg_17_8" && metric.name == "internet_users") return &metric;
  for (const auto& metric : index.metrics()) {
    if (!metric.target || is_derived(metric.id) || starts_with(metric.id, pledge_prefix)) continue;
    for (const auto& [entity, records] : index.results(metric.id))
      if (!records.empty() && records.front()->entity_kind == "economy") return &metric;
  }
  return nullptr;
}

// The latest year whose economy values (observed ones, or any published when none is observed) reach
// `wide_coverage` of the best year's; 0 when the metric has no published economy value.
int map_year(const Index& index, const std::string& metric) {
  std::map<int, std::size_t> observed, published;
  for (const auto& [entity, records] : index.results(metric))
    for (const auto* record : records) {
      if (record->entity_kind != "economy" || !record->value) continue;
      ++published[record->year];
      if (!is_estimated(*record)) ++observed[record->year];
    }
  const auto& counts = observed.empty() ? published : observed;
  std::size_t best = 0;
  for (const auto& [year, count] : counts) best = std::max(best, count);
  for (auto it = counts.rbegin(); it != counts.rend(); ++it)
    if (static_cast<double>(it->second) >= wide_coverage * static_cast<double>(best)) return it->first;
  return 0;
}

std::string name_of(const EntityNames& names, const WorldMap& geometry, const std::string& code) {
  if (const auto found = names.find(code); found != names.end()) return found->second;
  const auto* shape = geometry.find(code);
  return shape ? shape->name : code;
}

}  // namespace

Section map_section(const Index& index, const Locale& locale, const EntityNames& names) {
  Section section{"map", locale.text("views.map.title"), {}, {}, {}};
  const host::StoredMetric* metric = mapped_metric(index);
  const int year = metric ? map_year(index, metric->id) : 0;
  if (!metric || year == 0) {
    section.empty_message = locale.text("report.map.none");
    return section;
  }
  const WorldMap& geometry = world_map();
  ChoroplethMap map;
  const std::string title = locale.metric(metric->id, metric->title);
  map.title = locale.text("map.title", {{"title", title}, {"year", std::to_string(year)}});
  map.unit = metric->unit;
  map.year = year;
  map.names = names;
  std::vector<std::pair<std::string, const host::StoredResult*>> shown;  // display name, record
  std::vector<std::string> off_map;
  std::map<int, std::size_t, std::greater<>> years;
  std::size_t estimated = 0;
  for (const auto& [entity, records] : index.results(metric->id)) {
    if (records.empty() || records.front()->entity_kind != "economy") continue;
    const auto* latest = index.latest(metric->id, entity, year);
    if (!latest) continue;
    if (!geometry.find(entity)) {
      off_map.push_back(entity);
      continue;
    }
    map.values.emplace(entity, MapValue{*latest->value, latest->year, is_estimated(*latest)});
    shown.emplace_back(name_of(names, geometry, entity), latest);
    ++years[latest->year];
    estimated += is_estimated(*latest) ? 1 : 0;
  }
  std::vector<std::string> from;
  for (const auto& [y, count] : years)
    from.push_back(locale.text(count == 1 ? "report.map.year_one" : "report.map.year_count",
                               {{"year", std::to_string(y)}, {"count", std::to_string(count)}}));
  std::string from_text = from.empty() ? locale.text("report.map.no_year") : locale.list(from);
  if (estimated) from_text += locale.text("report.map.of_them_estimated", {{"count", std::to_string(estimated)}});
  section.notes.push_back(
      locale.text("report.map.note", {{"title", title}, {"year", std::to_string(year)}, {"from", from_text}}));

  Chart chart{metric->id,
              {},
              {{locale.text("table.economy"), locale.text("report.table.code"), locale.text("table.value"),
                locale.text("table.data_as_of")},
               {}},
              {{locale.text("report.table.class"), locale.text("umc.axis")}, {}},
              {}};
  std::sort(shown.begin(), shown.end());
  for (const auto& [name, record] : shown)
    chart.data.rows.push_back(
        {name, record->entity, qualified_value(*record, metric->unit, locale), std::to_string(record->year)});
  std::vector<double> values;
  for (const auto& [code, value] : map.values) values.push_back(value.value);
  const auto classes = map_classes(values);
  std::vector<std::size_t> counts(classes.size());
  for (double v : values) ++counts[class_of(classes, v)];
  for (std::size_t i = 0; i < classes.size(); ++i)
    chart.summary.rows.push_back({class_label(classes, i, metric->unit, locale), std::to_string(counts[i])});
  chart.summary.rows.push_back(
      {locale.text("chart.no_data"), std::to_string(geometry.economies.size() - map.values.size())});
  if (!off_map.empty()) {
    std::string list;
    for (const auto& code : off_map) list += (list.empty() ? "" : ", ") + code;
    chart.notes.push_back(locale.text("report.map.off_map", {{"list", list}}));
  }
  chart.spec = std::move(map);
  section.charts.push_back(std::move(chart));
  return section;
}

}  // namespace p2c::report
