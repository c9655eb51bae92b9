#include "report/report_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>

namespace p2c::report {
namespace {

using Results = std::vector<const host::StoredResult*>;  // one entity's records of one metric, by year
using ResultsByEntity = std::map<std::string, Results, std::less<>>;

constexpr std::array<const char*, 4> focus_areas = {"access", "adoption", "value_creation", "investment_acceleration"};
constexpr std::array<const char*, 5> derived_suffixes = {".trend", ".growth", ".gap", ".projection",
                                                         ".members_meeting_target"};
constexpr std::size_t furthest_count = 15;
constexpr const char* pledge_prefix = "pledges.";

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}
bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// Derived metrics (progress assessment, share meeting target) are shown with the metric they derive from.
bool is_derived(std::string_view id) {
  return std::any_of(derived_suffixes.begin(), derived_suffixes.end(),
                     [&](const char* suffix) { return ends_with(id, suffix); });
}

std::string words(std::string_view code) {
  std::string out(code);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

std::string focus_title(std::string_view focus) {
  std::string out = words(focus);
  if (!out.empty()) out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

// An axis label: the metric title when it fits along the axis, else a generic one (the chart title has it).
std::string axis_label(const std::string& title) { return title.size() <= 40 ? title : "Value"; }

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

  /// The latest record with a value, at or before `up_to` when given.
  const host::StoredResult* latest(std::string_view metric, std::string_view entity, int up_to = 0) const {
    const auto& records = results(metric, entity);
    for (auto it = records.rbegin(); it != records.rend(); ++it)
      if ((*it)->value && (up_to == 0 || (*it)->year <= up_to)) return *it;
    return nullptr;
  }

  const host::StoredResult* at(std::string_view metric, std::string_view entity, int year) const {
    for (const auto* record : results(metric, entity))
      if (record->year == year && record->value) return record;
    return nullptr;
  }

  /// The status of the latest assessed value: the last record that carries one.
  std::string latest_status(std::string_view metric, std::string_view entity) const {
    const auto& records = results(metric, entity);
    for (auto it = records.rbegin(); it != records.rend(); ++it)
      if (!(*it)->status.empty()) return (*it)->status;
    return {};
  }

  bool has_group_values(std::string_view metric) const {
    for (const auto& [entity, records] : results(metric))
      for (const auto* record : records)
        if (record->entity_kind == "group" && record->value) return true;
    return false;
  }

 private:
  const std::vector<host::StoredMetric>& metrics_;
  std::map<std::string, const host::StoredMetric*, std::less<>> by_id_;
  std::map<std::string, ResultsByEntity, std::less<>> by_metric_;
};

std::string cell(const host::StoredResult* record, const std::string& unit) {
  return record && record->value ? format_value(*record->value, unit) : "";
}

// Group values of a metric over the years, the target as a dashed line, and per group the latest value,
// status, gap and projection.
Chart progress_chart(const Index& index, const host::StoredMetric& metric) {
  LineChart line;
  line.title = metric.title;
  line.y_label = axis_label(metric.title);
  line.unit = metric.unit;
  line.target = metric.target;
  if (metric.target) line.target_label = fmt::format("{} target", metric.target_year);

  Chart chart{metric.id, {}, {}, {}};
  chart.summary.header = {"Group",  "Latest year",   "Latest value",
                          "Status", "Gap to target", fmt::format("Projection {}", metric.target_year)};
  std::map<int, std::map<std::string, std::string>> by_year;
  std::vector<std::string> drawn;
  for (const auto& group : chart_groups()) {
    Series series;
    series.name = group;
    for (const auto* record : index.results(metric.id, group)) {
      if (!record->value) continue;
      const bool low = record->flags.find("low_coverage") != std::string::npos;
      series.points.push_back({record->year, *record->value, low});
      by_year[record->year][group] = format_value(*record->value, metric.unit) + (low ? " (low coverage)" : "");
    }
    if (series.points.empty()) continue;
    const std::string status = index.latest_status(metric.id, group);
    series.label = status.empty() ? group : fmt::format("{}: {}", group, words(status));
    const auto* latest = index.latest(metric.id, group);
    const auto* gap = index.latest(metric.id + ".gap", group);
    const auto* projection = index.latest(metric.id + ".projection", group);
    chart.summary.rows.push_back({group, std::to_string(latest->year), cell(latest, metric.unit),
                                  status.empty() ? "not assessed" : words(status), cell(gap, metric.unit),
                                  cell(projection, metric.unit)});
    drawn.push_back(group);
    line.series.push_back(std::move(series));
  }
  chart.data.header = {"Year"};
  chart.data.header.insert(chart.data.header.end(), drawn.begin(), drawn.end());
  for (const auto& [year, values] : by_year) {
    std::vector<std::string> row{std::to_string(year)};
    for (const auto& group : drawn) {
      const auto found = values.find(group);
      row.push_back(found == values.end() ? "" : found->second);
    }
    chart.data.rows.push_back(std::move(row));
  }
  chart.spec = std::move(line);
  return chart;
}

// Charts of the given metrics: those with a target; when none has one, the group values of all of them.
void add_progress_charts(const Index& index, const std::vector<const host::StoredMetric*>& candidates, Section& section,
                         const std::string& what) {
  std::vector<const host::StoredMetric*> targeted, plain;
  for (const auto* metric : candidates) {
    if (!index.has_group_values(metric->id)) continue;
    (metric->target ? targeted : plain).push_back(metric);
  }
  if (targeted.empty() && !plain.empty())
    section.notes.push_back(fmt::format(
        "No metric of {} with group values has a {} target in this run; the charts show the group values of its "
        "metrics without a target line.",
        what, plain.front()->target_year));
  for (const auto* metric : targeted.empty() ? plain : targeted)
    section.charts.push_back(progress_chart(index, *metric));
  if (section.charts.empty()) section.empty_message = fmt::format("No group values of {} in this run.", what);
}

const char* progress_note =
    "Each chart shows the group values of one metric by year: the world (WLD), the least developed countries "
    "(LDC), landlocked developing countries (LLDC), small island developing States (SIDS) and the six ITU "
    "regions, where the run has values for them. The dashed line is the target; the legend and the table give "
    "the status of each group's latest assessed value (achieved, on track, off track, insufficient data). Hollow "
    "markers are group values from members holding too little of the group's population (low coverage).";

Section focus_section(const Index& index, const std::string& focus) {
  Section section{"focus-" + std::string(focus), "Focus area: " + focus_title(focus), {progress_note}, {}, {}};
  std::replace(section.id.begin(), section.id.end(), '_', '-');
  std::vector<const host::StoredMetric*> candidates;
  for (const auto& metric : index.metrics())
    if (metric.focus_area == focus && !is_derived(metric.id) && !starts_with(metric.id, pledge_prefix))
      candidates.push_back(&metric);
  add_progress_charts(index, candidates, section, "the " + words(focus) + " focus area");
  return section;
}

std::vector<Section> sdg_sections(const Index& index) {
  std::set<std::string> indicators;
  for (const auto& metric : index.metrics())
    if (!is_derived(metric.id)) indicators.insert(metric.sdg_indicators.begin(), metric.sdg_indicators.end());
  std::vector<Section> sections;
  for (const auto& indicator : indicators) {
    Section section{"sdg-" + indicator, "SDG indicator " + indicator, {progress_note}, {}, {}};
    std::vector<const host::StoredMetric*> candidates;
    for (const auto& metric : index.metrics())
      if (!is_derived(metric.id) && std::count(metric.sdg_indicators.begin(), metric.sdg_indicators.end(), indicator))
        candidates.push_back(&metric);
    add_progress_charts(index, candidates, section, "SDG indicator " + indicator);
    sections.push_back(std::move(section));
  }
  if (sections.empty())
    sections.push_back({"sdg-none", "SDG indicators", {}, {}, "No metric of this run serves an SDG indicator."});
  return sections;
}

Section furthest_section(const Index& index) {
  Section section{"furthest-from-target", "Furthest from target", {}, {}, {}};
  section.notes.push_back(fmt::format(
      "Per metric with a target: the {} economies whose latest value is furthest from it (the `.gap` metric of "
      "the progress assessment, in the metric's unit; 0 once met).",
      furthest_count));
  for (const auto& metric : index.metrics()) {
    if (!metric.target || is_derived(metric.id)) continue;
    const std::string gap_id = metric.id + ".gap";
    const auto* gap_metric = index.metric(gap_id);
    std::vector<const host::StoredResult*> gaps;
    for (const auto& [entity, records] : index.results(gap_id))
      for (const auto* record : records)
        if (record->entity_kind == "economy" && record->value && *record->value > 0) gaps.push_back(record);
    if (gaps.empty()) continue;
    std::stable_sort(gaps.begin(), gaps.end(), [](auto* a, auto* b) { return *a->value > *b->value; });
    if (gaps.size() > furthest_count) gaps.resize(furthest_count);
    const std::string unit = gap_metric ? gap_metric->unit : metric.unit;
    BarChart bars;
    bars.title = fmt::format("{}: gap to the {} target", metric.title, metric.target_year);
    bars.x_label = "Gap to target";
    bars.unit = unit;
    Chart chart{gap_id, {}, {{"Economy", "Year", "Latest value", "Gap to target", "Status"}, {}}, {}};
    for (const auto* gap : gaps) {
      bars.bars.push_back({fmt::format("{} ({})", gap->entity, gap->year), *gap->value});
      chart.data.rows.push_back({gap->entity, std::to_string(gap->year),
                                 cell(index.at(metric.id, gap->entity, gap->year), metric.unit),
                                 format_value(*gap->value, unit), words(gap->status)});
    }
    chart.spec = std::move(bars);
    section.charts.push_back(std::move(chart));
  }
  if (section.charts.empty())
    section.empty_message =
        "No economy has a gap to a target in this run (no metric with a target and a progress "
        "assessment, or every economy with data has met its target).";
  return section;
}

// "band (1 limited, 2 satisfactory, 3 advanced, 4 target met)" -> {1: "limited", ...}.
std::map<int, std::string> band_names(const std::string& unit) {
  std::map<int, std::string> names;
  const auto open = unit.find('('), close = unit.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open) return names;
  const std::string inside = unit.substr(open + 1, close - open - 1);
  std::size_t start = 0;
  while (start < inside.size()) {
    auto end = inside.find(',', start);
    if (end == std::string::npos) end = inside.size();
    std::string item = inside.substr(start, end - start);
    item.erase(0, item.find_first_not_of(' '));
    const auto space = item.find(' ');
    if (space != std::string::npos) {
      try {
        names[std::stoi(item.substr(0, space))] = item.substr(space + 1);
      } catch (const std::exception&) {
        // not a "<code> <name>" item: the band keeps its number as its name
      }
    }
    start = end + 1;
  }
  return names;
}

Section umc_section(const Index& index) {
  Section section{"umc-bands", "UMC 2030 progress bands", {}, {}, {}};
  section.notes.push_back(
      "How many economies are in each band of the universal and meaningful connectivity (UMC) 2030 targets, per "
      "dimension, counting each economy once, at its latest year with a value.");
  StackedBarChart stacked;
  stacked.title = "Economies by UMC 2030 progress band";
  stacked.x_label = "Economies";
  Chart chart{"", {}, {{"Dimension"}, {}}, {}};
  std::map<int, std::string> names;
  std::vector<std::pair<const host::StoredMetric*, std::map<int, double>>> counts;
  std::vector<std::pair<int, int>> years;
  for (const auto& metric : index.metrics()) {
    if (!starts_with(metric.unit, "band") || metric.id.find(".band_") == std::string::npos) continue;
    std::map<int, double> count;
    int first = 0, last = 0;
    for (const auto& [entity, records] : index.results(metric.id)) {
      const auto* latest = index.latest(metric.id, entity);
      if (!latest || latest->entity_kind != "economy") continue;
      ++count[static_cast<int>(*latest->value)];
      first = first == 0 ? latest->year : std::min(first, latest->year);
      last = std::max(last, latest->year);
    }
    if (count.empty()) continue;
    for (const auto& [code, name] : band_names(metric.unit)) names.emplace(code, name);
    for (const auto& [code, n] : count) names.emplace(code, fmt::format("band {}", code));
    counts.emplace_back(&metric, std::move(count));
    years.emplace_back(first, last);
  }
  if (counts.empty()) {
    section.empty_message = "No UMC band metrics (`umc.band_*`) with economy values in this run.";
    return section;
  }
  for (const auto& [code, name] : names) {
    stacked.segments.push_back(fmt::format("{} {}", code, name));
    chart.data.header.push_back(fmt::format("{} {}", code, name));
  }
  chart.data.header.insert(chart.data.header.end(), {"Economies", "Years"});
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const auto& [metric, count] = counts[i];
    const std::string dimension = metric->id.substr(metric->id.find(".band_") + 6);
    StackedBar bar{words(dimension), {}};
    std::vector<std::string> row{words(dimension)};
    double total = 0;
    for (const auto& [code, name] : names) {
      const auto found = count.find(code);
      const double n = found == count.end() ? 0 : found->second;
      bar.values.push_back(n);
      row.push_back(fmt::format("{}", n));
      total += n;
    }
    row.push_back(fmt::format("{}", total));
    row.push_back(years[i].first == years[i].second ? std::to_string(years[i].first)
                                                    : fmt::format("{}-{}", years[i].first, years[i].second));
    stacked.bars.push_back(std::move(bar));
    chart.data.rows.push_back(std::move(row));
  }
  chart.spec = std::move(stacked);
  section.charts.push_back(std::move(chart));
  return section;
}

Section idi_section(const Index& index) {
  Section section{"idi-by-group", "ICT Development Index by group", {}, {}, {}};
  const host::StoredMetric* score = nullptr;
  for (const auto& metric : index.metrics())
    if (metric.plugin == "idi" && ends_with(metric.id, ".score")) score = &metric;
  if (!score || !index.has_group_values(score->id)) {
    section.empty_message = "No ICT Development Index group values in this run (no `idi` indicator, or no data).";
    return section;
  }
  const std::string prefix = score->id.substr(0, score->id.size() - std::string_view(".score").size());
  section.notes.push_back(
      "The IDI of each group at its latest year: the simple mean of its members' scores (ITU's rule), with the "
      "universal and meaningful connectivity pillars and how many members have a score.");
  BarChart bars;
  bars.title = score->title + " by group";
  bars.x_label = "IDI";
  bars.unit = score->unit;
  Chart chart{
      score->id, {}, {{"Group", "Year", "IDI", "Universal pillar", "Meaningful pillar", "Members with data"}, {}}, {}};
  std::vector<std::string> groups = chart_groups();
  for (const char* income : {"WB.HIC", "WB.UMC", "WB.LMC", "WB.LIC"}) groups.push_back(income);
  for (const auto& group : groups) {
    const auto* latest = index.latest(score->id, group);
    if (!latest) continue;
    bars.bars.push_back({fmt::format("{} ({})", group, latest->year), *latest->value});
    const std::string members =
        latest->coverage ? fmt::format("{} of {}", latest->coverage->members_with_data, latest->coverage->members) : "";
    chart.data.rows.push_back({group, std::to_string(latest->year), cell(latest, score->unit),
                               cell(index.at(prefix + ".universal", group, latest->year), score->unit),
                               cell(index.at(prefix + ".meaningful", group, latest->year), score->unit), members});
  }
  chart.spec = std::move(bars);
  section.charts.push_back(std::move(chart));
  return section;
}

// Bars of several metrics for one entity at the latest year any of them has a value.
Chart pledge_bars(const Index& index, const std::vector<std::pair<std::string, std::string>>& metric_labels,
                  const std::string& entity, const std::string& title, const std::string& unit) {
  int year = 0;
  for (const auto& [id, label] : metric_labels)
    if (const auto* latest = index.latest(id, entity)) year = std::max(year, latest->year);
  BarChart bars;
  bars.title = year ? fmt::format("{}, {} {}", title, entity, year) : title;  // year 0: no value at all
  bars.x_label = starts_with(unit, "USD") ? "Estimated value" : "Pledges";
  bars.unit = unit;
  Chart chart{"", {}, {{"", "Value", "Year"}, {}}, {}};
  chart.data.header[0] = title;
  for (const auto& [id, label] : metric_labels) {
    const auto* record = index.at(id, entity, year);
    if (!record) continue;
    bars.bars.push_back({label, *record->value});
    chart.data.rows.push_back({label, format_value(*record->value, unit), std::to_string(year)});
  }
  chart.spec = std::move(bars);
  return chart;
}

Section pledges_section(const Index& index) {
  Section section{"pledges", "Partner2Connect pledges", {}, {}, {}};
  std::vector<const host::StoredMetric*> pledge_metrics;
  for (const auto& metric : index.metrics())
    if (starts_with(metric.id, pledge_prefix) && !is_derived(metric.id)) pledge_metrics.push_back(&metric);
  if (pledge_metrics.empty()) {
    section.empty_message =
        "There are no pledge indicators in this run: the config has no `pledges` indicator instance (metrics "
        "`pledges.*`).";
    return section;
  }
  section.notes.push_back(
      "Pledge figures come from the pledge registry configured in the [pledges] section of the config. The "
      "registry bundled with p2c is an illustrative sample, not ITU data: replace it with the coalition's "
      "registry before reading these figures as facts.");
  const std::string world = "WLD";

  // Breakdowns: pledges.count_<focus>, pledges.count_sector_<s>, pledges.count_type_<t> and their value_usd_.
  struct Breakdown {
    std::string title;
    std::vector<std::pair<std::string, std::string>> count, value;
  };
  std::map<std::string, Breakdown> breakdowns{
      {"1focus", {"Pledges by focus area", {}, {}}},
      {"2sector", {"Pledges by sector", {}, {}}},
      {"3type", {"Pledges by type", {}, {}}},
  };
  for (const auto* metric : pledge_metrics) {
    const std::string name = metric->id.substr(std::string_view(pledge_prefix).size());
    for (const std::string measure : {"count_", "value_usd_"}) {
      if (!starts_with(name, measure)) continue;
      const std::string rest = name.substr(measure.size());
      std::string key = "1focus", label = rest;
      if (starts_with(rest, "sector_"))
        key = "2sector", label = rest.substr(7);
      else if (starts_with(rest, "type_"))
        key = "3type", label = rest.substr(5);
      else if (std::find(focus_areas.begin(), focus_areas.end(), rest) == focus_areas.end())
        continue;
      (measure == "count_" ? breakdowns[key].count : breakdowns[key].value).emplace_back(metric->id, words(label));
    }
  }
  const auto unit_of = [&](const std::string& id) { return index.metric(id)->unit; };
  for (const auto& [key, breakdown] : breakdowns) {
    if (!breakdown.count.empty())
      section.charts.push_back(pledge_bars(index, breakdown.count, world, breakdown.title + " (number)",
                                           unit_of(breakdown.count.front().first)));
    if (!breakdown.value.empty())
      section.charts.push_back(pledge_bars(index, breakdown.value, world, breakdown.title + " (estimated value)",
                                           unit_of(breakdown.value.front().first)));
  }

  // By implementation region: the group records of the totals.
  for (const auto& [id, title] :
       {std::pair{"pledges.count", "Pledges by implementation region (number)"},
        std::pair{"pledges.value_usd", "Pledges by implementation region (estimated value)"}}) {
    if (!index.metric(id)) continue;
    const std::string unit = unit_of(id);
    std::vector<std::pair<std::string, std::string>> regions;
    for (const auto& [entity, records] : index.results(id))
      if (starts_with(entity, "ITU.") || entity == "LDC" || entity == "LLDC" || entity == "SIDS")
        regions.emplace_back(entity, entity);
    if (regions.empty()) continue;
    int year = 0;
    for (const auto& [entity, label] : regions)
      if (const auto* latest = index.latest(id, entity)) year = std::max(year, latest->year);
    BarChart bars;
    bars.title = year ? fmt::format("{}, {}", title, year) : std::string(title);
    bars.x_label = starts_with(unit, "USD") ? "Estimated value" : "Pledges";
    bars.unit = unit;
    Chart chart{id, {}, {{"Region", "Value", "Year"}, {}}, {}};
    for (const auto& [entity, label] : regions)
      if (const auto* record = index.at(id, entity, year)) {
        bars.bars.push_back({entity, *record->value});
        chart.data.rows.push_back({entity, format_value(*record->value, unit), std::to_string(year)});
      }
    chart.spec = std::move(bars);
    section.charts.push_back(std::move(chart));
  }

  // Reporting status over time.
  LineChart status;
  status.title = "Pledge reporting and implementation status over time, " + world;
  status.y_label = "Share of pledges";
  status.unit = "%";
  Chart status_chart{"", {}, {{"Year"}, {}}, {}};
  std::map<int, std::vector<std::string>> rows;
  const std::vector<std::string> shares = {"pledges.reporting_rate", "pledges.share_completed",
                                           "pledges.share_in_progress"};
  std::size_t column = 0;
  for (const auto& id : shares) {
    if (!index.metric(id)) continue;
    Series series{words(id.substr(8)), {}, {}};
    for (const auto* record : index.results(id, world))
      if (record->value) {
        series.points.push_back({record->year, *record->value, false});
        auto& row = rows[record->year];
        row.resize(shares.size());
        row[column] = format_value(*record->value, "%");
      }
    status_chart.data.header.push_back(series.name);
    status.series.push_back(std::move(series));
    ++column;
  }
  if (!status.series.empty()) {
    for (auto& [year, row] : rows) {
      row.resize(column);
      row.insert(row.begin(), std::to_string(year));
      status_chart.data.rows.push_back(row);
    }
    status_chart.spec = std::move(status);
    section.charts.push_back(std::move(status_chart));
  }

  // Every other pledge metric of the world record, year by year: totals, disbursement, target progress.
  Chart totals{"", {}, {{"Year"}, {}}, {}};
  std::vector<const host::StoredMetric*> others;
  for (const auto* metric : pledge_metrics)
    if (std::count(shares.begin(), shares.end(), metric->id) == 0 && metric->id.find("_sector_") == std::string::npos &&
        metric->id.find("_type_") == std::string::npos &&
        std::none_of(focus_areas.begin(), focus_areas.end(), [&](const char* f) { return ends_with(metric->id, f); }))
      others.push_back(metric);
  std::map<int, std::vector<std::string>> by_year;
  for (std::size_t i = 0; i < others.size(); ++i) {
    totals.data.header.push_back(fmt::format("{} ({})", others[i]->title, others[i]->unit));
    for (const auto* record : index.results(others[i]->id, world))
      if (record->value) {
        auto& row = by_year[record->year];
        row.resize(others.size());
        row[i] = format_value(*record->value, others[i]->unit);
      }
  }
  if (!by_year.empty()) {
    LineChart count_line;
    count_line.title = "Pledges made, " + world;
    count_line.y_label = "Pledges";
    count_line.unit = index.metric("pledges.count") ? index.metric("pledges.count")->unit : "";
    Series series{"pledges.count", "pledges", {}};
    for (const auto* record : index.results("pledges.count", world))
      if (record->value) series.points.push_back({record->year, *record->value, false});
    count_line.series.push_back(std::move(series));
    for (auto& [year, row] : by_year) {
      row.resize(others.size());
      row.insert(row.begin(), std::to_string(year));
      totals.data.rows.push_back(row);
    }
    totals.metric = "pledges.count";
    totals.spec = std::move(count_line);
    section.charts.push_back(std::move(totals));
  }
  if (section.charts.empty())
    section.empty_message = "The pledge indicators of this run have no values for the world (WLD) or any region.";
  return section;
}

}  // namespace

const std::vector<std::string>& chart_groups() {
  static const std::vector<std::string> groups = {"WLD",     "LDC",     "LLDC",    "SIDS",    "ITU.AFR",
                                                  "ITU.AMS", "ITU.ARB", "ITU.ASP", "ITU.CIS", "ITU.EUR"};
  return groups;
}

Report build_report(const host::StoredRun& run, const std::vector<host::StoredMetric>& metrics,
                    const std::vector<host::StoredResult>& results) {
  const Index index(metrics, results);
  Report report{run, metrics.size(), results.size(), {}};
  for (const char* focus : focus_areas) report.sections.push_back(focus_section(index, focus));
  for (auto& section : sdg_sections(index)) report.sections.push_back(std::move(section));
  report.sections.push_back(furthest_section(index));
  report.sections.push_back(umc_section(index));
  report.sections.push_back(idi_section(index));
  report.sections.push_back(pledges_section(index));
  return report;
}

std::vector<std::pair<std::string, std::string>> run_facts(const Report& report) {
  const auto& run = report.run;
  std::string plugins;
  for (const auto& [name, version] : run.plugins)
    plugins += fmt::format("{}{} {}", plugins.empty() ? "" : ", ", name, version);
  return {
      {"Run", run.id},
      {"Started", run.started_at},
      {"Duration", fmt::format("{:.3f} s", run.duration_seconds)},
      {"Config", fmt::format("{} (text hash {})", run.config_path, run.config_hash)},
      {"Plugins", plugins.empty() ? "none recorded" : plugins},
      {"Results", fmt::format("{} records of {} metrics", run.records, report.metric_count)},
      {"Failures", fmt::format("{}{}", run.failures, run.failures ? " (p2c history lists the run; see its log)" : "")}};
}

const std::vector<std::string>& provenance_notes() {
  static const std::vector<std::string> notes = {
      "Data sources and their provenance: config/data/README.md (World Bank WDI, UN SDG database, ITU) and "
      "config/reference/README.md (economies, groups and memberships).",
      "Methods: docs/indicators.md (each indicator, its data and checks), docs/groups-and-progress.md (group "
      "values, coverage, trends, projections and status), docs/outputs.md (the result record and the run "
      "history) and docs/reports.md (this report's sections).",
      "Pledge figures, where shown, come from the configured pledge registry; the registry bundled with p2c is "
      "an illustrative sample.",
      "Every number shown is read from the run history of the config named above; p2c history lists the runs "
      "stored there."};
  return notes;
}

std::string text_alternative(const ChartSpec& spec) {
  return std::visit([](const auto& chart) { return p2c::report::text_alternative(chart); }, spec);
}

std::string render(const ChartSpec& spec, SvgContext context) {
  return std::visit([context](const auto& chart) { return p2c::report::render(chart, context); }, spec);
}

}  // namespace p2c::report
