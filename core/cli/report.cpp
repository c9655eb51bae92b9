// `p2c report`: one stored run of a config's run history as a self-contained HTML page or as Markdown with
// SVG charts. Sections: docs/reports.md.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <iostream>
#include <optional>

#include "commands.h"
#include "common.h"
#include "history.h"
#include "p2c/text.h"
#include "report/report_names.h"
#include "report/report_writer.h"

namespace p2c::cli {
namespace {

struct ReportArgs {
  CommonOptions common;
  std::string config;
  std::string run = "latest";
  std::string format;
  std::string output;
  std::string economy;
  std::string lang = "en";
};

}  // namespace

int report_command(const std::vector<std::string>& args) {
  ReportArgs parsed;
  po::options_description description("p2c report options");
  add_config_option(description, parsed.config, "the TOML config whose [run] history to read");
  description.add_options()                                                                                           //
      ("run", po::value(&parsed.run), "the run to report: an id, a unique prefix, `latest` (default) or `previous`")  //
      ("format", po::value(&parsed.format)->required(),
       "html (one self-contained file) or md (Markdown and SVG files)")                                            //
      ("output,o", po::value(&parsed.output)->required(), "the file to write, e.g. report.html or report/p2c.md")  //
      ("economy", po::value(&parsed.economy),
       "a country profile instead: the economy's ISO3 code or name, e.g. NPL or Nepal (needs [reference])")  //
      ("lang", po::value(&parsed.lang),
       "the report's language: ar, en (default), es, fr, ru, zh or one of [languages] dir; words it lacks are in "
       "English");
  add_common_options(description, parsed.common);
  const std::string usage_line =
      "p2c report [--config FILE] [--run ID] [--economy CODE|NAME] [--lang CODE] --format html|md --output PATH";
  int code = exit_ok;
  if (!parse_args(args, description, {}, parsed.common, code,
                  {usage_line, "p2c report --lang fr --economy Népal --format html --output nepal-fr.html"}))
    return code;
  if (parsed.format != "html" && parsed.format != "md") {
    std::cerr << fmt::format("p2c: --format '{}' is not a report format: use html or md\nusage: {}\n", parsed.format,
                             usage_line);
    return exit_usage;
  }

  const auto config = load_config_or_explain(parsed.config);
  if (!config) return exit_usage;
  const auto catalogues = catalogues_or_explain(*config);
  if (!catalogues) return exit_usage;
  std::optional<report::Locale> locale;
  try {
    locale.emplace(*catalogues, parsed.lang);
  } catch (const report::UnknownLanguage& e) {
    std::cerr << fmt::format("p2c: --lang: {}\nusage: {}\n", e.what(), usage_line);
    return exit_usage;
  }
  const auto file = existing_history(*config);
  if (!file) return exit_usage;

  // Names instead of codes come from the reference data; a report without it shows codes.
  std::optional<host::Reference> reference;
  if (config->reference) {
    try {
      reference = host::Reference::load(*config->reference);
    } catch (const host::ReferenceError& e) {
      std::cerr << fmt::format("p2c: {}\n", e.what());
      if (!parsed.economy.empty()) return exit_usage;
    }
  }
  if (!parsed.economy.empty() && !reference) {
    std::cerr << fmt::format("p2c: --economy needs the reference data: {} has no [reference] economies\n",
                             parsed.config);
    return exit_usage;
  }
  const report::EntityNames names = reference ? report::entity_names(*reference) : report::EntityNames{};

  std::optional<report::Report> built;
  try {
    const host::History history(*file, host::History::Open::existing);
    const std::string id = history.resolve(parsed.run);
    const host::StoredRun run = history.run(id);
    if (parsed.economy.empty()) {
      built = report::build_report(*locale, run, history.metrics(id), history.results(id), names);
    } else {
      const int year = std::atoi(run.started_at.substr(0, 4).c_str());
      const auto economy = report::find_economy(*reference, parsed.economy, year, *locale);
      if (!economy) {
        std::cerr << fmt::format(
            "p2c: --economy '{}' names no single economy of the reference data; give its ISO3 code or its name as "
            "in {}, e.g. NPL or Nepal\n",
            printable(parsed.economy), config->reference->economies.string());
        return exit_usage;
      }
      built = report::build_profile(*locale, run, history.metrics(id), history.results(id), *economy, names);
    }
  } catch (const host::UnknownRunError& e) {
    std::cerr << fmt::format(
        "p2c: {}\n`p2c history --config {}` lists the stored runs; a run is named by its id, a unique prefix of it, "
        "`latest` or `previous`\n",
        e.what(), parsed.config);
    return exit_usage;
  } catch (const host::HistoryError& e) {
    std::cerr << "p2c: " << e.what() << "\n";
    return exit_usage;
  }

  const report::Report& report = *built;
  const std::filesystem::path output = parsed.output;
  try {
    if (!output.parent_path().empty()) std::filesystem::create_directories(output.parent_path());
    std::size_t charts = 0;
    for (const auto& section : report.sections) charts += section.charts.size();
    if (parsed.format == "html") {
      report::write_html(report, output);
      std::cout << fmt::format("report of run {} written to {} ({} sections, {} charts)\n", report.run.id,
                               output.string(), report.sections.size(), charts);
    } else {
      const auto files = report::write_markdown(report, output);
      std::cout << fmt::format("report of run {} written to {} ({} sections, {} charts in {} SVG files beside it)\n",
                               report.run.id, output.string(), report.sections.size(), charts, files.size() - 1);
    }
  } catch (const std::exception& e) {
    std::cerr << fmt::format("p2c: cannot write the report to '{}': {}\ncheck that the folder is writable\n",
                             output.string(), e.what());
    return exit_problems;
  }
  return exit_ok;
}

}  // namespace p2c::cli
