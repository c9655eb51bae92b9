#include "run_summary.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>

#include "logging.h"
#include "p2c/text.h"

namespace p2c::cli {
namespace {

// Failures and rejected rows quote what plugins and data files said: printed like log lines (printable,
// bounded), since stdout is a terminal too.
constexpr std::size_t rejection_limit = 2000;

// The file a sink wrote: its `path` option (the convention of the shipped sinks), resolved like the config's
// paths; empty for a sink without one.
std::string output_path(const host::Config& config, const std::string& sink) {
  for (const auto& instance : config.instances) {
    if (instance.name != sink) continue;
    const auto path = instance.table->get_as<std::string>("path");
    if (path == nullptr) return {};
    return (config.folder / path->get()).lexically_normal().string();
  }
  return {};
}

struct Counts {
  std::size_t values = 0;
  std::size_t metrics_with_values = 0;
  std::map<Status, std::size_t> statuses;  ///< of metrics with a target
};

Counts count(const RunReport& report) {
  Counts counts;
  std::set<std::uint32_t> with_values;
  for (const auto& record : report.records) {
    if (record.value) ++counts.values, with_values.insert(record.metric);
    if (record.status != Status::none && report.catalogue[record.metric].info.target) ++counts.statuses[record.status];
  }
  counts.metrics_with_values = with_values.size();
  return counts;
}

using Stages = std::vector<std::pair<std::string, double>>;

bool history_tried(const RunSummary& summary) { return summary.history_stored || !summary.history_error.empty(); }

// The sinks and the history, which write at once: each with its own time.
Stages output_stages(const RunSummary& summary) {
  const auto& timings = summary.outcome.timings;
  Stages out(timings.end() - static_cast<std::ptrdiff_t>(summary.outcome.sink_stages), timings.end());
  if (history_tried(summary)) out.emplace_back("history", summary.history_seconds);
  return out;
}

// Every stage with its time in order, set-up first, so that the parts add up to the total: the sinks and the
// history, which overlap, count as one stage, "outputs".
Stages stages(const RunSummary& summary) {
  const auto& timings = summary.outcome.timings;
  Stages out{{"setup", summary.setup_seconds}};
  out.insert(out.end(), timings.begin(), timings.end() - static_cast<std::ptrdiff_t>(summary.outcome.sink_stages));
  if (summary.outcome.sink_stages > 0 || history_tried(summary))
    out.emplace_back("outputs", summary.outcome.outputs_seconds);
  double accounted = 0;
  for (const auto& [name, seconds] : out) accounted += seconds;
  out.emplace_back("other", std::max(0.0, summary.total_seconds - accounted));
  return out;
}

}  // namespace

std::string plugin_names(const host::Registry& registry) {
  std::set<std::string> names;
  for (const auto& plugin : registry.plugins()) names.insert(plugin.name());
  return fmt::format("{}", fmt::join(names, ", "));
}

void print_failures(std::ostream& out, const std::vector<Failure>& failures) {
  for (const auto& failure : failures) out << "  - " << printable(failure.message, host::message_limit) << "\n";
}

void print_text_summary(std::ostream& out, const RunSummary& summary) {
  const auto& outcome = summary.outcome;
  const auto& report = outcome.report;
  out << fmt::format("run {}\n", report.run_id);
  out << fmt::format("plugins loaded: {} ({})\n", summary.registry.plugins().size(), plugin_names(summary.registry));
  out << fmt::format("instances: {} ({} in processes of their own)\n", outcome.instances, outcome.isolated_instances);
  if (!outcome.series.empty()) out << "series read:\n";
  for (const auto& s : outcome.series) {
    out << fmt::format("  {:<32} from {:<20} {:>8} rows, {} rejected{}", s.id, s.source, s.rows, s.rejected,
                       s.failed ? " (FAILED)" : "");
    if (s.not_economies > 0)
      out << fmt::format(", {} rows of non-economies dropped ({}{})", s.not_economies,
                         fmt::join(s.not_economy_codes, ", "),
                         s.not_economy_codes.size() >= host::kept_per_series ? ", ..." : "");
    out << "\n";
  }
  const Counts counts = count(report);
  out << fmt::format(
      "metrics computed: {} of {} ({} declared by the plugins, {} derived by the host; {} values, {} without value)\n",
      counts.metrics_with_values, report.catalogue.size(), summary.plugin_metrics,
      report.catalogue.size() - summary.plugin_metrics, counts.values, report.records.size() - counts.values);
  if (!outcome.estimates.empty()) {
    std::size_t estimates = 0;
    std::string by_metric;
    for (const auto& [metric, n] : outcome.estimates) {
      estimates += n;
      by_metric += fmt::format("{}{} {}", by_metric.empty() ? "" : ", ", metric, n);
    }
    out << fmt::format("estimates for missing economy-years: {} ({})\n", estimates, by_metric);
  }
  if (outcome.group_records > 0)
    out << fmt::format("group values: {} ({} withheld: too little observed)\n", outcome.group_records,
                       outcome.withheld);
  if (!counts.statuses.empty()) {
    out << fmt::format("progress toward targets (latest values, assessed at {}):", outcome.reference_year);
    for (const auto& [status, n] : counts.statuses) out << fmt::format(" {} {};", to_string(status), n);
    out << "\n";
  }
  out << "outputs:" << (outcome.sinks_written.empty() ? " none written" : "") << "\n";
  for (const auto& sink : outcome.sinks_written) {
    const std::string path = output_path(summary.config, sink);
    out << fmt::format("  {}{}\n", sink, path.empty() ? "" : ": " + path);
  }
  if (outcome.rejected_rows > 0) {
    out << fmt::format("rejected rows: {} (first ones below)\n", outcome.rejected_rows);
    for (const auto& line : outcome.rejections) out << "  - " << printable(line, rejection_limit) << "\n";
  }
  out << fmt::format("failures: {}\n", report.failures.size() + outcome.sink_failures.size());
  print_failures(out, report.failures);
  print_failures(out, outcome.sink_failures);
  if (!summary.config.history.empty()) {
    const std::string history = summary.config.history.string();
    if (summary.history_stored)
      out << fmt::format("history: run {} stored in {}\n", report.run_id, history);
    else if (!summary.history_skipped.empty())
      out << fmt::format("history: not stored in {}: {}\n", history, summary.history_skipped);
    else
      out << fmt::format("history: run NOT stored in {}: {}\n", history, summary.history_error);
  }
  std::string parts;
  for (const auto& [name, seconds] : stages(summary)) {
    parts += fmt::format("{}{} {:.3f}", parts.empty() ? "" : ", ", name, seconds);
    if (name != "outputs") continue;
    std::string at_once;
    for (const auto& [output, output_seconds] : output_stages(summary))
      at_once += fmt::format("{}{} {:.3f}", at_once.empty() ? "" : ", ", output, output_seconds);
    parts += fmt::format(" (at once: {})", at_once);
  }
  out << fmt::format("time: {:.3f} s ({})\n", summary.total_seconds, parts);
}

void print_json_summary(std::ostream& out, const RunSummary& summary) {
  using Json = nlohmann::ordered_json;
  const auto& outcome = summary.outcome;
  const auto& report = outcome.report;
  const Counts counts = count(report);
  Json series = Json::array();
  for (const auto& s : outcome.series)
    series.push_back({{"id", s.id},
                      {"source", s.source},
                      {"rows", s.rows},
                      {"rejected", s.rejected},
                      {"not_economies", s.not_economies},
                      {"failed", s.failed}});
  Json statuses = Json::object();
  for (const auto& [status, n] : counts.statuses) statuses[std::string(to_string(status))] = n;
  Json outputs = Json::array();
  for (const auto& sink : outcome.sinks_written)
    outputs.push_back({{"sink", sink}, {"path", output_path(summary.config, sink)}});
  Json failures = Json::array();
  for (const auto* list : {&report.failures, &outcome.sink_failures})
    for (const auto& failure : *list)
      failures.push_back({{"instance", failure.instance}, {"message", failure.message}});
  Json timings = Json::object();
  for (const auto& [name, seconds] : stages(summary)) timings[name] = seconds;
  timings["total"] = summary.total_seconds;
  Json output_timings = Json::object();
  for (const auto& [name, seconds] : output_stages(summary)) output_timings[name] = seconds;
  const Json document{
      {"run_id", report.run_id},
      {"config", summary.config.path.string()},
      {"state_dir", summary.config.state_dir.string()},
      {"plugins", summary.registry.plugins().size()},
      {"instances", {{"total", outcome.instances}, {"isolated", outcome.isolated_instances}}},
      {"series", std::move(series)},
      {"metrics",
       {{"total", report.catalogue.size()},
        {"declared_by_plugins", summary.plugin_metrics},
        {"with_values", counts.metrics_with_values}}},
      {"records", {{"total", report.records.size()}, {"with_value", counts.values}}},
      {"estimates", outcome.estimates},
      {"group_values", {{"total", outcome.group_records}, {"withheld", outcome.withheld}}},
      {"reference_year", outcome.reference_year},
      {"statuses", std::move(statuses)},
      {"outputs", std::move(outputs)},
      {"history",
       summary.config.history.empty()
           ? Json(nullptr)
           : Json{{"path", summary.config.history.string()},
                  {"stored", summary.history_stored},
                  {"skipped", summary.history_skipped.empty() ? Json(nullptr) : Json(summary.history_skipped)},
                  {"error", summary.history_error.empty() ? Json(nullptr) : Json(summary.history_error)}}},
      {"rejected_rows", outcome.rejected_rows},
      {"failures", std::move(failures)},
      {"seconds", std::move(timings)},
      {"output_seconds", std::move(output_timings)}};
  out << document.dump() << "\n";
}

}  // namespace p2c::cli
