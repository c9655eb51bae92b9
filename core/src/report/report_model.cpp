#include "report/report_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "report/figure_card.h"
#include "report/record_text.h"
#include "report/report_index.h"
#include "report/section_helpers.h"

namespace p2c::report {
namespace {

constexpr std::size_t furthest_count = 15;
constexpr int max_band_code = 100;  ///< bands of a metric are numbered 0..this at most

// Group values of a metric over the years, the target as a dashed line, and per group the latest published
// value with its year, observed coverage, status, gap and projection. Withheld values are no points; the data
// table lists every year, withheld ones with their reason.
Chart progress_chart(const Index& index, const Locale& locale, const host::StoredMetric& metric,
                     const std::vector<std::string>& entities, const EntityNames& names) {
  const auto name = [&](const std::string& code) {
    const auto found = names.find(code);
    return found == names.end() ? code : found->second;
  };
  LineChart line;
  line.title = locale.metric(metric.id, metric.title);
  line.y_label = axis_label(line.title, locale);
  line.unit = metric.unit;
  line.target = metric.target;
  if (metric.target)
    line.target_label = locale.text("chart.target_year", {{"year", std::to_string(metric.target_year)}});

  const std::string gap_unit = unit_of(index, metric.id + ".gap", metric.unit);
  Chart chart{metric.id, {}, {}, {}, {}};
  chart.summary.header = {locale.text("report.table.group"),
                          locale.text("table.latest"),
                          locale.text("table.data_as_of"),
                          locale.text("report.table.observed_coverage"),
                          locale.text("table.status"),
                          locale.text("furthest.axis"),
                          locale.text("report.table.projection", {{"year", std::to_string(metric.target_year)}}),
                          locale.text("report.table.withheld_years")};
  std::map<int, std::map<std::string, std::string>> by_year;
  std::vector<std::string> shown;
  bool any_withheld = false;
  for (const auto& group : entities) {
    Series series{group, "", {}, {}};
    bool any_record = false;
    for (const auto* record : index.results(metric.id, group)) {
      if (record->value) {
        series.points.push_back(
            {record->year, *record->value, is_estimated(*record),
             record->coverage ? locale.text("coverage.observed", {{"members", observed_coverage(*record, locale)}})
                              : ""});
      } else if (is_withheld(*record)) {
        series.withheld.push_back(record->year);
      }
      by_year[record->year][group] = value_text(*record, metric.unit, locale);
      any_record = true;
    }
    if (!any_record) continue;
    any_withheld = any_withheld || !series.withheld.empty();
    const auto* status = index.status_record(metric.id, group);
    series.label = name(group);
    if (status) series.status = locale.word("status.", status->status);
    series.panel = locale.text(group.starts_with("ITU.")  ? "chart.panel_itu"
                               : group.starts_with("WB.") ? "chart.panel_income"
                                                          : "chart.panel_un");
    const auto* latest = index.latest(metric.id, group);
    chart.summary.rows.push_back(
        {name(group), latest ? qualified_value(*latest, metric.unit, locale) : locale.text("table.none_published"),
         latest ? std::to_string(latest->year) : "", latest ? observed_coverage(*latest, locale) : "",
         status_text(status, locale), cell(index.latest(metric.id + ".gap", group), gap_unit, locale),
         cell(index.latest(metric.id + ".projection", group), metric.unit, locale), year_ranges(series.withheld)});
    shown.push_back(group);
    line.series.push_back(std::move(series));
  }
  if (!any_withheld) drop_column(chart.summary, chart.summary.header.size() - 1);
  chart.data.header = {locale.text("table.year")};
  for (const auto& code : shown) chart.data.header.push_back(name(code));
  for (const auto& [year, values] : by_year) {
    std::vector<std::string> row{std::to_string(year)};
    for (const auto& group : shown) {
      const auto found = values.find(group);
      row.push_back(found == values.end() ? "" : found->second);
    }
    chart.data.rows.push_back(std::move(row));
  }
  chart.spec = std::move(line);
  return chart;
}

// What a section of progress charts is about, for its messages: the focus area or the SDG indicator, named by
// `placeholder` in the messages `no_target` and `no_values`, whose word order is the language's.
struct ProgressTopic {
  std::string_view placeholder, name, no_target, no_values;
};

// Charts of the given metrics: those with a target; when none has one, the group values of all of them.
void add_progress_charts(const Index& index, const Locale& locale,
                         const std::vector<const host::StoredMetric*>& candidates, Section& section,
                         const ProgressTopic& topic, const EntityNames& names) {
  std::vector<const host::StoredMetric*> targeted, plain;
  for (const auto* metric : candidates) {
    if (!index.has_group_values(metric->id)) continue;
    (metric->target ? targeted : plain).push_back(metric);
  }
  if (targeted.empty() && !plain.empty())
    section.notes.push_back(locale.text(topic.no_target, {{topic.placeholder, std::string(topic.name)},
                                                          {"year", std::to_string(plain.front()->target_year)}}));
  for (const auto* metric : targeted.empty() ? plain : targeted)
    section.charts.push_back(progress_chart(index, locale, *metric, chart_groups(), names));
  if (section.charts.empty())
    section.empty_message = locale.text(topic.no_values, {{topic.placeholder, std::string(topic.name)}});
}

Section focus_section(const Index& index, const Locale& locale, const std::string& focus, const EntityNames& names) {
  const std::string name = focus_title(focus, locale);
  Section section{"focus-" + std::string(focus),
                  locale.text("progress.focus_heading", {{"focus", name}}),
                  {locale.text("report.progress.note")},
                  {},
                  {}};
  std::replace(section.id.begin(), section.id.end(), '_', '-');
  std::vector<const host::StoredMetric*> candidates;
  for (const auto& metric : index.metrics())
    if (metric.focus_area == focus && !is_derived(metric.id) && !starts_with(metric.id, pledge_prefix))
      candidates.push_back(&metric);
  add_progress_charts(index, locale, candidates, section,
                      {"focus", name, "report.focus.no_target", "report.focus.no_values"}, names);
  return section;
}

std::vector<Section> sdg_sections(const Index& index, const Locale& locale, const EntityNames& names) {
  std::set<std::string> indicators;
  for (const auto& metric : index.metrics())
    if (!is_derived(metric.id)) indicators.insert(metric.sdg_indicators.begin(), metric.sdg_indicators.end());
  std::vector<Section> sections;
  for (const auto& indicator : indicators) {
    Section section{"sdg-" + indicator,
                    locale.text("progress.sdg_heading", {{"indicator", indicator}}),
                    {locale.text("report.progress.note")},
                    {},
                    {}};
    std::vector<const host::StoredMetric*> candidates;
    for (const auto& metric : index.metrics())
      if (!is_derived(metric.id) && std::count(metric.sdg_indicators.begin(), metric.sdg_indicators.end(), indicator))
        candidates.push_back(&metric);
    add_progress_charts(index, locale, candidates, section,
                        {"indicator", indicator, "report.sdg.no_target", "report.sdg.no_values"}, names);
    sections.push_back(std::move(section));
  }
  if (sections.empty())
    sections.push_back({"sdg-none", locale.text("views.sdg_indicators"), {}, {}, locale.text("report.sdg.none")});
  return sections;
}

// The economies a gap ranking leaves out: those with status insufficient data and no gap (their latest value is
// too old to say where they stand). Said under the chart, so that a short list is not read as the whole picture.
std::string unranked_note(const Index& index, const Locale& locale, const host::StoredMetric& metric,
                          const std::string& gap_id) {
  constexpr std::size_t named = 10;
  std::vector<std::string> unranked;
  for (const auto& [entity, records] : index.results(metric.id)) {
    const auto* status = index.status_record(metric.id, entity);
    if (!status || status->entity_kind != "economy" || status->status != "insufficient_data") continue;
    if (index.latest(gap_id, entity)) continue;
    // The status rests on the latest observed value; later estimates do not make the data newer.
    unranked.push_back(
        locale.text("report.furthest.unranked_item", {{"entity", entity}, {"year", std::to_string(status->year)}}));
  }
  if (unranked.empty()) return "";
  std::string list;
  for (std::size_t i = 0; i < unranked.size() && i < named; ++i) list += (i ? ", " : "") + unranked[i];
  if (unranked.size() > named)
    list =
        locale.text("report.furthest.and_more", {{"list", list}, {"count", std::to_string(unranked.size() - named)}});
  return locale.text(unranked.size() == 1 ? "report.furthest.unranked_one" : "report.furthest.unranked",
                     {{"count", std::to_string(unranked.size())}, {"list", list}});
}

Section furthest_section(const Index& index, const Locale& locale) {
  Section section{"furthest-from-target", locale.text("views.furthest"), {}, {}, {}};
  section.notes.push_back(locale.text("report.furthest.note", {{"count", std::to_string(furthest_count)}}));
  for (const auto& metric : index.metrics()) {
    if (!metric.target || is_derived(metric.id)) continue;
    const std::string gap_id = metric.id + ".gap";
    std::vector<const host::StoredResult*> gaps;
    for (const auto& [entity, records] : index.results(gap_id))
      for (const auto* record : records)
        if (record->entity_kind == "economy" && record->value && *record->value > 0) gaps.push_back(record);
    if (gaps.empty()) continue;
    std::stable_sort(gaps.begin(), gaps.end(), [](auto* a, auto* b) { return *a->value > *b->value; });
    if (gaps.size() > furthest_count) gaps.resize(furthest_count);
    const std::string unit = unit_of(index, gap_id, metric.unit);
    BarChart bars;
    bars.title = locale.text("furthest.title", {{"title", locale.metric(metric.id, metric.title)},
                                                {"year", std::to_string(metric.target_year)}});
    bars.x_label = locale.text("furthest.axis");
    bars.unit = unit;
    Chart chart{gap_id,
                {},
                {{locale.text("table.economy"), locale.text("table.data_as_of"),
                  locale.text("report.table.latest_value"), locale.text("furthest.axis"), locale.text("table.status")},
                 {}},
                {},
                {}};
    for (const auto* gap : gaps) {
      bars.bars.push_back({fmt::format("{} ({})", gap->entity, gap->year), *gap->value});
      const auto* latest = index.at(metric.id, gap->entity, gap->year);
      chart.data.rows.push_back({gap->entity, std::to_string(gap->year),
                                 latest ? qualified_value(*latest, metric.unit, locale) : "",
                                 format_value(*gap->value, unit, locale), status_text(gap, locale, "")});
    }
    if (auto note = unranked_note(index, locale, metric, gap_id); !note.empty()) chart.notes.push_back(std::move(note));
    chart.spec = std::move(bars);
    section.charts.push_back(std::move(chart));
  }
  if (section.charts.empty()) section.empty_message = locale.text("report.furthest.none");
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

Section umc_section(const Index& index, const Locale& locale) {
  Section section{"umc-bands", locale.text("views.umc.title"), {}, {}, {}};
  section.notes.push_back(locale.text("report.umc.note"));
  StackedBarChart stacked;
  stacked.title = locale.text("umc.title");
  stacked.x_label = locale.text("umc.axis");
  Chart chart{"", {}, {{locale.text("report.table.dimension")}, {}}, {}, {}};
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
      // Band codes are small whole numbers; any other value is not a band and is not counted as one.
      const double band = *latest->value;
      if (!(band >= 0 && band <= max_band_code) || band != std::floor(band)) continue;
      ++count[static_cast<int>(band)];
      first = first == 0 ? latest->year : std::min(first, latest->year);
      last = std::max(last, latest->year);
    }
    if (count.empty()) continue;
    for (const auto& [code, name] : band_names(locale.unit(metric.unit))) names.emplace(code, name);
    for (const auto& [code, n] : count) names.emplace(code, locale.text("umc.band", {{"band", std::to_string(code)}}));
    counts.emplace_back(&metric, std::move(count));
    years.emplace_back(first, last);
  }
  if (counts.empty()) {
    section.empty_message = locale.text("report.umc.none");
    return section;
  }
  for (const auto& [code, name] : names) {
    stacked.segments.push_back(fmt::format("{} {}", code, name));
    chart.data.header.push_back(fmt::format("{} {}", code, name));
  }
  chart.data.header.insert(chart.data.header.end(), {locale.text("umc.axis"), locale.text("table.data_as_of")});
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const auto& [metric, count] = counts[i];
    const std::string dimension = metric->id.substr(metric->id.find(".band_") + 6);
    StackedBar bar{locale.word("report.umc.dimension.", dimension), {}};
    std::vector<std::string> row{bar.label};
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

Section idi_section(const Index& index, const Locale& locale) {
  Section section{"idi-by-group", locale.text("views.idi.title"), {}, {}, {}};
  const host::StoredMetric* score = nullptr;
  for (const auto& metric : index.metrics())
    if (metric.plugin == "idi" && ends_with(metric.id, ".score")) score = &metric;
  if (!score || !index.has_group_values(score->id)) {
    section.empty_message = locale.text("report.idi.none");
    return section;
  }
  const std::string prefix = score->id.substr(0, score->id.size() - std::string_view(".score").size());
  section.notes.push_back(locale.text("report.idi.note"));
  BarChart bars;
  bars.title = locale.text("idi.title", {{"title", locale.metric(score->id, score->title)}});
  bars.x_label = locale.text("report.idi.axis");
  bars.unit = score->unit;
  Chart chart{score->id,
              {},
              {{locale.text("report.table.group"), locale.text("table.data_as_of"), locale.text("report.idi.axis"),
                locale.text("report.idi.universal"), locale.text("report.idi.meaningful"),
                locale.text("report.idi.members_with_data")},
               {}},
              {},
              {}};
  std::vector<std::string> groups = chart_groups();
  for (const char* income : {"WB.HIC", "WB.UMC", "WB.LMC", "WB.LIC"}) groups.push_back(income);
  for (const auto& group : groups) {
    const auto* latest = index.latest(score->id, group);
    // Withheld values after the latest published one (or instead of any): the bar is not the group's last word.
    for (const auto* record : index.results(score->id, group))
      if ((!latest || record->year > latest->year) && is_withheld(*record))
        chart.notes.push_back(fmt::format("{} {}: {}", group, record->year, value_text(*record, score->unit, locale)));
    if (!latest) continue;
    bars.bars.push_back({fmt::format("{} ({})", group, latest->year), *latest->value});
    const auto& coverage = latest->coverage;
    const std::string members =
        coverage ? locale.text("report.idi.members", {{"count", std::to_string(coverage->members_with_data)},
                                                      {"total", std::to_string(coverage->members)},
                                                      {"observed", std::to_string(coverage->members_observed)}})
                 : "";
    chart.data.rows.push_back({group, std::to_string(latest->year), qualified_value(*latest, score->unit, locale),
                               cell(index.at(prefix + ".universal", group, latest->year), score->unit, locale),
                               cell(index.at(prefix + ".meaningful", group, latest->year), score->unit, locale),
                               members});
  }
  chart.spec = std::move(bars);
  section.charts.push_back(std::move(chart));
  return section;
}

}  // namespace

const std::vector<std::string>& chart_groups() {
  static const std::vector<std::string> groups = {"WLD",     "LDC",     "LLDC",    "SIDS",    "ITU.AFR",
                                                  "ITU.AMS", "ITU.ARB", "ITU.ASP", "ITU.CIS", "ITU.EUR"};
  return groups;
}

namespace {

Report report_frame(const Locale& locale, const host::StoredRun& run, const std::vector<host::StoredMetric>& metrics,
                    const std::vector<host::StoredResult>& results) {
  Report report(locale);
  report.title = locale.text("report.title");
  report.run = run;
  report.metric_count = metrics.size();
  report.result_count = results.size();
  for (const auto& result : results) {
    if (is_derived(result.metric)) continue;  // progress records repeat their base value's flags
    if (result.value) {
      int& year = is_estimated(result) ? report.estimates_up_to : report.data_as_of;
      year = std::max(year, static_cast<int>(result.year));
    }
    if (result.entity_kind != "group") continue;
    if (result.value) {
      ++report.group_values.published;
      if (is_estimated(result)) ++report.group_values.estimated;
    } else if (is_withheld(result)) {
      ++report.group_values.withheld;
    }
  }
  return report;
}

// The reference data's English names in the locale's language where its catalogue has them.
EntityNames localised(const Locale& locale, const EntityNames& names) {
  EntityNames out;
  for (const auto& [code, name] : names) out.emplace(code, locale.entity(code, name));
  return out;
}

// Cards of the economy's latest value of each metric that `keep` takes and the economy has a record of.
template <typename Keep>
std::vector<Card> economy_cards(const Index& index, const Locale& locale, const std::string& code, Keep keep) {
  std::vector<Card> cards;
  for (const auto& metric : index.metrics())
    if (!is_derived(metric.id) && keep(metric) && !index.results(metric.id, code).empty())
      cards.push_back(figure_card(index, locale, metric.id, code, locale.metric(metric.id, metric.title)));
  return cards;
}

}  // namespace

Report build_report(const Locale& locale, const host::StoredRun& run, const std::vector<host::StoredMetric>& metrics,
                    const std::vector<host::StoredResult>& results, const EntityNames& english_names) {
  const Index index(metrics, results);
  const EntityNames names = localised(locale, english_names);
  Report report = report_frame(locale, run, metrics, results);
  report.sections.push_back(summary_section(index, locale));
  for (const char* focus : focus_areas) report.sections.push_back(focus_section(index, locale, focus, names));
  for (auto& section : sdg_sections(index, locale, names)) report.sections.push_back(std::move(section));
  report.sections.push_back(map_section(index, locale, names));
  report.sections.push_back(furthest_section(index, locale));
  report.sections.push_back(umc_section(index, locale));
  report.sections.push_back(idi_section(index, locale));
  report.sections.push_back(coalition_section(index, locale));
  report.sections.push_back(pledges_section(index, locale));
  return report;
}

Report build_profile(const Locale& locale, const host::StoredRun& run, const std::vector<host::StoredMetric>& metrics,
                     const std::vector<host::StoredResult>& results, const EconomyProfile& economy,
                     const EntityNames& english_names) {
  const Index index(metrics, results);
  const EntityNames names = localised(locale, english_names);
  const std::string name = locale.entity(economy.code, economy.name);
  Report report = report_frame(locale, run, metrics, results);
  report.title = locale.text("report.profile.title", {{"name", name}, {"code", economy.code}});
  const auto targeted = [](const host::StoredMetric& m) { return m.target && !starts_with(m.id, pledge_prefix); };

  Section summary{"summary", locale.text("report.summary.title"), {}, {}, {}};
  std::vector<std::string> groups;
  for (const auto& group : economy.groups) {
    const auto found = names.find(group);
    groups.push_back(found == names.end() ? group : found->second);
  }
  summary.notes.push_back(locale.text(
      "report.profile.note",
      {{"name", name}, {"groups", groups.empty() ? locale.text("report.profile.no_groups") : locale.list(groups)}}));
  summary.cards = economy_cards(index, locale, economy.code, targeted);
  summary.empty_message = locale.text("report.profile.no_values", {{"name", name}});
  report.sections.push_back(std::move(summary));

  Section progress{"progress", locale.text("profile.targets"), {}, {}, {}};
  std::vector<std::string> entities{economy.code};
  entities.insert(entities.end(), economy.groups.begin(), economy.groups.end());
  for (const auto& metric : index.metrics())
    if (!is_derived(metric.id) && targeted(metric) && !index.results(metric.id, economy.code).empty())
      progress.charts.push_back(progress_chart(index, locale, metric, entities, names));
  progress.empty_message = summary.empty_message;
  report.sections.push_back(std::move(progress));

  const auto cards_section = [&](std::string id, std::string title, auto keep, std::string none) {
    Section section{std::move(id), std::move(title), {}, {}, std::move(none)};
    section.cards = economy_cards(index, locale, economy.code, keep);
    report.sections.push_back(std::move(section));
  };
  cards_section(
      "idi", locale.text("report.profile.idi"), [](const host::StoredMetric& m) { return m.plugin == "idi"; },
      locale.text("report.profile.no_idi", {{"name", name}}));
  cards_section(
      "umc-bands", locale.text("views.umc.title"),
      [](const host::StoredMetric& m) { return m.id.find(".band_") != std::string::npos; },
      locale.text("report.profile.no_umc", {{"name", name}}));
  cards_section(
      "pledges", locale.text("report.profile.pledges"),
      [](const host::StoredMetric& m) { return starts_with(m.id, pledge_prefix); },
      locale.text("report.profile.no_pledges", {{"name", name}}));
  return report;
}

namespace {

// The latest year of observed data, and of estimates when they reach further: what "data as of" means for the
// run as a whole (each latest value in the sections carries its own year).
std::string data_as_of(const Report& report) {
  const Locale& locale = report.locale;
  const std::string observed = std::to_string(report.data_as_of);
  const std::string estimates = std::to_string(report.estimates_up_to);
  if (!report.data_as_of && !report.estimates_up_to) return locale.text("chart.no_published");
  if (!report.data_as_of) return locale.text("report.facts.estimates_only", {{"estimates", estimates}});
  if (report.estimates_up_to > report.data_as_of)
    return locale.text("report.facts.data_and_estimates", {{"observed", observed}, {"estimates", estimates}});
  return locale.text("report.facts.data", {{"observed", observed}});
}

}  // namespace

std::vector<std::pair<std::string, std::string>> run_facts(const Report& report) {
  const Locale& locale = report.locale;
  const auto& run = report.run;
  std::string plugins;
  for (const auto& [name, version] : run.plugins)
    plugins += fmt::format("{}{} {}", plugins.empty() ? "" : ", ", name, version);
  const auto count = [](auto n) { return std::to_string(n); };
  return {
      {locale.text("report.facts.run"), run.id},
      {locale.text("report.facts.started"), run.started_at},
      {locale.text("report.facts.duration"),
       locale.text("report.facts.seconds", {{"seconds", locale.number(fmt::format("{:.3f}", run.duration_seconds))}})},
      {locale.text("report.facts.config"),
       locale.text("report.facts.config_hash", {{"path", run.config_path}, {"hash", run.config_hash}})},
      {locale.text("report.facts.plugins"), plugins.empty() ? locale.text("report.facts.no_plugins") : plugins},
      {locale.text("report.facts.results"),
       locale.text("report.facts.records", {{"records", count(run.records)}, {"metrics", count(report.metric_count)}})},
      {locale.text("table.data_as_of"), data_as_of(report)},
      {locale.text("report.facts.group_values"),
       locale.text("report.facts.group_counts", {{"published", count(report.group_values.published)},
                                                 {"estimated", count(report.group_values.estimated)},
                                                 {"withheld", count(report.group_values.withheld)}})},
      {locale.text("report.facts.failures"),
       run.failures ? locale.text("report.facts.failures_count", {{"count", count(run.failures)}})
                    : count(run.failures)}};
}

std::vector<std::string> reading_notes(const Report& report) {
  const auto& counts = report.group_values;
  return {report.locale.text("report.reading.groups", {{"published", std::to_string(counts.published)},
                                                       {"estimated", std::to_string(counts.estimated)},
                                                       {"withheld", std::to_string(counts.withheld)}}),
          report.locale.text("report.reading.latest")};
}

std::vector<std::string> provenance_notes(const Locale& locale) {
  return {locale.text("report.sources.data"), locale.text("report.sources.methods"),
          locale.text("report.sources.pledges"), locale.text("report.sources.history")};
}

std::string text_alternative(const ChartSpec& spec, const Locale& locale) {
  return std::visit([&](const auto& chart) { return p2c::report::text_alternative(chart, locale); }, spec);
}

std::string render(const ChartSpec& spec, const Locale& locale, SvgContext context) {
  return std::visit([&](const auto& chart) { return p2c::report::render(chart, locale, context); }, spec);
}

}  // namespace p2c::report
