// What `p2c report` shows, independent of the output format: the sections of a report on one stored run,
// each with its charts (as chart specifications, drawn by svg_chart) and the tables of their data. The
// HTML and Markdown writers render this model; docs/reports.md describes each section.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "history.h"
#include "report/svg_chart.h"
#include "report/svg_map.h"

namespace p2c::report {

/// A table of text cells; `header.size()` columns.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

using ChartSpec = std::variant<LineChart, BarChart, StackedBarChart, ChoroplethMap>;

struct Chart {
  std::string metric;  ///< the metric shown (`data-metric`), empty for charts of several metrics
  ChartSpec spec;
  Table data;                        ///< the numbers drawn, as text: the chart's table alternative
  Table summary;                     ///< optional: latest value, status and gap per series
  std::vector<std::string> notes{};  ///< said under the chart: what it leaves out, and why
};

/// A headline figure shown before a section's charts: one metric's value, how old it is and whether it is observed,
/// or, when there is no value, why.
struct Card {
  std::string metric;            ///< `data-metric`
  std::string label;             ///< what the figure is, e.g. "Pledges, gross"
  std::string value;             ///< e.g. "845 pledges"; "withheld" (or "no value") when there is none
  std::string detail;            ///< "data as of 2024, observed", or the reason there is no value
  std::optional<double> number;  ///< the exact value (`data-value`); empty when there is none
  int year = 0;                  ///< the year of the value (`data-year`); 0: none
};

struct Section {
  std::string id;  ///< the HTML element id, e.g. "focus-access", "sdg-17.8.1", "pledges"
  std::string title;
  std::vector<std::string> notes;  ///< paragraphs of plain text
  std::vector<Chart> charts;
  /// Shown instead of charts when there are neither charts nor cards: why the section has nothing to draw.
  std::string empty_message;
  std::vector<Card> cards{};  ///< headline figures, shown after the notes
};

/// How much of the run's group values (of the metrics themselves, not of their progress records) is published.
struct GroupValueCounts {
  std::size_t published = 0;
  std::size_t estimated = 0;  ///< published values that count estimated members
  std::size_t withheld = 0;   ///< not published: too little of them observed
};

/// What readers call an entity, by code ("ITU.AFR" -> "Africa", "LDC" -> "LDCs"); a code without a name is shown
/// as it is.
using EntityNames = std::map<std::string, std::string, std::less<>>;

/// The economy of a country profile, and the groups it belongs to in the run's year, in the order shown.
struct EconomyProfile {
  std::string code;
  std::string name;
  std::vector<std::string> groups;
};

struct Report {
  explicit Report(Locale language) : locale(std::move(language)) {}

  Locale locale;  ///< the language of every word and number the report shows
  std::string title;
  host::StoredRun run;
  std::size_t metric_count = 0;
  std::size_t result_count = 0;
  GroupValueCounts group_values;
  int data_as_of = 0;       ///< the latest year with an observed value (progress records aside); 0: none
  int estimates_up_to = 0;  ///< the latest year with an estimated value; 0: none
  std::vector<Section> sections;
};

/// The groups drawn in the progress charts, in legend order (those present in the data are drawn).
const std::vector<std::string>& chart_groups();

/// Builds every section from one stored run: its catalogue and its results (as History::results returns
/// them, sorted by metric, entity and year), in the locale's language. `names` are the English ones of the
/// reference data: the locale's catalogue names economies and groups in its language where it can.
Report build_report(const Locale& locale, const host::StoredRun& run, const std::vector<host::StoredMetric>& metrics,
                    const std::vector<host::StoredResult>& results, const EntityNames& names = {});

/// A country profile from one stored run: the economy's latest figures with their year and basis, its progress
/// charts against the 2030 targets drawn with its groups, its IDI scores, UMC bands and pledge figures.
Report build_profile(const Locale& locale, const host::StoredRun& run, const std::vector<host::StoredMetric>& metrics,
                     const std::vector<host::StoredResult>& results, const EconomyProfile& economy,
                     const EntityNames& names);

/// The header facts of a report, label and value: run id, date, duration, config, plugin versions, counts.
std::vector<std::pair<std::string, std::string>> run_facts(const Report& report);

/// What to know before reading the figures, shown under the header facts: group values include estimates
/// and some are withheld, and "latest" means the latest published value, with its year.
std::vector<std::string> reading_notes(const Report& report);

/// The footer: where the data and methods are documented.
std::vector<std::string> provenance_notes(const Locale& locale);

/// The chart's text alternative (its `<desc>`), whatever its kind.
std::string text_alternative(const ChartSpec& spec, const Locale& locale);
/// The chart as SVG.
std::string render(const ChartSpec& spec, const Locale& locale, SvgContext context);

}  // namespace p2c::report
