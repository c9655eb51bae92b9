// The SVG charts of `p2c report`: axes with units, sane ticks, legends, escaping, data attributes, no data;
// estimated values drawn apart from observed ones, withheld years not drawn.
#include "report/svg_chart.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <regex>
#include <set>

#include "report_locale_fixture.h"

using namespace p2c::report;
using p2c::test::english;

namespace {

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

// data-value of every mark of `series`, in document order.
std::vector<std::string> values_of(const std::string& svg, const std::string& series) {
  std::vector<std::string> out;
  const std::regex mark("data-series=\"" + series + "\" data-year=\"(\\d+)\" data-value=\"([^\"]+)\"");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), mark); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1].str() + "=" + (*it)[2].str());
  return out;
}

LineChart internet_use() {
  LineChart chart;
  chart.title = "Individuals using the Internet";
  chart.y_label = "Internet use";
  chart.unit = "%";
  // LDC: 2021 estimated, 2022 and 2024 withheld (not published), 2023 observed with its coverage.
  chart.series = {
      {"WLD", "WLD: on track", {{2022, 66.5710484650201}, {2021, 66.0815637850439}, {2023, 73.6}}, {}},
      {"LDC",
       "",
       {{2020, 25}, {2021, 27.5, true}, {2023, 35.25, false, "observed: 90 % of population, 40 of 45 members"}},
       {2022, 2024}}};
  chart.target = 100;
  chart.target_label = "2030 target";
  return chart;
}

}  // namespace

// The polylines of `series`, in document order: "estimated" or "observed", then their points.
std::vector<std::string> lines_of(const std::string& svg, const std::string& series) {
  const auto start = svg.find("<g class=\"series\" data-series=\"" + series + "\">");
  REQUIRE(start != std::string::npos);
  const std::string group = svg.substr(start, svg.find("</g>", start) - start);
  std::vector<std::string> out;
  const std::regex line("<polyline( class=\"estimated\")? points=\"([^\"]+)\"");
  for (auto it = std::sregex_iterator(group.begin(), group.end(), line); it != std::sregex_iterator(); ++it)
    out.push_back(std::string((*it)[1].matched ? "estimated " : "observed ") + (*it)[2].str());
  return out;
}

std::size_t points_in(const std::string& line) { return count(line, ","); }

TEST_CASE("nice ticks cover the range with round steps", "[svg]") {
  CHECK(nice_ticks(0, 100, 5) == std::vector<double>{0, 20, 40, 60, 80, 100});
  CHECK(nice_ticks(0, 87.05, 5) == std::vector<double>{0, 20, 40, 60, 80, 100});
  CHECK(nice_ticks(0, 1, 4) == std::vector<double>{0, 0.25, 0.5, 0.75, 1});
  CHECK(nice_ticks(-3, 7, 5) == std::vector<double>{-4, -2, 0, 2, 4, 6, 8});
  const auto billions = nice_ticks(0, 3.2e9, 5);
  CHECK(billions.front() == 0);
  CHECK(billions.back() >= 3.2e9);
  CHECK(billions.size() <= 8);
  // A single value still gets a range around it.
  const auto single = nice_ticks(42, 42, 5);
  CHECK(single.front() < 42);
  CHECK(single.back() > 42);
  CHECK_THROWS_AS(nice_ticks(0, std::numeric_limits<double>::infinity()), std::invalid_argument);
  // Where adding one to a double of this size changes nothing, the ticks are still counted and finite in number.
  const auto huge = nice_ticks(1e19, 1e19 + 1000, 5);
  CHECK_FALSE(huge.empty());
  CHECK(huge.size() <= 13);
}

TEST_CASE("values read with their units", "[svg]") {
  CHECK(format_value(73.6482684615586, "%", english()) == "73.6 %");
  CHECK(format_value(2.5e9, "USD", english()) == "USD 2.5 bn");
  CHECK(format_value(12.5e6, "USD", english()) == "USD 12.5 m");
  CHECK(format_value(1.45e9, "people", english()) == "1.45 bn people");
  CHECK(format_value(0.951, "ratio", english()) == "0.951 ratio");
  CHECK(format_value(120, "", english()) == "120");
  // One format per unit: shares with one decimal, counts with thousands separated.
  CHECK(format_value(88, "%", english()) == "88.0 %");
  CHECK(format_value(-0.04, "pp", english()) == "0.0 pp");
  CHECK(format_value(2.25, "pp per year", english()) == "2.2 pp per year");
  CHECK(format_value(250783, "people", english()) == "250,783 people");
  CHECK(format_value(1005, "pledges", english()) == "1,005 pledges");
  CHECK(format_value(-1234567.5, "km", english()) == "-1,234,568 km");
  CHECK(format_value(2.6e9, "people", english()) == "2.6 bn people");
  CHECK(exact_number(66.5710484650201) == "66.5710484650201");
  CHECK(axis_scale(3e9, "USD", english()).unit == "USD bn");
  CHECK(axis_scale(3e9, "USD", english()).divisor == 1e9);
  CHECK(axis_scale(50, "%", english()).unit == "%");
}

TEST_CASE("large amounts are counted in the language's own large numbers", "[svg][language]") {
  const p2c::report::Locale chinese(p2c::service::bundled_catalogues(), "zh");
  CHECK(format_value(36.78e9, "USD", chinese) == "368亿 USD");
  CHECK(format_value(250783, "people", chinese) == "25.1 万人");
  CHECK(axis_scale(3e9, "USD", chinese).divisor == 1e8);
  const p2c::report::Locale french(p2c::service::bundled_catalogues(), "fr");
  CHECK(format_value(2.5e9, "USD", french) == "2,5 Md USD");
  CHECK(format_value(250783, "people", french) == "250\u202F783 personnes");
}

TEST_CASE("escaping covers text and attributes", "[svg]") {
  CHECK(xml_escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
  LineChart chart = internet_use();
  chart.title = "Use <script>alert(1)</script> & more";
  chart.series[0].name = "A\"B";
  const std::string svg = render(chart, english());
  CHECK(svg.find("<script>") == std::string::npos);
  CHECK(svg.find("Use &lt;script&gt;alert(1)&lt;/script&gt; &amp; more") != std::string::npos);
  CHECK(svg.find("data-series=\"A&quot;B\"") != std::string::npos);
}

TEST_CASE("a line chart has a text alternative, labelled axes, legend, target and marks with data", "[svg]") {
  const std::string svg = render(internet_use(), english());
  CHECK(svg.rfind("<svg class=\"p2c-chart\" data-chart=\"line\" role=\"img\"", 0) == 0);
  CHECK(svg.find("xmlns") == std::string::npos);  // inline in HTML: no namespace URL
  CHECK(svg.find("<title>Individuals using the Internet</title>") != std::string::npos);
  CHECK(svg.find("<desc>Individuals using the Internet. Line chart of Internet use (%) by year, 2020 to 2023. "
                 "Latest published values: WLD: on track, 73.6 % (data as of 2023); LDC, 35.2 % (data as of 2023; "
                 "observed: 90 % of population, 40 of 45 members). Hollow markers and dotted lines: estimated "
                 "values. Withheld, not published and not drawn: LDC 2022, 2024. Dashed line: 2030 target of "
                 "100.0 %.</desc>") != std::string::npos);
  CHECK(svg.find(">Internet use (%)</text>") != std::string::npos);  // y axis label with unit
  CHECK(svg.find(">Year</text>") != std::string::npos);
  for (const char* tick : {">0<", ">20<", ">40<", ">60<", ">80<", ">100<", ">2020<", ">2021<", ">2022<", ">2023<"})
    CHECK(svg.find(tick) != std::string::npos);
  CHECK(svg.find("class=\"target\" data-target=\"100\"") != std::string::npos);
  // The target is named in the legend, not on the plot where lines may run along it.
  CHECK(std::regex_search(svg, std::regex("<g class=\"legend-target\">.*>2030 target: 100.0 %</text></g>")));
  CHECK(svg.find(">2030 target: 100.0 %</text>") == svg.rfind(">2030 target: 100.0 %</text>"));
  CHECK(svg.find("stroke-dasharray=\"8 5\"") != std::string::npos);
  CHECK(count(svg, "class=\"legend-item\"") == 2);
  CHECK(svg.find(">WLD: on track</text>") != std::string::npos);
  // Marks by year with the exact values, in the palette's colours.
  CHECK(values_of(svg, "WLD") ==
        std::vector<std::string>{"2021=66.0815637850439", "2022=66.5710484650201", "2023=73.6"});
  CHECK(values_of(svg, "LDC") == std::vector<std::string>{"2020=25", "2021=27.5", "2023=35.25"});
  CHECK(svg.find("stroke=\"#0072B2\"") != std::string::npos);
  CHECK(svg.find("low coverage") == std::string::npos);
  CHECK(svg.find("low_coverage") == std::string::npos);
  CHECK(render(internet_use(), english(), SvgContext::file).find("xmlns=\"http://www.w3.org/2000/svg\"") !=
        std::string::npos);
}

TEST_CASE("estimated values are hollow on dotted lines, withheld years are no mark and break the line", "[svg]") {
  const std::string svg = render(internet_use(), english());
  // Only the estimate is hollow and flagged; its tooltip says so.
  CHECK(count(svg, "data-flags=\"estimated\"") == 1);
  CHECK(svg.find("data-series=\"LDC\" data-year=\"2021\" data-value=\"27.5\" data-flags=\"estimated\"><title>LDC "
                 "2021: 27.5 % (estimated)</title>") != std::string::npos);
  const std::regex hollow(
      "<circle [^>]*r=\"3.5\" fill=\"#ffffff\" stroke=\"#B97F00\"[^>]*data-series=\"LDC\" "
      "data-year=\"2021\"");
  CHECK(std::regex_search(svg, hollow));
  const std::regex filled(
      "<circle [^>]*fill=\"#B97F00\" stroke=\"#B97F00\"[^>]*data-series=\"LDC\" data-year=\"2023\"");
  CHECK(std::regex_search(svg, filled));
  CHECK(svg.find("<title>LDC 2023: 35.2 % (observed: 90 % of population, 40 of 45 members)</title>") !=
        std::string::npos);
  // Withheld years: no mark.
  CHECK(svg.find("data-series=\"LDC\" data-year=\"2022\"") == std::string::npos);
  CHECK(svg.find("data-series=\"LDC\" data-year=\"2024\"") == std::string::npos);
  // LDC: 2020-2021 touches the estimate (dotted); 2021-2023 would bridge the withheld 2022, so it is not drawn;
  // 2023 stands alone. WLD: one solid line through its three observations.
  const auto ldc = lines_of(svg, "LDC");
  REQUIRE(ldc.size() == 1);
  CHECK(ldc[0].rfind("estimated ", 0) == 0);
  CHECK(points_in(ldc[0]) == 2);
  const auto wld = lines_of(svg, "WLD");
  REQUIRE(wld.size() == 1);
  CHECK(wld[0].rfind("observed ", 0) == 0);
  CHECK(points_in(wld[0]) == 3);
  CHECK(svg.find("stroke-dasharray=\"2 4\"/>") != std::string::npos);
  // The legend says what hollow/dotted and the missing years mean.
  CHECK(svg.find("<g class=\"legend-estimated\">") != std::string::npos);
  CHECK(svg.find(">estimated value</text>") != std::string::npos);
  CHECK(svg.find(">withheld years: not drawn</text>") != std::string::npos);

  // A line changes style where it reaches an estimate: solid 2019-2020, dotted 2020-2021-2022, solid 2022-2023.
  LineChart mixed;
  mixed.title = "Mixed";
  mixed.unit = "%";
  mixed.series = {{"A", "", {{2019, 1}, {2020, 2}, {2021, 3, true}, {2022, 4}, {2023, 5}}, {}}};
  const std::string mixed_svg = render(mixed, english());
  const auto a = lines_of(mixed_svg, "A");
  REQUIRE(a.size() == 3);
  CHECK((a[0].rfind("observed ", 0) == 0 && points_in(a[0]) == 2));
  CHECK((a[1].rfind("estimated ", 0) == 0 && points_in(a[1]) == 3));
  CHECK((a[2].rfind("observed ", 0) == 0 && points_in(a[2]) == 2));
  // Without estimates or withheld years the legend has no such entries.
  CHECK(mixed_svg.find(">withheld years: not drawn</text>") == std::string::npos);
  mixed.series[0].points[2].estimated = false;
  CHECK(render(mixed, english()).find("legend-estimated") == std::string::npos);
  CHECK(lines_of(render(mixed, english()), "A").size() == 1);
}

TEST_CASE("a line chart whose values are all withheld says so instead of 'no data'", "[svg]") {
  LineChart chart;
  chart.title = "LDC only";
  chart.unit = "%";
  chart.series = {{"LDC", "", {}, {2023, 2024}}};
  const std::string svg = render(chart, english());
  CHECK(svg.find(">no data</text>") != std::string::npos);
  CHECK(svg.find("data-value") == std::string::npos);
  CHECK(text_alternative(chart, english()) ==
        "LDC only. No value published. Withheld, not published and not drawn: LDC 2023-2024.");
  CHECK(svg.find("<desc>" + text_alternative(chart, english()) + "</desc>") != std::string::npos);
}

TEST_CASE("years read as compact ranges", "[svg]") {
  CHECK(year_ranges({2024, 2019, 2020, 2021, 2021}) == "2019-2021, 2024");
  CHECK(year_ranges({2022}) == "2022");
  CHECK(year_ranges({}).empty());
}

TEST_CASE("bar charts draw one mark per bar, scaled axis label with unit", "[svg]") {
  BarChart chart;
  chart.title = "Telecom investment";
  chart.x_label = "Investment";
  chart.unit = "USD";
  chart.bars = {{"KEN (2023)", 2.5e9}, {"UGA (2023)", 4e8}};
  const std::string svg = render(chart, english());
  CHECK(svg.find("data-chart=\"bar\"") != std::string::npos);
  CHECK(svg.find(">Investment (USD bn)</text>") != std::string::npos);
  CHECK(svg.find("data-label=\"KEN (2023)\" data-value=\"2500000000\"") != std::string::npos);
  CHECK(svg.find("data-label=\"UGA (2023)\" data-value=\"400000000\"") != std::string::npos);
  CHECK(svg.find(">USD 2.5 bn</text>") != std::string::npos);
  CHECK(svg.find("<desc>Telecom investment. Bar chart of Investment (USD): KEN (2023) USD 2.5 bn; UGA (2023) USD "
                 "400 m.</desc>") != std::string::npos);
  CHECK(count(svg, "<rect ") == 3);  // the background and two bars
}

TEST_CASE("stacked bars have one segment per value and a legend", "[svg]") {
  StackedBarChart chart;
  chart.title = "Bands";
  chart.x_label = "Economies";
  chart.segments = {"1 limited", "2 satisfactory"};
  chart.bars = {{"internet use", {40, 60}}, {"coverage 4g", {0, 10}}};
  const std::string svg = render(chart, english());
  CHECK(count(svg, "class=\"legend-item\"") == 2);
  CHECK(svg.find("data-label=\"internet use\" data-series=\"1 limited\" data-value=\"40\"") != std::string::npos);
  CHECK(svg.find("data-label=\"internet use\" data-series=\"2 satisfactory\" data-value=\"60\"") != std::string::npos);
  CHECK(svg.find("data-label=\"coverage 4g\" data-series=\"1 limited\"") == std::string::npos);  // zero: no mark
  CHECK(svg.find(">Economies</text>") != std::string::npos);
  chart.bars[1].values = {1};
  CHECK_THROWS_AS(render(chart, english()), std::invalid_argument);
}

TEST_CASE("charts without data say so instead of drawing empty axes", "[svg]") {
  LineChart line;
  line.title = "Nothing";
  line.unit = "%";
  line.series = {{"WLD", "", {}, {}}};
  const std::string svg = render(line, english());
  CHECK(svg.find(">no data</text>") != std::string::npos);
  CHECK(svg.find("<desc>Nothing: no data.</desc>") != std::string::npos);
  CHECK(svg.find("data-value") == std::string::npos);
  CHECK(render(BarChart{"Empty bars", "", "x", "%", {}}, english()).find(">no data</text>") != std::string::npos);
  CHECK(render(StackedBarChart{"Empty", "", "x", "", {"a"}, {}}, english()).find(">no data</text>") !=
        std::string::npos);
  CHECK(text_alternative(line, english()) == "Nothing. No data.");
}

namespace {

// WCAG 2.1 contrast ratio of a "#RRGGBB" colour against white.
double contrast_on_white(const std::string& colour) {
  double luminance = 0;
  const double weights[] = {0.2126, 0.7152, 0.0722};
  for (int i = 0; i < 3; ++i) {
    const double c = std::stoi(colour.substr(1 + 2 * i, 2), nullptr, 16) / 255.0;
    luminance += weights[i] * (c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4));
  }
  return 1.05 / (luminance + 0.05);
}

}  // namespace

TEST_CASE("every colour of the palette reaches 3:1 against the white background", "[report][svg]") {
  std::set<std::string> distinct;
  for (std::size_t i = 0; i < 8; ++i) {
    const std::string colour = p2c::report::palette_colour(i);
    INFO(colour);
    CHECK(contrast_on_white(colour) >= 3.0);
    distinct.insert(colour);
  }
  CHECK(distinct.size() == 8);
  CHECK(std::string(p2c::report::palette_colour(8)) == p2c::report::palette_colour(0));
}

TEST_CASE("more than 8 series make small multiples: one chart, a panel per group of series, one value axis", "[svg]") {
  LineChart chart;
  chart.title = "Internet use";
  chart.y_label = "Internet use";
  chart.unit = "%";
  const std::vector<std::string> un = {"WLD", "LDC", "LLDC", "SIDS"};
  const std::vector<std::string> itu = {"ITU.AFR", "ITU.AMS", "ITU.ARB", "ITU.ASP", "ITU.CIS", "ITU.EUR"};
  double value = 10;
  for (const auto& code : un) chart.series.push_back({code, code, {{2023, value += 5}}, {}, "", "UN lists"});
  for (const auto& code : itu) chart.series.push_back({code, code, {{2023, value += 5}}, {}, "", "ITU regions"});
  const std::string svg = render(chart, english());

  CHECK(count(svg, "class=\"p2c-chart\"") == 1);  // one figure, with one text alternative
  CHECK(count(svg, "<desc>") == 1);
  CHECK(count(svg, "<svg class=\"panel\"") == 2);
  const std::size_t second = svg.find("<svg class=\"panel\"", svg.find("<svg class=\"panel\"") + 1);
  const std::string first_panel = svg.substr(0, second), second_panel = svg.substr(second);
  CHECK(first_panel.find("<title>UN lists</title>") != std::string::npos);
  CHECK(second_panel.find("<title>ITU regions</title>") != std::string::npos);
  CHECK(count(first_panel, "class=\"legend-item\"") == 4);
  CHECK(count(second_panel, "class=\"legend-item\"") == 6);
  for (const auto& code : itu) CHECK(values_of(second_panel, code).size() == 1);
  // Both panels on the same value axis, from the smallest to the largest value of all series.
  CHECK(count(svg, "class=\"tick\">60</text>") == 2);
  const std::string description = svg.substr(svg.find("<desc>"), svg.find("</desc>") - svg.find("<desc>"));
  CHECK(description.find("ITU.EUR") != std::string::npos);
  CHECK(description.find("LDC") != std::string::npos);

  // Series naming no panel are sliced evenly: 10 series in 2 panels of 5.
  for (auto& series : chart.series) series.panel.clear();
  const std::string sliced = render(chart, english());
  CHECK(count(sliced, "<svg class=\"panel\"") == 2);
  CHECK(count(sliced, "class=\"legend-item\"") == 10);

  // 8 series stay one chart.
  chart.series.resize(8);
  CHECK(count(render(chart, english()), "<svg class=\"panel\"") == 0);
}
