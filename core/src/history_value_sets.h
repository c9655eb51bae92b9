// How the run history stores a run (docs/outputs.md): the rows of each metric as a value set, shared by every run
// whose rows for that metric are the same, and each catalogue entry once. For history.cpp and its migrations.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "history.h"
#include "p2c/results.h"
#include "sqlite_statement.h"

namespace p2c::host::history_store {

/// Failures of the history database throw HistoryError naming the file.
struct HistoryDatabase {
  using Error = HistoryError;
  static constexpr const char* label = "run history";
};
using Statement = sqlite::Statement<HistoryDatabase>;

/// FNV-1a 64-bit, continued from `hash`. Not cryptographic: value sets with equal hashes are compared row by row
/// before one is reused, so a collision costs a comparison, never a wrong result.
constexpr std::uint64_t fnv_offset = 0xcbf29ce484222325ull;
std::uint64_t fnv1a(std::string_view bytes, std::uint64_t hash = fnv_offset);

/// The value columns of a result, in the order of value_rows (entity ... observed_population_share).
inline constexpr const char* value_columns =
    "entity, entity_kind, year, value, unit, status, members_with_data, members, population_share, flags, reason, "
    "members_observed, observed_population_share";

/// Record `i` of `report` as the history stores it.
StoredResult stored_result(const RunReport& report, std::size_t i);
/// A catalogue entry as the history stores it.
StoredMetric stored_metric(const CatalogueEntry& entry);
/// A result read from `row`, its value columns from column `first` on.
StoredResult read_result(const Statement& row, std::string metric, int first);

/// Stores the rows of one metric as a value set, or finds the stored value set with the same rows.
class ValueSetWriter {
 public:
  ValueSetWriter(sqlite3* db, const std::filesystem::path& file);
  ~ValueSetWriter();
  ValueSetWriter(const ValueSetWriter&) = delete;
  ValueSetWriter& operator=(const ValueSetWriter&) = delete;

  /// Links run `run_id` to the value set of `rows` (all of metric `metric`, by entity and year).
  void store(const std::string& run_id, const std::string& metric, const std::vector<StoredResult>& rows);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Links a run to its catalogue entries, each stored once: an entry equal in every column is reused.
class CatalogueWriter {
 public:
  CatalogueWriter(sqlite3* db, const std::filesystem::path& file);
  ~CatalogueWriter();
  CatalogueWriter(const CatalogueWriter&) = delete;
  CatalogueWriter& operator=(const CatalogueWriter&) = delete;

  void store(const std::string& run_id, const StoredMetric& metric);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace p2c::host::history_store
