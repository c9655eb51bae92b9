// `p2c run` and `p2c check`.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "closest_name.h"
#include "commands.h"
#include "common.h"
#include "engine.h"
#include "history.h"
#include "languages.h"
#include "logging.h"
#include "p2c/text.h"
#include "pledge_registry.h"
#include "run_summary.h"

namespace p2c::cli {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

struct RunArgs {
  CommonOptions common;
  std::string config;
  bool strict = false;
  int threads = -1;
  std::string isolation;         ///< none or process; empty: as the config says
  std::string lang;              ///< check only: the language whose missing translations to list
  std::string summary = "text";  ///< run only: text or json
  bool dry_run = false;          ///< run only: compute and print, write nothing
  std::string only;              ///< run only: instance names, comma-separated
};

bool parse_run_args(const std::vector<std::string>& args, const std::string& command, RunArgs& out, int& code) {
  po::options_description description("p2c " + command + " options");
  add_config_option(description, out.config, "the TOML config file");
  description.add_options()                                                                             //
      ("strict", po::bool_switch(&out.strict),                                                          //
       "exit non-zero on any failure or rejected row (overrides run.strict)")                           //
      ("threads", po::value(&out.threads), "worker threads, 0 = one per core (overrides run.threads)")  //
      ("isolation", po::value(&out.isolation),
       "none or process: where instances that set no `isolation` run (overrides run.isolation)");
  if (command == "run")
    description.add_options()                                                           //
        ("summary", po::value(&out.summary)->default_value("text"),                     //
         "text, or json: the summary as one JSON object on stdout (docs/cli.md)")       //
        ("dry-run", po::bool_switch(&out.dry_run),                                      //
         "compute and print the summary; write no output, no history and no registry")  //
        ("only", po::value(&out.only),
         "NAME[,NAME]: run these instances and what they need; only named sinks write, and the run is not stored "
         "in the history");
  if (command == "check")
    description.add_options()("lang", po::value(&out.lang),
                              "also list what the catalogue of this language (ar, en, es, fr, ru, zh, or one of "
                              "[languages] dir) lacks for the "
                              "config: it is shown in English");
  add_common_options(description, out.common);
  po::positional_options_description positional;
  const Usage usage = command == "check" ? Usage{"p2c check [--config FILE] [--lang CODE]",
                                                 "p2c check --config /etc/p2c/p2c.toml --lang fr"}
                                         : Usage{
                                               "p2c run [--config FILE] [--strict] [--threads N] [--isolation MODE] "
                                               "[--dry-run] [--only NAME,...] [--summary json]",
                                               "p2c run --config config/p2c.toml --only idi,json --summary json"};
  return parse_args(args, description, positional, out.common, code, usage);
}

// "idi, json" -> {"idi", "json"}.
std::vector<std::string> split_names(const std::string& list) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t end = std::min(list.find(',', start), list.size());
    std::string name = list.substr(start, end - start);
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    if (!name.empty()) names.push_back(std::move(name));
    start = end + 1;
  }
  return names;
}

// --only named no instance: says which, with the closest name, and the instances there are.
bool known_instances(const std::vector<std::string>& unknown, const host::Config& config) {
  if (unknown.empty()) return true;
  std::vector<std::string> names;
  for (const auto& instance : config.instances) names.push_back(instance.name);
  for (const auto& name : unknown) {
    const std::string best = host::closest_name(name, names);
    std::cerr << fmt::format("p2c: --only: no instance named '{}' in {}{}\n", printable(name), config.path.string(),
                             best.empty() ? "" : "; did you mean '" + best + "'?");
  }
  std::cerr << fmt::format("p2c: the instances are: {}\n", fmt::join(names, ", "));
  return false;
}

std::optional<host::Config> read_config(const RunArgs& args) {
  auto config = load_config_or_explain(args.config, "nothing was computed");
  if (!config) return std::nullopt;
  if (args.strict) config->strict = true;
  if (args.threads >= 0) config->threads = static_cast<unsigned>(args.threads);
  if (!args.isolation.empty()) {
    config->isolation = host::isolation_mode(args.isolation);
    if (!config->isolation) {
      std::cerr << fmt::format("p2c: --isolation must be none or process, found '{}'\n", printable(args.isolation));
      return std::nullopt;
    }
  }
  return config;
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
  if (parsed.summary != "text" && parsed.summary != "json") {
    std::cerr << fmt::format("p2c: --summary '{}': use text or json\n", parsed.summary);
    return exit_usage;
  }
  const auto config = read_config(parsed);
  if (!config) return exit_usage;
  const host::Registry registry = load_registry(parsed.common, &*config);
  // A dry run creates no registry either: the pledge source reads one that exists, or fails saying so.
  try {
    if (!parsed.dry_run) open_pledge_registry(*config, registry);
  } catch (const RegistryFailed&) {
    return exit_usage;
  }
  host::Engine engine(*config, registry);
  engine.prepare();
  const std::vector<std::string> only = split_names(parsed.only);
  if (!only.empty() && !known_instances(engine.restrict_to(only), *config)) return exit_usage;
  const double setup = seconds_since(started);
  std::string history_skipped;
  if (parsed.dry_run)
    history_skipped = "--dry-run writes nothing";
  else if (!only.empty())
    history_skipped = "--only runs part of the config";
  // Run history: stored while the sinks write, from the finished report, which it only reads; a failure here never
  // loses an output, nor a failing sink the history.
  bool history_stored = false;
  std::string history_error;
  double history_seconds = 0;
  host::Engine::BesideSinks store_history;
  if (!config->history.empty() && history_skipped.empty())
    store_history = [&](const RunReport& report) {
      const auto storing = Clock::now();
      try {
        host::History(config->history).record(report, *config, host::plugin_versions(registry, *config));
        history_stored = true;
      } catch (const std::exception& e) {
        spdlog::error("run history {}: the run was not stored: {}", config->history.string(), e.what());
        history_error = e.what();
      }
      history_seconds = seconds_since(storing);
    };
  const host::RunOutcome outcome = engine.run(!parsed.dry_run, store_history);
  RunSummary summary{registry, *config, outcome, engine.catalogue().size(), setup, 0, 0, false, {}, {}};
  summary.history_seconds = history_seconds;
  summary.history_stored = history_stored;
  summary.history_error = history_error;
  summary.history_skipped = history_skipped;
  summary.total_seconds = seconds_since(started);
  if (parsed.summary == "json")
    print_json_summary(std::cout, summary);
  else
    print_text_summary(std::cout, summary);
  if (config->strict && (outcome.has_problems() || !summary.history_error.empty())) {
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
  print_failures(std::cout, engine.failures());
  // The catalogues only when there is something to check in them: the bundled ones alone are checked by the tests,
  // and reading them would double the time of a plain `check`.
  if (!config->languages_dir.empty() || !parsed.lang.empty()) {
    const auto catalogues = catalogues_or_explain(*config);
    if (!catalogues) return exit_usage;
    if (!config->languages_dir.empty())
      std::cout << fmt::format("languages: {} (bundled, and {})\n", catalogues->codes(),
                               config->languages_dir.string());
    if (!parsed.lang.empty() &&
        !print_missing_translations(std::cout, *catalogues, parsed.lang, *config, engine.catalogue()))
      return exit_usage;
  }
  if (!engine.failures().empty()) return exit_problems;
  std::cout << "config OK\n";
  return exit_ok;
}

}  // namespace p2c::cli
