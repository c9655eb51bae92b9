// The report's "Coalition progress" section: the coalition's key figures in the order of the Partner2Connect annual
// report's key findings (headline figures, then short breakdowns), all read from the world (WLD) record of the
// `pledges` indicator. A figure the run lacks is said to be withheld, with the reason, and never drawn as 0.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include "p2c/pledges/reporting_calendar.h"
#include "p2c/pledges/vocabulary_words.h"
#include "report/figure_card.h"
#include "report/record_text.h"
#include "report/section_helpers.h"

namespace p2c::report {
namespace {

constexpr std::string_view world = "WLD";

std::string pledge_metric(std::string_view name) { return std::string(pledge_prefix) + std::string(name); }

// Each card's label is a message of its own ("report.coalition.card.<metric name>"): a label is a phrase whose
// word order is the language's, not a metric name with "gross" appended.
std::vector<Card> headline_cards(const Index& index, const Locale& locale) {
  std::vector<Card> cards;
  for (const char* name : {"count_gross",
                           "count_active",
                           "value_usd_gross",
                           "value_usd_active",
                           "entities_gross",
                           "entities_active",
                           "origin_economies_gross",
                           "implementation_economies_gross",
                           "implementation_economies_active",
                           "share_count_gross_ldc",
                           "share_value_gross_ldc",
                           "share_count_gross_lldc",
                           "share_value_gross_lldc",
                           "share_count_gross_sids",
                           "share_value_gross_sids",
                           "share_with_targets",
                           "reporting_rate",
                           "reporting_on_time_rate",
                           "targets_met_share",
                           "pledge_progress_mean"})
    cards.push_back(figure_card(index, locale, pledge_metric(name), world,
                                locale.text(fmt::format("report.coalition.card.{}", name))));
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
Chart list_chart(const Index& index, const Locale& locale, const std::vector<Item>& items, const std::string& title,
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
  Chart chart{"", {}, {}, {{first_column, locale.text("table.value"), locale.text("table.data_as_of")}, {}}, {}};
  for (const auto& item : items) {
    const Figure f = figure(index, locale, item.id, world, year);
    // Bars share one axis: a figure in another unit is listed, not drawn against it.
    if (f.record && f.unit == bars.unit) bars.bars.push_back({item.label, *f.record->value});
    if (f.record && f.unit != bars.unit)
      chart.notes.push_back(
          locale.text("report.coalition.other_unit",
                      {{"item", item.label}, {"unit", locale.unit(f.unit)}, {"axis_unit", locale.unit(bars.unit)}}));
    chart.summary.rows.push_back({item.label, f.text(locale), f.year ? std::to_string(f.year) : ""});
  }
  chart.spec = std::move(bars);
  return chart;
}

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// New pledges per year beside the cumulative total, with the values in the table.
Chart new_and_cumulative(const Index& index, const Locale& locale) {
  LineChart line;
  line.title = locale.text("report.coalition.new_title", {{"entity", std::string(world)}});
  line.y_label = locale.text("pledges.axis_count");
  const std::vector<Item> columns = {{locale.text("report.coalition.new"), pledge_metric("count_new")},
                                     {locale.text("report.coalition.to_date"), pledge_metric("count_gross")},
                                     {locale.text("report.coalition.new_value"), pledge_metric("value_usd_new")},
                                     {locale.text("report.coalition.value_to_date"), pledge_metric("value_usd_gross")}};
  std::set<int> years;
  for (const auto& column : columns)
    for (const auto* record : index.results(column.id, world)) years.insert(record->year);
  for (std::size_t i = 0; i < 2; ++i) {
    Series series{locale.text(i == 0 ? "report.coalition.series_new" : "report.coalition.series_to_date"), {}, {}, {}};
    for (const auto* record : index.results(columns[i].id, world)) {
      if (record->value)
        series.points.push_back({record->year, *record->value, is_estimated(*record), ""});
      else if (is_withheld(*record))
        series.withheld.push_back(record->year);
    }
    if (const auto* metric = index.metric(columns[i].id)) line.unit = metric->unit;
    if (!series.points.empty() || !series.withheld.empty()) line.series.push_back(std::move(series));
  }
  Chart chart{pledge_metric("count_new"), {}, {{locale.text("table.year")}, {}}, {}, {}};
  for (const auto& column : columns) chart.data.header.push_back(column.label);
  for (const int year : years) {
    std::vector<std::string> row{std::to_string(year)};
    for (const auto& column : columns) row.push_back(figure(index, locale, column.id, world, year).text(locale));
    chart.data.rows.push_back(std::move(row));
  }
  chart.spec = std::move(line);
  return chart;
}

// Targets and actuals per measure: their units differ, so one table lists them all and each measure with a value
// gets a chart of its own, beside the shares of pledges with targets, of targets met and the mean progress.
std::vector<Chart> target_charts(const Index& index, const Locale& locale) {
  std::vector<Item> all;
  for (const auto measure : pledges::words::kMeasures) {
    all.push_back({"", pledge_metric(fmt::format("targets_{}", measure))});
    all.push_back({"", pledge_metric(fmt::format("actuals_{}", measure))});
  }
  const int year = latest_year(index, all);
  Chart overview = list_chart(index, locale,
                              {{locale.text("report.coalition.with_targets_item"), pledge_metric("share_with_targets")},
                               {locale.text("report.coalition.targets_met_item"), pledge_metric("targets_met_share")},
                               {locale.text("report.coalition.progress_item"), pledge_metric("pledge_progress_mean")}},
                              locale.text("report.coalition.card.share_with_targets"), locale.text("profile.figure"),
                              locale.text("report.coalition.share_axis"));
  overview.metric = pledge_metric("share_with_targets");
  Table measures{{locale.text("report.coalition.measure"), locale.text("report.coalition.unit"),
                  locale.text("report.coalition.targets_pledged"), locale.text("report.coalition.actuals_reported"),
                  locale.text("table.data_as_of")},
                 {}};
  std::vector<Chart> charts;
  for (const auto measure : pledges::words::kMeasures) {
    const std::string targets = pledge_metric(fmt::format("targets_{}", measure));
    const std::string actuals = pledge_metric(fmt::format("actuals_{}", measure));
    const Figure target = figure(index, locale, targets, world, year);
    const Figure actual = figure(index, locale, actuals, world, year);
    const std::string unit = !target.unit.empty() ? target.unit : actual.unit;
    const int as_of = std::max(target.year, actual.year);
    const std::string name = locale.word("report.measure.", measure);
    measures.rows.push_back(
        {name, locale.unit(unit), target.text(locale), actual.text(locale), as_of ? std::to_string(as_of) : ""});
    if (!target.record && !actual.record) continue;
    BarChart bars;
    bars.title = locale.text("report.coalition.measure_title",
                             {{"measure", name}, {"entity", std::string(world)}, {"year", std::to_string(year)}});
    bars.x_label = locale.text("report.coalition.total");
    bars.unit = unit;
    Chart chart{targets,
                {},
                {{locale.text("profile.figure"), locale.text("table.value"), locale.text("table.data_as_of")}, {}},
                {},
                {}};
    for (const auto& [key, f] :
         {std::pair{"report.coalition.targets_item", &target}, std::pair{"report.coalition.actuals_item", &actual}}) {
      const std::string label = locale.text(key);
      if (f->record && f->unit == unit) bars.bars.push_back({label, *f->record->value});
      chart.data.rows.push_back({label, f->text(locale), f->year ? std::to_string(f->year) : ""});
    }
    chart.spec = std::move(bars);
    charts.push_back(std::move(chart));
  }
  // The bars' figures are also headline cards; the table people read here is the one of every measure.
  overview.data = std::move(overview.summary);
  overview.summary = std::move(measures);
  overview.notes.push_back(locale.text("report.coalition.targets_note"));
  charts.insert(charts.begin(), std::move(overview));
  return charts;
}

}  // namespace

Section coalition_section(const Index& index, const Locale& locale) {
  Section section{"coalition-progress", locale.text("report.coalition.title"), {}, {}, {}};
  const bool any = std::any_of(index.metrics().begin(), index.metrics().end(),
                               [](const host::StoredMetric& metric) { return starts_with(metric.id, pledge_prefix); });
  if (!any) {
    section.empty_message = locale.text("report.pledges.none");
    return section;
  }
  section.notes.push_back(locale.text("report.coalition.note"));
  section.notes.push_back(locale.text("report.coalition.note_figures"));
  section.cards = headline_cards(index, locale);

  std::vector<Item> sectors, focus, sdgs, wsis, campaigns, beneficiaries, states, sector_rates, groups;
  for (const auto sector : pledges::words::kSectors)
    sectors.push_back({locale.word("sector.", sector), pledge_metric(fmt::format("count_gross_sector_{}", sector))});
  for (const char* area : focus_areas)
    focus.push_back({focus_title(area, locale), pledge_metric(fmt::format("count_gross_{}", area))});
  for (int goal = 1; goal <= 17; ++goal)
    sdgs.push_back({locale.text("report.coalition.sdg", {{"goal", std::to_string(goal)}}),
                    pledge_metric(fmt::format("count_gross_sdg_{}", goal))});
  for (const auto line : pledges::words::kWsisLines) {
    std::string code(line);
    for (char& c : code) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    wsis.push_back({std::string(line), pledge_metric("count_gross_wsis_" + code)});
  }
  for (const auto campaign : pledges::words::kCampaigns)
    campaigns.push_back(
        {locale.word("report.campaign.", campaign), pledge_metric(fmt::format("count_gross_campaign_{}", campaign))});
  for (const auto group : pledges::words::kBeneficiaries)
    beneficiaries.push_back(
        {locale.word("report.beneficiary.", group), pledge_metric(fmt::format("share_beneficiary_{}", group))});
  for (const auto state : pledges::kReportingStates)
    states.push_back(
        {locale.word("report.reporting_state.", state), pledge_metric(fmt::format("count_reporting_{}", state))});
  for (const auto sector : pledges::words::kSectors) {
    const std::string name = locale.word("sector.", sector);
    sector_rates.push_back({locale.text("report.coalition.sector_reporting", {{"sector", name}}),
                            pledge_metric(fmt::format("reporting_rate_sector_{}", sector))});
    sector_rates.push_back({locale.text("report.coalition.sector_on_time", {{"sector", name}}),
                            pledge_metric(fmt::format("reporting_on_time_rate_sector_{}", sector))});
  }
  // One message per kind of item: "LDCs, pledges (gross)" is a phrase whose order the language decides.
  for (const char* group : {"ldc", "lldc", "sids"})
    for (const char* basis : {"gross", "active"})
      for (const char* measure : {"count", "value"})
        groups.push_back(
            {locale.text(fmt::format("report.coalition.share_{}_{}", measure, basis), {{"group", upper(group)}}),
             pledge_metric(fmt::format("share_{}_{}_{}", measure, basis, group))});

  const std::string gross_pledges = locale.text("report.coalition.gross_axis");
  const auto add = [&](const std::vector<Item>& items, const char* title, const char* column, std::string axis) {
    section.charts.push_back(list_chart(index, locale, items, locale.text(title), locale.text(column), axis));
  };
  add(sectors, "pledges.by_sector", "report.coalition.sector", gross_pledges);
  add(focus, "pledges.by_focus", "filters.focus", gross_pledges);
  add(groups, "report.coalition.by_group", "report.table.group", locale.text("report.coalition.share_either_axis"));
  add(sdgs, "report.coalition.by_sdg", "report.coalition.sdg_column", gross_pledges);
  add(wsis, "report.coalition.by_wsis", "report.coalition.wsis_column", gross_pledges);
  add(campaigns, "report.coalition.by_campaign", "report.coalition.campaign", gross_pledges);
  add(beneficiaries, "report.coalition.by_beneficiary", "report.coalition.beneficiary",
      locale.text("pledges.share_axis"));
  section.charts.push_back(new_and_cumulative(index, locale));
  add(states, "report.coalition.by_state", "report.coalition.state", locale.text("pledges.axis_count"));
  add(sector_rates, "report.coalition.rate_by_sector", "report.coalition.sector",
      locale.text("report.coalition.rate_axis"));
  for (auto& chart : target_charts(index, locale)) section.charts.push_back(std::move(chart));
  return section;
}

}  // namespace p2c::report
