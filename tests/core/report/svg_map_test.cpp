// The choropleth map of the report: the compiled-in geometry draws every SIDS of the bundled reference data; classes,
// legend and "no data"; estimates marked; unpublished values are no data; the report's map section with its year,
// notes and tables; well-formed, escaped SVG and HTML.
#include "report/svg_map.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "internet_use_result.h"
#include "report/report_writer.h"
#include "report_html.h"
#include "report_locale_fixture.h"
#include "run_command.h"
#include "temp_dir.h"

using p2c::report::ChoroplethMap;
using p2c::report::MapValue;
using p2c::test::has;

namespace {

// The iso3 column of every SIDS row of a reference file (group,iso3,from_year,to_year).
std::set<std::string> sids_of(const std::string& file) {
  std::ifstream in(std::string(P2C_SOURCE_DIR) + "/config/reference/" + file);
  REQUIRE(in);
  std::set<std::string> out;
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("SIDS,", 0) == 0) out.insert(line.substr(5, line.find(',', 5) - 5));
  return out;
}

// The SVG element of the economy `code` (a path or a circle), up to its end tag.
std::string mark(const std::string& svg, const std::string& code) {
  const auto at = svg.find("data-entity=\"" + code + "\"");
  REQUIRE(at != std::string::npos);
  const auto start = svg.rfind('<', at);
  return svg.substr(start, svg.find("</title>", at) - start);
}

// A small geometry: two shapes, a dot, and a feature without an economy code.
p2c::report::WorldMap small_map() {
  return p2c::report::parse_world_map(R"({"width":100,"height":50,"dot_radius":4,"economies":[
    {"iso3":"KEN","name":"Kenya","path":"M10 10l10 0 0 10-10 0z"},
    {"iso3":"NPL","name":"Nepal","path":"M30 10l10 0 0 10-10 0z"},
    {"iso3":"TUV","name":"Tuvalu","dot":[90.5,40]},
    {"iso3":"UGA","name":"Uganda","path":"M50 10l10 0 0 10-10 0z"},
    {"iso3":"FJI","name":"Fiji","path":"M70 10l10 0 0 10-10 0z"},
    {"iso3":"TZA","name":"Tanzania","path":"M10 30l10 0 0 10-10 0z"}],
    "unlisted":[{"name":"Kosovo","path":"M60 30l2 0 0 2z"}]})");
}

ChoroplethMap sample(const p2c::report::WorldMap& geometry) {
  ChoroplethMap map;
  map.title = "Individuals using the Internet by economy, 2023";
  map.unit = "%";
  map.year = 2023;
  map.values = {{"KEN", {10, 2023, false}},
                {"NPL", {30, 2022, false}},
                {"TUV", {50, 2023, true}},
                {"UGA", {70, 2023, false}},
                {"FJI", {90, 2021, false}}};
  map.names = {{"TUV", "Tuvalu <&>"}};
  map.geometry = &geometry;
  return map;
}

}  // namespace

TEST_CASE("the compiled-in geometry draws every SIDS of the bundled reference data, as a shape or a dot",
          "[report][map]") {
  const auto& geometry = p2c::report::world_map();
  auto sids = sids_of("memberships.csv");
  const auto itu = sids_of("itu-lists.csv");
  sids.insert(itu.begin(), itu.end());
  REQUIRE(sids.size() >= 57);
  for (const auto& code : sids) {
    INFO(code);
    const auto* shape = geometry.find(code);
    REQUIRE(shape != nullptr);
    CHECK((shape->dot.has_value() || !shape->path.empty()));
  }
  // Small states are dots; large ones shapes; a feature without an economy code is kept as land.
  CHECK(geometry.find("TUV")->dot.has_value());
  CHECK(geometry.find("BRA")->path.size() > 100);
  CHECK_FALSE(geometry.find("BRA")->dot.has_value());
  CHECK(geometry.find("ATA") == nullptr);  // Antarctica is left out
  CHECK(geometry.economies.size() >= 240);
}

TEST_CASE("classes: quintiles on nice breaks, each value in its class, the last class holding the maximum",
          "[report][map]") {
  const auto classes = p2c::report::map_classes({10, 30, 50, 70, 90});
  REQUIRE(classes.size() == 5);
  CHECK(classes[0].low == 10);
  CHECK(classes[1].low == 30);
  CHECK(classes[4].high == 90);
  CHECK(p2c::report::class_of(classes, 10) == 0);
  CHECK(p2c::report::class_of(classes, 29.9) == 0);
  CHECK(p2c::report::class_of(classes, 30) == 1);
  CHECK(p2c::report::class_of(classes, 90) == 4);
  CHECK(p2c::report::class_label(classes, 0, "%", p2c::test::english()) == "below 30.0 %");
  CHECK(p2c::report::class_label(classes, 1, "%", p2c::test::english()) == "30.0 % to 50.0 %");
  CHECK(p2c::report::class_label(classes, 4, "%", p2c::test::english()) == "90.0 % and above");
  // Two significant digits, not the quintile's own decimals.
  const auto rounded = p2c::report::map_classes({1.234, 23.456, 45.678, 67.89, 89.01, 99.5});
  CHECK(rounded[1].low == Approx(23));
  // Equal values: one class, not empty ones.
  CHECK(p2c::report::map_classes({5, 5, 5}).size() == 1);
  CHECK(p2c::report::map_classes({}).empty());
}

TEST_CASE("the map colours each economy by its class, marks estimates, and draws the others as no data",
          "[report][map]") {
  const auto geometry = small_map();
  const std::string svg = p2c::report::render(sample(geometry), p2c::test::english(), p2c::report::SvgContext::file);
  CHECK(has(svg, "role=\"img\""));
  CHECK(has(svg, "<title>Individuals using the Internet by economy, 2023</title><desc>"));
  CHECK(has(svg, "width=\"760\""));
  // Values land in their classes, with their value and year.
  CHECK(has(mark(svg, "KEN"), "data-value=\"10\" data-year=\"2023\" data-class=\"0\""));
  CHECK(has(mark(svg, "NPL"), "data-value=\"30\" data-year=\"2022\" data-class=\"1\""));
  CHECK(has(mark(svg, "UGA"), "data-class=\"3\""));
  CHECK(has(mark(svg, "FJI"), "data-class=\"4\""));
  CHECK(has(mark(svg, "KEN"), "fill=\"#5E9A2E\""));
  CHECK(has(mark(svg, "FJI"), "fill=\"#3B1F6E\""));
  // Focusable, with name, value and year for hover and focus.
  CHECK(has(mark(svg, "NPL"), "tabindex=\"0\""));
  CHECK(has(mark(svg, "NPL"), "<title>Nepal: 30.0 % (2022)"));
  // An estimate: its class colour under dots, a dashed outline, said in the title; a dot, escaped.
  const std::string tuvalu = mark(svg, "TUV");
  CHECK(has(tuvalu, "<circle class=\"economy dot\" cx=\"90.5\" cy=\"40.0\""));
  CHECK(has(tuvalu, "fill=\"url(#p2c-map-estimated-2)\""));
  CHECK(has(tuvalu, "data-flags=\"estimated\""));
  CHECK(has(tuvalu, "<title>Tuvalu &lt;&amp;&gt;: 50.0 % (2023, estimated)"));
  // No value: no data, without data-value.
  const std::string tanzania = mark(svg, "TZA");
  CHECK(has(tanzania, "data-class=\"none\""));
  CHECK(has(tanzania, "fill=\"url(#p2c-map-no-data)\""));
  CHECK_FALSE(has(tanzania, "data-value"));
  CHECK(has(tanzania, "<title>Tanzania: no data"));
  // The feature without an economy code is land, not an economy.
  CHECK(has(svg, "<path class=\"unlisted\" d=\"M60 30l2 0 0 2z\""));
  // The legend: five classes with their ranges, no data, estimates, dots.
  for (const char* entry : {"class-0", "class-1", "class-2", "class-3", "class-4", "no-data", "estimated", "dot"})
    CHECK(has(svg, std::string("data-legend=\"") + entry + "\""));
  CHECK(has(svg, ">below 30.0 %</text>"));
  CHECK(has(svg, ">50.0 % to 70.0 %</text>"));
  CHECK(has(svg, ">90.0 % and above</text>"));
  CHECK(has(svg, ">no data</text>"));
  // The text alternative: the years the values are from, counts, classes, highest and lowest.
  const std::string text = p2c::report::text_alternative(sample(geometry), p2c::test::english());
  CHECK(
      has(text, "5 economies with a value (3 from 2023, 1 from 2022, 1 from 2021; 1 estimated), 1 without (no data)"));
  CHECK(has(text, "below 30.0 %: 1"));
  CHECK(has(text, "Highest: Fiji 90.0 % (2021)"));
  CHECK(has(text, "Lowest: Kenya 10.0 % (2023)"));
}

TEST_CASE("the map's SVG is well-formed XML", "[report][map]") {
  p2c::test::TempDir dir;
  const auto geometry = small_map();
  ChoroplethMap map = sample(geometry);
  map.title = "A & B <map>";
  const auto svg_file = dir / "map.svg";
  std::ofstream(svg_file) << p2c::report::render(map, p2c::test::english(), p2c::report::SvgContext::file);
  const auto checked = p2c::test::run_command(
      std::string(P2C_PYTHON) + " -c \"import sys, xml.dom.minidom as m; m.parse(sys.argv[1])\" " + svg_file.string());
  INFO(checked.output);
  CHECK(checked.exit_code == 0);
  // The real geometry, too: every path and dot of it.
  ChoroplethMap world;
  world.title = "World";
  world.unit = "%";
  world.year = 2023;
  world.values = {{"KEN", {42, 2023, false}}};
  const auto world_file = dir / "world.svg";
  std::ofstream(world_file) << p2c::report::render(world, p2c::test::english(), p2c::report::SvgContext::file);
  const auto world_checked =
      p2c::test::run_command(std::string(P2C_PYTHON) +
                             " -c \"import sys, xml.dom.minidom as m; m.parse(sys.argv[1])\" " + world_file.string());
  INFO(world_checked.output);
  CHECK(world_checked.exit_code == 0);
}

using p2c::test::internet_use;

namespace {

// Internet use of five economies: 2024 has one early reporter, so the map is drawn at 2023; KEN's 2023 value is
// estimated; NPL has 2021 only; UGA's 2023 value is not published; XKX has a value but no place on the map.
p2c::report::Report map_report() {
  p2c::host::StoredMetric users = p2c::test::internet_use_metric();
  std::vector<p2c::host::StoredResult> results = {internet_use("WLD", 2023, 67, "", "group"),
                                                  internet_use("BRA", 2022, 80),
                                                  internet_use("BRA", 2023, 84),
                                                  internet_use("BRA", 2024, 86),
                                                  internet_use("KEN", 2022, 35),
                                                  internet_use("KEN", 2023, 37, "estimated"),
                                                  internet_use("NPL", 2021, 49),
                                                  internet_use("UGA", 2022, 10),
                                                  internet_use("UGA", 2023, std::nullopt, "withheld"),
                                                  internet_use("FJI", 2023, 88),
                                                  internet_use("XKX", 2023, 60),
                                                  internet_use("TUV", 2023, 70)};
  p2c::host::StoredRun run;
  run.id = "20261207T000000Z-map1";
  return p2c::report::build_report(p2c::test::english(), run, {users}, results,
                                   {{"KEN", "Kenya"}, {"BRA", "Brazil & <co>"}});
}

}  // namespace

TEST_CASE("the report maps Internet use by economy at the latest year with wide coverage", "[report][map]") {
  const std::string html = p2c::report::html_document(map_report());
  const std::string map = p2c::test::section(html, "map");
  CHECK(has(map, "data-chart=\"map\" data-year=\"2023\""));
  // Each economy at its latest published value up to 2023; BRA's 2024 value is later than the map's year.
  CHECK(has(map, "data-entity=\"BRA\" data-value=\"84\" data-year=\"2023\""));
  CHECK(has(map, "data-entity=\"NPL\" data-value=\"49\" data-year=\"2021\""));
  CHECK(has(map, "data-entity=\"KEN\" data-value=\"37\" data-year=\"2023\""));
  CHECK(has(mark(map, "KEN"), "data-flags=\"estimated\""));
  // UGA's 2023 value is withheld: its latest published value up to 2023 is 2022's.
  CHECK(has(map, "data-entity=\"UGA\" data-value=\"10\" data-year=\"2022\""));
  // No value at all: no data. Groups are not economies of the map.
  CHECK(has(mark(map, "IND"), "data-class=\"none\""));
  CHECK_FALSE(has(map, "data-entity=\"WLD\""));
  // Names from the reference, escaped; the notes say which years the values are from.
  CHECK(has(map, "<title>Brazil &amp; &lt;co&gt;: 84.0 % (2023)"));
  CHECK(has(map, "Values are from 2023 (4 economies), 2022 (1 economy), 2021 (1 economy); 1 of them estimated"));
  CHECK(has(map, "Not on the map (no shape in the geometry): XKX."));
  CHECK(p2c::test::row(map, "data", "Kenya") == "Kenya|KEN|37.0 % (estimated)|2023");
  CHECK(p2c::test::row(map, "summary", "no data").rfind("no data|", 0) == 0);
}

TEST_CASE("the report with its map is well-formed, self-contained HTML, and Markdown writes the map as SVG",
          "[report][map]") {
  p2c::test::TempDir dir;
  const auto report = map_report();
  const auto output = dir / "report.html";
  p2c::report::write_html(report, output);
  const auto checked =
      p2c::test::run_command(std::string(P2C_PYTHON) + " " + P2C_HTML_CHECKER + " " + output.string() + " map");
  INFO(checked.output);
  CHECK(checked.exit_code == 0);
  const auto written = p2c::report::write_markdown(report, dir / "report.md");
  std::ifstream in(dir / "report-map-1.svg");
  REQUIRE(in);
  std::stringstream svg;
  svg << in.rdbuf();
  CHECK(has(svg.str(), "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"p2c-chart p2c-map\""));
}
