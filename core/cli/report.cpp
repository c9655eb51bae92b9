// `p2c report`: one stored run of a config's run history as a self-contained HTML page or as Markdown with
// SVG charts. Sections: docs/reports.md.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "commands.h"
#include "common.h"
#include "history.h"
#include "report/report_writer.h"

namespace p2c::cli {
namespace {

struct ReportArgs {
  CommonOptions common;
  std::string config;
  std::string run = "latest";
  std::string format;
  std::string output;
};

}  // namespace

int report_command(const std::vector<std::string>& args) {
  ReportArgs parsed;
  po::options_description description("p2c report options");
  description.add_options()                                                                                           //
      ("config,c", po::value(&parsed.config)->required(), "the TOML config whose [run] history to read")              //
      ("run", po::value(&parsed.run), "the run to report: an id, a unique prefix, `latest` (default) or `previous`")  //
      ("format", po::value(&parsed.format)->required(),
       "html (one self-contained file) or md (Markdown and SVG files)")  //
      ("output,o", po::value(&parsed.output)->required(), "the file to write, e.g. report.html or report/p2c.md");
  add_common_options(description, parsed.common);
  const std::string usage_line = "p2c report --config FILE [--run ID] --format html|md --output PATH";
  int code = exit_ok;
  if (!parse_args(args, description, {}, parsed.common, code, usage_line)) return code;
  if (parsed.format != "html" && parsed.format != "md") {
    std::cerr << fmt::format("p2c: --format '{}' is not a report format: use html or md\nusage: {}\n", parsed.format,
                             usage_line);
    return exit_usage;
  }

  const auto config = load_config_or_explain(parsed.config);
  if (!config) return exit_usage;
  const auto file = existing_history(*config, parsed.config);
  if (!file) return exit_usage;

  report::Report report;
  try {
    const host::History history(*file, host::History::Open::existing);
    const std::string id = history.resolve(parsed.run);
    report = report::build_report(history.run(id), history.metrics(id), history.results(id));
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
