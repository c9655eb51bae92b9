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
Chart gross_active_bars(const Index& index, const Locale& locale, const std::vector<GrossActive>& items,
                        const std::string& title, const std::string& unit, const std::string& first_column,
                        std::string metric = "") {
  int year = 0;
  for (const auto& item : items)
    if (const auto* latest = index.latest(item.gross, item.entity)) year = std::max(year, latest->year);
  const bool with_active = std::any_of(items.begin(), items.end(), [&](const GrossActive& item) {
    return !item.active.empty() && index.at(item.active, item.entity, year);
  });
  BarChart bars;
  bars.title = year ? fmt::format("{}, {}", title, year) : title;  // year 0: no value at all
  // Without active bars beside them, the axis says which figures the bars are.
  const bool money = starts_with(unit, "USD");
  bars.x_label = locale.text(with_active ? (money ? "pledges.value" : "pledges.axis_count")
                                         : (money ? "report.pledges.gross_value" : "report.coalition.gross_axis"));
  bars.unit = unit;
  Chart chart{std::move(metric),
              {},
              {{first_column, locale.text("report.pledges.gross_column"), locale.text("report.pledges.active_column"),
                locale.text("table.data_as_of")},
               {}},
              {},
              {}};
  for (const auto& item : items) {
    const auto* gross = index.at(item.gross, item.entity, year);
    const auto* active = item.active.empty() ? nullptr : index.at(item.active, item.entity, year);
    if (!gross && !active) continue;
    if (gross)
      bars.bars.push_back(
          {with_active ? locale.text("report.pledges.bar_gross", {{"item", item.label}}) : item.label, *gross->value});
    if (active) bars.bars.push_back({locale.text("report.pledges.bar_active", {{"item", item.label}}), *active->value});
    chart.data.rows.push_back(
        {item.label, cell(gross, unit, locale), cell(active, unit, locale), std::to_string(year)});
  }
  if (!with_active) drop_column(chart.data, 2);
  chart.spec = std::move(bars);
  return chart;
}

// A line of the gross and the active figure of the world record over the years, labelled which is which.
Chart gross_active_line(const Index& index, const Locale& locale, const std::string& measure, const std::string& world,
                        const std::string& title, const std::string& y_label) {
  const std::string gross = std::string(pledge_prefix) + measure + "_gross";
  LineChart line;
  line.title = title + ", " + world;
  line.y_label = y_label;
  line.unit = unit_of(index, gross, "");
  for (const auto& [basis, label] :
       {std::pair{"gross", "report.pledges.series_gross"}, std::pair{"active", "pledges.active"}}) {
    Series series{basis, locale.text(label), {}, {}};
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

Section pledges_section(const Index& index, const Locale& locale) {
  Section section{"pledges", locale.text("views.pledges.title"), {}, {}, {}};
  std::vector<const host::StoredMetric*> pledge_metrics;
  for (const auto& metric : index.metrics())
    if (starts_with(metric.id, pledge_prefix) && !is_derived(metric.id)) pledge_metrics.push_back(&metric);
  if (pledge_metrics.empty()) {
    section.empty_message = locale.text("report.pledges.none");
    return section;
  }
  section.notes.push_back(locale.text("report.pledges.note"));
  section.notes.push_back(locale.text("report.pledges.note_gross"));
  const std::string world = "WLD";

  // Breakdowns: pledges.count_gross_<focus>, _sector_<s>, _type_<t> and value_usd_gross_...; the active
  // counterpart (count_active_...) is drawn beside when the run has it.
  struct Breakdown {
    std::string title;
    std::vector<GrossActive> count, value;
  };
  std::map<std::string, Breakdown> breakdowns{
      {"1focus", {locale.text("pledges.by_focus"), {}, {}}},
      {"2sector", {locale.text("pledges.by_sector"), {}, {}}},
      {"3type", {locale.text("pledges.by_type"), {}, {}}},
  };
  for (const auto* metric : pledge_metrics) {
    const std::string name = metric->id.substr(std::string_view(pledge_prefix).size());
    for (const std::string measure : {"count", "value_usd"}) {
      const std::string prefix = measure + "_gross_";
      if (!starts_with(name, prefix)) continue;
      const std::string rest = name.substr(prefix.size());
      std::string key = "1focus", label = rest, vocabulary = "report.pledges.focus.";
      if (starts_with(rest, "sector_"))
        key = "2sector", label = rest.substr(7), vocabulary = "sector.";
      else if (starts_with(rest, "type_"))
        key = "3type", label = rest.substr(5), vocabulary = "type.";
      else if (std::find(focus_areas.begin(), focus_areas.end(), rest) == focus_areas.end())
        continue;
      const std::string active = std::string(pledge_prefix) + measure + "_active_" + rest;
      (measure == "count" ? breakdowns[key].count : breakdowns[key].value)
          .push_back({locale.word(vocabulary, label), world, metric->id, active});
    }
  }
  for (const auto& [key, breakdown] : breakdowns) {
    if (!breakdown.count.empty())
      section.charts.push_back(gross_active_bars(
          index, locale, breakdown.count,
          locale.text("report.pledges.breakdown_number", {{"by", breakdown.title}, {"entity", world}}),
          index.metric(breakdown.count.front().gross)->unit, breakdown.title));
    if (!breakdown.value.empty())
      section.charts.push_back(
          gross_active_bars(index, locale, breakdown.value,
                            locale.text("report.pledges.breakdown_value", {{"by", breakdown.title}, {"entity", world}}),
                            index.metric(breakdown.value.front().gross)->unit, breakdown.title));
  }

  // By implementation region: the group records of the totals.
  for (const auto& [measure, what] :
       {std::pair{"count", "pledges.number"}, std::pair{"value_usd", "pledges.estimated_value"}}) {
    const std::string title = locale.text("pledges.by_region_title", {{"what", locale.text(what)}});
    const std::string gross = std::string(pledge_prefix) + measure + "_gross";
    if (!index.metric(gross)) continue;
    std::vector<GrossActive> regions;
    for (const auto& [entity, records] : index.results(gross))
      if (starts_with(entity, "ITU.") || entity == "LDC" || entity == "LLDC" || entity == "SIDS")
        regions.push_back({entity, entity, gross, std::string(pledge_prefix) + measure + "_active"});
    if (regions.empty()) continue;
    section.charts.push_back(gross_active_bars(index, locale, regions, title, index.metric(gross)->unit,
                                               locale.text("report.pledges.region"), gross));
  }

  // Reporting status over time.
  LineChart status;
  status.title = locale.text("pledges.status_title", {{"entity", world}});
  status.y_label = locale.text("pledges.share_axis");
  status.unit = "%";
  Chart status_chart{"", {}, {{locale.text("table.year")}, {}}, {}, {}};
  std::map<int, std::vector<std::string>> rows;
  const std::vector<std::string> shares = {"pledges.reporting_rate", "pledges.share_completed",
                                           "pledges.share_in_progress"};
  std::size_t column = 0;
  for (const auto& id : shares) {
    if (!index.metric(id)) continue;
    Series series{locale.word("pledges.", id.substr(8)), {}, {}, {}};
    for (const auto* record : index.results(id, world))
      if (record->value) {
        series.points.push_back({record->year, *record->value, is_estimated(*record), ""});
        auto& row = rows[record->year];
        row.resize(shares.size());
        row[column] = qualified_value(*record, "%", locale);
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
  Chart totals = gross_active_line(index, locale, "count", world, locale.text("report.pledges.made"),
                                   locale.text("pledges.axis_count"));
  totals.data.header = {locale.text("table.year")};
  std::map<int, std::vector<std::string>> by_year;
  for (std::size_t i = 0; i < others.size(); ++i) {
    totals.data.header.push_back(
        fmt::format("{} ({})", locale.metric(others[i]->id, others[i]->title), locale.unit(others[i]->unit)));
    for (const auto* record : index.results(others[i]->id, world))
      if (record->value) {
        auto& row = by_year[record->year];
        row.resize(others.size());
        row[i] = qualified_value(*record, others[i]->unit, locale);
      }
  }
  for (auto& [year, row] : by_year) {
    row.resize(others.size());
    row.insert(row.begin(), std::to_string(year));
    totals.data.rows.push_back(row);
  }
  if (!std::get<LineChart>(totals.spec).series.empty() || !totals.data.rows.empty())
    section.charts.push_back(std::move(totals));
  Chart value = gross_active_line(index, locale, "value_usd", world, locale.text("report.pledges.value_made"),
                                  locale.text("pledges.value"));
  if (!std::get<LineChart>(value.spec).series.empty()) section.charts.push_back(std::move(value));
  if (section.charts.empty()) section.empty_message = locale.text("report.pledges.no_values");
  return section;
}

}  // namespace p2c::report
