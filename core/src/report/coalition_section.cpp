// The report's "Coalition progress" section: the coalition's key figures in the order of the Partner2Connect annual
// report's key findings (headline figures, then short breakdowns), all read from the world (WLD) record of the
// `pledges` indicator. A figure the run lacks is said to be withheld, with the reason, and never drawn as 0.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include "pledges/reporting_calendar.h"
#include "pledges/vocabulary_words.h"
#include "report/figure_card.h"
#include "report/record_text.h"
#include "report/section_helpers.h"

namespace p2c::report {
namespace {

constexpr std::string_view world = "WLD";

std::string pledge_metric(std::string_view name) { return std::string(pledge_prefix) + std::string(name); }

Card card(const Index& index, std::string_view name, std::string label) {
  return figure_card(index, pledge_metric(name), world, std::move(label));
}

std::vector<Card> headline_cards(const Index& index) {
  std::vector<Card> cards;
  for (const auto& [name, label] : std::initializer_list<std::pair<const char*, const char*>>{
           {"count_gross", "Pledges, gross"},
           {"count_active", "Pledges, active"},
           {"value_usd_gross", "Estimated value, gross"},
           {"value_usd_active", "Estimated value, active"},
           {"entities_gross", "Pledging entities, gross"},
           {"entities_active", "Pledging entities, active"},
           {"origin_economies_gross", "Economies pledging, gross"},
           {"implementation_economies_gross", "Economies reached, gross"},
           {"implementation_economies_active", "Economies reached, active"}})
    cards.push_back(card(index, name, label));
  for (const auto& [group, name] : {std::pair{"ldc", "LDCs"}, std::pair{"lldc", "LLDCs"}, std::pair{"sids", "SIDS"}}) {
    cards.push_back(card(index, fmt::format("share_count_gross_{}", group), fmt::format("Pledges targeting {}", name)));
    cards.push_back(card(index, fmt::format("share_value_gross_{}", group), fmt::format("Value targeting {}", name)));
  }
  for (const auto& [name, label] : std::initializer_list<std::pair<const char*, const char*>>{
           {"share_with_targets", "Pledges with measurable targets"},
           {"reporting_rate", "Reporting rate"},
           {"reporting_on_time_rate", "Reporting on time"},
           {"targets_met_share", "Targets met"},
           {"pledge_progress_mean", "Mean progress toward targets"}})
    cards.push_back(card(index, name, label));
  return cards;
}

struct Item {
  std::string label;
  std::string id;
};

// The latest year any of the items has a published world value; 0 when none has.
int latest_year(const Index& index, const std::vector<Item>& items) {
  int year = 0;
  for (const auto& item : items)
    if (const auto* latest = index.latest(item.id, world)) year = std::max(year, latest->year);
  return year;
}

// A short list as bars: every item's world value at the latest year any of them has one. The table under the chart
// lists every item; one without a published value that year is listed as withheld, with the reason, and not drawn.
Chart list_chart(const Index& index, const std::vector<Item>& items, const std::string& title,
                 const std::string& first_column, const std::string& x_label) {
  const int year = latest_year(index, items);
  BarChart bars;
  bars.title = year ? fmt::format("{}, {}, {}", title, world, year) : fmt::format("{}, {}", title, world);
  bars.x_label = x_label;
  for (const auto& item : items)
    if (const auto* metric = index.metric(item.id)) {
      bars.unit = metric->unit;
      break;
    }
  Chart chart{"", {}, {}, {{first_column, "Value", "Data as of"}, {}}, {}};
  for (const auto& item : items) {
    const Figure f = figure(index, item.id, world, year);
    // Bars share one axis: a figure in another unit is listed, not drawn against it.
    if (f.record && f.unit == bars.unit) bars.bars.push_back({item.label, *f.record->value});
    if (f.record && f.unit != bars.unit)
      chart.notes.push_back(
          fmt::format("{} is in {}, not {}: listed in the table, not drawn.", item.label, f.unit, bars.unit));
    chart.summary.rows.push_back({item.label, f.text(), f.year ? std::to_string(f.year) : ""});
  }
  chart.spec = std::move(bars);
  return chart;
}

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// New pledges per year beside the cumulative total, with the values in the table.
Chart new_and_cumulative(const Index& index) {
  LineChart line;
  line.title = fmt::format("New pledges per year and pledges made to date, {}", world);
  line.y_label = "Pledges";
  const std::vector<Item> columns = {{"New pledges", pledge_metric("count_new")},
                                     {"Pledges to date, gross", pledge_metric("count_gross")},
                                     {"Value of new pledges", pledge_metric("value_usd_new")},
                                     {"Value to date, gross", pledge_metric("value_usd_gross")}};
  std::set<int> years;
  for (const auto& column : columns)
    for (const auto* record : index.results(column.id, world)) years.insert(record->year);
  for (std::size_t i = 0; i < 2; ++i) {
    Series series{i == 0 ? "new in the year" : "made to date, gross", {}, {}, {}};
    for (const auto* record : index.results(columns[i].id, world)) {
      if (record->value)
        series.points.push_back({record->year, *record->value, is_estimated(*record), ""});
      else if (is_withheld(*record))
        series.withheld.push_back(record->year);
    }
    if (const auto* metric = index.metric(columns[i].id)) line.unit = metric->unit;
    if (!series.points.empty() || !series.withheld.empty()) line.series.push_back(std::move(series));
  }
  Chart chart{pledge_metric("count_new"), {}, {{"Year"}, {}}, {}, {}};
  for (const auto& column : columns) chart.data.header.push_back(column.label);
  for (const int year : years) {
    std::vector<std::string> row{std::to_string(year)};
    for (const auto& column : columns) row.push_back(figure(index, column.id, world, year).text());
    chart.data.rows.push_back(std::move(row));
  }
  chart.spec = std::move(line);
  return chart;
}

// Targets and actuals per measure: their units differ, so one table lists them all and each measure with a value
// gets a chart of its own, beside the shares of pledges with targets, of targets met and the mean progress.
std::vector<Chart> target_charts(const Index& index) {
  std::vector<Item> all;
  for (const auto measure : pledges::words::kMeasures) {
    all.push_back({words(measure), pledge_metric(fmt::format("targets_{}", measure))});
    all.push_back({words(measure), pledge_metric(fmt::format("actuals_{}", measure))});
  }
  const int year = latest_year(index, all);
  Chart overview = list_chart(index,
                              {{"pledges with targets", pledge_metric("share_with_targets")},
                               {"targets met", pledge_metric("targets_met_share")},
                               {"mean progress toward targets", pledge_metric("pledge_progress_mean")}},
                              "Pledges with measurable targets", "Figure", "Share");
  overview.metric = pledge_metric("share_with_targets");
  Table measures{{"Measure", "Unit", "Targets pledged", "Actuals reported", "Data as of"}, {}};
  std::vector<Chart> charts;
  for (const auto measure : pledges::words::kMeasures) {
    const std::string targets = pledge_metric(fmt::format("targets_{}", measure));
    const std::string actuals = pledge_metric(fmt::format("actuals_{}", measure));
    const Figure target = figure(index, targets, world, year), actual = figure(index, actuals, world, year);
    const std::string unit = !target.unit.empty() ? target.unit : actual.unit;
    const int as_of = std::max(target.year, actual.year);
    measures.rows.push_back({words(measure), unit, target.text(), actual.text(), as_of ? std::to_string(as_of) : ""});
    if (!target.record && !actual.record) continue;
    BarChart bars;
    bars.title = fmt::format("Targets pledged and actuals reported: {}, {}, {}", words(measure), world, year);
    bars.x_label = "Total";
    bars.unit = unit;
    Chart chart{targets, {}, {{"Figure", "Value", "Data as of"}, {}}, {}, {}};
    for (const auto& [label, f] : {std::pair{"targets pledged", &target}, std::pair{"actuals reported", &actual}}) {
      if (f->record && f->unit == unit) bars.bars.push_back({label, *f->record->value});
      chart.data.rows.push_back({label, f->text(), f->year ? std::to_string(f->year) : ""});
    }
    chart.spec = std::move(bars);
    charts.push_back(std::move(chart));
  }
  // The bars' figures are also headline cards; the table people read here is the one of every measure.
  overview.data = std::move(overview.summary);
  overview.summary = std::move(measures);
  overview.notes.push_back(
      "Targets and actuals are totals per measure over the pledges with targets, each in the measure's unit "
      "(docs/indicators.md, \"Pledges\", defines them). The table lists every measure of the vocabulary; the "
      "charts after it draw those with a value.");
  charts.insert(charts.begin(), std::move(overview));
  return charts;
}

}  // namespace

Section coalition_section(const Index& index) {
  Section section{"coalition-progress", "Coalition progress", {}, {}, {}};
  const bool any = std::any_of(index.metrics().begin(), index.metrics().end(),
                               [](const host::StoredMetric& metric) { return starts_with(metric.id, pledge_prefix); });
  if (!any) {
    section.empty_message =
        "There are no pledge indicators in this run: the config has no `pledges` indicator instance (metrics "
        "`pledges.*`).";
    return section;
  }
  section.notes.push_back(
      "The coalition's key figures, as the Partner2Connect annual report gives them, from the pledge registry "
      "configured in the [pledges] section of the config. The registry bundled with p2c is an illustrative sample, "
      "not ITU data: replace it with the coalition's registry before reading these figures as facts.");
  section.notes.push_back(
      "Each figure is the world (WLD) value of the pledges indicator with the year it is from (data as of) and "
      "whether it is observed or estimated. Gross figures count every pledge made by then, withdrawn ones included, "
      "as ITU reports them; active ones leave the withdrawn out. A figure this run does not have is shown as "
      "withheld, with the reason, and is not drawn.");
  section.cards = headline_cards(index);

  std::vector<Item> sectors, focus, sdgs, wsis, campaigns, beneficiaries, states, sector_rates, groups;
  for (const auto sector : pledges::words::kSectors)
    sectors.push_back({words(sector), pledge_metric(fmt::format("count_gross_sector_{}", sector))});
  for (const char* area : focus_areas)
    focus.push_back({focus_title(area), pledge_metric(fmt::format("count_gross_{}", area))});
  for (int goal = 1; goal <= 17; ++goal)
    sdgs.push_back({fmt::format("SDG {}", goal), pledge_metric(fmt::format("count_gross_sdg_{}", goal))});
  for (const auto line : pledges::words::kWsisLines) {
    std::string code(line);
    for (char& c : code) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    wsis.push_back({std::string(line), pledge_metric("count_gross_wsis_" + code)});
  }
  for (const auto campaign : pledges::words::kCampaigns)
    campaigns.push_back({words(campaign), pledge_metric(fmt::format("count_gross_campaign_{}", campaign))});
  for (const auto group : pledges::words::kBeneficiaries)
    beneficiaries.push_back({words(group), pledge_metric(fmt::format("share_beneficiary_{}", group))});
  for (const auto state : pledges::kReportingStates)
    states.push_back({words(state), pledge_metric(fmt::format("count_reporting_{}", state))});
  for (const auto sector : pledges::words::kSectors) {
    sector_rates.push_back(
        {fmt::format("{}, reporting", words(sector)), pledge_metric(fmt::format("reporting_rate_sector_{}", sector))});
    sector_rates.push_back({fmt::format("{}, on time", words(sector)),
                            pledge_metric(fmt::format("reporting_on_time_rate_sector_{}", sector))});
  }
  for (const char* group : {"ldc", "lldc", "sids"})
    for (const char* basis : {"gross", "active"})
      for (const auto& [measure, what] : {std::pair{"count", "pledges"}, std::pair{"value", "value"}})
        groups.push_back({fmt::format("{}, {} ({})", upper(group), what, basis),
                          pledge_metric(fmt::format("share_{}_{}_{}", measure, basis, group))});

  section.charts.push_back(list_chart(index, sectors, "Pledges by sector", "Sector", "Gross pledges"));
  section.charts.push_back(list_chart(index, focus, "Pledges by focus area", "Focus area", "Gross pledges"));
  section.charts.push_back(list_chart(index, groups, "Pledges and value targeting LDCs, LLDCs and SIDS", "Group",
                                      "Share of pledges or of their value"));
  section.charts.push_back(list_chart(index, sdgs, "Pledges by SDG", "SDG", "Gross pledges"));
  section.charts.push_back(list_chart(index, wsis, "Pledges by WSIS action line", "Action line", "Gross pledges"));
  section.charts.push_back(list_chart(index, campaigns, "Pledges by campaign", "Campaign", "Gross pledges"));
  section.charts.push_back(
      list_chart(index, beneficiaries, "Pledges naming a beneficiary group", "Beneficiary group", "Share of pledges"));
  section.charts.push_back(new_and_cumulative(index));
  section.charts.push_back(list_chart(index, states, "Pledges by reporting state", "Reporting state", "Pledges"));
  section.charts.push_back(list_chart(index, sector_rates, "Reporting rate by sector", "Sector", "Reporting rate"));
  for (auto& chart : target_charts(index)) section.charts.push_back(std::move(chart));
  return section;
}

}  // namespace p2c::report
