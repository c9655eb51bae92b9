// The report's section on Partner2Connect pledges: gross figures as ITU reports them, active ones beside.
#include <fmt/format.h>

#include <map>

#include "report/record_text.h"
#include "report/section_helpers.h"

namespace p2c::report {
namespace {

// One bar (or a gross and an active bar) of a pledge chart: a label, the entity and the metric ids; `active`
// may name a metric the run lacks.
struct GrossActive {
  std::string label;
  std::string entity;
  std::string gross;
  std::string active;
};

// Gross figures (every pledge made by the date, withdrawn ones included, as ITU counts them) as bars, with
// the active ones (not withdrawn) beside them where the run has them, at the latest year of the gross figures.
Chart gross_active_bars(const Index& index, const std::vector<GrossActive>& items, const std::string& title,
                        const std::string& unit, const std::string& first_column, std::string metric = "") {
  int year = 0;
  for (const auto& item : items)
    if (const auto* latest = index.latest(item.gross, item.entity)) year = std::max(year, latest->year);
  const bool with_active = std::any_of(items.begin(), items.end(), [&](const GrossActive& item) {
    return !item.active.empty() && index.at(item.active, item.entity, year);
  });
  BarChart bars;
  bars.title = year ? fmt::format("{}, {}", title, year) : title;  // year 0: no value at all
  // Without active bars beside them, the axis says which figures the bars are.
  bars.x_label = fmt::format("{}{}", with_active ? "" : "Gross ",
                             starts_with(unit, "USD") ? (with_active ? "Estimated value" : "estimated value")
                                                      : (with_active ? "Pledges" : "pledges"));
  bars.unit = unit;
  Chart chart{std::move(metric), {}, {{first_column, "Gross", "Active", "Data as of"}, {}}, {}, {}};
  for (const auto& item : items) {
    const auto* gross = index.at(item.gross, item.entity, year);
    const auto* active = item.active.empty() ? nullptr : index.at(item.active, item.entity, year);
    if (!gross && !active) continue;
    if (gross) bars.bars.push_back({with_active ? item.label + ", gross" : item.label, *gross->value});
    if (active) bars.bars.push_back({item.label + ", active", *active->value});
    chart.data.rows.push_back({item.label, cell(gross, unit), cell(active, unit), std::to_string(year)});
  }
  if (!with_active) drop_column(chart.data, 2);
  chart.spec = std::move(bars);
  return chart;
}

// A line of the gross and the active figure of the world record over the years, labelled which is which.
Chart gross_active_line(const Index& index, const std::string& measure, const std::string& world,
                        const std::string& title, const std::string& y_label) {
  const std::string gross = std::string(pledge_prefix) + measure + "_gross";
  LineChart line;
  line.title = title + ", " + world;
  line.y_label = y_label;
  line.unit = unit_of(index, gross, "");
  for (const auto& [basis, label] :
       {std::pair{"gross", "gross: all made, withdrawn included"}, std::pair{"active", "active: not withdrawn"}}) {
    Series series{basis, label, {}, {}};
    for (const auto* record : index.results(std::string(pledge_prefix) + measure + "_" + basis, world))
      if (record->value) series.points.push_back({record->year, *record->value, is_estimated(*record), ""});
    if (!series.points.empty()) line.series.push_back(std::move(series));
  }
  Chart chart{gross, {}, {}, {}, {}};
  chart.spec = std::move(line);
  return chart;
}

// The breakdowns the coalition section lists (by SDG, WSIS line, campaign, beneficiary, reporting state, group and
// measure): a column each in the table of totals would bury the totals.
bool coalition_breakdown(std::string_view name) {
  for (const char* part : {"_sdg_", "_wsis_", "_campaign_"})
    if (name.find(part) != std::string_view::npos) return true;
  for (const char* prefix : {"share_beneficiary_", "count_reporting_", "share_count_", "share_value_", "actuals_"})
    if (starts_with(name, prefix)) return true;
  return starts_with(name, "targets_") && name != "targets_met_share";
}

}  // namespace

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
  section.notes.push_back(
      "Gross figures count every pledge made by the date, withdrawn ones included, as ITU reports them; active "
      "figures leave the withdrawn pledges out. The charts show gross figures, with active ones beside them where "
      "the run has them, each labelled.");
  const std::string world = "WLD";

  // Breakdowns: pledges.count_gross_<focus>, _sector_<s>, _type_<t> and value_usd_gross_...; the active
  // counterpart (count_active_...) is drawn beside when the run has it.
  struct Breakdown {
    std::string title;
    std::vector<GrossActive> count, value;
  };
  std::map<std::string, Breakdown> breakdowns{
      {"1focus", {"Pledges by focus area", {}, {}}},
      {"2sector", {"Pledges by sector", {}, {}}},
      {"3type", {"Pledges by type", {}, {}}},
  };
  for (const auto* metric : pledge_metrics) {
    const std::string name = metric->id.substr(std::string_view(pledge_prefix).size());
    for (const std::string measure : {"count", "value_usd"}) {
      const std::string prefix = measure + "_gross_";
      if (!starts_with(name, prefix)) continue;
      const std::string rest = name.substr(prefix.size());
      std::string key = "1focus", label = rest;
      if (starts_with(rest, "sector_"))
        key = "2sector", label = rest.substr(7);
      else if (starts_with(rest, "type_"))
        key = "3type", label = rest.substr(5);
      else if (std::find(focus_areas.begin(), focus_areas.end(), rest) == focus_areas.end())
        continue;
      const std::string active = std::string(pledge_prefix) + measure + "_active_" + rest;
      (measure == "count" ? breakdowns[key].count : breakdowns[key].value)
          .push_back({words(label), world, metric->id, active});
    }
  }
  for (const auto& [key, breakdown] : breakdowns) {
    if (!breakdown.count.empty())
      section.charts.push_back(gross_active_bars(index, breakdown.count, breakdown.title + " (number), " + world,
                                                 index.metric(breakdown.count.front().gross)->unit, breakdown.title));
    if (!breakdown.value.empty())
      section.charts.push_back(gross_active_bars(index, breakdown.value,
                                                 breakdown.title + " (estimated value), " + world,
                                                 index.metric(breakdown.value.front().gross)->unit, breakdown.title));
  }

  // By implementation region: the group records of the totals.
  for (const auto& [measure, title] : {std::pair{"count", "Pledges by implementation region (number)"},
                                       std::pair{"value_usd", "Pledges by implementation region (estimated value)"}}) {
    const std::string gross = std::string(pledge_prefix) + measure + "_gross";
    if (!index.metric(gross)) continue;
    std::vector<GrossActive> regions;
    for (const auto& [entity, records] : index.results(gross))
      if (starts_with(entity, "ITU.") || entity == "LDC" || entity == "LLDC" || entity == "SIDS")
        regions.push_back({entity, entity, gross, std::string(pledge_prefix) + measure + "_active"});
    if (regions.empty()) continue;
    section.charts.push_back(gross_active_bars(index, regions, title, index.metric(gross)->unit, "Region", gross));
  }

  // Reporting status over time.
  LineChart status;
  status.title = "Pledge reporting and implementation status over time, " + world;
  status.y_label = "Share of pledges";
  status.unit = "%";
  Chart status_chart{"", {}, {{"Year"}, {}}, {}, {}};
  std::map<int, std::vector<std::string>> rows;
  const std::vector<std::string> shares = {"pledges.reporting_rate", "pledges.share_completed",
                                           "pledges.share_in_progress"};
  std::size_t column = 0;
  for (const auto& id : shares) {
    if (!index.metric(id)) continue;
    Series series{words(id.substr(8)), {}, {}, {}};
    for (const auto* record : index.results(id, world))
      if (record->value) {
        series.points.push_back({record->year, *record->value, is_estimated(*record), ""});
        auto& row = rows[record->year];
        row.resize(shares.size());
        row[column] = qualified_value(*record, "%");
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

  // The totals over time, gross beside active, with every other pledge metric of the world record in the table
  // of the count chart: totals, disbursement, target progress (breakdowns are the coalition section's).
  std::vector<const host::StoredMetric*> others;
  for (const auto* metric : pledge_metrics)
    if (std::count(shares.begin(), shares.end(), metric->id) == 0 && metric->id.find("_sector_") == std::string::npos &&
        metric->id.find("_type_") == std::string::npos &&
        !coalition_breakdown(std::string_view(metric->id).substr(std::string_view(pledge_prefix).size())) &&
        std::none_of(focus_areas.begin(), focus_areas.end(), [&](const char* f) { return ends_with(metric->id, f); }))
      others.push_back(metric);
  // Each gross total first, its active counterpart after it: "count_active" sorts as "count_gross_active".
  const auto gross_first = [](std::string id) {
    if (const auto at = id.find("_active"); at != std::string::npos) id.insert(at, "_gross");
    return id;
  };
  std::stable_sort(others.begin(), others.end(),
                   [&](const auto* a, const auto* b) { return gross_first(a->id) < gross_first(b->id); });
  Chart totals = gross_active_line(index, "count", world, "Pledges made", "Pledges");
  totals.data.header = {"Year"};
  std::map<int, std::vector<std::string>> by_year;
  for (std::size_t i = 0; i < others.size(); ++i) {
    totals.data.header.push_back(fmt::format("{} ({})", others[i]->title, others[i]->unit));
    for (const auto* record : index.results(others[i]->id, world))
      if (record->value) {
        auto& row = by_year[record->year];
        row.resize(others.size());
        row[i] = qualified_value(*record, others[i]->unit);
      }
  }
  for (auto& [year, row] : by_year) {
    row.resize(others.size());
    row.insert(row.begin(), std::to_string(year));
    totals.data.rows.push_back(row);
  }
  if (!std::get<LineChart>(totals.spec).series.empty() || !totals.data.rows.empty())
    section.charts.push_back(std::move(totals));
  Chart value = gross_active_line(index, "value_usd", world, "Value of the pledges made", "Estimated value");
  if (!std::get<LineChart>(value.spec).series.empty()) section.charts.push_back(std::move(value));
  if (section.charts.empty())
    section.empty_message = "The pledge indicators of this run have no values for the world (WLD) or any region.";
  return section;
}

}  // namespace p2c::report
