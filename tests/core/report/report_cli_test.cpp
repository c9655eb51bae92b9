// `p2c report` end to end: a real run over the bundled data, then its report as HTML and Markdown; the HTML
// is checked for well-formedness and self-containment by check_report_html.py, and its numbers against the
// run history.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <map>
#include <regex>

#include "history.h"
#include "report/report_model.h"
#include "report_html.h"
#include "run_command.h"
#include "temp_dir.h"

namespace {

const std::filesystem::path source_dir = P2C_SOURCE_DIR;

using Result = p2c::test::CommandResult;
using p2c::test::figure;
using p2c::test::run_command;
using p2c::test::section;

Result run_p2c(const std::string& arguments) {
  return run_command(std::string(P2C_EXE) + " " + arguments + " --log-level warn");
}

// SDG 17.8.1 over the bundled data with groups, ITU-method estimates of Internet use (so some group values are
// estimated and some withheld) and a run history in `dir`.
std::filesystem::path write_config(const p2c::test::TempDir& dir) {
  const auto config = source_dir / "config";
  return dir.write("p2c.toml", R"([run]
history = ")" + (dir / "history.sqlite").string() +
                                   R"("

[reference]
economies = ")" + (config / "reference/economies.csv").string() +
                                   R"("
groups = ")" + (config / "reference/groups.csv").string() +
                                   R"("
memberships = ")" + (config / "reference/memberships.csv").string() +
                                   R"("

[[source]]
plugin = "csv"
name = "internet_users"
series = "itu.internet_users"
path = ")" + (config / "data/worldbank-wdi/internet_users_gapminder.csv").string() +
                                   R"("
economy_column = "geo"
year_column = "time"
value_column = "internet_users"
code_case = "upper"
unit = "%"

[[source]]
plugin = "csv"
name = "population"
series = "wb.population"
path = ")" + (config / "data/worldbank-wdi/sp.pop.totl.csv").string() +
                                   R"("

[[indicator]]
plugin = "sdg_17_8"

[[estimation]]
metric = "sdg_17_8.internet_users"
method = "itu_trend"
)");
}

}  // namespace

TEST_CASE("p2c report writes a well-formed, self-contained HTML report whose numbers are the run's", "[report-cli]") {
  p2c::test::TempDir dir;
  const auto config = write_config(dir).string();
  const auto ran = run_p2c("run --config " + config);
  REQUIRE(ran.exit_code == 0);
  const auto output = dir / "reports/p2c.html";
  const auto written = run_p2c("report --config " + config + " --format html --output " + output.string());
  INFO(written.output);
  REQUIRE(written.exit_code == 0);
  CHECK(written.output.find("written to " + output.string()) != std::string::npos);

  const std::vector<std::string> sections = {"focus-access",
                                             "focus-adoption",
                                             "focus-value-creation",
                                             "focus-investment-acceleration",
                                             "sdg-17.8.1",
                                             "furthest-from-target",
                                             "umc-bands",
                                             "idi-by-group",
                                             "pledges"};
  std::string command = std::string(P2C_PYTHON) + " " + P2C_HTML_CHECKER + " " + output.string();
  for (const auto& id : sections) command += " " + id;
  const auto checked = run_command(command);
  INFO(checked.output);
  CHECK(checked.exit_code == 0);

  const std::string html = p2c::test::read_file(output);
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("<script") == std::string::npos);

  // Every group series of Internet use equals the run's published group values, year by year, to the last
  // digit, estimated ones flagged as such; withheld values are no marks.
  const p2c::host::History history(dir / "history.sqlite", p2c::host::History::Open::existing);
  std::map<std::string, std::map<int, std::string>> stored;  // group -> year -> "value" or "value estimated"
  std::size_t withheld = 0, estimated = 0;
  std::string ldc_withheld;  // the data-table text of LDC's latest withheld value
  for (const auto& result : history.results("latest")) {
    if (result.metric != "sdg_17_8.internet_users" || result.entity_kind != "group") continue;
    const auto& groups = p2c::report::chart_groups();
    if (std::find(groups.begin(), groups.end(), result.entity) == groups.end()) continue;
    const bool is_estimated = result.flags.find("estimated") != std::string::npos;
    if (result.value) {
      stored[result.entity][result.year] =
          p2c::report::exact_number(*result.value) + (is_estimated ? " estimated" : "");
      estimated += is_estimated;
    } else if (result.flags.find("withheld") != std::string::npos) {
      ++withheld;
      if (result.entity == "LDC") ldc_withheld = "withheld: " + result.reason;
    }
  }
  REQUIRE(stored["WLD"].size() > 20);
  REQUIRE(withheld > 0);
  REQUIRE(estimated > 0);
  REQUIRE_FALSE(ldc_withheld.empty());
  const std::string chart = figure(section(html, "focus-adoption"), "sdg_17_8.internet_users");
  std::map<std::string, std::map<int, std::string>> shown;
  const std::regex mark(
      R"re(data-series="([^"]+)" data-year="(\d+)" data-value="([^"]+)"( data-flags="estimated")?)re");
  for (auto it = std::sregex_iterator(chart.begin(), chart.end(), mark); it != std::sregex_iterator(); ++it)
    shown[(*it)[1].str()][std::stoi((*it)[2].str())] = (*it)[3].str() + ((*it)[4].matched ? " estimated" : "");
  CHECK(shown == stored);
  // The data table lists withheld values with their reason; nothing speaks of "low coverage" any more.
  CHECK(chart.find(p2c::report::xml_escape(ldc_withheld)) != std::string::npos);
  CHECK(chart.find(">withheld years: not drawn</text>") != std::string::npos);
  CHECK(chart.find(">estimated value</text>") != std::string::npos);
  CHECK(html.find("low coverage") == std::string::npos);
  CHECK(html.find("<dt>Data as of</dt>") != std::string::npos);
  CHECK(html.find("<dd>" + history.runs().front().id + "</dd>") != std::string::npos);

  // Sections without data in this run say so.
  CHECK(section(html, "idi-by-group").find("class=\"empty\"") != std::string::npos);
  CHECK(section(html, "pledges").find("no pledge indicators in this run") != std::string::npos);
  CHECK(section(html, "furthest-from-target").find("data-label=") != std::string::npos);
}

TEST_CASE("p2c report --format md writes the Markdown and every SVG it links", "[report-cli]") {
  p2c::test::TempDir dir;
  const auto config = write_config(dir).string();
  REQUIRE(run_p2c("run --config " + config).exit_code == 0);
  const auto id = p2c::host::History(dir / "history.sqlite").runs().front().id;
  const auto output = dir / "md/report.md";
  const auto written =
      run_p2c("report --config " + config + " --run " + id.substr(0, 12) + " --format md --output " + output.string());
  INFO(written.output);
  REQUIRE(written.exit_code == 0);
  const std::string markdown = p2c::test::read_file(output);
  CHECK(markdown.find("- **Run**: " + id) != std::string::npos);
  const std::regex image(R"(!\[[^\]]+\]\(([^)]+\.svg)\))");
  std::size_t images = 0;
  for (auto it = std::sregex_iterator(markdown.begin(), markdown.end(), image); it != std::sregex_iterator(); ++it) {
    ++images;
    CHECK(std::filesystem::exists(output.parent_path() / (*it)[1].str()));
  }
  CHECK(images >= 3);
  CHECK(std::filesystem::exists(output.parent_path() / "report-focus-adoption-1.svg"));
}

TEST_CASE("p2c report --economy writes a country profile found by name, with its groups named", "[report-cli]") {
  p2c::test::TempDir dir;
  const auto config = write_config(dir).string();
  REQUIRE(run_p2c("run --config " + config).exit_code == 0);
  const auto output = dir / "nepal.html";
  const auto written =
      run_p2c("report --config " + config + " --economy nepal --format html --output " + output.string());
  INFO(written.output);
  REQUIRE(written.exit_code == 0);
  const std::string command =
      std::string(P2C_PYTHON) + " " + P2C_HTML_CHECKER + " " + output.string() + " summary progress idi umc-bands";
  const auto checked = run_command(command);
  INFO(checked.output);
  CHECK(checked.exit_code == 0);
  const std::string html = p2c::test::read_file(output);
  CHECK(html.find("<h1>Nepal (NPL): Partner2Connect country profile</h1>") != std::string::npos);
  CHECK(html.find("its groups: LDCs, LLDCs, Asia &amp; Pacific, Lower middle income, World.") != std::string::npos);

  // Nepal's latest published Internet use, with its year, as the run stored it.
  const p2c::host::History history(dir / "history.sqlite", p2c::host::History::Open::existing);
  const std::string id = history.resolve("latest");
  const auto results = history.results(id);
  const p2c::host::StoredResult* latest = nullptr;
  for (const auto& result : results)
    if (result.metric == "sdg_17_8.internet_users" && result.entity == "NPL" && result.value) latest = &result;
  REQUIRE(latest != nullptr);
  CHECK(html.find("data-metric=\"sdg_17_8.internet_users\" data-value=\"" + p2c::report::exact_number(*latest->value) +
                  "\" data-year=\"" + std::to_string(latest->year) + "\"") != std::string::npos);
  // The chart draws Nepal with its groups, legends by name.
  CHECK(html.find("data-series=\"NPL\"") != std::string::npos);
  CHECK(html.find("data-series=\"LDC\"") != std::string::npos);
  CHECK(html.find(">LDCs</text><text ") != std::string::npos);  // the name, then the status on a second line

  // In Arabic, the economy is found by its Arabic name, and the report is written right to left, in Arabic.
  const auto arabic = dir / "nepal-ar.html";
  const auto in_arabic =
      run_p2c("report --config " + config + " --lang ar --economy نيبال --format html --output " + arabic.string());
  INFO(in_arabic.output);
  REQUIRE(in_arabic.exit_code == 0);
  const std::string arabic_html = p2c::test::read_file(arabic);
  CHECK(arabic_html.find("<html lang=\"ar\" dir=\"rtl\">") != std::string::npos);
  CHECK(arabic_html.find("<h1>نيبال (NPL)") != std::string::npos);
  CHECK(arabic_html.find("data-series=\"NPL\"") != std::string::npos);
  // A Russian name in capitals, and a French one without its accent, find it too.
  CHECK(run_p2c("report --config " + config + " --lang ru --economy НЕПАЛ --format md --output " +
                (dir / "ru.md").string())
            .exit_code == 0);
  CHECK(p2c::test::read_file(dir / "ru.md").find("# Непал (NPL)") != std::string::npos);
  // Markdown in another language is marked with it; in Arabic, right to left.
  CHECK(p2c::test::read_file(dir / "ru.md").starts_with("<div lang=\"ru\" dir=\"ltr\">\n\n# Непал (NPL)"));
  REQUIRE(
      run_p2c("report --config " + config + " --lang ar --economy NPL --format md --output " + (dir / "ar.md").string())
          .exit_code == 0);
  const std::string arabic_md = p2c::test::read_file(dir / "ar.md");
  CHECK(arabic_md.starts_with("<div lang=\"ar\" dir=\"rtl\">\n\n# نيبال (NPL)"));
  CHECK(arabic_md.ends_with("\n</div>\n"));
  CHECK(run_p2c("report --config " + config + " --lang fr --economy NEPAL --format md --output " +
                (dir / "fr.md").string())
            .exit_code == 0);
  CHECK(p2c::test::read_file(dir / "fr.md").find("# Népal (NPL)") != std::string::npos);

  const auto ambiguous =
      run_p2c("report --config " + config + " --economy Guin --format html --output " + (dir / "g.html").string());
  CHECK(ambiguous.exit_code == 2);
  CHECK(ambiguous.output.find("names no single economy") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "g.html"));

  // A config without reference data knows no economy names: said, naming the config.
  const auto bare = dir.write("bare.toml", "[run]\nhistory = \"" + (dir / "history.sqlite").string() + "\"\n");
  const auto no_reference = run_p2c("report --config " + bare.string() + " --economy NPL --format html --output " +
                                    (dir / "b.html").string());
  CHECK(no_reference.exit_code == 2);
  CHECK(no_reference.output.find("--economy needs the reference data: " + bare.string()) != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "b.html"));
}

TEST_CASE("an operator's [languages] dir corrects a language and adds one, for report and check", "[report-cli]") {
  p2c::test::TempDir dir;
  const std::string config = write_config(dir).string();
  std::ofstream(config, std::ios::app) << "\n[languages]\ndir = \"i18n\"\n";
  dir.write("i18n/fr.json", R"json({"messages": {"report.title": "Rapport Partner2Connect (édition locale)"}})json");
  dir.write("i18n/pt-BR.json", R"json({"language": {"name": "Português (Brasil)", "direction": "ltr"},
    "messages": {"report.title": "Relatório de progresso Partner2Connect"}})json");
  REQUIRE(run_p2c("run --config " + config).exit_code == 0);

  const auto french = dir / "fr.html";
  REQUIRE(run_p2c("report --config " + config + " --lang fr --format html --output " + french.string()).exit_code == 0);
  CHECK(p2c::test::read_file(french).find("Rapport Partner2Connect (édition locale)") != std::string::npos);
  const auto portuguese = dir / "pt.html";
  const auto added =
      run_p2c("report --config " + config + " --lang pt-BR --format html --output " + portuguese.string());
  INFO(added.output);
  REQUIRE(added.exit_code == 0);
  const std::string html = p2c::test::read_file(portuguese);
  CHECK(html.find("<html lang=\"pt-BR\" dir=\"ltr\">") != std::string::npos);
  CHECK(html.find("Relatório de progresso Partner2Connect") != std::string::npos);

  // check names the folder, and lists what the new language still shows in English.
  const auto checked = run_p2c("check --config " + config + " --lang pt-BR");
  CHECK(checked.output.find("languages: ar, en, es, fr, pt-BR, ru, zh (bundled, and ") != std::string::npos);
  CHECK(checked.output.find("language pt-BR (Português (Brasil), ltr)") != std::string::npos);
  CHECK(checked.output.find("  report.title: ") == std::string::npos);
  CHECK(checked.output.find("  report.run.title: About this run") != std::string::npos);

  // A broken file stops both, named with its line and column; nothing is written.
  dir.write("i18n/fr.json", "{\"messages\": {\"report.title\": }}");
  const auto broken =
      run_p2c("report --config " + config + " --lang fr --format html --output " + (dir / "broken.html").string());
  CHECK(broken.exit_code == 2);
  CHECK(broken.output.find("p2c: [languages]: " + (dir / "i18n" / "fr.json").string() + ":1:") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "broken.html"));
  CHECK(run_p2c("check --config " + config).exit_code == 2);
}

TEST_CASE("p2c report explains what is wrong", "[report-cli]") {
  p2c::test::TempDir dir;
  const auto config = write_config(dir).string();
  const auto output = (dir / "r.html").string();

  const auto no_history = run_p2c("report --config " + config + " --format html --output " + output);
  CHECK(no_history.exit_code == 2);
  CHECK(no_history.output.find("there is no run history at") != std::string::npos);

  REQUIRE(run_p2c("run --config " + config).exit_code == 0);
  const auto unknown = run_p2c("report --config " + config + " --run nosuchrun --format html --output " + output);
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.output.find("p2c history --config") != std::string::npos);

  const auto format = run_p2c("report --config " + config + " --format pdf --output " + output);
  CHECK(format.exit_code == 2);
  CHECK(format.output.find("use html or md") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(output));

  const auto language = run_p2c("report --config " + config + " --lang xx --format html --output " + output);
  CHECK(language.exit_code == 2);
  CHECK(language.output.find("no report language 'xx': expected one of ar, en, es, fr, ru, zh") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(output));

  const auto unwritable = run_p2c("report --config " + config + " --format html --output /proc/p2c-report.html");
  CHECK(unwritable.exit_code == 1);
  CHECK(unwritable.output.find("cannot write the report") != std::string::npos);
}

TEST_CASE("the HTML checker finds unbalanced tags, raw ampersands, external resources and missing sections",
          "[report-cli]") {
  p2c::test::TempDir dir;
  const auto bad = dir.write("bad.html",
                             "<!DOCTYPE html><html><body><section id=\"a\"><p>a & b <b>x</p></section>"
                             "<img src=\"https://example.org/x.png\"><svg><image href=\"//cdn.example/y.svg\"/></svg>"
                             "</body></html>");
  const auto checked =
      run_command(std::string(P2C_PYTHON) + " " + P2C_HTML_CHECKER + " " + bad.string() + " a missing");
  CHECK(checked.exit_code == 1);
  for (const char* problem : {"unescaped '&' in text", "</p> closes <b>", "refers to an external resource",
                              "<image href=\"//cdn.example/y.svg\">", "no <section id=\"missing\">"})
    CHECK(checked.output.find(problem) != std::string::npos);
  const auto good = dir.write("good.html",
                              "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body><section id=\"a\">"
                              "<p>a &amp; b</p><svg><line x1=\"0\"/></svg></section></body></html>");
  CHECK(run_command(std::string(P2C_PYTHON) + " " + P2C_HTML_CHECKER + " " + good.string() + " a").exit_code == 0);
}
