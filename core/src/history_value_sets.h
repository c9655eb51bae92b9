// How the run history stores a run (docs/outputs.md): the rows of each metric as a value set, shared by every run
// whose rows for that metric are the same, and each catalogue entry once. For history.cpp and its migrations.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "history.h"
#include "p2c/results.h"
#include "p2c/sqlite/statement.h"

namespace p2c::host::history_store {

/// Failures of the history database throw HistoryError naming the file.
struct HistoryDatabase {
  using Error = HistoryError;
  static constexpr const char* label = "run history";
};
using Statement = sqlite::Statement<HistoryDatabase>;

/// FNV-1a 64-bit, continued from `hash`. Not cryptographic: it identified value sets only with a row-by-row
/// comparison (schema 3), and names a config's text.
constexpr std::uint64_t fnv_offset = 0xcbf29ce484222325ull;
std::uint64_t fnv1a(std::string_view bytes, std::uint64_t hash = fnv_offset);

/// The value columns of a result, in the order of value_rows (entity ... observed_population_share).
inline constexpr const char* value_columns =
    "entity, entity_kind, year, value, unit, status, members_with_data, members, population_share, flags, reason, "
    "members_observed, observed_population_share";

/// One row of a value set as the writer hashes and stores it: views of text held elsewhere.
struct RowView {
  std::string_view entity;
  std::string_view entity_kind;
  std::int32_t year = 0;
  std::optional<double> value;
  std::string_view unit;
  std::string_view status;
  std::optional<Coverage> coverage;
  std::string_view flags;
  std::string_view reason;
};

/// The rows of one metric, in stored order (by entity, year).
class MetricRows {
 public:
  virtual ~MetricRows() = default;
  virtual std::size_t size() const = 0;
  /// Row `i`; its text stays valid as long as this object and what it views.
  virtual RowView row(std::size_t i) const = 0;
};

/// Records of a run, by index, viewed without copying their text.
class ReportRows final : public MetricRows {
 public:
  ReportRows(const RunReport& report, std::span<const std::uint32_t> records);
  std::size_t size() const override { return records_.size(); }
  RowView row(std::size_t i) const override;

 private:
  const RunReport& report_;
  std::span<const std::uint32_t> records_;
  mutable std::map<std::uint32_t, std::string> flag_names_;  ///< flags_to_string, made once per distinct flags
};

/// Rows read from a database.
class StoredRows final : public MetricRows {
 public:
  explicit StoredRows(const std::vector<StoredResult>& rows) : rows_(rows) {}
  std::size_t size() const override { return rows_.size(); }
  RowView row(std::size_t i) const override;

 private:
  const std::vector<StoredResult>& rows_;
};

/// Record `i` of `report` as the history stores it.
StoredResult stored_result(const RunReport& report, std::size_t i);
/// A catalogue entry as the history stores it.
StoredMetric stored_metric(const CatalogueEntry& entry);
/// A result read from `row`, its value columns from column `first` on.
StoredResult read_result(const Statement& row, std::string metric, int first);

/// How a stored value set with the same rows is recognised. From schema 4 on, by the SHA-256 of the metric and its
/// rows' canonical bytes: a collision is not a practical risk, even for rows chosen by an attacker, so an unchanged
/// metric is reused without reading its rows back. Migration 3 ran on a schema without digests: there, by their
/// FNV-1a 64-bit hash, then row by row.
enum class SetIdentity { digest, hash_and_rows };

/// Stores the rows of one metric as a value set, or finds the stored value set with the same rows.
class ValueSetWriter {
 public:
  ValueSetWriter(sqlite3* db, const std::filesystem::path& file, SetIdentity identity = SetIdentity::digest);
  ~ValueSetWriter();
  ValueSetWriter(const ValueSetWriter&) = delete;
  ValueSetWriter& operator=(const ValueSetWriter&) = delete;

  /// Links run `run_id` to the value set of `rows` (all of metric `metric`, by entity and year).
  void store(const std::string& run_id, const std::string& metric, const MetricRows& rows);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Migration 4: the digest of every stored value set, as ValueSetWriter computes it. Two sets with the same rows
/// (never stored by p2c, but possible in a file edited by hand) become one.
void add_digests(sqlite3* db, const std::filesystem::path& file);

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
