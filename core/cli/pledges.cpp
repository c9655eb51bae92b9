// `p2c pledges`: import, export, list, show and review the records of the P2C pledge registry ([pledges]), their
// revisions, and the pledges whose progress reports are due.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "closest_name.h"
#include "commands.h"
#include "common.h"
#include "p2c/atomic_file.h"
#include "p2c/csv.h"
#include "p2c/json.h"
#include "p2c/text.h"
#include "pledge_registry.h"
#include "pledges/reporting_status.h"

namespace p2c::cli {
namespace {

constexpr const char* usage_lines =
    "p2c pledges import FILE [--effective DATE] [--reason TEXT] [--actor NAME] [--config F]\n"
    "       p2c pledges export --output FILE [--format csv|json] [--config F]\n"
    "       p2c pledges list [--entity NAME] [--config F]\n"
    "       p2c pledges show ID [--config F]\n"
    "       p2c pledges history ID [--config F]\n"
    "       p2c pledges review ID --to submitted|returned|published|draft [--comment TEXT] [--actor NAME] "
    "[--config F]\n"
    "       p2c pledges due [--as-of DATE] [--state on_time|due|overdue|inactive|closed] [--entity NAME] "
    "[--format table|csv|json] [--config F]";

constexpr std::size_t max_rejections_shown = 50;

struct PledgesArgs {
  CommonOptions common;
  std::string config;
  std::string file;       // import FILE, export --output FILE
  std::string format;     // export: csv or json; empty: from the extension
  std::string entity;     // list and due filter
  std::string id;         // show, history, review ID
  std::string effective;  // import: the revision's effective date
  std::string reason;     // import: why; review: the comment
  std::string actor;      // import, review: who; default import:FILE, cli
  std::string to;         // review: the new state
  std::string as_of;      // due: the date; default today
  std::string state;      // due filter
};

// Config errors are the operator's to fix, like a bad command line: exit 2 with every problem listed.
std::optional<host::Config> read_config(const std::string& given) {
  auto config = load_config_or_explain(given);
  if (config && !config->pledges) {
    std::cerr << fmt::format("p2c: {} has no [pledges] section; add one to use the pledge registry (docs/pledges.md)\n",
                             config->path.string());
    return std::nullopt;
  }
  return config;
}

void print_rejections(const std::vector<pledges::Rejection>& rejected) {
  const std::size_t shown = std::min(rejected.size(), max_rejections_shown);
  for (std::size_t i = 0; i < shown; ++i) std::cerr << pledges::to_string(rejected[i]) << "\n";
  if (rejected.size() > shown) std::cerr << fmt::format("... and {} more\n", rejected.size() - shown);
}

int import_pledges(const host::Config& config, const PledgesArgs& args) {
  const std::string& file = args.file;
  // The plugins' catalogue: a target may name a metric of the configured indicators.
  const host::Registry plugins = load_registry(args.common, &config);
  const auto store = host::open_registry(config, &plugins);
  const pledges::ImportSummary summary = store->import_file(
      file, host::registry_rules(config, &plugins), pledges::ChangeContext{args.actor, args.reason, args.effective});
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
      std::cout << fmt::format("{:<16} {:<40} {:<26} {:<12} {:>15} {:<11} {:<10} {}\n", "id", "entity", "sector",
                               "type", "value_usd", "status", "review", "reports");
    // Through printable(): registry text is input, and a control character in it must not act on the terminal.
    std::cout << fmt::format("{:<16} {:<40} {:<26} {:<12} {:>15} {:<11} {:<10} {}\n", printable(p.id),
                             printable(p.entity), printable(p.sector), printable(p.pledge_type), usd(p.value_usd),
                             printable(p.status), printable(p.review_state), p.reports.size());
  }
  std::cout << fmt::format("{} pledge(s){}\n", count, entity.empty() ? "" : fmt::format(" of '{}'", entity));
  return exit_ok;
}

// A revision's old or new value on one line: numbers as the exports write them (2000000, not 2000000.0).
std::string shown_value(const nlohmann::json& value) {
  if (value.is_number_float()) return fmt::format("{}", value.get<double>());
  return printable(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), 200);
}

int history(const host::Config& config, const std::string& id) {
  const auto store = host::open_registry(config);
  const auto revisions = store->revisions(id);
  if (revisions.empty()) {
    std::cerr << fmt::format("p2c: there is no pledge '{}' in {}; `p2c pledges list` shows the ids\n", printable(id),
                             store->path().string());
    return exit_problems;
  }
  for (const auto& revision : revisions) {
    std::cout << fmt::format("revision {}  recorded {}  in force from {}  by {}\n", revision.number,
                             revision.recorded_at, revision.effective_on, printable(revision.actor));
    if (!revision.reason.empty()) std::cout << fmt::format("  reason: {}\n", printable(revision.reason, 400));
    const nlohmann::json changes = parse_json(revision.changes);
    if (changes.empty()) std::cout << "  created\n";
    for (const auto& change : changes)
      std::cout << fmt::format("  {}: {} -> {}\n", printable(change.at("field").get<std::string>()),
                               shown_value(change.at("old")), shown_value(change.at("new")));
  }
  return exit_ok;
}

int review(const host::Config& config, const PledgesArgs& args) {
  const auto store = host::open_registry(config);
  try {
    store->review(args.id, args.to, pledges::ChangeContext{args.actor, args.reason, ""});
  } catch (const pledges::ReviewError& e) {
    std::cerr << "p2c: " << e.what() << "\n";
    return exit_problems;
  }
  std::cout << fmt::format("pledge {} is now {}\n", printable(args.id), args.to);
  return exit_ok;
}

int due(const host::Config& config, const PledgesArgs& args) {
  Date as_of = today_utc();
  if (!args.as_of.empty()) {
    const auto date = parse_date(args.as_of);
    if (!date) {
      std::cerr << fmt::format("p2c: --as-of must be a date YYYY-MM-DD naming a real day; found '{}'\n",
                               printable(args.as_of));
      return exit_usage;
    }
    as_of = *date;
  }
  if (!args.state.empty() && !pledges::reporting_state_named(args.state)) {
    std::cerr << fmt::format("p2c: --state must be on_time, due, overdue, inactive or closed; found '{}'\n",
                             printable(args.state));
    return exit_usage;
  }
  const std::string format = args.format.empty() ? "table" : args.format;
  if (format != "table" && format != "csv" && format != "json") {
    std::cerr << fmt::format("p2c: --format must be table, csv or json; found '{}'\n", printable(format));
    return exit_usage;
  }
  const auto store = host::open_registry(config);
  const pledges::CalendarSettings calendar = host::registry_calendar(config);
  struct Row {
    const pledges::Pledge* pledge;
    pledges::ReportingStatus status;
  };
  const auto all = store->pledges();
  std::vector<Row> rows;
  for (const auto& pledge : all) {
    if (!args.entity.empty() && pledge.entity != args.entity) continue;
    const auto status = pledges::reporting_status(pledge, as_of, calendar);
    if (!status || (!args.state.empty() && pledges::name(status->state) != args.state)) continue;
    rows.push_back(Row{&pledge, *status});
  }
  const auto last = [](const Row& row) { return row.status.last_report ? to_string(*row.status.last_report) : ""; };
  if (format == "json") {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const Row& row : rows)
      out.push_back({{"id", row.pledge->id},
                     {"entity", row.pledge->entity},
                     {"sector", row.pledge->sector},
                     {"reporting_state", pledges::name(row.status.state)},
                     {"status", row.status.status},
                     {"last_report", row.status.last_report ? nlohmann::ordered_json(last(row)) : nullptr},
                     {"expected", to_string(row.status.expected)},
                     {"period_months", row.status.period_months}});
    std::cout << nlohmann::ordered_json{{"as_of", to_string(as_of)}, {"pledges", out}}.dump(
                     2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
              << "\n";
    return exit_ok;
  }
  if (format == "csv") {
    std::cout << "id,entity,sector,reporting_state,status,last_report,expected,period_months\n";
    for (const Row& row : rows)
      std::cout << fmt::format("{},{},{},{},{},{},{},{}\n", csv_quote_text(row.pledge->id),
                               csv_quote_text(row.pledge->entity), row.pledge->sector, pledges::name(row.status.state),
                               row.status.status, last(row), to_string(row.status.expected), row.status.period_months);
    return exit_ok;
  }
  std::cout << fmt::format("{:<16} {:<40} {:<10} {:<11} {:<11} {:<10}\n", "id", "entity", "state", "status",
                           "last report", "expected");
  for (const Row& row : rows)
    std::cout << fmt::format("{:<16} {:<40} {:<10} {:<11} {:<11} {:<10}\n", printable(row.pledge->id),
                             printable(row.pledge->entity, 40), pledges::name(row.status.state), row.status.status,
                             last(row).empty() ? "-" : last(row), to_string(row.status.expected));
  std::cout << fmt::format("{} pledge(s) as of {}\n", rows.size(), to_string(as_of));
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

struct Subcommand {
  const char* name;
  const char* what;
  const char* example;
};

constexpr Subcommand subcommands[] = {
    {"import", "add or update pledges and progress reports from a CSV or JSON file (creates the registry)",
     "p2c pledges import pledges-2025.csv --reason \"2025 call\" --effective 2025-07-01"},
    {"export", "write every pledge to a CSV or JSON file", "p2c pledges export --output pledges.json"},
    {"list", "list the pledges, or those of one entity", "p2c pledges list --entity \"Ministry of ICT, Kenya\""},
    {"show", "print one pledge as JSON", "p2c pledges show P2C-2022-0001"},
    {"history", "list the revisions of one pledge", "p2c pledges history P2C-2022-0001"},
    {"review", "move a pledge to another review state",
     "p2c pledges review P2C-2025-0042 --to returned --comment \"Targets need a baseline\""},
    {"due", "the reporting state of each pledge: on time, due, overdue", "p2c pledges due --state overdue"},
};

int pledges_command(const std::vector<std::string>& args) {
  const std::string usage = std::string("usage: ") + usage_lines + "\n";
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << usage << "\ncommands:\n";
    for (const Subcommand& sub : subcommands) std::cout << fmt::format("  {:<9} {}\n", sub.name, sub.what);
    std::cout << "\np2c pledges COMMAND --help shows the options of a command.\n"
                 "example:\n  p2c pledges import pledges.csv --reason \"2025 call\" --config /etc/p2c/p2c.toml\n";
    return args.empty() ? exit_usage : exit_ok;
  }
  const std::string action = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  PledgesArgs parsed;
  po::options_description description("p2c pledges " + action + " options");
  add_config_option(description, parsed.config, "the TOML config file with a [pledges] section");
  po::positional_options_description positional;
  if (action == "import") {
    description.add_options()                                                                                   //
        ("file", po::value(&parsed.file)->required(), "the CSV or JSON pledge file")                            //
        ("effective", po::value(&parsed.effective), "YYYY-MM-DD the changes are in force from; default today")  //
        ("reason", po::value(&parsed.reason), "why the pledges change, recorded with each revision")            //
        ("actor", po::value(&parsed.actor), "who makes the change; default import:FILE");
    positional.add("file", 1);
  } else if (action == "export") {
    description.add_options()                                                                   //
        ("output,o", po::value(&parsed.file)->required(), "the file to write (.csv or .json)")  //
        ("format", po::value(&parsed.format), "csv or json; by default from the extension");
  } else if (action == "list") {
    description.add_options()("entity", po::value(&parsed.entity), "only the pledges of this entity (exact name)");
  } else if (action == "show" || action == "history") {
    description.add_options()("id", po::value(&parsed.id)->required(), "the pledge id");
    positional.add("id", 1);
  } else if (action == "review") {
    description.add_options()                                                                                       //
        ("id", po::value(&parsed.id)->required(), "the pledge id")                                                  //
        ("to", po::value(&parsed.to)->required(), "the new review state: submitted, returned, published or draft")  //
        ("comment", po::value(&parsed.reason), "why; required to return a pledge")                                  //
        ("actor", po::value(&parsed.actor), "who reviews; default cli");
    positional.add("id", 1);
  } else if (action == "due") {
    description.add_options()                                                                           //
        ("as-of", po::value(&parsed.as_of), "the date YYYY-MM-DD to evaluate at; default today (UTC)")  //
        ("state", po::value(&parsed.state), "only pledges in this reporting state")                     //
        ("entity", po::value(&parsed.entity), "only the pledges of this entity (exact name)")           //
        ("format", po::value(&parsed.format), "table (default), csv or json");
  } else {
    std::vector<std::string> names;
    for (const Subcommand& sub : subcommands) names.emplace_back(sub.name);
    const std::string best = host::closest_name(action, names);
    std::cerr << "p2c: unknown pledges command '" << printable(action) << "'"
              << (best.empty() ? "" : "; did you mean '" + best + "'?") << "\n"
              << usage;
    return exit_usage;
  }
  add_common_options(description, parsed.common);
  int code = exit_ok;
  std::string line = usage_lines;  // this subcommand's line of the list
  if (const auto at = line.find("p2c pledges " + action + " "); at != std::string::npos)
    line = line.substr(at, line.find('\n', at) - at);
  const auto sub = std::find_if(std::begin(subcommands), std::end(subcommands),
                                [&](const Subcommand& s) { return action == s.name; });
  if (!parse_args(rest, description, positional, parsed.common, code, {line, sub->example})) return code;
  const auto config = read_config(parsed.config);
  if (!config) return exit_usage;
  if (action != "import" && !existing_registry(*config)) return exit_usage;
  try {
    if (action == "import") return import_pledges(*config, parsed);
    if (action == "export") return export_pledges(*config, parsed);
    if (action == "list") return list_pledges(*config, parsed.entity);
    if (action == "history") return history(*config, parsed.id);
    if (action == "review") return review(*config, parsed);
    if (action == "due") return due(*config, parsed);
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
