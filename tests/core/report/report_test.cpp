// Reports of a run stored in a history written here: each section's content, the pledge section with and
// without pledge metrics, escaping, and Markdown with its SVG files.
#include <catch2/catch.hpp>
#include <regex>

#include "history.h"
#include "report/report_writer.h"
#include "temp_dir.h"

using p2c::host::History;

namespace {

p2c::CatalogueEntry entry(std::string id, std::string unit, p2c::FocusArea focus = p2c::FocusArea::adoption,
                          std::optional<double> target = std::nullopt) {
  p2c::CatalogueEntry out;
  out.id = std::move(id);
  out.plugin = out.id.substr(0, out.id.find('.'));
  out.info.name = out.id.substr(out.id.find('.') + 1);
  out.info.title = "Title of " + out.info.name;
  out.info.unit = std::move(unit);
  out.info.focus_area = focus;
  out.info.target = target;
  return out;
}

p2c::Record value(std::uint32_t metric, p2c::EntityId entity, std::int32_t year, double v,
                  p2c::Status status = p2c::Status::none) {
  p2c::Record r;
  r.metric = metric;
  r.entity = entity;
  r.entity_kind = entity < 3 ? p2c::EntityKind::group : p2c::EntityKind::economy;
  r.year = year;
  r.value = v;
  r.status = status;
  return r;
}

enum Entity : p2c::EntityId { WLD, LDC, ITU_AFR, KEN, UGA, ODD };

// Internet use with its gap, IDI scores, UMC bands and, with `pledges`, the pledge registry's metrics.
p2c::RunReport sample_run(bool pledges) {
  p2c::RunReport run;
  run.run_id = pledges ? "20261130T050000Z-feed" : "20261130T040000Z-0dd5";
  run.started_at = "2026-11-30T05:00:00Z";
  run.duration_seconds = 1.5;
  run.entity_codes = {"WLD", "LDC", "ITU.AFR", "KEN", "UGA", "A&B<C"};
  auto users = entry("sdg_17_8.internet_users", "%", p2c::FocusArea::adoption, 100);
  users.info.sdg_indicators = {"17.8.1"};
  users.info.title = "Individuals using the Internet";
  run.catalogue = {users,                                      // 0
                   entry("sdg_17_8.internet_users.gap", "%"),  // 1
                   entry("idi.score", "score (0-100)"),        // 2
                   entry("umc.band_internet_use", "band (1 limited, 2 satisfactory, 3 advanced, 4 target met)")};
  run.records = {value(0, WLD, 2022, 60.25),
                 value(0, WLD, 2023, 66.5710484650201, p2c::Status::on_track),
                 value(0, LDC, 2023, 35.25, p2c::Status::off_track),
                 value(0, KEN, 2023, 35),
                 value(0, UGA, 2023, 27),
                 value(1, KEN, 2023, 65),
                 value(1, UGA, 2023, 73),
                 value(1, ODD, 2023, 10),
                 value(1, WLD, 2023, 33.4289515349799),
                 value(2, WLD, 2022, 74.8),
                 value(2, LDC, 2022, 45.125),
                 value(3, KEN, 2023, 1),
                 value(3, UGA, 2022, 1),
                 value(3, UGA, 2023, 2),
                 value(3, ODD, 2023, 4)};
  run.records[2].flags = p2c::flag_low_coverage;
  if (!pledges) return run;
  const auto first = static_cast<std::uint32_t>(run.catalogue.size());
  for (const auto& [id, unit] :
       std::vector<std::pair<std::string, std::string>>{{"pledges.count", "pledges"},
                                                        {"pledges.count_access", "pledges"},
                                                        {"pledges.count_adoption", "pledges"},
                                                        {"pledges.value_usd_access", "USD"},
                                                        {"pledges.count_sector_government", "pledges"},
                                                        {"pledges.count_sector_academia", "pledges"},
                                                        {"pledges.count_type_financial", "pledges"},
                                                        {"pledges.reporting_rate", "%"},
                                                        {"pledges.share_completed", "%"},
                                                        {"pledges.value_usd", "USD"},
                                                        {"pledges.disbursed_usd", "USD"}})
    run.catalogue.push_back(entry(id, unit, p2c::FocusArea::investment_acceleration));
  const auto at = [&](std::uint32_t offset, p2c::EntityId entity, int year, double v) {
    run.records.push_back(value(first + offset, entity, year, v));
  };
  at(0, WLD, 2023, 40), at(0, WLD, 2024, 55), at(0, ITU_AFR, 2024, 12), at(1, WLD, 2024, 20), at(2, WLD, 2024, 30);
  at(3, WLD, 2024, 1.5e9), at(4, WLD, 2024, 25), at(5, WLD, 2024, 5), at(6, WLD, 2024, 18);
  at(7, WLD, 2023, 50), at(7, WLD, 2024, 62.5), at(8, WLD, 2024, 10), at(9, WLD, 2024, 3e9), at(10, WLD, 2024, 4e8);
  return run;
}

// Stores the run in a fresh history and builds its report from what the history reads back.
p2c::report::Report stored_report(const p2c::test::TempDir& dir, bool pledges) {
  History history(dir / "history.sqlite");
  p2c::host::Config config;
  config.path = "/etc/p2c/p2c.toml";
  config.text = "[run]\n";
  const auto run = sample_run(pledges);
  history.record(run, config, {{"sdg_17_8", "1.0.0"}, {"pledges", "0.1.0"}});
  return p2c::report::build_report(history.run(run.run_id), history.metrics(run.run_id), history.results(run.run_id));
}

std::string section(const std::string& html, const std::string& id) {
  const auto start = html.find("<section id=\"" + id + "\"");
  REQUIRE(start != std::string::npos);
  const auto end = html.find("</section>", start);
  REQUIRE(end != std::string::npos);
  return html.substr(start, end - start);
}

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("the report shows every section with the stored numbers", "[report]") {
  p2c::test::TempDir dir;
  const auto report = stored_report(dir, true);
  const std::string html = p2c::report::html_document(report);

  CHECK(has(html, "<dd>20261130T050000Z-feed</dd>"));
  CHECK(has(html, "/etc/p2c/p2c.toml"));
  CHECK(has(html, "pledges 0.1.0, sdg_17_8 1.0.0"));
  CHECK(has(html, "config/data/README.md"));

  const std::string adoption = section(html, "focus-adoption");
  CHECK(has(adoption, "data-metric=\"sdg_17_8.internet_users\""));
  CHECK(has(adoption, "data-series=\"WLD\" data-year=\"2022\" data-value=\"60.25\""));
  CHECK(has(adoption, "data-series=\"WLD\" data-year=\"2023\" data-value=\"66.5710484650201\""));
  CHECK(has(adoption, "data-series=\"LDC\" data-year=\"2023\" data-value=\"35.25\" data-flags=\"low_coverage\""));
  CHECK(has(adoption, ">WLD: on track</text>"));
  CHECK(has(adoption, "data-target=\"100\""));
  CHECK(has(adoption, "<td>WLD</td><td>2023</td><td>66.6 %</td><td>on track</td><td>33.4 %</td>"));
  CHECK_FALSE(has(adoption, "data-series=\"KEN\""));  // economies are not drawn as series
  // No metric of the access focus area: said, not drawn.
  CHECK(has(section(html, "focus-access"), "<p class=\"empty\">No group values of the access focus area"));
  CHECK(has(section(html, "sdg-17.8.1"), "data-metric=\"sdg_17_8.internet_users\""));

  // Gaps of economies only, largest first, escaped codes.
  const std::string furthest = section(html, "furthest-from-target");
  const auto uga = furthest.find("data-label=\"UGA (2023)\" data-value=\"73\"");
  const auto ken = furthest.find("data-label=\"KEN (2023)\" data-value=\"65\"");
  const auto odd = furthest.find("data-label=\"A&amp;B&lt;C (2023)\" data-value=\"10\"");
  CHECK(uga < ken);
  CHECK(ken < odd);
  CHECK(odd != std::string::npos);
  CHECK_FALSE(has(furthest, "data-label=\"WLD"));

  // Each economy once, at its latest year: UGA counts as satisfactory (2023), not also as limited (2022).
  const std::string umc = section(html, "umc-bands");
  CHECK(has(umc, "data-label=\"internet use\" data-series=\"1 limited\" data-value=\"1\""));
  CHECK(has(umc, "data-label=\"internet use\" data-series=\"2 satisfactory\" data-value=\"1\""));
  CHECK(has(umc, "data-label=\"internet use\" data-series=\"4 target met\" data-value=\"1\""));

  const std::string idi = section(html, "idi-by-group");
  CHECK(has(idi, "data-label=\"WLD (2022)\" data-value=\"74.8\""));
  CHECK(has(idi, "data-label=\"LDC (2022)\" data-value=\"45.125\""));

  const std::string pledges = section(html, "pledges");
  CHECK(has(pledges, "illustrative"));
  CHECK(has(pledges, "data-label=\"access\" data-value=\"20\""));
  CHECK(has(pledges, "data-label=\"adoption\" data-value=\"30\""));
  CHECK(has(pledges, "data-label=\"access\" data-value=\"1500000000\""));
  CHECK(has(pledges, "data-label=\"government\" data-value=\"25\""));
  CHECK(has(pledges, "data-label=\"academia\" data-value=\"5\""));
  CHECK(has(pledges, "data-label=\"financial\" data-value=\"18\""));
  CHECK(has(pledges, "data-label=\"ITU.AFR\" data-value=\"12\""));
  CHECK(has(pledges, "data-series=\"reporting rate\" data-year=\"2024\" data-value=\"62.5\""));
  CHECK(has(pledges, "data-series=\"share completed\" data-year=\"2024\" data-value=\"10\""));
  CHECK(has(pledges, "data-series=\"pledges.count\" data-year=\"2023\" data-value=\"40\""));
  CHECK(has(pledges, "USD 400 m"));  // disbursed, in the table of totals
  CHECK(has(pledges, "Pledges by sector (number), WLD 2024"));
}

TEST_CASE("a run without pledge metrics says so in the pledge section", "[report]") {
  p2c::test::TempDir dir;
  const std::string html = p2c::report::html_document(stored_report(dir, false));
  const std::string pledges = section(html, "pledges");
  CHECK(has(pledges, "no pledge indicators in this run"));
  CHECK_FALSE(has(pledges, "<svg"));
  CHECK(has(section(html, "idi-by-group"), "<svg"));
}

TEST_CASE("Markdown writes the charts as SVG files beside it, with alt text and data tables", "[report]") {
  p2c::test::TempDir dir;
  const auto report = stored_report(dir, true);
  const auto output = dir / "out/report.md";
  std::filesystem::create_directories(output.parent_path());
  const auto files = p2c::report::write_markdown(report, output);
  REQUIRE(files.size() > 5);
  CHECK(files.front() == output);
  const std::string markdown = p2c::test::read_file(output);
  CHECK(has(markdown, "<a id=\"pledges\"></a>"));
  CHECK(has(markdown, "## Partner2Connect pledges"));
  CHECK(has(markdown, "illustrative"));
  CHECK(has(markdown, "| WLD | 2023 | 66.6 % | on track | 33.4 % |"));
  CHECK(has(markdown, "A&B<C"));  // table text: Markdown keeps the characters

  // Every image link names a file that exists beside the .md, is an SVG with its namespace, and the alt
  // text is the chart's description.
  const std::regex image(R"(!\[([^\]]*)\]\(([^)]+)\))");
  std::size_t images = 0;
  for (auto it = std::sregex_iterator(markdown.begin(), markdown.end(), image); it != std::sregex_iterator(); ++it) {
    ++images;
    const std::string file = (*it)[2].str();
    CHECK(file.rfind("report-", 0) == 0);
    const std::string svg = p2c::test::read_file(output.parent_path() / file);
    CHECK(has(svg, "xmlns=\"http://www.w3.org/2000/svg\""));
    CHECK_FALSE((*it)[1].str().empty());
  }
  CHECK(images == files.size() - 1);
  CHECK(std::filesystem::exists(output.parent_path() / "report-focus-adoption-1.svg"));
  CHECK(std::filesystem::exists(output.parent_path() / "report-pledges-1.svg"));
  CHECK(has(markdown, "![Individuals using the Internet. Line chart of"));
}
