#include "report/svg_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

#include "report/svg_text.h"

namespace p2c::report {
namespace {

// The hues of Okabe & Ito (2008), "Color Universal Design", distinguishable with the common colour-vision
// deficiencies; the orange, sky blue and yellow darkened until each line reaches 3:1 against the white background
// (WCAG 2.1, 1.4.11: the originals are 2.3, 2.3 and 1.3 to 1). Every colour here is at least 3.06 to 1.
constexpr std::array<const char*, 8> palette = {"#0072B2", "#B97F00", "#009E73", "#CC79A7",
                                                "#3F8FBF", "#D55E00", "#8F8827", "#000000"};
// Once the eight colours are used, series differ by dash pattern as well. None is dotted: dots mean estimates.
constexpr std::array<const char*, 3> dashes = {"", "6 3", "10 3 2 3"};
// The segments touching an estimated value, and the legend entry that explains them.
constexpr const char* estimated_dash = "2 4";

constexpr double chart_width = 760;
constexpr double margin_left = 76;
constexpr double margin_top = 44;
constexpr double margin_bottom = 56;
constexpr double legend_width = 200;
constexpr double legend_text_width = legend_width - 48;  // after the swatch, short of the chart's edge

std::string coordinate(double value) { return fmt::format("{:.1f}", value); }

// Text for a tick or a value: few digits, no exponent for everyday magnitudes.
std::string compact(double value) {
  const double magnitude = std::fabs(value);
  if (magnitude == 0) return "0";
  if (magnitude >= 100 || value == std::floor(value)) return fmt::format("{:.0f}", value);
  if (magnitude >= 10) return fmt::format("{:.1f}", value);
  if (magnitude >= 1) return fmt::format("{:.2f}", value);
  if (magnitude >= 0.001) return fmt::format("{:.3f}", value);
  return fmt::format("{:.3g}", value);
}

// Ticks of the numbers on an axis: drops trailing zeros so "2.50" reads "2.5".
std::string tick_text(double value) {
  std::string text = compact(value);
  if (text.find('.') != std::string::npos && text.find('e') == std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text == "-0" ? "0" : text;
}

std::string axis_title(const std::string& label, const std::string& unit) {
  if (unit.empty()) return label;
  return label.empty() ? unit : fmt::format("{} ({})", label, unit);
}

// The opening of every chart: the root element, its text alternative and a white background. A panel of small
// multiples (`panel_y`: its place in the chart) is part of a figure, not a figure: no role, no text alternative.
std::string open_svg(SvgContext context, double height, const std::string& title, const std::string& description,
                     const std::string& kind, std::optional<double> panel_y = std::nullopt) {
  const std::string root =
      panel_y ? fmt::format("<svg class=\"panel\" x=\"0\" y=\"{}\"", coordinate(*panel_y))
              : fmt::format("<svg{} class=\"p2c-chart\" data-chart=\"{}\" role=\"img\"",
                            context == SvgContext::file ? " xmlns=\"http://www.w3.org/2000/svg\"" : "", kind);
  std::string out =
      fmt::format("{} viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" font-family=\"sans-serif\" font-size=\"12\">",
                  root, chart_width, coordinate(height), chart_width, coordinate(height));
  out += panel_y ? fmt::format("<title>{}</title>", xml_escape(title))
                 : fmt::format("<title>{}</title><desc>{}</desc>", xml_escape(title), xml_escape(description));
  out += fmt::format("<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>", chart_width,
                     coordinate(height));
  out += fmt::format("<text x=\"{}\" y=\"22\" font-size=\"15\" font-weight=\"bold\">{}</text>", margin_left,
                     fitted_text(title, chart_width - margin_left - 8, 15, true));
  return out;
}

// A series as the text alternative names it: "World: on track".
std::string described(const Series& series) {
  const std::string& label = series.label.empty() ? series.name : series.label;
  return series.status.empty() ? label : fmt::format("{}: {}", label, series.status);
}

// A legend entry's two lines: the series' name and its status, or a long name over two lines.
using LegendLines = std::pair<std::string, std::string>;
LegendLines legend_lines(const Series& series) {
  const std::string& label = series.label.empty() ? series.name : series.label;
  if (!series.status.empty()) return {label, series.status};
  return split_to_fit(label, legend_text_width, 12);
}

constexpr double no_data_height = 120;

std::string no_data_svg(SvgContext context, const std::string& title, const std::string& description,
                        const std::string& kind, const Locale& locale, std::optional<double> panel_y = std::nullopt) {
  const double height = no_data_height;
  std::string out = open_svg(context, height, title, description, kind, panel_y);
  out += fmt::format("<text x=\"{}\" y=\"70\" font-size=\"14\" data-empty=\"true\">{}</text></svg>", margin_left,
                     xml_escape(locale.text("chart.no_data")));
  return out;
}

struct Linear {
  double domain_low, domain_high, range_low, range_high;
  double operator()(double v) const {
    if (domain_high == domain_low) return (range_low + range_high) / 2;
    return range_low + (v - domain_low) / (domain_high - domain_low) * (range_high - range_low);
  }
};

std::vector<int> year_ticks(int first, int last) {
  static constexpr std::array<int, 8> steps = {1, 2, 5, 10, 20, 25, 50, 100};
  // In 64 bits: a plugin's years are only known to be ints, and their span must neither overflow nor make
  // thousands of ticks.
  const std::int64_t span = std::int64_t{last} - first;
  std::int64_t step = std::max<std::int64_t>(steps.back(), span / 8 + 1);
  for (int candidate : steps)
    if (span / candidate <= 8) {
      step = candidate;
      break;
    }
  std::vector<int> ticks;
  const std::int64_t start = first >= 0 ? (first + step - 1) / step * step : first / step * step;
  for (std::int64_t year = start; year <= last; year += step) ticks.push_back(static_cast<int>(year));
  return ticks;
}

// A value axis along x (bar charts): grid lines, tick labels and the axis title below the plot.
std::string x_value_axis(const std::vector<double>& ticks, const Linear& x, double top, double bottom,
                         const AxisScale& scale, const std::string& label, const Locale& locale) {
  std::string out;
  for (double tick : ticks) {
    const auto at = coordinate(x(tick));
    out += fmt::format("<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#dddddd\"/>", at, coordinate(top),
                       coordinate(bottom));
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"tick\">{}</text>", at,
                       coordinate(bottom + 16), locale.number(tick_text(tick / scale.divisor)));
  }
  out += fmt::format("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" stroke=\"#333333\"/>",
                     coordinate(x(ticks.front())), coordinate(x(ticks.back())), coordinate(bottom));
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"axis-label\">{}</text>",
                     coordinate((x(ticks.front()) + x(ticks.back())) / 2), coordinate(bottom + 38),
                     xml_escape(axis_title(label, scale.unit)));
  return out;
}

// The line of one series, as polylines: consecutive points are joined except across a withheld year (the
// reader does not know the value there, so no line may suggest one); a segment touching an estimated value
// is dotted, so the line itself shows how far it rests on observations.
std::string series_lines(const std::vector<Point>& points, const std::vector<std::int32_t>& withheld, const Linear& x,
                         const Linear& y, const char* colour, const std::string& dash_attribute) {
  std::string out;
  std::vector<std::size_t> run;  // the points of the polyline being built
  bool run_estimated = false;
  const auto flush = [&] {
    if (run.size() >= 2) {
      std::string path;
      for (std::size_t i : run)
        path += fmt::format("{}{},{}", path.empty() ? "" : " ", coordinate(x(points[i].year)),
                            coordinate(y(points[i].value)));
      out += run_estimated
                 ? fmt::format(
                       "<polyline class=\"estimated\" points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" "
                       "stroke-dasharray=\"{}\"/>",
                       path, colour, estimated_dash)
                 : fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{}/>", path,
                               colour, dash_attribute);
    }
    run.clear();
  };
  for (std::size_t i = 0; i + 1 < points.size(); ++i) {
    const Point& a = points[i];
    const Point& b = points[i + 1];
    if (std::any_of(withheld.begin(), withheld.end(),
                    [&](std::int32_t year) { return year > a.year && year < b.year; })) {
      flush();
      continue;
    }
    const bool estimated = a.estimated || b.estimated;
    if (!run.empty() && estimated != run_estimated) flush();
    if (run.empty()) run = {i}, run_estimated = estimated;
    run.push_back(i + 1);
  }
  flush();
  return out;
}

std::pair<double, double> value_range(const std::vector<double>& values) {
  double low = 0, high = 0;
  for (double v : values) low = std::min(low, v), high = std::max(high, v);
  return {low, high};
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string exact_number(double value) { return fmt::format("{}", value); }

AxisScale axis_scale(double largest_magnitude, std::string_view unit, const Locale& locale) {
  const bool money = unit == "USD";
  if (!money && unit != "people") return {1, unit.empty() ? "" : locale.unit(unit), ""};
  for (const host::NumberScale& scale : locale.scales())
    if (largest_magnitude >= scale.divisor)
      return AxisScale{scale.divisor,
                       locale.text(money ? "unit.usd_scaled" : "unit.people_scaled", {{"scale", scale.word}}),
                       scale.word};
  return {1, locale.unit(unit), ""};
}

namespace {

// "250783" -> "250,783"; the sign and decimals are kept.
std::string with_thousands(std::string number) {
  const std::size_t start = number[0] == '-' ? 1 : 0;
  std::size_t end = number.find('.');
  if (end == std::string::npos) end = number.size();
  if (number.find('e') != std::string::npos) return number;
  for (std::size_t i = end; i > start + 3; i -= 3) number.insert(i - 3, ",");
  return number;
}

}  // namespace

// One format per unit, so that numbers side by side compare: shares and their differences with one decimal
// ("88.0 %", "-2.5 pp"), money and people scaled to the language's large numbers (Locale::scales: "2.6 bn people",
// "USD 36.8 bn", "368亿 USD"), other
// counts and scores with thousands separated ("250,783 people", "1,005 pledges").
std::string format_value(double value, std::string_view unit, const Locale& locale) {
  const AxisScale scale = axis_scale(std::fabs(value), unit, locale);
  std::string number;
  if (unit.rfind("%", 0) == 0 || unit.rfind("pp", 0) == 0)
    number = fmt::format("{:.1f}", value);
  else if (scale.divisor != 1)
    number = tick_text(value / scale.divisor);
  else
    number = with_thousands(compact(value));
  if (number == "-0.0" || number == "-0") number.erase(0, 1);
  number = locale.number(number);
  if (unit.empty()) return number;
  // Where the unit stands, and with what space, is the language's: "88.0 %" and "88.0%", "USD 5" and "5 USD".
  if (unit == "%") return locale.text("value.percent", {{"n", number}});
  if (unit == "USD")
    return scale.scale.empty() ? locale.text("value.usd", {{"n", number}})
                               : locale.text("value.usd_scaled", {{"n", number}, {"scale", scale.scale}});
  if (unit == "USD per person") return locale.text("report.value.usd_per_person", {{"n", number}});
  if (unit.starts_with("USD "))  // a money unit no catalogue knows: kept as the plugin wrote it
    return locale.text("value.usd_scaled", {{"n", number}, {"scale", std::string(unit.substr(4))}});
  return fmt::format("{} {}", number, scale.unit);
}

std::string year_ranges(std::vector<std::int32_t> years) {
  std::sort(years.begin(), years.end());
  years.erase(std::unique(years.begin(), years.end()), years.end());
  std::string out;
  for (std::size_t i = 0; i < years.size();) {
    std::size_t end = i;
    while (end + 1 < years.size() && years[end + 1] == years[end] + 1) ++end;
    out += fmt::format("{}{}", out.empty() ? "" : ", ", years[i]);
    if (end > i) out += fmt::format("-{}", years[end]);
    i = end + 1;
  }
  return out;
}

std::vector<double> nice_ticks(double low, double high, int count) {
  if (!std::isfinite(low) || !std::isfinite(high)) throw std::invalid_argument("nice_ticks: range is not finite");
  if (low > high) std::swap(low, high);
  if (low == high) {
    const double widen = low == 0 ? 1 : std::fabs(low) * 0.1;
    low -= widen, high += widen;
  }
  count = std::max(count, 1);
  const double raw = (high - low) / count;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double residual = raw / magnitude;
  const double step = (residual <= 1     ? 1
                       : residual <= 2   ? 2
                       : residual <= 2.5 ? 2.5
                       : residual <= 5   ? 5
                                         : 10) *
                      magnitude;
  const double first = std::floor(low / step + 1e-9);
  const double last = std::ceil(high / step - 1e-9);
  std::vector<double> ticks;
  // Counted in integers: near 1e18 a double step of one may not change the value, and the loop never ends.
  const auto steps = static_cast<long>(std::clamp(last - first, 0.0, 2.0 * count + 2));
  for (long k = 0; k <= steps; ++k) {
    double tick = (first + static_cast<double>(k)) * step;
    if (std::fabs(tick) < step * 1e-9) tick = 0;
    ticks.push_back(tick);
  }
  return ticks;
}

const char* palette_colour(std::size_t index) { return palette[index % palette.size()]; }

std::string text_alternative(const LineChart& chart, const Locale& locale) {
  if (!chart.description.empty()) return chart.description;
  int first = std::numeric_limits<int>::max(), last = std::numeric_limits<int>::min();
  std::string latest, withheld;
  bool any_estimated = false;
  for (const auto& series : chart.series) {
    if (!series.withheld.empty())
      withheld += fmt::format("{}{} {}", withheld.empty() ? "" : "; ", series.name, year_ranges(series.withheld));
    if (series.points.empty()) continue;
    const auto newest = std::max_element(series.points.begin(), series.points.end(),
                                         [](const Point& a, const Point& b) { return a.year < b.year; });
    for (const auto& p : series.points) {
      first = std::min(first, p.year), last = std::max(last, p.year);
      any_estimated = any_estimated || p.estimated;
    }
    std::string as_of = locale.text(newest->estimated ? "report.chart.data_as_of_estimated" : "chart.data_as_of",
                                    {{"year", std::to_string(newest->year)}});
    if (!newest->note.empty()) as_of += "; " + newest->note;
    latest += (latest.empty() ? "" : "; ") +
              locale.text("report.chart.latest_value", {{"series", described(series)},
                                                        {"value", format_value(newest->value, chart.unit, locale)},
                                                        {"as_of", as_of}});
  }
  // Withheld years are said even when nothing is published: "no data" alone would hide that data exist.
  const std::string not_drawn =
      withheld.empty() ? "" : " " + locale.text("report.chart.withheld_desc", {{"list", withheld}});
  if (latest.empty())
    return locale.text(withheld.empty() ? "report.chart.no_data_desc" : "report.chart.no_value_desc",
                       {{"title", chart.title}}) +
           not_drawn;
  std::string out = locale.text("chart.line_desc", {{"title", chart.title},
                                                    {"axis", axis_title(chart.y_label, locale.unit(chart.unit))},
                                                    {"first", std::to_string(first)},
                                                    {"last", std::to_string(last)},
                                                    {"latest", latest}});
  if (any_estimated) out += " " + locale.text("report.chart.hollow_note");
  out += not_drawn;
  if (chart.target)
    out += " " + locale.text("report.chart.target_note",
                             {{"target", chart.target_label.empty() ? locale.text("chart.target") : chart.target_label},
                              {"value", format_value(*chart.target, chart.unit, locale)}});
  return out;
}

std::string text_alternative(const BarChart& chart, const Locale& locale) {
  if (!chart.description.empty()) return chart.description;
  if (chart.bars.empty()) return locale.text("report.chart.no_data_desc", {{"title", chart.title}});
  std::string bars;
  for (std::size_t i = 0; i < chart.bars.size(); ++i)
    bars += fmt::format("{}{} {}", i ? "; " : "", chart.bars[i].label,
                        format_value(chart.bars[i].value, chart.unit, locale));
  return locale.text(
      "chart.bar_desc",
      {{"title", chart.title}, {"axis", axis_title(chart.x_label, locale.unit(chart.unit))}, {"bars", bars}});
}

std::string text_alternative(const StackedBarChart& chart, const Locale& locale) {
  if (!chart.description.empty()) return chart.description;
  if (chart.bars.empty()) return locale.text("report.chart.no_data_desc", {{"title", chart.title}});
  std::string bars;
  for (std::size_t i = 0; i < chart.bars.size(); ++i) {
    bars += fmt::format("{}{}:", i ? "; " : "", chart.bars[i].label);
    for (std::size_t s = 0; s < chart.segments.size() && s < chart.bars[i].values.size(); ++s)
      bars += fmt::format("{} {} {}", s ? "," : "", chart.segments[s],
                          format_value(chart.bars[i].values[s], chart.unit, locale));
  }
  return locale.text(
      "chart.stacked_desc",
      {{"title", chart.title}, {"axis", axis_title(chart.x_label, locale.unit(chart.unit))}, {"bars", bars}});
}

namespace {

bool has_values(const LineChart& chart) {
  return std::any_of(chart.series.begin(), chart.series.end(),
                     [](const Series& series) { return !series.points.empty(); });
}

// The legend gives a series one or two lines; the chart grows to hold it, never cuts it.
double line_chart_height(const LineChart& chart) {
  if (!has_values(chart)) return no_data_height;
  double legend_height = 6 + 3 * 22;  // the estimated, withheld and target entries, when drawn
  for (const auto& series : chart.series) legend_height += legend_lines(series).second.empty() ? 18 : 32;
  return std::max(400.0, margin_top + legend_height + 16);
}

// One line chart, or one panel of small multiples (`panel_y`), its value axis covering `domain` too, so that the
// panels of one chart share their scale.
std::string line_svg(const LineChart& chart, const Locale& locale, SvgContext context,
                     const std::vector<double>& domain, std::optional<double> panel_y) {
  std::vector<double> values;
  int first = std::numeric_limits<int>::max(), last = std::numeric_limits<int>::min();
  for (const auto& series : chart.series)
    for (const auto& p : series.points) {
      values.push_back(p.value);
      first = std::min(first, p.year), last = std::max(last, p.year);
    }
  if (values.empty()) {
    const bool withheld = std::any_of(chart.series.begin(), chart.series.end(),
                                      [](const Series& series) { return !series.withheld.empty(); });
    return no_data_svg(
        context, chart.title,
        withheld ? text_alternative(chart, locale) : locale.text("chart.no_data_desc", {{"title", chart.title}}),
        "line", locale, panel_y);
  }
  if (chart.target) values.push_back(*chart.target);
  values.insert(values.end(), domain.begin(), domain.end());
  const auto [low, high] = value_range(values);
  const std::vector<double> ticks = nice_ticks(low, high, 5);
  const AxisScale scale = axis_scale(std::max(std::fabs(ticks.front()), std::fabs(ticks.back())), chart.unit, locale);

  const double height = line_chart_height(chart);
  const double plot_right = chart_width - legend_width;
  const double plot_bottom = height - margin_bottom;
  const Linear x{static_cast<double>(first) - (first == last ? 1 : 0),
                 static_cast<double>(last) + (first == last ? 1 : 0), margin_left, plot_right};
  const Linear y{ticks.front(), ticks.back(), plot_bottom, margin_top};

  std::string out = open_svg(context, height, chart.title, text_alternative(chart, locale), "line", panel_y);
  for (double tick : ticks) {
    const auto at = coordinate(y(tick));
    out += fmt::format("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" stroke=\"#dddddd\"/>", margin_left,
                       coordinate(plot_right), at);
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"tick\">{}</text>", margin_left - 6,
                       coordinate(y(tick) + 4), locale.number(tick_text(tick / scale.divisor)));
  }
  for (int year : year_ticks(first, last)) {
    const auto at = coordinate(x(year));
    out += fmt::format("<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#333333\"/>", at,
                       coordinate(plot_bottom), coordinate(plot_bottom + 5));
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"tick\">{}</text>", at,
                       coordinate(plot_bottom + 18), year);
  }
  out += fmt::format("<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#333333\"/>", margin_left, margin_top,
                     coordinate(plot_bottom));
  out += fmt::format("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" stroke=\"#333333\"/>", margin_left,
                     coordinate(plot_right), coordinate(plot_bottom));
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"axis-label\">{}</text>",
                     coordinate((margin_left + plot_right) / 2), coordinate(height - 12),
                     xml_escape(locale.text("table.year")));
  out += fmt::format(
      "<text transform=\"translate(16 {}) rotate(-90)\" text-anchor=\"middle\" class=\"axis-label\">{}</text>",
      coordinate((margin_top + plot_bottom) / 2), xml_escape(axis_title(chart.y_label, scale.unit)));

  if (chart.target) {
    const auto at = coordinate(y(*chart.target));
    const std::string label =
        fmt::format("{}: {}", chart.target_label.empty() ? locale.text("chart.target") : chart.target_label,
                    format_value(*chart.target, chart.unit, locale));
    out += fmt::format(
        "<line class=\"target\" data-target=\"{0}\" x1=\"{1}\" x2=\"{2}\" y1=\"{3}\" y2=\"{3}\" stroke=\"#000000\" "
        "stroke-width=\"1.5\" stroke-dasharray=\"8 5\"><title>{4}</title></line>",
        exact_number(*chart.target), margin_left, coordinate(plot_right), at, xml_escape(label));
  }

  std::size_t index = 0;
  double legend_y = margin_top + 6;
  const double legend_x = plot_right + 16;
  bool any_estimated = false, any_withheld = false;
  for (const auto& series : chart.series) {
    any_withheld = any_withheld || !series.withheld.empty();
    if (series.points.empty()) continue;
    std::vector<Point> points = series.points;
    std::sort(points.begin(), points.end(), [](const Point& a, const Point& b) { return a.year < b.year; });
    const char* colour = palette_colour(index);
    const char* dash = dashes[(index / palette.size()) % dashes.size()];
    const std::string dash_attribute = *dash ? fmt::format(" stroke-dasharray=\"{}\"", dash) : "";
    const std::string name = xml_escape(series.name);
    out += fmt::format("<g class=\"series\" data-series=\"{}\">", name);
    out += series_lines(points, series.withheld, x, y, colour, dash_attribute);
    for (const auto& p : points) {
      any_estimated = any_estimated || p.estimated;
      std::string qualifier = p.estimated ? locale.text("report.chart.estimated") : "";
      if (!p.note.empty()) qualifier += (qualifier.empty() ? "" : "; ") + p.note;
      out += fmt::format(
          "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1.5\" data-series=\"{}\" "
          "data-year=\"{}\" data-value=\"{}\"{}><title>{} {}: {}{}</title></circle>",
          coordinate(x(p.year)), coordinate(y(p.value)), p.estimated ? "3.5" : "3", p.estimated ? "#ffffff" : colour,
          colour, name, p.year, exact_number(p.value), p.estimated ? " data-flags=\"estimated\"" : "", name, p.year,
          xml_escape(format_value(p.value, chart.unit, locale)),
          qualifier.empty() ? "" : xml_escape(" (" + qualifier + ")"));
    }
    out += "</g>";
    const LegendLines lines = legend_lines(series);
    out += fmt::format(
        "<g class=\"legend-item\" data-series=\"{0}\"><line x1=\"{1}\" x2=\"{2}\" y1=\"{3}\" y2=\"{3}\" "
        "stroke=\"{4}\" stroke-width=\"3\"{5}/><circle cx=\"{9}\" cy=\"{3}\" r=\"3\" fill=\"{4}\"/>"
        "<text x=\"{6}\" y=\"{7}\">{8}</text>",
        name, coordinate(legend_x), coordinate(legend_x + 22), coordinate(legend_y), colour, dash_attribute,
        coordinate(legend_x + 28), coordinate(legend_y + 4), fitted_text(lines.first, legend_text_width, 12),
        coordinate(legend_x + 11));  // a filled marker: observed, against the hollow one of the estimates
    if (!lines.second.empty())
      out +=
          fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#444444\">{}</text>", coordinate(legend_x + 28),
                      coordinate(legend_y + 17), fitted_text(lines.second, legend_text_width, 11));
    out += "</g>";
    legend_y += lines.second.empty() ? 18 : 32;
    ++index;
  }
  // What the marks that are not plain observations mean, drawn as they are drawn in the plot.
  if (any_estimated) {
    legend_y += 4;
    out += fmt::format(
        "<g class=\"legend-estimated\"><line x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" stroke=\"#555555\" "
        "stroke-width=\"2\" stroke-dasharray=\"{3}\"/><circle cx=\"{4}\" cy=\"{2}\" r=\"3.5\" fill=\"#ffffff\" "
        "stroke=\"#555555\" stroke-width=\"1.5\"/><text x=\"{5}\" y=\"{6}\" font-size=\"11\">{7}</text></g>",
        coordinate(legend_x), coordinate(legend_x + 22), coordinate(legend_y), estimated_dash,
        coordinate(legend_x + 11), coordinate(legend_x + 28), coordinate(legend_y + 4),
        fitted_text(locale.text("report.chart.legend_estimated"), legend_text_width, 11));
    legend_y += 18;
  }
  if (any_withheld) {
    out += fmt::format("<text class=\"legend-withheld\" x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>",
                       coordinate(legend_x), coordinate(legend_y + 8),
                       fitted_text(locale.text("report.chart.legend_withheld"), chart_width - legend_x - 4, 11));
    legend_y += 18;
  }
  // The target is named in the legend, clear of the lines that may run along it.
  if (chart.target)
    out += fmt::format(
        "<g class=\"legend-target\"><line x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" stroke=\"#000000\" "
        "stroke-width=\"1.5\" stroke-dasharray=\"8 5\"/><text x=\"{3}\" y=\"{4}\" font-size=\"11\">{5}</text></g>",
        coordinate(legend_x), coordinate(legend_x + 22), coordinate(legend_y + 4), coordinate(legend_x + 28),
        coordinate(legend_y + 8),
        fitted_text(fmt::format("{}: {}", chart.target_label.empty() ? locale.text("chart.target") : chart.target_label,
                                format_value(*chart.target, chart.unit, locale)),
                    legend_text_width, 11));
  return out + "</svg>";
}

// More series than the palette tells apart make a tangle: beyond this, a chart becomes small multiples.
constexpr std::size_t max_series = 8;

// Series by panel (Series::panel, in order of first appearance); equal slices when they name fewer than two
// panels or a panel holds too many.
std::vector<std::vector<Series>> panels_of(const std::vector<Series>& series) {
  std::vector<std::string> names;
  std::vector<std::vector<Series>> panels;
  for (const auto& s : series) {
    const auto at = std::find(names.begin(), names.end(), s.panel);
    if (at == names.end())
      names.push_back(s.panel), panels.push_back({s});
    else
      panels[static_cast<std::size_t>(at - names.begin())].push_back(s);
  }
  const bool too_big = std::any_of(panels.begin(), panels.end(), [](const auto& p) { return p.size() > max_series; });
  if (panels.size() > 1 && !too_big) return panels;
  panels.clear();
  const std::size_t count = (series.size() + max_series - 1) / max_series;
  const std::size_t size = (series.size() + count - 1) / count;
  for (std::size_t i = 0; i < series.size(); i += size)
    panels.emplace_back(series.begin() + static_cast<std::ptrdiff_t>(i),
                        series.begin() + static_cast<std::ptrdiff_t>(std::min(series.size(), i + size)));
  return panels;
}

// One SVG holding a line chart per panel, stacked, each with its own legend, all on the same value axis so that the
// panels compare; one title and one text alternative for the whole.
std::string small_multiples(const LineChart& chart, const Locale& locale, SvgContext context) {
  std::vector<double> domain;
  for (const auto& series : chart.series)
    for (const auto& p : series.points) domain.push_back(p.value);
  std::vector<LineChart> panels;
  for (auto& series : panels_of(chart.series)) {
    LineChart panel = chart;
    panel.title = series.front().panel;
    panel.description.clear();
    panel.series = std::move(series);
    panels.push_back(std::move(panel));
  }
  constexpr double head = 30;
  double height = head;
  for (const auto& panel : panels) height += line_chart_height(panel);
  std::string description = chart.description.empty() ? chart.title + "." : chart.description;
  if (chart.description.empty())
    for (const auto& panel : panels) description += " " + text_alternative(panel, locale);
  std::string out = open_svg(context, height, chart.title, description, "line");
  double y = head;
  for (const auto& panel : panels) {
    out += line_svg(panel, locale, context, domain, y);
    y += line_chart_height(panel);
  }
  return out + "</svg>";
}

}  // namespace

std::string render(const LineChart& chart, const Locale& locale, SvgContext context) {
  return has_values(chart) && chart.series.size() > max_series ? small_multiples(chart, locale, context)
                                                               : line_svg(chart, locale, context, {}, std::nullopt);
}

std::string render(const BarChart& chart, const Locale& locale, SvgContext context) {
  if (chart.bars.empty())
    return no_data_svg(context, chart.title, locale.text("chart.no_data_desc", {{"title", chart.title}}), "bar",
                       locale);
  std::vector<double> values;
  for (const auto& bar : chart.bars) values.push_back(bar.value);
  const auto [low, high] = value_range(values);
  const std::vector<double> ticks = nice_ticks(low, high, 5);
  const AxisScale scale = axis_scale(std::max(std::fabs(ticks.front()), std::fabs(ticks.back())), chart.unit, locale);

  constexpr double row = 22, label_width = 190;
  const double plot_left = label_width;
  const double plot_right = chart_width - 90;
  const double plot_bottom = margin_top + row * static_cast<double>(chart.bars.size()) + 4;
  const double height = plot_bottom + margin_bottom;
  const Linear x{ticks.front(), ticks.back(), plot_left, plot_right};

  std::string out = open_svg(context, height, chart.title, text_alternative(chart, locale), "bar");
  out += x_value_axis(ticks, x, margin_top, plot_bottom, scale, chart.x_label, locale);
  for (std::size_t i = 0; i < chart.bars.size(); ++i) {
    const auto& bar = chart.bars[i];
    const double top = margin_top + 4 + row * static_cast<double>(i);
    const double from = x(std::min(0.0, bar.value)), to = x(std::max(0.0, bar.value));
    const std::string label = xml_escape(bar.label);
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", coordinate(plot_left - 6),
                       coordinate(top + 13), fitted_text(bar.label, plot_left - 10, 12));
    out += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\" fill=\"{}\" data-label=\"{}\" data-value=\"{}\">"
        "<title>{}: {}</title></rect>",
        coordinate(from), coordinate(top), coordinate(std::max(to - from, 0.5)), palette_colour(0), label,
        exact_number(bar.value), label, xml_escape(format_value(bar.value, chart.unit, locale)));
    // The value beside its bar, or inside its end where the bar leaves no room after it.
    const std::string value = format_value(bar.value, chart.unit, locale);
    const bool beside = to + 4 + text_width(value, 11) <= chart_width - 2;
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\"{}>{}</text>", coordinate(beside ? to + 4 : to - 4),
                       coordinate(top + 12), beside ? "" : " text-anchor=\"end\" fill=\"#ffffff\"", xml_escape(value));
  }
  out += fmt::format("<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#333333\"/>", coordinate(x(0)),
                     margin_top, coordinate(plot_bottom));
  return out + "</svg>";
}

std::string render(const StackedBarChart& chart, const Locale& locale, SvgContext context) {
  for (const auto& bar : chart.bars)
    if (bar.values.size() != chart.segments.size())
      throw std::invalid_argument(fmt::format("stacked bar '{}' has {} values for {} segments", bar.label,
                                              bar.values.size(), chart.segments.size()));
  if (chart.bars.empty())
    return no_data_svg(context, chart.title, locale.text("chart.no_data_desc", {{"title", chart.title}}), "stacked-bar",
                       locale);
  std::vector<double> totals;
  for (const auto& bar : chart.bars) {
    double total = 0;
    for (double v : bar.values) total += std::max(v, 0.0);
    totals.push_back(total);
  }
  const std::vector<double> ticks = nice_ticks(0, *std::max_element(totals.begin(), totals.end()), 5);
  const AxisScale scale = axis_scale(std::fabs(ticks.back()), chart.unit, locale);

  constexpr double row = 26, label_width = 230;
  const double legend_top = margin_top;
  const double plot_top = legend_top + 24;
  const double plot_left = label_width;
  const double plot_right = chart_width - 30;
  const double plot_bottom = plot_top + row * static_cast<double>(chart.bars.size()) + 4;
  const double height = plot_bottom + margin_bottom;
  const Linear x{ticks.front(), ticks.back(), plot_left, plot_right};

  std::string out = open_svg(context, height, chart.title, text_alternative(chart, locale), "stacked-bar");
  double legend_x = plot_left;
  for (std::size_t s = 0; s < chart.segments.size(); ++s) {
    const std::string name = xml_escape(chart.segments[s]);
    out += fmt::format(
        "<g class=\"legend-item\" data-series=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" "
        "fill=\"{}\"/><text x=\"{}\" y=\"{}\">{}</text></g>",
        name, coordinate(legend_x), coordinate(legend_top), palette_colour(s), coordinate(legend_x + 16),
        coordinate(legend_top + 10), fitted_text(chart.segments[s], chart_width - legend_x - 20, 12));
    legend_x += 30 + text_width(chart.segments[s], 12);
  }
  out += x_value_axis(ticks, x, plot_top, plot_bottom, scale, chart.x_label, locale);
  for (std::size_t i = 0; i < chart.bars.size(); ++i) {
    const auto& bar = chart.bars[i];
    const double top = plot_top + 4 + row * static_cast<double>(i);
    const std::string label = xml_escape(bar.label);
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", coordinate(plot_left - 6),
                       coordinate(top + 14), fitted_text(bar.label, plot_left - 10, 12));
    double start = 0;
    for (std::size_t s = 0; s < chart.segments.size(); ++s) {
      const double v = std::max(bar.values[s], 0.0);
      if (v == 0) continue;
      out += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"18\" fill=\"{}\" data-label=\"{}\" data-series=\"{}\" "
          "data-value=\"{}\"><title>{}, {}: {}</title></rect>",
          coordinate(x(start)), coordinate(top), coordinate(x(start + v) - x(start)), palette_colour(s), label,
          xml_escape(chart.segments[s]), exact_number(bar.values[s]), label, xml_escape(chart.segments[s]),
          xml_escape(format_value(bar.values[s], chart.unit, locale)));
      start += v;
    }
  }
  return out + "</svg>";
}

}  // namespace p2c::report
