// One complete run as the service serves it: immutable once built, shared by every request that reads it
// and replaced as a whole when a newer run completes, so a reader never sees half of two runs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine.h"
#include "setup.h"

namespace p2c::service {

/// The records of one (metric, entity) pair: records[begin, end), ordered by year.
struct EntityRange {
  EntityId entity = 0;
  EntityKind kind = EntityKind::economy;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

/// The run's summary as /api/v1/runs/current shows it.
struct RunSummary {
  std::string run_id;
  std::string started_at;
  double duration_seconds = 0;
  std::size_t records = 0;
  std::vector<Failure> failures;  ///< plugin and sink failures
  double finished_at_unix = 0;    ///< seconds since the epoch when the run completed
};

class Snapshot {
 public:
  /// Indexes the run and renders what every request would otherwise render again. `runs_json` is the
  /// body of GET /api/v1/runs at the time of the run.
  Snapshot(host::RunOutcome outcome, std::shared_ptr<const Setup> setup, std::string runs_json);

  const RunReport& report() const noexcept { return report_; }
  const RunSummary& summary() const noexcept { return summary_; }
  const Setup& setup() const noexcept { return *setup_; }
  std::shared_ptr<const Setup> setup_ptr() const noexcept { return setup_; }

  /// The catalogue index of a metric id, or -1.
  std::int64_t metric_index(std::string_view id) const;
  /// The entity id of a code that has records in this run, or -1.
  std::int64_t entity_id(std::string_view code) const;
  /// Whether the run has records of `entity` as `kind`.
  bool has_entity(EntityId entity, EntityKind kind) const {
    return entity < entity_kinds_.size() && (entity_kinds_[entity] & (1u << static_cast<unsigned>(kind))) != 0;
  }
  /// (metric, entity) ranges of a catalogue index, in record order.
  const std::vector<EntityRange>& ranges(std::size_t metric) const { return ranges_.at(metric); }
  /// The range of (metric, entity), or null when the pair has no records.
  const EntityRange* range(std::size_t metric, EntityId entity) const;

  /// records[index] as JSON text (precomputed).
  std::string_view record_json(std::size_t index) const {
    return std::string_view(record_text_)
        .substr(record_offsets_[index], record_offsets_[index + 1] - record_offsets_[index]);
  }
  /// catalogue[index] as JSON text (precomputed).
  const std::string& catalogue_json(std::size_t index) const { return catalogue_text_.at(index); }

  const std::string& runs_json() const noexcept { return runs_json_; }
  const std::string& current_run_json() const noexcept { return current_run_json_; }
  /// The run's families for /metrics, with HELP and TYPE (see run_exposition.h): rows read and rejected, failures,
  /// stage durations, data freshness, and the [service.metrics] result values at their latest published year.
  const std::string& prometheus_results() const noexcept { return prometheus_results_; }
  /// Entries of [service.metrics] the run has no records of, one message each, for the log.
  const std::vector<std::string>& export_problems() const noexcept { return export_problems_; }

 private:
  RunReport report_;
  RunSummary summary_;
  std::shared_ptr<const Setup> setup_;
  std::unordered_map<std::string, std::uint32_t> metric_ids_;
  std::unordered_map<std::string, EntityId> entity_ids_;
  std::vector<std::uint8_t> entity_kinds_;        ///< by entity id: bit 1 << EntityKind for each kind it has records as
  std::vector<std::vector<EntityRange>> ranges_;  ///< by catalogue index
  std::vector<std::unordered_map<EntityId, std::uint32_t>> range_by_entity_;  ///< index into ranges_[metric]
  std::string record_text_;
  std::vector<std::size_t> record_offsets_;  ///< records + 1 entries
  std::vector<std::string> catalogue_text_;
  std::string runs_json_;
  std::string current_run_json_;
  std::string prometheus_results_;
  std::vector<std::string> export_problems_;
};

/// A Prometheus label value with backslash, double quote and newline escaped (exposition format 0.0.4).
std::string prometheus_label(std::string_view value);

}  // namespace p2c::service
