// Reports of a run stored in a history written here: each section's content; withheld, estimated and old
// values shown as what they are; the pledge section with and without pledge metrics (gross beside active);
// escaping; and Markdown with its SVG files.
#include <algorithm>
#include <catch2/catch.hpp>
#include <regex>

#include "history.h"
#include "report/report_writer.h"
#include "report_html.h"
#include "report_locale_fixture.h"
#include "temp_dir.h"

using p2c::host::History;
using p2c::test::figure;
using p2c::test::has;
using p2c::test::row;
using p2c::test::section;

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

enum Entity : p2c::EntityId { WLD, LDC, ITU_AFR, KEN, UGA, ODD, TCD };

p2c::Coverage coverage(std::uint32_t with_data, std::uint32_t members, double share, std::uint32_t observed,
                       double observed_share) {
  return {with_data, members, share, observed, observed_share};
}

// A group value that is not published: no value, the withheld flag and the reason, as the host writes it.
p2c::Record withheld(std::uint32_t metric, p2c::EntityId entity, std::int32_t year, std::string reason,
                     p2c::Coverage cover) {
  p2c::Record r = value(metric, entity, year, 0);
  r.value.reset();
  r.flags = p2c::flag_withheld;
  r.reason = std::move(reason);
  r.coverage = cover;
  return r;
}

const std::string ldc_2024_reason =
    "1 of 45 members reported in 2024 (4 % of the group's population); publishing needs 80 % observed";

// Internet use with its gap, IDI scores, UMC bands and, with `pledges`, the pledge registry's metrics.
// Internet use: WLD 2023 is estimated; LDC 2021 observed, 2022 estimated, 2023 observed, 2024 withheld (the
// LDC 2024 value of one member in 45 is not published); ITU.AFR and TCD have only old values (insufficient
// data, no gap); KEN 2024 is an economy estimate past its latest observation. The gap metric is in "pp", as the
// host writes gaps of shares.
p2c::RunReport sample_run(bool pledges) {
  p2c::RunReport run;
  run.run_id = pledges ? "20261130T050000Z-feed" : "20261130T040000Z-0dd5";
  run.started_at = "2026-11-30T05:00:00Z";
  run.duration_seconds = 1.5;
  run.entity_codes = {"WLD", "LDC", "ITU.AFR", "KEN", "UGA", "A&B<C", "TCD"};
  auto users = entry("sdg_17_8.internet_users", "%", p2c::FocusArea::adoption, 100);
  users.info.sdg_indicators = {"17.8.1"};
  users.info.title = "Individuals using the Internet";
  run.catalogue = {users,                                       // 0
                   entry("sdg_17_8.internet_users.gap", "pp"),  // 1
                   entry("idi.score", "score (0-100)"),         // 2
                   entry("umc.band_internet_use", "band (1 limited, 2 satisfactory, 3 advanced, 4 target met)")};
  run.records = {value(0, WLD, 2022, 60.25),
                 value(0, WLD, 2023, 66.5710484650201, p2c::Status::on_track),
                 value(0, LDC, 2021, 28),
                 value(0, LDC, 2022, 30.5),
                 value(0, LDC, 2023, 35.25, p2c::Status::off_track),
                 withheld(0, LDC, 2024, ldc_2024_reason, coverage(1, 45, 0.04, 1, 0.04)),
                 value(0, ITU_AFR, 2015, 20.5, p2c::Status::insufficient_data),
                 value(0, KEN, 2023, 35),
                 value(0, KEN, 2024, 36),
                 value(0, UGA, 2023, 27),
                 value(0, TCD, 1990, 4.5, p2c::Status::insufficient_data),
                 value(1, KEN, 2023, 65),
                 value(1, UGA, 2023, 73),
                 value(1, ODD, 2023, 10),
                 value(1, WLD, 2023, 33.4289515349799, p2c::Status::on_track),
                 value(1, LDC, 2023, 64.7, p2c::Status::off_track),
                 value(2, WLD, 2022, 74.8),
                 value(2, LDC, 2022, 45.125),
                 withheld(2, LDC, 2023,
                          "10 of 45 members reported in 2023 (15 % of the group's population); publishing "
                          "needs 80 % observed",
                          coverage(10, 45, 0.15, 10, 0.15)),
                 value(3, KEN, 2023, 1),
                 value(3, UGA, 2022, 1),
                 value(3, UGA, 2023, 2),
                 value(3, ODD, 2023, 4)};
  const auto find = [&](std::uint32_t metric, p2c::EntityId entity, std::int32_t year) -> p2c::Record& {
    const auto it = std::find_if(run.records.begin(), run.records.end(), [&](const p2c::Record& r) {
      return r.metric == metric && r.entity == entity && r.year == year;
    });
    REQUIRE(it != run.records.end());
    return *it;
  };
  find(0, WLD, 2022).coverage = coverage(190, 248, 0.9, 181, 0.85);
  find(0, WLD, 2023).flags = p2c::flag_estimated;
  find(0, WLD, 2023).coverage = coverage(200, 248, 0.95, 181, 0.78);
  find(0, LDC, 2021).coverage = coverage(45, 45, 1, 45, 1);
  find(0, LDC, 2022).flags = p2c::flag_estimated;
  find(0, LDC, 2022).coverage = coverage(40, 45, 0.9, 36, 0.82);
  find(0, LDC, 2023).coverage = coverage(45, 45, 1, 45, 1);
  find(0, ITU_AFR, 2015).reason = "latest value from 2015, more than 5 years before 2025";
  find(0, KEN, 2024).flags = p2c::flag_estimated;
  find(0, KEN, 2024).reason = "extrapolated from the trend of 2019-2023 (ITU method)";
  find(0, TCD, 1990).reason = "latest value from 1990, more than 5 years before 2025";
  find(2, LDC, 2022).coverage = coverage(30, 45, 0.8, 25, 0.6);
  if (!pledges) return run;
  const auto first = static_cast<std::uint32_t>(run.catalogue.size());
  for (const auto& [id, unit] :
       std::vector<std::pair<std::string, std::string>>{{"pledges.count_gross", "pledges"},
                                                        {"pledges.count_active", "pledges"},
                                                        {"pledges.count_gross_access", "pledges"},
                                                        {"pledges.count_active_access", "pledges"},
                                                        {"pledges.count_gross_adoption", "pledges"},
                                                        {"pledges.value_usd_gross_access", "USD"},
                                                        {"pledges.count_gross_sector_government", "pledges"},
                                                        {"pledges.count_gross_sector_academia", "pledges"},
                                                        {"pledges.count_gross_type_financial", "pledges"},
                                                        {"pledges.reporting_rate", "%"},
                                                        {"pledges.share_completed", "%"},
                                                        {"pledges.value_usd_gross", "USD"},
                                                        {"pledges.value_usd_active", "USD"},
                                                        {"pledges.disbursed_usd", "USD"}})
    run.catalogue.push_back(entry(id, unit, p2c::FocusArea::investment_acceleration));
  const auto at = [&](std::uint32_t offset, p2c::EntityId entity, int year, double v) {
    run.records.push_back(value(first + offset, entity, year, v));
  };
  at(0, WLD, 2023, 40), at(0, WLD, 2024, 55), at(0, ITU_AFR, 2024, 12), at(1, WLD, 2024, 50);
  at(1, ITU_AFR, 2024, 10), at(2, WLD, 2024, 20), at(3, WLD, 2024, 18), at(4, WLD, 2024, 30);
  at(5, WLD, 2024, 1.5e9), at(6, WLD, 2024, 25), at(7, WLD, 2024, 5), at(8, WLD, 2024, 18);
  at(9, WLD, 2023, 50), at(9, WLD, 2024, 62.5), at(10, WLD, 2024, 10), at(11, WLD, 2024, 3e9);
  at(12, WLD, 2024, 2.5e9), at(13, WLD, 2024, 4e8);
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
  return p2c::report::build_report(p2c::test::english(), history.run(run.run_id), history.metrics(run.run_id),
                                   history.results(run.run_id));
}

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
  CHECK(has(adoption, ">WLD</text><text "));
  CHECK(has(adoption, "fill=\"#444444\">on track</text>"));
  CHECK(has(adoption, "data-target=\"100\""));
  CHECK_FALSE(has(adoption, "data-series=\"KEN\""));  // economies are not drawn as series
  // No metric of the access focus area: said, not drawn.
  CHECK(has(section(html, "focus-access"), "<p class=\"empty\">No group values of the Access focus area"));
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

  // Nothing of the old "low coverage" marking is left.
  CHECK_FALSE(has(html, "low coverage"));
  CHECK_FALSE(has(html, "low_coverage"));
}

TEST_CASE("a withheld group value is not drawn, never latest, and listed as withheld with its reason", "[report]") {
  p2c::test::TempDir dir;
  const std::string html = p2c::report::html_document(stored_report(dir, false));
  const std::string chart = figure(section(html, "focus-adoption"), "sdg_17_8.internet_users");
  // LDC 2024 (one member of 45 reported) is no point of the line; the published years are.
  CHECK_FALSE(has(chart, "data-series=\"LDC\" data-year=\"2024\""));
  CHECK(has(chart, "data-series=\"LDC\" data-year=\"2023\" data-value=\"35.25\""));
  CHECK(has(chart, "data-series=\"LDC\" data-year=\"2021\" data-value=\"28\""));
  CHECK(has(chart, ">withheld years: not drawn</text>"));
  // The text alternative names the withheld year; the latest published LDC value is 2023's.
  CHECK(has(chart, "LDC: off track, 35.2 % (data as of 2023; observed: 100 % of population, 45 of 45 members)"));
  CHECK(has(chart, "Withheld, not published and not drawn: LDC 2024."));
  // Summary: latest published value with its year, observed coverage, status, gap in pp, the withheld year.
  CHECK(row(chart, "summary", "LDC") ==
        "LDC|35.2 %|2023|100 % of population, 45 of 45 members|off track|64.7 pp||2024");
  CHECK(has(chart, "<th scope=\"col\">Data as of</th>"));
  // Data table: every year, the withheld one as withheld with the reason.
  CHECK(row(chart, "data", "2024") ==
        "2024||withheld: 1 of 45 members reported in 2024 (4 % of the group&#39;s population); publishing needs "
        "80 % observed|");
  // The IDI of LDC: 2022 is its latest published value; the withheld 2023 is named under the chart.
  const std::string idi = section(html, "idi-by-group");
  CHECK(has(idi, "data-label=\"LDC (2022)\""));
  CHECK(has(idi, "<p class=\"chart-note\">LDC 2023: withheld: 10 of 45 members reported in 2023"));
  CHECK(row(idi, "data", "LDC") == "LDC|2022|45.1 score (0-100)|||30 of 45 (25 observed)");
}

TEST_CASE("estimated group values are marked in the chart, its text alternative and its tables", "[report]") {
  p2c::test::TempDir dir;
  const std::string html = p2c::report::html_document(stored_report(dir, false));
  const std::string chart = figure(section(html, "focus-adoption"), "sdg_17_8.internet_users");
  CHECK(has(chart, "data-series=\"LDC\" data-year=\"2022\" data-value=\"30.5\" data-flags=\"estimated\""));
  CHECK(has(chart, "data-series=\"WLD\" data-year=\"2023\" data-value=\"66.5710484650201\" data-flags=\"estimated\""));
  CHECK_FALSE(has(chart, "data-series=\"LDC\" data-year=\"2023\" data-value=\"35.25\" data-flags"));
  CHECK(has(chart, "<polyline class=\"estimated\""));
  CHECK(has(chart, ">estimated value</text>"));
  CHECK(has(chart,
            "WLD: on track, 66.6 % (data as of 2023, estimated; observed: 78 % of population, 181 of 248 "
            "members)"));
  CHECK(has(chart, "Hollow markers and dotted lines: estimated values."));
  CHECK(row(chart, "summary", "WLD") ==
        "WLD|66.6 % (estimated)|2023|78 % of population, 181 of 248 members|on track|33.4 pp||");
  CHECK(row(chart, "data", "2022") ==
        "2022|60.2 % (observed: 85 % of population, 181 of 248 members)|30.5 % (estimated; observed: 82 % of "
        "population, 36 of 45 members)|");
}

TEST_CASE("old data: insufficient data with its reason, no gap, not ranked", "[report]") {
  p2c::test::TempDir dir;
  const std::string html = p2c::report::html_document(stored_report(dir, false));
  const std::string chart = figure(section(html, "focus-adoption"), "sdg_17_8.internet_users");
  // The legend: the name, and the status on a second line.
  CHECK(has(chart, "<g class=\"legend-item\" data-series=\"ITU.AFR\">"));
  CHECK(has(chart, ">ITU.AFR</text><text "));
  CHECK(has(chart, "fill=\"#444444\">insufficient data</text></g>"));
  CHECK(row(chart, "summary", "ITU.AFR") ==
        "ITU.AFR|20.5 %|2015||insufficient data (latest value from 2015, more than 5 years before 2025)|||");

  // Furthest from target: each economy's year (data as of), gaps in the gap metric's stored unit (pp), and
  // the economy with only old data named as not ranked.
  const std::string furthest = section(html, "furthest-from-target");
  CHECK(has(furthest, "<th scope=\"col\">Data as of</th>"));
  CHECK(row(furthest, "data", "UGA") == "UGA|2023|27.0 %|73.0 pp|");
  CHECK(has(furthest, ">Gap to target (pp)</text>"));
  CHECK_FALSE(has(furthest, "data-label=\"TCD"));
  CHECK(has(furthest,
            "<p class=\"chart-note\">Not ranked: 1 economy with status insufficient data and no gap, their latest "
            "value being too old: TCD (data as of 1990).</p>"));
}

TEST_CASE("the opening says what the figures are: estimates, withheld values, data as of", "[report]") {
  p2c::test::TempDir dir;
  const std::string html = p2c::report::html_document(stored_report(dir, false));
  const auto header = html.substr(0, html.find("<main>"));
  CHECK(has(header, "<div class=\"reading\">"));
  CHECK(has(header, "ITU&#39;s method"));
  CHECK(has(header, "In this run: 8 group values published, 2 of them including estimates, and 2 withheld."));
  CHECK(has(header, "docs/groups-and-progress.md"));
  CHECK(has(header, "max_age_years"));
  // The run's details are for whoever checks the run: at the end, not before the figures.
  CHECK_FALSE(has(header, "<dt>Run</dt>"));
  const auto footer = html.substr(html.find("</main>"));
  CHECK(has(footer, "<section id=\"run\"><h2>About this run</h2>"));
  CHECK(has(footer, "<dt>Run</dt><dd>20261130T040000Z-0dd5</dd>"));
  // LDC 2024 is withheld, so the latest observed year is 2023; KEN's estimate reaches 2024.
  CHECK(has(footer,
            "<dt>Data as of</dt><dd>observed values up to 2023, estimates up to 2024; each latest value is "
            "shown with its own year</dd>"));
  CHECK(has(footer, "<dt>Group values</dt><dd>8 published, 2 of them including estimates; 2 withheld</dd>"));
  CHECK(has(header, "<li><a href=\"#run\">About this run</a></li>"));
}

TEST_CASE("the report opens with the headline figures, each with its year and observed coverage", "[report]") {
  p2c::test::TempDir dir;
  const std::string html = p2c::report::html_document(stored_report(dir, true));
  const auto main = html.substr(html.find("<main>"));
  CHECK(main.find("<section id=\"summary\"><h2>At a glance</h2>") == std::string("<main>").size());
  const std::string summary = section(html, "summary");
  // The world's latest value is 2023's, an estimate of which 78 % of the people are observed.
  CHECK(has(summary,
            "data-metric=\"sdg_17_8.internet_users\" data-value=\"66.5710484650201\" data-year=\"2023\">"
            "<p class=\"value\">66.6 %</p><p class=\"label\">Internet use, the world</p><p class=\"detail\">"
            "data as of 2023, estimated; observed: 78 % of population, 181 of 248 members</p>"));
  // LDC: 2023 is the latest published value, and the withheld 2024 is named with its reason.
  CHECK(has(summary,
            "<p class=\"value\">35.2 %</p><p class=\"label\">Internet use, the LDCs</p><p class=\"detail\">"
            "data as of 2023, observed: 100 % of population, 45 of 45 members; 2024 withheld: 1 of 45 members "
            "reported in 2024 (4 % of the group&#39;s population)"));
  // No value at all: said, never drawn as 0.
  CHECK(has(summary,
            "<div class=\"card missing\" data-metric=\"sdg_17_8.internet_users\"><p class=\"value\">withheld"
            "</p><p class=\"label\">Internet use, SIDS</p><p class=\"detail\">no SIDS value in this run</p>"));
  CHECK(has(summary, "<p class=\"label\">Partner2Connect pledges, gross</p>"));
  CHECK_FALSE(has(summary, "People offline"));  // the run has no such metric: no card
}

TEST_CASE("the pledge section shows gross figures with active ones beside them, labelled", "[report]") {
  p2c::test::TempDir dir;
  const std::string html = p2c::report::html_document(stored_report(dir, true));
  const std::string pledges = section(html, "pledges");
  CHECK(has(pledges, "illustrative"));
  CHECK(has(pledges, "withdrawn ones included"));
  // By focus area: the run has an active count for access only.
  CHECK(has(pledges, "data-label=\"access, gross\" data-value=\"20\""));
  CHECK(has(pledges, "data-label=\"access, active\" data-value=\"18\""));
  CHECK(has(pledges, "data-label=\"adoption, gross\" data-value=\"30\""));
  CHECK(has(pledges, "<tr><td>access</td><td>20 pledges</td><td>18 pledges</td><td>2024</td></tr>"));
  // Breakdowns without active figures: plain labels, one Value column.
  CHECK(has(pledges, "data-label=\"access\" data-value=\"1500000000\""));
  CHECK(has(pledges, "data-label=\"government\" data-value=\"25\""));
  CHECK(has(pledges, "data-label=\"academia\" data-value=\"5\""));
  CHECK(has(pledges, "data-label=\"financial\" data-value=\"18\""));
  CHECK(has(pledges, "Pledges by sector (number), WLD, 2024. Bar chart of Gross pledges (pledges)"));
  CHECK(has(pledges, "Pledges by focus area (number), WLD, 2024. Bar chart of Pledges (pledges)"));
  // By region, from the totals' group records.
  const std::string regions = figure(pledges, "pledges.count_gross");
  CHECK(has(regions, "data-label=\"ITU.AFR, gross\" data-value=\"12\""));
  CHECK(has(regions, "data-label=\"ITU.AFR, active\" data-value=\"10\""));
  CHECK(has(pledges, "data-series=\"reporting rate\" data-year=\"2024\" data-value=\"62.5\""));
  CHECK(has(pledges, "data-series=\"share completed\" data-year=\"2024\" data-value=\"10\""));
  // The totals over time: gross and active lines, labelled.
  CHECK(has(pledges, "data-series=\"gross\" data-year=\"2023\" data-value=\"40\""));
  CHECK(has(pledges, "data-series=\"active\" data-year=\"2024\" data-value=\"50\""));
  // A legend entry too long for one line goes on two.
  CHECK(has(pledges, ">gross: all made,</text>"));
  CHECK(has(pledges, "fill=\"#444444\">withdrawn included</text>"));
  CHECK(has(pledges, ">active: not withdrawn</text>"));
  const std::string value = figure(pledges, "pledges.value_usd_gross");
  CHECK(has(value, "data-series=\"active\" data-year=\"2024\" data-value=\"2500000000\""));
  CHECK(has(pledges, "USD 400 m"));  // disbursed, in the table of totals
  // In that table each gross total comes before its active counterpart.
  const auto gross_count = pledges.find("<th scope=\"col\">Title of count_gross (pledges)</th>");
  CHECK(gross_count != std::string::npos);
  CHECK(gross_count < pledges.find("<th scope=\"col\">Title of count_active (pledges)</th>"));
  // The old ids are gone.
  CHECK_FALSE(has(pledges, "data-metric=\"pledges.count\""));
  CHECK_FALSE(has(pledges, "data-series=\"pledges.count\""));
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
  CHECK(has(markdown,
            "| WLD | 66.6 % (estimated) | 2023 | 78 % of population, 181 of 248 members | on track | 33.4 pp |"));
  CHECK(
      has(markdown, "| LDC | 35.2 % | 2023 | 100 % of population, 45 of 45 members | off track | 64.7 pp |  | 2024 |"));
  CHECK(has(markdown, "| 2024 |  | withheld: " + ldc_2024_reason + " |"));
  CHECK(has(markdown, "*Not ranked: 1 economy with status insufficient data"));
  CHECK(has(markdown, "- **Data as of**: observed values up to 2024; each latest value"));
  CHECK(has(markdown, "> Group figures"));
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
  const std::string svg = p2c::test::read_file(output.parent_path() / "report-focus-adoption-1.svg");
  CHECK(has(svg, "data-flags=\"estimated\""));
  CHECK_FALSE(has(svg, "data-series=\"LDC\" data-year=\"2024\""));
}

TEST_CASE("each chart's data downloads from the report itself, as CSV in a data link", "[report]") {
  p2c::test::TempDir dir;
  const std::string adoption = section(p2c::report::html_document(stored_report(dir, false)), "focus-adoption");
  const std::string prefix = "<a download=\"focus-adoption-1.csv\" href=\"data:text/csv;charset=utf-8,";
  const auto start = adoption.find(prefix);
  REQUIRE(start != std::string::npos);
  const auto end = adoption.find('"', start + prefix.size());
  const std::string encoded = adoption.substr(start + prefix.size(), end - start - prefix.size());
  CHECK(encoded.find_first_of(" <>\"&,") == std::string::npos);
  std::string csv;
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] == '%') {
      csv += static_cast<char>(std::stoi(encoded.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      csv += encoded[i];
    }
  }
  // Years down, entities across, as in the data table; the withheld LDC year says so, with the reason.
  CHECK(csv.rfind("Year,WLD,LDC,ITU.AFR\r\n", 0) == 0);
  CHECK(has(csv, "\r\n2024,,withheld: 1 of 45 members reported in 2024"));
  CHECK(csv.rfind("\r\n") == csv.size() - 2);
}
