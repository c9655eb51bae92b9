// The report in the six UN languages: the html element's language and direction, headings, table headers, group
// and economy names and numbers from the language's catalogue; English where a language lacks a message; an
// unknown language refused; the English report's words as they were before the catalogues.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "bundled_catalogues.h"
#include "internet_use_result.h"
#include "report/report_writer.h"
#include "report_locale_fixture.h"

using p2c::report::Locale;
using p2c::test::internet_use;

namespace {

// Internet use of the world, the LDCs and Nepal; the world's 2023 value has its observed coverage.
p2c::report::Report report_in(const Locale& locale, bool profile = false) {
  p2c::host::StoredMetric users = p2c::test::internet_use_metric();
  users.focus_area = "access";
  users.sdg_indicators = {"17.8.1"};
  std::vector<p2c::host::StoredResult> results = {internet_use("LDC", 2022, 35.5, "", "group"),
                                                  internet_use("LDC", 2023, 38.25, "", "group"),
                                                  internet_use("NPL", 2022, 49.6),
                                                  internet_use("NPL", 2023, 55.8),
                                                  internet_use("WLD", 2022, 66.3, "", "group"),
                                                  internet_use("WLD", 2023, 67.4, "", "group")};
  results.back().coverage = p2c::Coverage{180, 190, 0.99, 170, 0.93};
  p2c::host::StoredRun run;
  run.id = "20261207T000000Z-lang";
  const p2c::report::EntityNames names = {{"NPL", "Nepal"}, {"LDC", "LDCs"}, {"WLD", "World"}};
  if (profile)
    return p2c::report::build_profile(locale, run, {users}, results, {"NPL", "Nepal", {"LDC", "WLD"}}, names);
  return p2c::report::build_report(locale, run, {users}, results, names);
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The catalogue's text of a message, to compare the report with: the test does not repeat the translation.
std::string message(const std::string& code, const std::string& key) {
  return p2c::service::bundled_catalogues().message(code, key);
}

}  // namespace

TEST_CASE("a French report is in French: headings, table headers, names and numbers", "[report][language]") {
  const Locale french(p2c::service::bundled_catalogues(), "fr");
  const std::string html = p2c::report::html_document(report_in(french));
  CHECK(has(html, "<html lang=\"fr\" dir=\"ltr\">"));
  CHECK(has(html, "<h1>" + p2c::report::xml_escape(message("fr", "report.title")) + "</h1>"));
  CHECK(has(html, "<h2>" + message("fr", "report.summary.title") + "</h2>"));
  CHECK(has(html, "<th scope=\"col\">" + message("fr", "report.table.group") + "</th>"));
  CHECK(has(html, "<th scope=\"col\">" + message("fr", "table.data_as_of") + "</th>"));
  CHECK_FALSE(has(html, "At a glance"));
  CHECK_FALSE(has(html, "Data as of"));
  // Group and economy names, and the metric's title, are the French catalogue's.
  CHECK(has(html, "<td>PMA</td>"));
  CHECK(has(html, "<td>Monde</td>"));
  CHECK(has(html, "Personnes utilisant l&#39;Internet"));
  // A decimal comma, the unit where French puts it; data attributes stay numbers as programs read them.
  CHECK(has(html, "67,4 %"));
  CHECK_FALSE(has(html, "67.4 %"));
  CHECK(has(html, "data-value=\"67.4\""));

  const std::string profile = p2c::report::html_document(report_in(french, true));
  CHECK(has(profile, "<h1>Népal (NPL)"));
}

TEST_CASE("an Arabic report runs right to left, in Arabic, its charts left to right", "[report][language]") {
  const Locale arabic(p2c::service::bundled_catalogues(), "ar");
  const std::string html = p2c::report::html_document(report_in(arabic));
  CHECK(has(html, "<html lang=\"ar\" dir=\"rtl\">"));
  CHECK(has(html, "<h2>" + message("ar", "report.summary.title") + "</h2>"));
  CHECK(has(html, "<h2>" + message("ar", "report.run.title") + "</h2>"));
  CHECK_FALSE(has(html, "About this run"));
  CHECK(has(html, "figure svg{height:auto;direction:ltr}"));
  CHECK(has(html, "text-align:start"));
  CHECK_FALSE(has(html, "left"));  // no physical side in the style: it would not mirror
}

TEST_CASE("an unknown report language is refused, naming the languages there are", "[report][language]") {
  CHECK_THROWS_WITH(Locale(p2c::service::bundled_catalogues(), "xx"),
                    "no report language 'xx': expected one of ar, en, es, fr, ru, zh");
}

TEST_CASE("a message a language lacks is in English, the language's own number marks stay", "[report][language]") {
  const std::string english = R"({"language": {"name": "English", "direction": "ltr"}, "messages": {
    "report.number.decimal_mark": ".", "report.number.thousands_separator": ",",
    "report.title": "Partner2Connect progress report", "report.summary.title": "At a glance"}})";
  const std::string partial = R"({"language": {"name": "Français", "direction": "ltr"}, "messages": {
    "report.number.decimal_mark": ",", "report.number.thousands_separator": " ",
    "report.title": "Rapport"}})";
  const std::vector<p2c::host::CatalogueFile> files = {{"en.json", english}, {"fr.json", partial}};
  const auto catalogues = p2c::host::Catalogues::parse(files);
  const Locale french(catalogues, "fr");
  CHECK(french.text("report.title") == "Rapport");
  CHECK(french.text("report.summary.title") == "At a glance");
  CHECK(french.number("1,234.5") == "1 234,5");
  CHECK(french.word("status.", "on_track") == "on track");  // neither has it: the word itself
}

TEST_CASE("the English report keeps its words", "[report][language]") {
  const std::string html = p2c::report::html_document(report_in(p2c::test::english()));
  CHECK(has(html, "<html lang=\"en\" dir=\"ltr\">"));
  CHECK(has(html, "<h1>Partner2Connect progress report</h1>"));
  CHECK(has(html, "<h2>At a glance</h2>"));
  CHECK(has(html, "<h2>Focus area: Access</h2>"));
  CHECK(has(html, "<th scope=\"col\">Latest published value</th>"));
  CHECK(has(html, "67.4 %"));
  CHECK(has(html, "data as of 2023, observed: 93 % of population, 170 of 190 members"));
  CHECK(has(html, "Every number shown is read from the run history of the config named above"));
  const std::string profile = p2c::report::html_document(report_in(p2c::test::english(), true));
  CHECK(has(profile, "<h1>Nepal (NPL): Partner2Connect country profile</h1>"));
  CHECK(has(profile, "The charts below set it beside its groups: LDCs, World."));
}
