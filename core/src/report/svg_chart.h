// Charts drawn as SVG text, for `p2c report`: line charts of several series over the years with an
// optional target line, horizontal bar charts and stacked horizontal bar charts.
//
// Conventions every chart follows, so that readers, tests and the dashboard can rely on them:
// - `role="img"` with a `<title>` and a `<desc>` text alternative that states what is shown;
// - labelled axes with units, "nice" tick values (1, 2, 2.5 or 5 times a power of ten), a legend;
// - a colour-blind-safe palette (Okabe-Ito hues, each at least 3:1 against white; dash patterns once its eight
//   colours are used up);
// - every mark carries `data-series`, `data-year` or `data-label`, and `data-value` (the exact number,
//   shortest text that reads back to the same double);
// - line charts draw published values only: an estimated value is a hollow marker joined by dotted segments
//   (`data-flags="estimated"`, class "estimated"), a withheld year is no mark and breaks the line, and the
//   legend says what each means when the chart has any;
// - all text is escaped; a chart without data says "no data" instead of drawing empty axes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/report_locale.h"

namespace p2c::report {

/// `text` with &, <, >, " and ' replaced by entities: safe in XML/HTML text and attribute values.
std::string xml_escape(std::string_view text);

/// The shortest decimal text that reads back to the same double (for data attributes and tables).
std::string exact_number(double value);

/// A value with its unit for people to read, one format per unit: "73.6 %", "88.0 %", "-2.5 pp", "USD 1.23 bn",
/// "1.45 bn people", "250,783 people", "1,005 pledges", "0.95 ratio" in English; the words, marks and order are the
/// locale's ("88,0 %", "1,45 Md de personnes").
std::string format_value(double value, std::string_view unit, const Locale& locale);

/// Years as compact ranges, ascending: {2019, 2020, 2021, 2024} -> "2019-2021, 2024".
std::string year_ranges(std::vector<std::int32_t> years);

/// Tick values from at or below `low` to at or above `high`, about `count` of them, spaced by 1, 2, 2.5
/// or 5 times a power of ten. `low == high` widens the range around the value.
std::vector<double> nice_ticks(double low, double high, int count = 5);

/// How numbers of a unit are scaled on an axis: "USD" values in the billions are shown as "USD bn".
struct AxisScale {
  double divisor = 1;
  std::string unit;   ///< the unit after scaling, for the axis label, in the locale's words
  std::string scale;  ///< the scale's word ("bn", "亿"), empty when not scaled
};
AxisScale axis_scale(double largest_magnitude, std::string_view unit, const Locale& locale);

/// The i-th colour of the palette (cycling), e.g. "#B97F00".
const char* palette_colour(std::size_t index);

/// A published value. Values that are not published (withheld) are no points: see Series::withheld.
struct Point {
  std::int32_t year = 0;
  double value = 0;
  bool estimated = false;  ///< drawn hollow and joined by dotted segments, so it never reads as an observation
  /// Said with the value in its tooltip and, for the latest point, in the text alternative, e.g. the observed
  /// coverage of a group value.
  std::string note{};  // default member initializers: {year, value} stays a complete initializer
};

struct Series {
  std::string name;           ///< legend text and `data-series`, e.g. "WLD"
  std::string label;          ///< legend text, e.g. "World"; empty: `name`
  std::vector<Point> points;  ///< any order; drawn by year
  /// Years whose value exists but is not published: the line breaks across them (it never bridges an
  /// unpublished year as if it were known) and the text alternative names them.
  std::vector<std::int32_t> withheld{};
  /// The legend's second line, e.g. "on track": what readers need beside the name, in smaller type.
  std::string status{};
  /// The small multiple the series is drawn in when a chart has more series than colours (more than 8), e.g. "ITU
  /// regions"; series naming no panel are sliced evenly.
  std::string panel{};
};

/// Whether the SVG stands alone (a file: with the XML namespace) or sits inside an HTML page.
enum class SvgContext { inline_html, file };

struct LineChart {
  std::string title;
  std::string description;  ///< the `<desc>` text alternative; generated from the data when empty
  std::string y_label;      ///< e.g. "Individuals using the Internet"; the unit is appended
  std::string unit;         ///< e.g. "%"
  std::vector<Series> series;
  std::optional<double> target;  ///< drawn as a dashed horizontal line
  std::string target_label;      ///< e.g. "2030 target"
};

struct Bar {
  std::string label;  ///< `data-label`
  double value = 0;
};

struct BarChart {
  std::string title;
  std::string description;
  std::string x_label;  ///< the value axis; the unit is appended
  std::string unit;
  std::vector<Bar> bars;  ///< drawn top to bottom in this order
};

/// One row of a stacked bar chart: `values[i]` belongs to segment i of StackedBarChart::segments.
struct StackedBar {
  std::string label;
  std::vector<double> values;
};

struct StackedBarChart {
  std::string title;
  std::string description;
  std::string x_label;
  std::string unit;
  std::vector<std::string> segments;  ///< legend entries, `data-series`
  std::vector<StackedBar> bars;
};

/// The chart as SVG text. Throws std::invalid_argument for a stacked bar whose value count differs from
/// the segment count.
/// Words and numbers are the locale's; the geometry stays left to right in every language, so that time runs left
/// to right as UN publications draw it in Arabic too.
std::string render(const LineChart& chart, const Locale& locale, SvgContext context = SvgContext::inline_html);
std::string render(const BarChart& chart, const Locale& locale, SvgContext context = SvgContext::inline_html);
std::string render(const StackedBarChart& chart, const Locale& locale, SvgContext context = SvgContext::inline_html);

/// The text alternative of a chart: what `<desc>` holds (the given description, or one generated from
/// the data: series, years, latest published values with their year and whether estimated, withheld years,
/// target).
std::string text_alternative(const LineChart& chart, const Locale& locale);
std::string text_alternative(const BarChart& chart, const Locale& locale);
std::string text_alternative(const StackedBarChart& chart, const Locale& locale);

}  // namespace p2c::report
