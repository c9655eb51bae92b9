#include "run_exposition.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <optional>

#include "json_views.h"
#include "snapshot.h"

namespace p2c::service {
namespace {

void family(std::string& out, std::string_view name, std::string_view help) {
  out += fmt::format("# HELP {0} {1}\n# TYPE {0} gauge\n", name, help);
}

std::ptrdiff_t index_of(const std::vector<std::string>& list, std::string_view item) {
  const auto found = std::find(list.begin(), list.end(), item);
  return found == list.end() ? -1 : found - list.begin();
}

}  // namespace

RunExposition render_run_exposition(const RunReport& report, const host::RunOutcome& outcome,
                                    const std::vector<std::string>& instances, const std::vector<Failure>& failures,
                                    const host::MetricsExport& exports) {
  RunExposition result;
  std::string& out = result.text;

  family(out, "p2c_source_rows_read", "Rows read of each series by its source in the served run.");
  for (const auto& series : outcome.series)
    out += fmt::format("p2c_source_rows_read{{source=\"{}\",series=\"{}\"}} {}\n", prometheus_label(series.source),
                       prometheus_label(series.id), series.rows);
  family(out, "p2c_source_rows_rejected",
         "Rows of each series its source rejected in the served run (malformed or implausible; see the log).");
  for (const auto& series : outcome.series)
    out += fmt::format("p2c_source_rows_rejected{{source=\"{}\",series=\"{}\"}} {}\n", prometheus_label(series.source),
                       prometheus_label(series.id), series.rejected);

  // Every instance, failed or not, so that an alert on a value above 0 has a series to watch from the start; a
  // failure of something that is not an instance (a plugin file, the reference data) is added under its name.
  std::map<std::string, std::size_t> failed;
  for (const auto& name : instances) failed[name];
  for (const auto& failure : failures) ++failed[failure.instance];
  family(out, "p2c_instance_failures", "Failures of each plugin instance in the served run; 0 when it had none.");
  for (const auto& [instance, count] : failed)
    out += fmt::format("p2c_instance_failures{{instance=\"{}\"}} {}\n", prometheus_label(instance), count);

  family(out, "p2c_run_stage_seconds", "Wall seconds of each stage of the served run.");
  for (const auto& [stage, seconds] : outcome.timings)
    out += fmt::format("p2c_run_stage_seconds{{stage=\"{}\"}} {}\n", prometheus_label(stage), seconds);

  // One pass over the records, which the engine sorts by metric, entity kind, entity and year: the latest observed
  // year of each metric, and the latest published record of each exported (metric, entity).
  const std::size_t metrics = report.catalogue.size();
  std::vector<std::int32_t> latest_observed(metrics, std::numeric_limits<std::int32_t>::min());
  std::vector<std::ptrdiff_t> export_of_metric(metrics, -1);
  for (std::size_t m = 0; m < metrics; ++m) export_of_metric[m] = index_of(exports.metrics, report.catalogue[m].id);
  std::vector<std::ptrdiff_t> export_of_entity(report.entity_codes.size(), -1);
  for (std::size_t e = 0; e < report.entity_codes.size(); ++e)
    export_of_entity[e] = index_of(exports.entities, report.entity_codes[e]);
  std::vector<std::optional<std::size_t>> latest_published(exports.metrics.size() * exports.entities.size());
  for (std::size_t i = 0; i < report.records.size(); ++i) {
    const Record& record = report.records[i];
    if (!record.value || withheld(record)) continue;
    if ((record.flags & flag_estimated) == 0)
      latest_observed.at(record.metric) = std::max(latest_observed.at(record.metric), record.year);
    const std::ptrdiff_t m = export_of_metric.at(record.metric);
    const std::ptrdiff_t e = export_of_entity.at(record.entity);
    if (m < 0 || e < 0) continue;
    auto& latest =
        latest_published[static_cast<std::size_t>(m) * exports.entities.size() + static_cast<std::size_t>(e)];
    if (!latest || report.records[*latest].year <= record.year) latest = i;
  }

  family(out, "p2c_metric_latest_year",
         "Latest year with an observed (not estimated, not withheld) value of each metric in the served run.");
  for (std::size_t m = 0; m < metrics; ++m)
    if (latest_observed[m] != std::numeric_limits<std::int32_t>::min())
      out += fmt::format("p2c_metric_latest_year{{metric=\"{}\"}} {}\n", prometheus_label(report.catalogue[m].id),
                         latest_observed[m]);

  // Three families over the same (metric, entity) series rather than year and estimated labels: a label whose value
  // changes between runs would end one series and start another each time.
  const auto samples = [&](std::string_view name, std::string_view help, auto value) {
    family(out, name, help);
    for (std::size_t m = 0; m < exports.metrics.size(); ++m)
      for (std::size_t e = 0; e < exports.entities.size(); ++e)
        if (const auto& latest = latest_published[m * exports.entities.size() + e])
          out += fmt::format("{}{{metric=\"{}\",entity=\"{}\"}} {}\n", name, prometheus_label(exports.metrics[m]),
                             prometheus_label(exports.entities[e]), value(report.records[*latest]));
  };
  samples("p2c_result_value",
          "Latest published value of each exported metric and entity ([service.metrics]); withheld values never.",
          [](const Record& record) { return *record.value; });
  samples("p2c_result_year", "Year of the value in p2c_result_value.",
          [](const Record& record) { return static_cast<double>(record.year); });
  samples("p2c_result_estimated", "1 when the value in p2c_result_value is an estimate, 0 for an observation.",
          [](const Record& record) { return (record.flags & flag_estimated) != 0 ? 1.0 : 0.0; });

  for (const auto& id : exports.metrics)
    if (exports.metrics_given && std::none_of(report.catalogue.begin(), report.catalogue.end(),
                                              [&](const auto& entry) { return entry.id == id; }))
      result.missing.push_back("[service.metrics] export: the served run has no metric '" + id +
                               "'; it is not exported (GET /api/v1/metrics lists the run's metric ids)");
  for (const auto& code : exports.entities)
    if (index_of(report.entity_codes, code) < 0)
      result.missing.push_back("[service.metrics] entities: the served run has no records of '" + code +
                               "'; it is not exported (GET /api/v1/entities lists the codes)");
  return result;
}

}  // namespace p2c::service
