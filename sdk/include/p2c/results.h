// The one result record every output carries (JSON, CSV, history, API), and the run report sinks get.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "p2c/metric.h"
#include "p2c/observations.h"

namespace p2c {

enum class EntityKind { economy, group };

enum class Status { none, achieved, on_track, off_track, insufficient_data };

/// Bit flags qualifying a value.
enum Flag : std::uint32_t {
  /// An estimate, not an observation: marked so by the data provider, made by the host's estimation stage for a
  /// missing economy-year, or a group value that counts such estimates.
  flag_estimated = 1u << 0,
  flag_imputed = 1u << 1,   ///< taken from another year or source than the metric's own
  flag_withheld = 1u << 2,  ///< a group value not published: too little of it is observed; `reason` says how much
};

/// For group values: how much of the group stands behind the number, observed and in all.
struct Coverage {
  std::uint32_t members_with_data = 0;   ///< members counted: observed or estimated
  std::uint32_t members = 0;             ///< members of the group that year
  double population_share = 0;           ///< 0..1 of the group's population held by the members counted
  std::uint32_t members_observed = 0;    ///< members counted with an observed (not estimated) value
  double observed_population_share = 0;  ///< 0..1 of the group's population held by those members
};

struct Record {
  std::uint32_t metric = 0;  ///< index into RunReport::catalogue
  EntityId entity = 0;
  EntityKind entity_kind = EntityKind::economy;
  std::int32_t year = 0;
  std::optional<double> value;  ///< empty when there is no value; `reason` says why
  Status status = Status::none;
  std::uint32_t flags = 0;
  std::optional<Coverage> coverage;
  /// Why there is no value (never a zero in its place); for an estimate, how it was made; for a status that
  /// cannot be given, why.
  std::string reason;
};

/// A metric of the run with its metadata, stored once instead of in every record.
struct CatalogueEntry {
  std::string id;      ///< `<instance>.<name>`, e.g. "sdg_17_8.internet_users"
  std::string plugin;  ///< the plugin that computes it
  MetricInfo info;
};

/// A plugin instance that failed, and why. The run goes on without its results.
struct Failure {
  std::string instance;
  std::string message;
};

struct RunReport {
  std::string run_id;      ///< unique per run, e.g. "20261130T011300Z-1a2b"
  std::string started_at;  ///< ISO 8601 UTC
  double duration_seconds = 0;
  std::vector<CatalogueEntry> catalogue;
  std::vector<Record> records;
  std::vector<Failure> failures;
  std::vector<std::string> entity_codes;  ///< indexed by EntityId

  std::string_view entity_code(EntityId id) const { return entity_codes.at(id); }

  /// The catalogue entry of records[index]. A record pointing outside the catalogue is a bug upstream:
  /// this throws std::out_of_range naming the record instead of reading out of bounds.
  const CatalogueEntry& metric_of(std::size_t index) const;
  /// The entity code of records[index], checked the same way.
  std::string_view entity_of(std::size_t index) const;
};

/// Receives an indicator's values. Implemented by the host; its calls do not throw.
/// `metric` is the short name from the indicator's catalogue; the host adds the instance prefix.
class ResultWriter {
 public:
  virtual ~ResultWriter() = default;
  virtual void value(std::string_view metric, EntityId entity, std::int32_t year, double value,
                     std::uint32_t flags = 0) = 0;
  /// Records that there is no value for this economy and year, and why (never write a zero instead).
  virtual void missing(std::string_view metric, EntityId entity, std::int32_t year, std::string_view reason) = 0;

  /// A value for a group of the reference data ("WLD", "LDC", "ITU.AFR"), for metrics whose group value is not
  /// a combination of member values the host could make, e.g. a count of distinct pledges across the members.
  /// The metric must declare Aggregation::none (the host never aggregates it again). A code that is not a group
  /// of the reference data, or a run without reference data, fails the indicator with a message naming the code.
  virtual void group_value(std::string_view metric, std::string_view group, std::int32_t year, double value,
                           std::uint32_t flags = 0) = 0;
  /// Records that there is no value for this group and year, and why; same rules as group_value().
  virtual void group_missing(std::string_view metric, std::string_view group, std::int32_t year,
                             std::string_view reason) = 0;
};

const char* to_string(EntityKind value) noexcept;
const char* to_string(Status value) noexcept;
/// Flags as a ';'-separated list of names, e.g. "estimated;imputed"; empty when none.
std::string flags_to_string(std::uint32_t flags);

}  // namespace p2c
