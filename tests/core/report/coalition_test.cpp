// The "Coalition progress" section from hand-made results of the pledges indicator: each headline figure with its
// value, year and basis; a figure the run lacks shown as withheld with its reason, never drawn as 0; the short lists,
// the yearly series and targets beside actuals; the Markdown writer's cards; and a run without pledge metrics.
#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <sstream>

#include "history.h"
#include "report/report_writer.h"
#include "report_html.h"
#include "report_locale_fixture.h"
#include "run_command.h"
#include "temp_dir.h"

namespace {

using p2c::host::StoredMetric;
using p2c::host::StoredResult;
using p2c::test::has;
using p2c::test::row;
using p2c::test::section;

struct Run {
  std::vector<StoredMetric> metrics;
  std::vector<StoredResult> results;

  // A metric of the `pledges` instance in the catalogue; results are added with `value` and `unpublished`.
  Run& metric(const std::string& name, const std::string& unit) {
    StoredMetric m;
    m.id = "pledges." + name;
    m.plugin = "pledges";
    m.name = name;
    m.title = "Title of " + name;
    m.unit = unit;
    m.focus_area = "investment_acceleration";
    metrics.push_back(std::move(m));
    return *this;
  }

  Run& value(const std::string& name, int year, double v, std::string flags = "", std::string reason = "") {
    StoredResult r;
    r.metric = "pledges." + name;
    r.entity = "WLD";
    r.entity_kind = "group";
    r.year = year;
    r.value = v;
    r.unit = unit_of(name);
    r.flags = std::move(flags);
    r.reason = std::move(reason);
    results.push_back(std::move(r));
    return *this;
  }

  // A world record without a value, as the host stores a withheld one.
  Run& withheld(const std::string& name, int year, std::string reason) {
    value(name, year, 0, "withheld", std::move(reason));
    results.back().value.reset();
    return *this;
  }

  std::string unit_of(const std::string& name) const {
    for (const auto& m : metrics)
      if (m.name == name) return m.unit;
    return "";
  }
};

// The results of a run of the pledges indicator, by design incomplete: implementation_economies_active, most sector
// counts, several SDG goals and actuals_km_fibre are not in the catalogue; share_value_gross_sids and
// reporting_on_time_rate 2024 are withheld; SDG 17 has a value for 2023 only; SDG 1 is a real zero.
Run coalition_run() {
  Run run;
  for (const auto& [name, unit] :
       std::vector<std::pair<std::string, std::string>>{{"count_gross", "pledges"},
                                                        {"count_active", "pledges"},
                                                        {"value_usd_gross", "USD"},
                                                        {"value_usd_active", "USD"},
                                                        {"entities_gross", "entities"},
                                                        {"entities_active", "entities"},
                                                        {"origin_economies_gross", "economies"},
                                                        {"implementation_economies_gross", "economies"},
                                                        {"share_count_gross_ldc", "%"},
                                                        {"share_value_gross_ldc", "%"},
                                                        {"share_count_gross_lldc", "%"},
                                                        {"share_value_gross_lldc", "%"},
                                                        {"share_count_gross_sids", "%"},
                                                        {"share_value_gross_sids", "%"},
                                                        {"share_count_active_ldc", "%"},
                                                        {"share_with_targets", "%"},
                                                        {"reporting_rate", "%"},
                                                        {"reporting_on_time_rate", "%"},
                                                        {"targets_met_share", "%"},
                                                        {"pledge_progress_mean", "%"},
                                                        {"count_gross_sector_government", "pledges"},
                                                        {"count_gross_sector_private_sector", "pledges"},
                                                        {"count_gross_access", "pledges"},
                                                        {"count_gross_adoption", "pledges"},
                                                        {"count_gross_sdg_1", "pledges"},
                                                        {"count_gross_sdg_9", "pledges"},
                                                        {"count_gross_sdg_17", "pledges"},
                                                        {"count_gross_wsis_c2", "pledges"},
                                                        {"count_gross_wsis_c11", "pledges"},
                                                        {"count_gross_campaign_ldc5", "pledges"},
                                                        {"count_gross_campaign_schools", "pledges"},
                                                        {"share_beneficiary_women", "%"},
                                                        {"count_new", "pledges"},
                                                        {"value_usd_new", "USD"},
                                                        {"count_reporting_on_time", "pledges"},
                                                        {"count_reporting_overdue", "pledges"},
                                                        {"count_reporting_closed", "pledges"},
                                                        {"reporting_rate_sector_government", "%"},
                                                        {"reporting_on_time_rate_sector_government", "%"},
                                                        {"targets_schools_connected", "schools"},
                                                        {"actuals_schools_connected", "schools"},
                                                        {"targets_km_fibre", "km"}})
    run.metric(name, unit);
  run.value("count_gross", 2022, 582).value("count_gross", 2023, 845).value("count_gross", 2024, 1005);
  run.value("count_active", 2024, 930).value("value_usd_gross", 2024, 4.2e10).value("value_usd_active", 2024, 3.9e10);
  run.value("entities_gross", 2024, 473).value("entities_active", 2024, 450);
  run.value("origin_economies_gross", 2024, 150).value("implementation_economies_gross", 2024, 170);
  run.value("share_count_gross_ldc", 2024, 31.5).value("share_value_gross_ldc", 2024, 33.25);
  run.value("share_count_gross_lldc", 2024, 18.5).value("share_value_gross_lldc", 2024, 12.5);
  run.value("share_count_gross_sids", 2024, 9.5).withheld("share_value_gross_sids", 2024, "fewer than 5 pledges");
  run.value("share_count_active_ldc", 2024, 30.25);
  run.value("share_with_targets", 2024, 35.125).value("reporting_rate", 2023, 50).value("reporting_rate", 2024, 62.5);
  run.value("reporting_on_time_rate", 2023, 40).withheld("reporting_on_time_rate", 2024, "no report was due");
  run.value("targets_met_share", 2024, 22.25, "estimated", "reports of two entities imputed");
  run.value("pledge_progress_mean", 2024, 41.5);
  run.value("count_gross_sector_government", 2024, 470).value("count_gross_sector_private_sector", 2024, 144);
  run.value("count_gross_access", 2024, 600).value("count_gross_adoption", 2024, 420);
  run.value("count_gross_sdg_1", 2024, 0).value("count_gross_sdg_9", 2024, 400).value("count_gross_sdg_17", 2023, 100);
  run.value("count_gross_wsis_c2", 2024, 433).value("count_gross_wsis_c11", 2024, 243);
  run.value("count_gross_campaign_ldc5", 2024, 34).value("count_gross_campaign_schools", 2024, 16);
  run.value("share_beneficiary_women", 2024, 52);
  run.value("count_new", 2022, 582).value("count_new", 2023, 263).value("count_new", 2024, 160);
  run.value("value_usd_new", 2024, 3.2e9);
  run.value("count_reporting_on_time", 2024, 300).value("count_reporting_overdue", 2024, 120);
  run.value("count_reporting_closed", 2024, 500);
  run.value("reporting_rate_sector_government", 2024, 70).value("reporting_on_time_rate_sector_government", 2024, 55);
  run.value("targets_schools_connected", 2024, 5000).value("actuals_schools_connected", 2024, 1200);
  run.value("targets_km_fibre", 2024, 3000);
  return run;
}

p2c::report::Report report_of(const Run& run) {
  p2c::host::StoredRun stored;
  stored.id = "20261130T050000Z-c0a1";
  stored.started_at = "2026-11-30T05:00:00Z";
  return p2c::report::build_report(p2c::test::english(), stored, run.metrics, run.results);
}

// The card of `metric` as "value|label|detail", with its data attributes checked separately.
std::string card(const std::string& html, const std::string& metric) {
  const std::regex pattern(
      "<div class=\"card[^\"]*\" data-metric=\"" + std::regex_replace(metric, std::regex("\\."), "\\.") +
      "\"[^>]*><p class=\"value\">([^<]*)</p><p class=\"label\">([^<]*)</p><p class=\"detail\">([^<]*)"
      "</p></div>");
  std::smatch match;
  REQUIRE(std::regex_search(html, match, pattern));
  return match[1].str() + "|" + match[2].str() + "|" + match[3].str();
}

// The opening tag of the card of `metric`.
std::string card_tag(const std::string& html, const std::string& metric) {
  const auto start = html.find("data-metric=\"" + metric + "\"");
  REQUIRE(start != std::string::npos);
  const auto open = html.rfind("<div", start);
  return html.substr(open, html.find('>', start) - open + 1);
}

// The <figure> whose caption (text alternative) starts with `title`.
std::string figure_titled(const std::string& html, const std::string& title) {
  const auto caption = html.find("<figcaption>" + title);
  REQUIRE(caption != std::string::npos);
  const auto start = html.rfind("<figure", caption);
  return html.substr(start, html.find("</figure>", caption) - start);
}

}  // namespace

TEST_CASE("coalition progress: every headline figure with its value, year and basis", "[report][coalition]") {
  const std::string html = section(p2c::report::html_document(report_of(coalition_run())), "coalition-progress");
  CHECK(has(html, "<h2>Coalition progress</h2>"));
  CHECK(has(html, "illustrative sample, not ITU data"));
  struct Expected {
    std::string metric, value, label, year;
  };
  const std::vector<Expected> published = {
      {"count_gross", "1,005 pledges", "Pledges, gross", "2024"},
      {"count_active", "930 pledges", "Pledges, active", "2024"},
      {"value_usd_gross", "USD 42 bn", "Estimated value, gross", "2024"},
      {"value_usd_active", "USD 39 bn", "Estimated value, active", "2024"},
      {"entities_gross", "473 entities", "Pledging entities, gross", "2024"},
      {"entities_active", "450 entities", "Pledging entities, active", "2024"},
      {"origin_economies_gross", "150 economies", "Economies pledging, gross", "2024"},
      {"implementation_economies_gross", "170 economies", "Economies reached, gross", "2024"},
      {"share_count_gross_ldc", "31.5 %", "Pledges targeting LDCs", "2024"},
      {"share_value_gross_ldc", "33.2 %", "Value targeting LDCs", "2024"},
      {"share_count_gross_lldc", "18.5 %", "Pledges targeting LLDCs", "2024"},
      {"share_value_gross_lldc", "12.5 %", "Value targeting LLDCs", "2024"},
      {"share_count_gross_sids", "9.5 %", "Pledges targeting SIDS", "2024"},
      {"share_with_targets", "35.1 %", "Pledges with measurable targets", "2024"},
      {"reporting_rate", "62.5 %", "Reporting rate", "2024"},
      {"pledge_progress_mean", "41.5 %", "Mean progress toward targets", "2024"},
  };
  for (const auto& expected : published) {
    INFO(expected.metric);
    CHECK(card(html, "pledges." + expected.metric) ==
          expected.value + "|" + expected.label + "|data as of " + expected.year + ", observed");
    CHECK(has(card_tag(html, "pledges." + expected.metric), "data-year=\"" + expected.year + "\""));
  }
  CHECK(has(card_tag(html, "pledges.count_gross"), "data-value=\"1005\""));
  CHECK(has(card_tag(html, "pledges.value_usd_gross"), "data-value=\"42000000000\""));
  CHECK(has(card_tag(html, "pledges.share_value_gross_ldc"), "data-value=\"33.25\""));
  CHECK(has(card_tag(html, "pledges.share_with_targets"), "data-value=\"35.125\""));
  // An estimated figure says so, and how it was made.
  CHECK(card(html, "pledges.targets_met_share") ==
        "22.2 %|Targets met|data as of 2024, estimated: reports of two entities imputed");
  // The latest published value, from its own year, with the later withheld one named beside it.
  CHECK(card(html, "pledges.reporting_on_time_rate") ==
        "40.0 %|Reporting on time|data as of 2023, observed; 2024 withheld: no report was due");
  CHECK(has(card_tag(html, "pledges.reporting_on_time_rate"), "data-value=\"40\" data-year=\"2023\""));
}

TEST_CASE("coalition progress: a figure the run lacks is withheld with its reason, never 0", "[report][coalition]") {
  const std::string html = section(p2c::report::html_document(report_of(coalition_run())), "coalition-progress");
  CHECK(card(html, "pledges.implementation_economies_active") ==
        "withheld|Economies reached, active|not computed in this run (no metric "
        "pledges.implementation_economies_active)");
  CHECK(card_tag(html, "pledges.implementation_economies_active") ==
        "<div class=\"card missing\" data-metric=\"pledges.implementation_economies_active\">");
  CHECK(card(html, "pledges.share_value_gross_sids") == "withheld|Value targeting SIDS|fewer than 5 pledges (2024)");
  CHECK_FALSE(has(card_tag(html, "pledges.share_value_gross_sids"), "data-value"));
  // In the lists: listed with the reason, not drawn.
  CHECK(row(html, "academia") ==
        "academia|withheld: not computed in this run (no metric pledges.count_gross_sector_academia)|");
  CHECK_FALSE(has(html, "data-label=\"academia\""));
  CHECK(row(html, "SDG 17") == "SDG 17|withheld: no WLD value for 2024 in this run (latest: 100 pledges in 2023)|2024");
  CHECK_FALSE(has(html, "data-label=\"SDG 17\""));
  CHECK_FALSE(has(html, "data-label=\"SDG 2\""));
  CHECK(row(html, "SIDS, value (gross)") == "SIDS, value (gross)|withheld: fewer than 5 pledges|2024");
  CHECK_FALSE(has(html, "data-label=\"SIDS, value (gross)\""));
  CHECK(row(html, "due") == "due|withheld: not computed in this run (no metric pledges.count_reporting_due)|");
  // A real zero is drawn as one.
  CHECK(has(html, "data-label=\"SDG 1\" data-value=\"0\""));
  CHECK(row(html, "SDG 1") == "SDG 1|0 pledges|2024");
}

TEST_CASE("coalition progress: short lists by sector, focus, group, SDG, WSIS line, campaign", "[report][coalition]") {
  const std::string html = section(p2c::report::html_document(report_of(coalition_run())), "coalition-progress");
  const std::string sectors = figure_titled(html, "Pledges by sector, WLD, 2024");
  CHECK(has(sectors, "data-label=\"government\" data-value=\"470\""));
  CHECK(has(sectors, "data-label=\"private sector\" data-value=\"144\""));
  CHECK(row(sectors, "government") == "government|470 pledges|2024");
  const std::string focus = figure_titled(html, "Pledges by focus area, WLD, 2024");
  CHECK(has(focus, "data-label=\"Access\" data-value=\"600\""));
  CHECK(has(focus, "data-label=\"Adoption\" data-value=\"420\""));
  const std::string groups = figure_titled(html, "Pledges and value targeting LDCs, LLDCs and SIDS, WLD, 2024");
  CHECK(has(groups, "data-label=\"LDC, pledges (gross)\" data-value=\"31.5\""));
  CHECK(has(groups, "data-label=\"LDC, pledges (active)\" data-value=\"30.25\""));
  CHECK(row(groups, "LDC, value (active)") ==
        "LDC, value (active)|withheld: not computed in this run (no metric pledges.share_value_active_ldc)|");
  const std::string sdgs = figure_titled(html, "Pledges by SDG, WLD, 2024");
  CHECK(has(sdgs, "data-label=\"SDG 9\" data-value=\"400\""));
  const std::string wsis = figure_titled(html, "Pledges by WSIS action line, WLD, 2024");
  CHECK(has(wsis, "data-label=\"C2\" data-value=\"433\""));
  CHECK(has(wsis, "data-label=\"C11\" data-value=\"243\""));
  CHECK(row(wsis, "C10") == "C10|withheld: not computed in this run (no metric pledges.count_gross_wsis_c10)|");
  const std::string campaigns = figure_titled(html, "Pledges by campaign, WLD, 2024");
  CHECK(has(campaigns, "data-label=\"ldc5\" data-value=\"34\""));
  CHECK(has(campaigns, "data-label=\"schools\" data-value=\"16\""));
  CHECK_FALSE(has(campaigns, "data-label=\"displaced people\""));
  const std::string beneficiaries = figure_titled(html, "Pledges naming a beneficiary group, WLD, 2024");
  CHECK(has(beneficiaries, "data-label=\"women\" data-value=\"52\""));
}

TEST_CASE("coalition progress: new pledges per year, reporting and targets beside actuals", "[report][coalition]") {
  const std::string html = section(p2c::report::html_document(report_of(coalition_run())), "coalition-progress");
  const std::string years = figure_titled(html, "New pledges per year and pledges made to date, WLD");
  CHECK(has(years, "data-series=\"new in the year\" data-year=\"2023\" data-value=\"263\""));
  CHECK(has(years, "data-series=\"made to date, gross\" data-year=\"2024\" data-value=\"1005\""));
  CHECK(row(years, "2024") == "2024|160 pledges|1,005 pledges|USD 3.2 bn|USD 42 bn");
  CHECK(row(years, "2023") ==
        "2023|263 pledges|845 pledges|withheld: no WLD value for 2023 in this run|"
        "withheld: no WLD value for 2023 in this run");
  const std::string states = figure_titled(html, "Pledges by reporting state, WLD, 2024");
  CHECK(has(states, "data-label=\"on time\" data-value=\"300\""));
  CHECK(has(states, "data-label=\"overdue\" data-value=\"120\""));
  CHECK(has(states, "data-label=\"closed\" data-value=\"500\""));
  const std::string rates = figure_titled(html, "Reporting rate by sector, WLD, 2024");
  CHECK(has(rates, "data-label=\"government, reporting\" data-value=\"70\""));
  CHECK(has(rates, "data-label=\"government, on time\" data-value=\"55\""));
  const std::string targets = figure_titled(html, "Pledges with measurable targets, WLD, 2024");
  CHECK(has(targets, "data-label=\"pledges with targets\" data-value=\"35.125\""));
  CHECK(has(targets, "data-label=\"mean progress toward targets\" data-value=\"41.5\""));
  CHECK(row(targets, "schools connected") == "schools connected|schools|5,000 schools|1,200 schools|2024");
  CHECK(row(targets, "km fibre") ==
        "km fibre|km|3,000 km|withheld: not computed in this run (no metric pledges.actuals_km_fibre)|2024");
  CHECK(row(targets, "devices provided") ==
        "devices provided||withheld: not computed in this run (no metric pledges.targets_devices_provided)|"
        "withheld: not computed in this run (no metric pledges.actuals_devices_provided)|");
  const std::string schools = figure_titled(html, "Targets pledged and actuals reported: schools connected, WLD, 2024");
  CHECK(has(schools, "data-label=\"targets pledged\" data-value=\"5000\""));
  CHECK(has(schools, "data-label=\"actuals reported\" data-value=\"1200\""));
  const std::string fibre = figure_titled(html, "Targets pledged and actuals reported: km fibre, WLD, 2024");
  CHECK(has(fibre, "data-label=\"targets pledged\" data-value=\"3000\""));
  CHECK_FALSE(has(fibre, "data-label=\"actuals reported\""));
  CHECK_FALSE(has(html, "Targets pledged and actuals reported: devices provided"));
}

TEST_CASE("coalition progress: the breakdowns stay out of the pledge section's table of totals",
          "[report][coalition]") {
  const std::string pledges = section(p2c::report::html_document(report_of(coalition_run())), "pledges");
  CHECK(has(pledges, "Title of entities_gross (entities)"));
  CHECK(has(pledges, "Title of share_with_targets (%)"));
  CHECK_FALSE(has(pledges, "Title of count_gross_sdg_9"));
  CHECK_FALSE(has(pledges, "Title of count_gross_wsis_c2"));
  CHECK_FALSE(has(pledges, "Title of targets_schools_connected"));
  CHECK_FALSE(has(pledges, "Title of share_count_gross_ldc"));
}

TEST_CASE("coalition progress is well-formed, self-contained HTML", "[report][coalition]") {
  p2c::test::TempDir dir;
  const auto output = dir / "report.html";
  p2c::report::write_html(report_of(coalition_run()), output);
  const auto checked = p2c::test::run_command(std::string(P2C_PYTHON) + " " + P2C_HTML_CHECKER + " " + output.string() +
                                              " coalition-progress pledges");
  INFO(checked.output);
  CHECK(checked.exit_code == 0);
}

TEST_CASE("coalition progress in Markdown: the headline figures as a table", "[report][coalition]") {
  p2c::test::TempDir dir;
  const auto written = p2c::report::write_markdown(report_of(coalition_run()), dir / "report.md");
  std::ifstream in(written.front());
  std::stringstream text;
  text << in.rdbuf();
  const std::string markdown = text.str();
  CHECK(has(markdown, "## Coalition progress"));
  CHECK(has(markdown, "| Figure | Value | Details |"));
  CHECK(has(markdown, "| Pledges, gross | 1,005 pledges | data as of 2024, observed |"));
  CHECK(has(markdown,
            "| Economies reached, active | withheld | not computed in this run (no metric "
            "pledges.implementation_economies_active) |"));
  CHECK(has(markdown, "| Reporting on time | 40.0 % | data as of 2023, observed; 2024 withheld: no report was due |"));
}

TEST_CASE("coalition progress without pledge metrics says so and shows no figure", "[report][coalition]") {
  Run run;
  run.metrics.push_back(StoredMetric{"sdg_17_8.internet_users",
                                     "sdg_17_8",
                                     "internet_users",
                                     "Internet",
                                     "%",
                                     "",
                                     "adoption",
                                     {},
                                     {},
                                     "",
                                     std::nullopt,
                                     0,
                                     ""});
  const std::string html = section(p2c::report::html_document(report_of(run)), "coalition-progress");
  CHECK(has(html, "no pledge indicators in this run"));
  CHECK_FALSE(has(html, "class=\"card"));
  CHECK_FALSE(has(html, "<svg"));
}
