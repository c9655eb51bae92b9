// `p2c history`: the runs stored in a config's run history, what changed between two of them, and pruning
// (`p2c history prune`).
#include "history.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <iostream>
#include <limits>

#include "commands.h"
#include "common.h"

namespace p2c::cli {
namespace {

struct HistoryArgs {
  CommonOptions common;
  std::string config;
  std::vector<std::string> compare;
  int limit = 50;
};

std::string number(const std::optional<double>& value) { return value ? fmt::format("{}", *value) : "none"; }

std::string or_none(const std::string& text) { return text.empty() ? "none" : text; }

std::string plugin_changes(const host::PluginVersions& a, const host::PluginVersions& b) {
  std::string out;
  const auto add = [&out](const std::string& text) { out += (out.empty() ? "" : ", ") + text; };
  for (const auto& [name, version] : a) {
    const auto other = b.find(name);
    if (other == b.end())
      add(fmt::format("-{} {}", name, version));
    else if (other->second != version)
      add(fmt::format("{} {} -> {}", name, version, other->second));
  }
  for (const auto& [name, version] : b)
    if (!a.contains(name)) add(fmt::format("+{} {}", name, version));
  return out.empty() ? "same" : out;
}

std::string row(const char* kind, const host::ResultKey& key, const std::string& detail) {
  return fmt::format("  {:<8} {:<36} {:<6} {:>4}  {}\n", kind, key.metric, key.entity, key.year, detail);
}

void print_runs(const host::History& history) {
  const auto runs = history.runs();
  std::cout << fmt::format("run history {}: {} run(s), newest first\n", history.path().string(), runs.size());
  if (runs.empty()) return;
  std::cout << fmt::format("  {:<22} {:<21} {:>10} {:>9} {:>9}  {}\n", "id", "started", "duration", "records",
                           "failures", "config hash");
  for (const auto& run : runs)
    std::cout << fmt::format("  {:<22} {:<21} {:>8.3f} s {:>9} {:>9}  {}\n", run.id, run.started_at,
                             run.duration_seconds, run.records, run.failures, run.config_hash);
}

void print_comparison(const host::Comparison& c, std::size_t limit) {
  std::cout << fmt::format("compare a: {} ({})\n        b: {} ({})\n", c.a.id, c.a.started_at, c.b.id, c.b.started_at);
  std::cout << "config: "
            << (c.a.config_hash == c.b.config_hash
                    ? fmt::format("same ({})", c.a.config_hash)
                    : fmt::format("changed ({} -> {})", c.a.config_hash, c.b.config_hash))
            << "\n";
  std::cout << "plugins: " << plugin_changes(c.a.plugins, c.b.plugins) << "\n";
  std::cout << fmt::format("values changed: {}\n", c.changed.size());
  std::cout << fmt::format("status changes: {}\n", c.status_changed.size());
  std::cout << fmt::format("only in a: {}\n", c.only_in_a.size());
  std::cout << fmt::format("only in b: {}\n", c.only_in_b.size());
  std::cout << fmt::format("unchanged: {}\n", c.unchanged);

  std::vector<std::string> rows;
  for (const auto& change : c.changed)
    rows.push_back(row("changed", change.key,
                       fmt::format("{} -> {}{}", number(change.before), number(change.after),
                                   change.difference ? fmt::format(" ({:+.6g})", *change.difference) : "")));
  for (const auto& change : c.status_changed)
    rows.push_back(row("status", change.key, fmt::format("{} -> {}", or_none(change.before), or_none(change.after))));
  for (const auto& result : c.only_in_a) rows.push_back(row("only a", result.key, number(result.value)));
  for (const auto& result : c.only_in_b) rows.push_back(row("only b", result.key, number(result.value)));
  if (rows.empty() || limit == 0) return;
  const std::size_t shown = std::min(limit, rows.size());
  std::cout << fmt::format("changes, largest first ({} of {} shown{}):\n", shown, rows.size(),
                           shown < rows.size() ? "; --limit N shows more" : "");
  for (std::size_t i = 0; i < shown; ++i) std::cout << rows[i];
}

// A limit not given on the command line: the config's applies.
constexpr int not_given = std::numeric_limits<int>::min();

struct PruneArgs {
  CommonOptions common;
  std::string config;
  int keep_runs = not_given;
  int keep_days = not_given;
};

std::string limits(const host::HistoryRetention& retention) {
  if (retention.keep_runs > 0 && retention.keep_days > 0)
    return fmt::format(" older than {} days or beyond the newest {}", retention.keep_days, retention.keep_runs);
  if (retention.keep_days > 0) return fmt::format(" older than {} days", retention.keep_days);
  if (retention.keep_runs > 0) return fmt::format(" beyond the newest {}", retention.keep_runs);
  return " (keep_runs and keep_days are 0: no limit)";
}

void print_pruned(const host::PruneResult& pruned, const host::HistoryRetention& retention) {
  std::cout << fmt::format("pruned {} run(s){}; {:.1f} MB freed; {} run(s) kept\n", pruned.runs.size(),
                           limits(retention), static_cast<double>(pruned.bytes_freed) / 1e6, pruned.runs_kept);
  if (!pruned.runs.empty())
    std::cout << fmt::format("removed: {} ... {}; value sets no longer used: {}\n", pruned.runs.front(),
                             pruned.runs.back(), pruned.value_sets);
}

// `p2c history prune`: the retention a stored run applies, on demand and with other limits, then a vacuum.
int prune_command(const std::vector<std::string>& args) {
  PruneArgs parsed;
  po::options_description description("p2c history prune options");
  add_config_option(description, parsed.config, "the TOML config whose [run] history to prune");
  description.add_options()                                                                                         //
      ("keep-runs", po::value(&parsed.keep_runs), "keep the newest N runs (0: no limit); default [run] keep_runs")  //
      ("keep-days", po::value(&parsed.keep_days),
       "keep the runs of the last N days (0: no limit); default [run] keep_days");
  add_common_options(description, parsed.common);
  const std::string usage_line = "p2c history prune [--config FILE] [--keep-runs N] [--keep-days N]";
  int code = exit_ok;
  if (!parse_args(args, description, {}, parsed.common, code, {usage_line, "p2c history prune --keep-days 30"}))
    return code;
  for (const auto& [name, value] : {std::pair{"--keep-runs", parsed.keep_runs}, {"--keep-days", parsed.keep_days}})
    if (value != not_given && value < 0) {
      std::cerr << fmt::format("p2c: {} must be 0 or more\nusage: {}\n", name, usage_line);
      return exit_usage;
    }
  const auto config = load_config_or_explain(parsed.config);
  if (!config) return exit_usage;
  const auto file = existing_history(*config);
  if (!file) return exit_usage;
  host::HistoryRetention retention = config->retention;
  if (parsed.keep_runs != not_given) retention.keep_runs = parsed.keep_runs;
  if (parsed.keep_days != not_given) retention.keep_days = parsed.keep_days;
  try {
    host::History history(*file, host::History::Open::existing);
    print_pruned(history.prune(retention, std::chrono::system_clock::now()), retention);
  } catch (const host::HistoryError& e) {
    std::cerr << "p2c: " << e.what() << "\n";
    return exit_usage;
  }
  return exit_ok;
}

}  // namespace

int history_command(const std::vector<std::string>& args) {
  if (!args.empty() && args.front() == "prune") return prune_command({args.begin() + 1, args.end()});
  HistoryArgs parsed;
  po::options_description description("p2c history options");
  add_config_option(description, parsed.config, "the TOML config whose [run] history to read");
  description.add_options()                                                          //
      ("compare", po::value(&parsed.compare)->multitoken(),                          //
       "compare run A with run B: ids, unique id prefixes, `latest` or `previous`")  //
      ("limit", po::value(&parsed.limit)->default_value(50), "with --compare: rows of changes to print");
  add_common_options(description, parsed.common);
  const std::string usage_line = "p2c history [--config FILE] [--compare A B [--limit N]] | p2c history prune ...";
  int code = exit_ok;
  if (!parse_args(args, description, {}, parsed.common, code, {usage_line, "p2c history --compare previous latest"}))
    return code;
  if (!parsed.compare.empty() && parsed.compare.size() != 2) {
    std::cerr << "p2c: --compare takes two runs, A and B (e.g. --compare previous latest)\nusage: " << usage_line
              << "\n";
    return exit_usage;
  }
  if (parsed.limit < 0) {
    std::cerr << "p2c: --limit must be 0 or more\nusage: " << usage_line << "\n";
    return exit_usage;
  }

  const auto config = load_config_or_explain(parsed.config);
  if (!config) return exit_usage;
  const auto file = existing_history(*config);
  if (!file) return exit_usage;
  try {
    const host::History history(*file, host::History::Open::existing);
    if (parsed.compare.empty()) {
      print_runs(history);
    } else {
      print_comparison(history.compare(parsed.compare[0], parsed.compare[1]), static_cast<std::size_t>(parsed.limit));
    }
  } catch (const host::UnknownRunError& e) {
    std::cerr << fmt::format(
        "p2c: {}\n`p2c history --config {}` lists the stored runs; a run is named by its id, "
        "a unique prefix of it, `latest` or `previous`\n",
        e.what(), config->path.string());
    return exit_usage;
  } catch (const host::HistoryError& e) {
    std::cerr << "p2c: " << e.what() << "\n";
    return exit_usage;
  }
  return exit_ok;
}

}  // namespace p2c::cli
