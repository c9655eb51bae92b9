// `p2c run` and `p2c check`.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "commands.h"
#include "common.h"
#include "engine.h"
#include "history.h"
#include "languages.h"
#include "logging.h"
#include "p2c/text.h"
#include "pledge_registry.h"

namespace p2c::cli {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

struct RunArgs {
  CommonOptions common;
  std::string config;
  bool strict = false;
  int threads = -1;
  std::string lang;  ///< check only: the language whose missing translations to list
};

bool parse_run_args(const std::vector<std::string>& args, const std::string& command, RunArgs& out, int& code) {
  po::options_description description("p2c " + command + " options");
  add_config_option(description, out.config, "the TOML config file");
  description.add_options()                                                    //
      ("strict", po::bool_switch(&out.strict),                                 //
       "exit non-zero on any failure or rejected row (overrides run.strict)")  //
      ("threads", po::value(&out.threads), "worker threads, 0 = one per core (overrides run.threads)");
  if (command == "check")
    description.add_options()("lang", po::value(&out.lang),
                              "also list what the catalogue of this language (ar, en, es, fr, ru, zh, or one of "
                              "[languages] dir) lacks for the "
                              "config: it is shown in English");
  add_common_options(description, out.common);
  po::positional_options_description positional;
  const Usage usage =
      command == "check"
          ? Usage{"p2c check [--config FILE] [--lang CODE]", "p2c check --config /etc/p2c/p2c.toml --lang fr"}
          : Usage{"p2c run [--config FILE] [--strict] [--threads N]", "p2c run --config config/p2c.toml --strict"};
  return parse_args(args, description, positional, out.common, code, usage);
}

std::optional<host::Config> read_config(const RunArgs& args) {
  auto config = load_config_or_explain(args.config, "nothing was computed");
  if (!config) return std::nullopt;
  if (args.strict) config->strict = true;
  if (args.threads >= 0) config->threads = static_cast<unsigned>(args.threads);
  return config;
}

std::string plugin_names(const host::Registry& registry) {
  std::set<std::string> names;
  for (const auto& plugin : registry.plugins()) names.insert(plugin.name());
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

// Failures and rejected rows quote what plugins and data files said: printed like log lines (printable,
// bounded), since stdout is a terminal too.
constexpr std::size_t rejection_limit = 2000;

void print_failures(const std::vector<Failure>& failures) {
  for (const auto& failure : failures) std::cout << "  - " << printable(failure.message, host::message_limit) << "\n";
}

void print_summary(const host::Registry& registry, const host::RunOutcome& outcome, double setup, double total) {
  const auto& report = outcome.report;
  std::cout << fmt::format("run {}\n", report.run_id);
  std::cout << fmt::format("plugins loaded: {} ({})\n", registry.plugins().size(), plugin_names(registry));
  if (!outcome.series.empty()) std::cout << "series read:\n";
  for (const auto& s : outcome.series) {
    std::cout << fmt::format("  {:<32} from {:<20} {:>8} rows, {} rejected{}", s.id, s.source, s.rows, s.rejected,
                             s.failed ? " (FAILED)" : "");
    if (s.not_economies > 0)
      std::cout << fmt::format(", {} rows of non-economies dropped ({}{})", s.not_economies,
                               fmt::join(s.not_economy_codes, ", "),
                               s.not_economy_codes.size() >= host::kept_per_series ? ", ..." : "");
    std::cout << "\n";
  }
  std::size_t values = 0;
  std::set<std::uint32_t> metrics_with_values;
  for (const auto& record : report.records)
    if (record.value) ++values, metrics_with_values.insert(record.metric);
  std::cout << fmt::format("metrics computed: {} of {} ({} values, {} without value)\n", metrics_with_values.size(),
                           report.catalogue.size(), values, report.records.size() - values);
  if (!outcome.estimates.empty()) {
    std::size_t estimates = 0;
    std::string by_metric;
    for (const auto& [metric, count] : outcome.estimates) {
      estimates += count;
      by_metric += fmt::format("{}{} {}", by_metric.empty() ? "" : ", ", metric, count);
    }
    std::cout << fmt::format("estimates for missing economy-years: {} ({})\n", estimates, by_metric);
  }
  if (outcome.group_records > 0)
    std::cout << fmt::format("group values: {} ({} withheld: too little observed)\n", outcome.group_records,
                             outcome.withheld);
  std::map<Status, std::size_t> statuses;
  for (const auto& record : report.records)
    if (record.status != Status::none && report.catalogue[record.metric].info.target) ++statuses[record.status];
  if (!statuses.empty()) {
    std::cout << fmt::format("progress toward targets (latest values, assessed at {}):", outcome.reference_year);
    for (const auto& [status, count] : statuses) std::cout << fmt::format(" {} {};", to_string(status), count);
    std::cout << "\n";
  }
  std::string written;
  for (const auto& sink : outcome.sinks_written) written += (written.empty() ? "" : ", ") + sink;
  std::cout << "outputs written by: " << (written.empty() ? "none" : written) << "\n";
  if (outcome.rejected_rows > 0) {
    std::cout << fmt::format("rejected rows: {} (first ones below)\n", outcome.rejected_rows);
    for (const auto& line : outcome.rejections) std::cout << "  - " << printable(line, rejection_limit) << "\n";
  }
  const std::size_t failure_count = report.failures.size() + outcome.sink_failures.size();
  std::cout << fmt::format("failures: {}\n", failure_count);
  print_failures(report.failures);
  print_failures(outcome.sink_failures);
  std::cout << fmt::format("time: {:.3f} s (setup and plugin loading {:.3f} s, run {:.3f} s)\n", total, setup,
                           report.duration_seconds);
}

// The pledge registry is opened (created and bootstrapped on first use) before any plugin is set up, so a
// source reading its tables finds them on a fresh clone. Nothing: the registry is not configured.
// Throws RegistryFailed after printing why it cannot be opened.
struct RegistryFailed {};

std::optional<std::size_t> open_pledge_registry(const host::Config& config, const host::Registry& plugins) {
  if (!config.pledges) return std::nullopt;
  try {
    return host::open_registry(config, &plugins)->size();
  } catch (const host::ConfigError& e) {
    for (const auto& problem : e.problems()) spdlog::critical("{}", problem);
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
  }
  std::cerr << "p2c: the pledge registry cannot be opened (see above); nothing was computed\n";
  throw RegistryFailed{};
}

}  // namespace

int run_command(const std::vector<std::string>& args) {
  const auto started = Clock::now();
  RunArgs parsed;
  int code = exit_ok;
  if (!parse_run_args(args, "run", parsed, code)) return code;
  const auto config = read_config(parsed);
  if (!config) return exit_usage;
  const host::Registry registry = load_registry(parsed.common, &*config);
  try {
    open_pledge_registry(*config, registry);
  } catch (const RegistryFailed&) {
    return exit_usage;
  }
  host::Engine engine(*config, registry);
  engine.prepare();
  const double setup = seconds_since(started);
  const host::RunOutcome outcome = engine.run();
  // Run history: stored after the sinks wrote, so a failure here never loses an output.
  std::string history_line;
  bool history_failed = false;
  if (!config->history.empty()) {
    try {
      host::History(config->history).record(outcome.report, *config, host::plugin_versions(registry, *config));
      history_line = fmt::format("history: run {} stored in {}\n", outcome.report.run_id, config->history.string());
    } catch (const std::exception& e) {
      history_failed = true;
      spdlog::error("run history {}: the run was not stored: {}", config->history.string(), e.what());
      history_line = fmt::format("history: run NOT stored in {}: {}\n", config->history.string(), e.what());
    }
  }
  print_summary(registry, outcome, setup, seconds_since(started));
  std::cout << history_line;
  if (config->strict && (outcome.has_problems() || history_failed)) {
    std::cerr << "p2c: --strict: the run had problems (see above); exiting with status 1\n";
    return exit_problems;
  }
  return exit_ok;
}

int check_command(const std::vector<std::string>& args) {
  RunArgs parsed;
  int code = exit_ok;
  if (!parse_run_args(args, "check", parsed, code)) return code;
  const auto config = read_config(parsed);
  if (!config) return exit_usage;
  const host::Registry registry = load_registry(parsed.common, &*config);
  // Checking creates nothing: a registry that does not exist yet is said so, and left for run or serve to create.
  std::optional<std::size_t> pledges;
  const bool registry_exists = config->pledges && std::filesystem::exists(config->pledges->database);
  try {
    if (registry_exists) pledges = open_pledge_registry(*config, registry);
  } catch (const RegistryFailed&) {
    return exit_usage;
  }
  host::Engine engine(*config, registry);
  engine.prepare();
  std::cout << fmt::format("state: {}\n", config->state_dir.string());
  if (pledges)
    std::cout << fmt::format("pledge registry: {} ({} pledges)\n", config->pledges->database.string(), *pledges);
  else if (config->pledges)
    std::cout << fmt::format("pledge registry: {} (not created yet: `p2c run` or `p2c serve` creates it)\n",
                             config->pledges->database.string());
  std::cout << fmt::format("plugins loaded: {} ({})\n", registry.plugins().size(), plugin_names(registry));
  std::cout << fmt::format("instances set up: {} of {}\n", engine.instance_count(), config->instances.size());
  std::cout << fmt::format("metrics declared: {}\n", engine.catalogue().size());
  std::cout << fmt::format("problems: {}\n", engine.failures().size());
  print_failures(engine.failures());
  const auto catalogues = catalogues_or_explain(*config);
  if (!catalogues) return exit_usage;
  if (!config->languages_dir.empty())
    std::cout << fmt::format("languages: {} (bundled, and {})\n", catalogues->codes(), config->languages_dir.string());
  if (!parsed.lang.empty() &&
      !print_missing_translations(std::cout, *catalogues, parsed.lang, *config, engine.catalogue()))
    return exit_usage;
  if (!engine.failures().empty()) return exit_problems;
  std::cout << "config OK\n";
  return exit_ok;
}

}  // namespace p2c::cli
