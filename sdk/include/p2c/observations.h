// Observations: how data flow from sources to indicators.
//
// Sources stream columnar batches of (economy, year, value [, dimensions]); nothing requires a whole file
// in memory at once. Economy codes and dimension labels are interned by the host, once per run, so a
// batch carries small integer ids instead of strings.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace p2c {

/// Interned code of an economy or group (ISO3 such as "KEN", or a group code such as "LDC").
using EntityId = std::uint32_t;
/// Interned dimension label such as "bothsex" or "10mbps".
using LabelId = std::uint32_t;

/// A series a source can deliver, addressed in config by its stable id (e.g. "itu.internet_users").
struct SeriesInfo {
  std::string id;
  std::string unit;
  std::string description;
};

/// A columnar slice of one series. All columns have the same length.
struct Batch {
  std::vector<EntityId> entity;
  std::vector<std::int32_t> year;
  std::vector<double> value;
  std::vector<std::string> dimension_names;      ///< fixed for a series
  std::vector<std::vector<LabelId>> dimensions;  ///< one column per name

  std::size_t size() const noexcept { return value.size(); }
  void clear() noexcept;
};

/// Where a source delivers its observations. Implemented by the host; its calls do not throw.
class BatchSink {
 public:
  virtual ~BatchSink() = default;
  virtual EntityId intern_entity(std::string_view code) = 0;
  virtual LabelId intern_label(std::string_view label) = 0;
  virtual void consume(const Batch& batch) = 0;
  /// Reports an input row that was skipped (`where` = "file:line", `what` = expected vs found).
  /// The run goes on; rejections are listed in the run summary and fail a `--strict` run.
  virtual void reject(std::string_view where, std::string_view what) = 0;
};

/// A whole series as the host holds it after all batches arrived, in arrival order.
struct Series {
  std::string id;
  std::string unit;
  std::vector<EntityId> entity;
  std::vector<std::int32_t> year;
  std::vector<double> value;
  std::vector<std::string> dimension_names;
  std::vector<std::vector<LabelId>> dimensions;

  std::size_t size() const noexcept { return value.size(); }
  void append(const Batch& batch);
};

/// What an indicator reads: the series and metrics it named in `inputs()`.
class InputSet {
 public:
  virtual ~InputSet() = default;
  /// The series or upstream metric with this id, or null when nothing provided it.
  virtual const Series* find(std::string_view id) const = 0;
  virtual std::string_view entity_code(EntityId id) const = 0;
  virtual std::string_view label(LabelId id) const = 0;
  /// ISO3 codes of the members of the reference group `group` ("LDC", "ITU.AFR", "WLD") in `year`, as the
  /// host's reference data define them for that year (LDC graduations, accessions), sorted. Empty when the code
  /// is not a group of the reference data or the run has no reference data.
  virtual std::vector<std::string> group_members(std::string_view group, std::int32_t year) const = 0;

  /// Like find(), but throws std::runtime_error naming the missing id, for required inputs.
  const Series& get(std::string_view id) const;
};

}  // namespace p2c
