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
Chart progress_chart(const Index& index, const host::StoredMetric& metric, const std::vector<std::string>& entities,
                     const EntityNames& names) {
  const auto name = [&](const std::string& code) {
    const auto found = names.find(code);
    return found == names.end() ? code : found->second;
  };
  LineChart line;
  line.title = metric.title;
  line.y_label = axis_label(metric.title);
  line.unit = metric.unit;
  line.target = metric.target;
  if (metric.target) line.target_label = fmt::format("{} target", metric.target_year);

  const std::string gap_unit = unit_of(index, metric.id + ".gap", metric.unit);
  Chart chart{metric.id, {}, {}, {}, {}};
  chart.summary.header = {"Group",
                          "Latest published value",
                          "Data as of",
                          "Observed coverage",
                          "Status",
                          "Gap to target",
                          fmt::format("Projection {}", metric.target_year),
                          "Withheld years"};
  std::map<int, std::map<std::string, std::string>> by_year;
  std::vector<std::string> shown;
  bool any_withheld = false;
  for (const auto& group : entities) {
    Series series{group, "", {}, {}};
    bool any_record = false;
    for (const auto* record : index.results(metric.id, group)) {
      if (record->value) {
        series.points.push_back({record->year, *record->value, is_estimated(*record),
                                 record->coverage ? "observed: " + observed_coverage(*record) : ""});
      } else if (is_withheld(*record)) {
        series.withheld.push_back(record->year);
      }
      by_year[record->year][group] = value_text(*record, metric.unit);
      any_record = true;
    }
    if (!any_record) continue;
    any_withheld = any_withheld || !series.withheld.empty();
    const auto* status = index.status_record(metric.id, group);
    series.label = status ? fmt::format("{}: {}", name(group), words(status->status)) : name(group);
    const auto* latest = index.latest(metric.id, group);
    chart.summary.rows.push_back({name(group), latest ? qualified_value(*latest, metric.unit) : "none published",
                                  latest ? std::to_string(latest->year) : "", latest ? observed_coverage(*latest) : "",
                                  status_text(status), cell(index.latest(metric.id + ".gap", group), gap_unit),
                                  cell(index.latest(metric.id + ".projection", group), metric.unit),
                                  year_ranges(series.withheld)});
    shown.push_back(group);
    line.series.push_back(std::move(series));
  }
  if (!any_withheld) drop_column(chart.summary, chart.summary.header.size() - 1);
  chart.data.header = {"Year"};
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

// Charts of the given metrics: those with a target; when none has one, the group values of all of them.
void add_progress_charts(const Index& index, const std::vector<const host::StoredMetric*>& candidates, Section& section,
                         const std::string& what, const EntityNames& names) {
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
    section.charts.push_back(progress_chart(index, *metric, chart_groups(), names));
  if (section.charts.empty()) section.empty_message = fmt::format("No group values of {} in this run.", what);
}

const char* progress_note =
    "Each chart shows the published group values of one metric by year: the world (WLD), the least developed "
    "countries (LDC), landlocked developing countries (LLDC), small island developing States (SIDS) and the six "
    "ITU regions, where the run has values for them. The dashed line is the target. Filled markers on solid lines "
    "rest on reported data only; hollow markers on dotted lines are estimated: they count members whose values "
    "the host estimated with ITU's method (interpolation between reported years, extrapolation of the recent "
    "trend). A group value resting on too little observed data is withheld: it is not drawn (the line breaks or "
    "stops there) and the data table lists it as withheld, with the reason. The table under each chart gives each "
    "group's latest published value, the year it is from (data as of), how much of it is observed, and the status "
    "of its latest assessed value with the reason when there is one.";

Section focus_section(const Index& index, const std::string& focus, const EntityNames& names) {
  Section section{"focus-" + std::string(focus), "Focus area: " + focus_title(focus), {progress_note}, {}, {}};
  std::replace(section.id.begin(), section.id.end(), '_', '-');
  std::vector<const host::StoredMetric*> candidates;
  for (const auto& metric : index.metrics())
    if (metric.focus_area == focus && !is_derived(metric.id) && !starts_with(metric.id, pledge_prefix))
      candidates.push_back(&metric);
  add_progress_charts(index, candidates, section, "the " + words(focus) + " focus area", names);
  return section;
}

std::vector<Section> sdg_sections(const Index& index, const EntityNames& names) {
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
    add_progress_charts(index, candidates, section, "SDG indicator " + indicator, names);
    sections.push_back(std::move(section));
  }
  if (sections.empty())
    sections.push_back({"sdg-none", "SDG indicators", {}, {}, "No metric of this run serves an SDG indicator."});
  return sections;
}

// The economies a gap ranking leaves out: those with status insufficient data and no gap (their latest value is
// too old to say where they stand). Said under the chart, so that a short list is not read as the whole picture.
std::string unranked_note(const Index& index, const host::StoredMetric& metric, const std::string& gap_id) {
  constexpr std::size_t named = 10;
  std::vector<std::string> unranked;
  for (const auto& [entity, records] : index.results(metric.id)) {
    const auto* status = index.status_record(metric.id, entity);
    if (!status || status->entity_kind != "economy" || status->status != "insufficient_data") continue;
    if (index.latest(gap_id, entity)) continue;
    // The status rests on the latest observed value; later estimates do not make the data newer.
    unranked.push_back(fmt::format("{} (data as of {})", entity, status->year));
  }
  if (unranked.empty()) return "";
  std::string list;
  for (std::size_t i = 0; i < unranked.size() && i < named; ++i) list += (i ? ", " : "") + unranked[i];
  if (unranked.size() > named) list += fmt::format(" and {} more", unranked.size() - named);
  return fmt::format(
      "Not ranked: {} {} with status insufficient data and no gap, their latest value being too old: {}.",
      unranked.size(), unranked.size() == 1 ? "economy" : "economies", list);
}

Section furthest_section(const Index& index) {
  Section section{"furthest-from-target", "Furthest from target", {}, {}, {}};
  section.notes.push_back(fmt::format(
      "Per metric with a target: the {} economies whose latest value is furthest from it (the `.gap` metric of "
      "the progress assessment, in its stored unit: percentage points, pp, for shares; 0 once met). Each bar and "
      "row gives the year of the economy's latest value (data as of). An economy whose latest value is older than "
      "the run's maximum age ([progress] max_age_years) has status insufficient data and no gap, so it is not "
      "ranked; the note under each chart names them.",
      furthest_count));
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
    bars.title = fmt::format("{}: gap to the {} target", metric.title, metric.target_year);
    bars.x_label = "Gap to target";
    bars.unit = unit;
    Chart chart{gap_id, {}, {{"Economy", "Data as of", "Latest value", "Gap to target", "Status"}, {}}, {}, {}};
    for (const auto* gap : gaps) {
      bars.bars.push_back({fmt::format("{} ({})", gap->entity, gap->year), *gap->value});
      const auto* latest = index.at(metric.id, gap->entity, gap->year);
      chart.data.rows.push_back({gap->entity, std::to_string(gap->year),
                                 latest ? qualified_value(*latest, metric.unit) : "", format_value(*gap->value, unit),
                                 status_text(gap, "")});
    }
    if (auto note = unranked_note(index, metric, gap_id); !note.empty()) chart.notes.push_back(std::move(note));
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
      "dimension, counting each economy once, at its latest year with a published value (the years are in the "
      "table's last column, data as of).");
  StackedBarChart stacked;
  stacked.title = "Economies by UMC 2030 progress band";
  stacked.x_label = "Economies";
  Chart chart{"", {}, {{"Dimension"}, {}}, {}, {}};
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
  chart.data.header.insert(chart.data.header.end(), {"Economies", "Data as of"});
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
      "The IDI of each group at its latest year with a published value (data as of): the simple mean of its "
      "members' scores (ITU's rule), with the universal and meaningful connectivity pillars and how many members "
      "have a score, and how many of those are observed rather than estimated. Later values that are withheld "
      "are named under the chart.");
  BarChart bars;
  bars.title = score->title + " by group";
  bars.x_label = "IDI";
  bars.unit = score->unit;
  Chart chart{score->id,
              {},
              {{"Group", "Data as of", "IDI", "Universal pillar", "Meaningful pillar", "Members with data"}, {}},
              {},
              {}};
  std::vector<std::string> groups = chart_groups();
  for (const char* income : {"WB.HIC", "WB.UMC", "WB.LMC", "WB.LIC"}) groups.push_back(income);
  for (const auto& group : groups) {
    const auto* latest = index.latest(score->id, group);
    // Withheld values after the latest published one (or instead of any): the bar is not the group's last word.
    for (const auto* record : index.results(score->id, group))
      if ((!latest || record->year > latest->year) && is_withheld(*record))
        chart.notes.push_back(fmt::format("{} {}: {}", group, record->year, value_text(*record, score->unit)));
    if (!latest) continue;
    bars.bars.push_back({fmt::format("{} ({})", group, latest->year), *latest->value});
    const auto& coverage = latest->coverage;
    const std::string members = coverage ? fmt::format("{} of {} ({} observed)", coverage->members_with_data,
                                                       coverage->members, coverage->members_observed)
                                         : "";
    chart.data.rows.push_back({group, std::to_string(latest->year), qualified_value(*latest, score->unit),
                               cell(index.at(prefix + ".universal", group, latest->year), score->unit),
                               cell(index.at(prefix + ".meaningful", group, latest->year), score->unit), members});
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

Report report_frame(const host::StoredRun& run, const std::vector<host::StoredMetric>& metrics,
                    const std::vector<host::StoredResult>& results) {
  Report report;
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

// Cards of the economy's latest value of each metric that `keep` takes and the economy has a record of.
template <typename Keep>
std::vector<Card> economy_cards(const Index& index, const std::string& code, Keep keep) {
  std::vector<Card> cards;
  for (const auto& metric : index.metrics())
    if (!is_derived(metric.id) && keep(metric) && !index.results(metric.id, code).empty())
      cards.push_back(figure_card(index, metric.id, code, metric.title));
  return cards;
}

}  // namespace

Report build_report(const host::StoredRun& run, const std::vector<host::StoredMetric>& metrics,
                    const std::vector<host::StoredResult>& results, const EntityNames& names) {
  const Index index(metrics, results);
  Report report = report_frame(run, metrics, results);
  report.sections.push_back(summary_section(index));
  for (const char* focus : focus_areas) report.sections.push_back(focus_section(index, focus, names));
  for (auto& section : sdg_sections(index, names)) report.sections.push_back(std::move(section));
  report.sections.push_back(furthest_section(index));
  report.sections.push_back(umc_section(index));
  report.sections.push_back(idi_section(index));
  report.sections.push_back(coalition_section(index));
  report.sections.push_back(pledges_section(index));
  return report;
}

Report build_profile(const host::StoredRun& run, const std::vector<host::StoredMetric>& metrics,
                     const std::vector<host::StoredResult>& results, const EconomyProfile& economy,
                     const EntityNames& names) {
  const Index index(metrics, results);
  Report report = report_frame(run, metrics, results);
  report.title = fmt::format("{} ({}): Partner2Connect country profile", economy.name, economy.code);
  const auto targeted = [](const host::StoredMetric& m) { return m.target && !starts_with(m.id, pledge_prefix); };

  Section summary{"summary", "At a glance", {}, {}, {}};
  summary.notes.push_back(fmt::format(
      "{}'s latest published value of each metric with a 2030 target, with the year it is from and whether it is "
      "observed or estimated. The charts below set it beside its groups: {}.",
      economy.name, economy.groups.empty() ? "none in the reference data" : [&] {
        std::string list;
        for (const auto& group : economy.groups) {
          const auto found = names.find(group);
          list += (list.empty() ? "" : ", ") + (found == names.end() ? group : found->second);
        }
        return list;
      }()));
  summary.cards = economy_cards(index, economy.code, targeted);
  summary.empty_message = fmt::format("This run has no value of {} for a metric with a target.", economy.name);
  report.sections.push_back(std::move(summary));

  Section progress{"progress", "Against the 2030 targets", {}, {}, {}};
  std::vector<std::string> entities{economy.code};
  entities.insert(entities.end(), economy.groups.begin(), economy.groups.end());
  for (const auto& metric : index.metrics())
    if (!is_derived(metric.id) && targeted(metric) && !index.results(metric.id, economy.code).empty())
      progress.charts.push_back(progress_chart(index, metric, entities, names));
  progress.empty_message = summary.empty_message;
  report.sections.push_back(std::move(progress));

  const auto cards_section = [&](std::string id, std::string title, auto keep, std::string none) {
    Section section{std::move(id), std::move(title), {}, {}, std::move(none)};
    section.cards = economy_cards(index, economy.code, keep);
    report.sections.push_back(std::move(section));
  };
  cards_section(
      "idi", "ICT Development Index", [](const host::StoredMetric& m) { return m.plugin == "idi"; },
      fmt::format("No IDI score of {} in this run.", economy.name));
  cards_section(
      "umc-bands", "UMC 2030 progress bands",
      [](const host::StoredMetric& m) { return m.id.find(".band_") != std::string::npos; },
      fmt::format("No UMC band of {} in this run.", economy.name));
  cards_section(
      "pledges", "Partner2Connect pledges implemented here",
      [](const host::StoredMetric& m) { return starts_with(m.id, pledge_prefix); },
      fmt::format("No pledge figure of {} in this run.", economy.name));
  return report;
}

namespace {

// The latest year of observed data, and of estimates when they reach further: what "data as of" means for the
// run as a whole (each latest value in the sections carries its own year).
std::string data_as_of(const Report& report) {
  if (!report.data_as_of && !report.estimates_up_to) return "no published value";
  std::string out =
      report.data_as_of ? fmt::format("observed values up to {}", report.data_as_of) : "no observed value";
  if (report.estimates_up_to > report.data_as_of) out += fmt::format(", estimates up to {}", report.estimates_up_to);
  return out + "; each latest value is shown with its own year";
}

}  // namespace

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
      {"Data as of", data_as_of(report)},
      {"Group values",
       fmt::format("{} published, {} of them including estimates; {} withheld", report.group_values.published,
                   report.group_values.estimated, report.group_values.withheld)},
      {"Failures", fmt::format("{}{}", run.failures, run.failures ? " (p2c history lists the run; see its log)" : "")}};
}

std::vector<std::string> reading_notes(const Report& report) {
  const auto& counts = report.group_values;
  return {fmt::format(
              "Group figures (the world, LDC, LLDC, SIDS, regions, income groups) combine their members' values. Where "
              "a member has no value for a year, the host estimates one with ITU's method (interpolation between "
              "reported years, extrapolation of the recent trend); a group value counting such estimates is marked "
              "estimated: a hollow marker on a dotted line in the charts, \"(estimated)\" in the tables. A group value "
              "with too little of it observed is withheld: not drawn, never shown as latest, and listed as withheld "
              "with the reason in the data tables. In this run: {} group values published, {} of them including "
              "estimates, and {} withheld. The rules: docs/groups-and-progress.md.",
              counts.published, counts.estimated, counts.withheld),
          "\"Latest\" means the latest published value, always shown with the year it is from (data as of). An "
          "economy or group whose latest value is older than the run's maximum age ([progress] max_age_years before "
          "the reference year) has status insufficient data, with the reason, and no trend, gap or projection. Gaps "
          "and trends of shares are in percentage points (pp)."};
}

const std::vector<std::string>& provenance_notes() {
  static const std::vector<std::string> notes = {
      "Data sources and their provenance: config/data/README.md (World Bank WDI, UN SDG database, ITU) and "
      "config/reference/README.md (economies, groups and memberships).",
      "Methods: docs/indicators.md (each indicator, its data and checks), docs/groups-and-progress.md (group "
      "values, estimates, coverage and withheld values, trends, projections and status), docs/outputs.md (the result "
      "record and the run "
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
