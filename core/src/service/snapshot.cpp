#include "snapshot.h"

#include <chrono>
#include <stdexcept>

#include "json_views.h"
#include "run_exposition.h"

namespace p2c::service {

std::string prometheus_label(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

Snapshot::Snapshot(host::RunOutcome outcome, std::shared_ptr<const Setup> setup, std::string runs_json)
    : report_(std::move(outcome.report)), setup_(std::move(setup)), runs_json_(std::move(runs_json)) {
  if (report_.records.size() >= UINT32_MAX) throw std::length_error("a run of more than 2^32 records cannot be served");
  summary_.run_id = report_.run_id;
  summary_.started_at = report_.started_at;
  summary_.duration_seconds = report_.duration_seconds;
  summary_.records = report_.records.size();
  summary_.failures = report_.failures;
  summary_.failures.insert(summary_.failures.end(), outcome.sink_failures.begin(), outcome.sink_failures.end());
  summary_.finished_at_unix =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();

  const std::size_t metrics = report_.catalogue.size();
  ranges_.resize(metrics);
  range_by_entity_.resize(metrics);
  catalogue_text_.reserve(metrics);
  for (std::size_t m = 0; m < metrics; ++m) {
    metric_ids_.emplace(report_.catalogue[m].id, static_cast<std::uint32_t>(m));
    catalogue_text_.push_back(service::catalogue_json(report_.catalogue[m]).dump());
  }
  for (std::size_t e = 0; e < report_.entity_codes.size(); ++e)
    entity_ids_.emplace(report_.entity_codes[e], static_cast<EntityId>(e));

  // The engine sorts records by metric, entity kind, entity and year, so each (metric, entity) is one
  // contiguous range and a query touches only the ranges it selects.
  entity_kinds_.resize(report_.entity_codes.size());
  record_offsets_.reserve(report_.records.size() + 1);
  record_offsets_.push_back(0);
  for (std::size_t i = 0; i < report_.records.size(); ++i) {
    const Record& record = report_.records[i];
    auto& metric_ranges = ranges_.at(record.metric);
    if (metric_ranges.empty() || metric_ranges.back().entity != record.entity ||
        metric_ranges.back().kind != record.entity_kind) {
      if (!range_by_entity_[record.metric]
               .emplace(record.entity, static_cast<std::uint32_t>(metric_ranges.size()))
               .second)
        throw std::logic_error("records of " + report_.catalogue[record.metric].id + " for " +
                               std::string(report_.entity_of(i)) + " are not contiguous");
      metric_ranges.push_back(
          {record.entity, record.entity_kind, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i)});
    } else if (report_.records[i - 1].year > record.year) {
      throw std::logic_error("records of " + report_.catalogue[record.metric].id + " for " +
                             std::string(report_.entity_of(i)) + " are not ordered by year");
    }
    metric_ranges.back().end = static_cast<std::uint32_t>(i + 1);
    entity_kinds_.at(record.entity) |= static_cast<std::uint8_t>(1u << static_cast<unsigned>(record.entity_kind));
    record_text_ += service::record_json(report_, i).dump();
    record_offsets_.push_back(record_text_.size());
  }

  Json failures = Json::array();
  for (const auto& failure : summary_.failures)
    failures.push_back({{"instance", failure.instance}, {"message", failure.message}});
  // The shape of a run in GET /api/v1/runs, plus what failed.
  current_run_json_ = Json{{"id", summary_.run_id},
                           {"started_at", summary_.started_at},
                           {"duration_seconds", summary_.duration_seconds},
                           {"records", summary_.records},
                           {"failures", summary_.failures.size()},
                           {"failed", std::move(failures)}}
                          .dump();

  std::vector<std::string> instances;
  const host::MetricsExport exports =
      setup_ && setup_->config ? setup_->config->service.metrics : host::MetricsExport{};
  if (setup_ && setup_->config)
    for (const auto& instance : setup_->config->instances) instances.push_back(instance.name);
  RunExposition exposition = render_run_exposition(report_, outcome, instances, summary_.failures, exports);
  prometheus_results_ = std::move(exposition.text);
  export_problems_ = std::move(exposition.missing);
}

std::int64_t Snapshot::metric_index(std::string_view id) const {
  const auto found = metric_ids_.find(std::string(id));
  return found == metric_ids_.end() ? std::int64_t{-1} : std::int64_t{found->second};
}

std::int64_t Snapshot::entity_id(std::string_view code) const {
  const auto found = entity_ids_.find(std::string(code));
  return found == entity_ids_.end() ? -1 : static_cast<std::int64_t>(found->second);
}

const EntityRange* Snapshot::range(std::size_t metric, EntityId entity) const {
  const auto& by_entity = range_by_entity_.at(metric);
  const auto found = by_entity.find(entity);
  return found == by_entity.end() ? nullptr : &ranges_[metric][found->second];
}

}  // namespace p2c::service
