// `p2c pledges`: import, export, list and show the records of the P2C pledge registry ([pledges]).
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>

#include "commands.h"
#include "common.h"
#include "p2c/text.h"
#include "pledge_registry.h"

namespace p2c::cli {
namespace {

constexpr const char* usage_lines =
    "p2c pledges import FILE [--config F]\n"
    "       p2c pledges export --output FILE [--format csv|json] [--config F]\n"
    "       p2c pledges list [--entity NAME] [--config F]\n"
    "       p2c pledges show ID [--config F]";

constexpr std::size_t max_rejections_shown = 50;

struct PledgesArgs {
  CommonOptions common;
  std::string config = "config/p2c.toml";
  std::string file;    // import FILE, export --output FILE
  std::string format;  // export: csv or json; empty: from the extension
  std::string entity;  // list filter
  std::string id;      // show ID
};

// Config errors are the operator's to fix, like a bad command line: exit 2 with every problem listed.
std::optional<host::Config> read_config(const std::string& path) {
  try {
    host::Config config = host::load_config(path);
    if (!config.pledges) {
      std::cerr << fmt::format(
          "p2c: {} has no [pledges] section; add one to use the pledge registry "
          "(docs/pledges.md)\n",
          path);
      return std::nullopt;
    }
    return config;
  } catch (const host::ConfigError& e) {
    for (const auto& problem : e.problems()) std::cerr << "p2c: " << problem << "\n";
    return std::nullopt;
  }
}

void print_rejections(const std::vector<pledges::Rejection>& rejected) {
  const std::size_t shown = std::min(rejected.size(), max_rejections_shown);
  for (std::size_t i = 0; i < shown; ++i) std::cerr << pledges::to_string(rejected[i]) << "\n";
  if (rejected.size() > shown) std::cerr << fmt::format("... and {} more\n", rejected.size() - shown);
}

int import_pledges(const host::Config& config, const std::string& file) {
  const auto store = host::open_registry(config);
  const pledges::ImportSummary summary = store->import_file(file, host::registry_rules(config));
  if (!summary.committed()) {
    print_rejections(summary.rejected);
    std::cerr << fmt::format("p2c: {} problem(s) in {}; nothing was imported into {}\n", summary.rejected.size(), file,
                             store->path().string());
    return exit_problems;
  }
  std::cout << fmt::format(
      "imported {} into {}\n"
      "pledges: {} added, {} updated, {} unchanged\n"
      "progress reports: {} added, {} updated\n"
      "registry: {} pledges\n",
      file, store->path().string(), summary.pledges_added, summary.pledges_updated, summary.pledges_unchanged,
      summary.reports_added, summary.reports_updated, store->size());
  return exit_ok;
}

int export_pledges(const host::Config& config, const PledgesArgs& args) {
  std::string format = args.format;
  if (format.empty()) {
    const std::string extension = std::filesystem::path(args.file).extension().string();
    format = extension == ".json" ? "json" : extension == ".csv" ? "csv" : "";
  }
  if (format != "csv" && format != "json") {
    std::cerr << fmt::format(
        "p2c: cannot tell the export format of '{}'; name a .csv or .json file or give "
        "--format csv|json\n",
        args.file);
    return exit_usage;
  }
  const auto store = host::open_registry(config);
  const auto all = store->pledges();
  if (format == "csv") {
    pledges::export_csv(all, args.file);
    std::cout << fmt::format("exported {} pledges to {} and {}\n", all.size(), args.file,
                             pledges::reports_file_of(args.file).string());
  } else {
    pledges::export_json(all, args.file);
    std::cout << fmt::format("exported {} pledges to {}\n", all.size(), args.file);
  }
  return exit_ok;
}

std::string usd(const std::optional<double>& value) { return value ? fmt::format("{:.0f}", *value) : "-"; }

int list_pledges(const host::Config& config, const std::string& entity) {
  const auto store = host::open_registry(config);
  std::size_t count = 0;
  for (const auto& p : store->pledges()) {
    if (!entity.empty() && p.entity != entity) continue;
    if (count++ == 0)
      std::cout << fmt::format("{:<16} {:<40} {:<26} {:<12} {:>15} {:<11} {}\n", "id", "entity", "sector", "type",
                               "value_usd", "status", "reports");
    // Through printable(): registry text is input, and a control character in it must not act on the terminal.
    std::cout << fmt::format("{:<16} {:<40} {:<26} {:<12} {:>15} {:<11} {}\n", printable(p.id), printable(p.entity),
                             printable(p.sector), printable(p.pledge_type), usd(p.value_usd), printable(p.status),
                             p.reports.size());
  }
  std::cout << fmt::format("{} pledge(s){}\n", count, entity.empty() ? "" : fmt::format(" of '{}'", entity));
  return exit_ok;
}

int show_pledge(const host::Config& config, const std::string& id) {
  const auto store = host::open_registry(config);
  const auto pledge = store->find(id);
  if (!pledge) {
    std::cerr << fmt::format("p2c: there is no pledge '{}' in {}; `p2c pledges list` shows the ids\n", printable(id),
                             store->path().string());
    return exit_problems;
  }
  std::cout << pledges::to_json(*pledge) << "\n";
  return exit_ok;
}

}  // namespace

int pledges_command(const std::vector<std::string>& args) {
  const std::string usage = std::string("usage: ") + usage_lines + "\n";
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << usage;
    return args.empty() ? exit_usage : exit_ok;
  }
  const std::string action = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  PledgesArgs parsed;
  po::options_description description("p2c pledges " + action + " options");
  description.add_options()("config,c", po::value(&parsed.config)->default_value(parsed.config),
                            "the TOML config file with a [pledges] section");
  po::positional_options_description positional;
  if (action == "import") {
    description.add_options()("file", po::value(&parsed.file)->required(), "the CSV or JSON pledge file");
    positional.add("file", 1);
  } else if (action == "export") {
    description.add_options()                                                                   //
        ("output,o", po::value(&parsed.file)->required(), "the file to write (.csv or .json)")  //
        ("format", po::value(&parsed.format), "csv or json; by default from the extension");
  } else if (action == "list") {
    description.add_options()("entity", po::value(&parsed.entity), "only the pledges of this entity (exact name)");
  } else if (action == "show") {
    description.add_options()("id", po::value(&parsed.id)->required(), "the pledge id");
    positional.add("id", 1);
  } else {
    std::cerr << "p2c: unknown pledges command '" << action << "'\n" << usage;
    return exit_usage;
  }
  add_common_options(description, parsed.common);
  int code = exit_ok;
  if (!parse_args(rest, description, positional, parsed.common, code, "p2c pledges " + action + " ...")) return code;
  const auto config = read_config(parsed.config);
  if (!config) return exit_usage;
  try {
    if (action == "import") return import_pledges(*config, parsed.file);
    if (action == "export") return export_pledges(*config, parsed);
    if (action == "list") return list_pledges(*config, parsed.entity);
    return show_pledge(*config, parsed.id);
  } catch (const host::ConfigError& e) {
    for (const auto& problem : e.problems()) std::cerr << "p2c: " << problem << "\n";
    return exit_usage;
  } catch (const std::exception& e) {
    std::cerr << "p2c: " << e.what() << "\n";
    return exit_problems;
  }
}

}  // namespace p2c::cli
