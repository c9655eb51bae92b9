// Run history: every run of a config that sets `[run] history = "file.sqlite"` is stored in an SQLite
// database, so runs can be listed and two runs compared (`p2c history`). Tables: docs/outputs.md.
//
// A run is stored as links to value sets shared between runs: one per metric (its rows) and one per catalogue
// entry, each stored once, so that a run identical to an earlier one adds only its links. Runs beyond the
// config's retention ([run] keep_runs, keep_days) are pruned when a run is stored, with the value sets no run
// uses any more.
//
// The schema is versioned with `PRAGMA user_version`; opening a database applies the migrations it lacks,
// in order, in one transaction. A database written by a newer p2c (a higher version) is refused.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "config.h"
#include "p2c/results.h"

struct sqlite3;

namespace p2c::host {

class Registry;

/// The history database cannot be opened, migrated, written or queried, or a run id is unknown. The
/// message names the database file and says what to do.
class HistoryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A run id that names no stored run, or more than one.
class UnknownRunError : public HistoryError {
 public:
  using HistoryError::HistoryError;
};

/// Plugin name -> plugin version, as recorded with a run.
using PluginVersions = std::map<std::string, std::string>;

/// One row of `runs`.
struct StoredRun {
  std::string id;
  std::string started_at;
  double duration_seconds = 0;
  std::string config_path;
  std::string config_hash;  ///< FNV-1a 64-bit of the config text, 16 lower-case hex digits
  PluginVersions plugins;
  std::int64_t records = 0;
  std::int64_t failures = 0;
};

/// One row of `results`. Text columns hold what the CSV output holds; empty strings are NULL in SQL.
struct StoredResult {
  std::string metric;
  std::string entity;
  std::string entity_kind;  ///< "economy" or "group"
  std::int32_t year = 0;
  std::optional<double> value;
  std::string unit;
  std::string status;  ///< empty: none
  std::optional<Coverage> coverage;
  std::string flags;  ///< as flags_to_string: "estimated;withheld"
  std::string reason;
};

/// One row of `metrics`: the catalogue entry as it was for that run.
struct StoredMetric {
  std::string id;
  std::string plugin;
  std::string name;
  std::string title;
  std::string unit;
  std::string description;
  std::string focus_area;
  std::vector<std::string> wsis_lines;
  std::vector<std::string> sdg_indicators;
  std::string direction;
  std::optional<double> target;
  int target_year = 0;
  std::string aggregation;
};

struct ResultKey {
  std::string metric;
  std::string entity;
  std::int32_t year = 0;
};

/// A result present in both runs whose value differs (including a value appearing or vanishing).
struct ValueChange {
  ResultKey key;
  std::optional<double> before;
  std::optional<double> after;
  std::optional<double> difference;  ///< after - before; empty when either side has no value
};

struct StatusChange {
  ResultKey key;
  std::string before;  ///< empty: none
  std::string after;
};

/// A result present in one run only.
struct OneSidedResult {
  ResultKey key;
  std::optional<double> value;
  std::string status;
};

struct Comparison {
  StoredRun a;
  StoredRun b;
  /// Largest change first: values that appeared or vanished, then by absolute difference.
  std::vector<ValueChange> changed;
  std::vector<StatusChange> status_changed;
  std::vector<OneSidedResult> only_in_a;  ///< by metric, entity, year
  std::vector<OneSidedResult> only_in_b;
  std::size_t unchanged = 0;  ///< results in both runs with the same value and status
};

/// What a prune removed, and what it kept.
struct PruneResult {
  std::vector<std::string> runs;      ///< ids of the runs removed, oldest first
  std::size_t value_sets = 0;         ///< value sets no remaining run uses, removed with them
  std::size_t catalogue_entries = 0;  ///< likewise for catalogue entries
  std::int64_t bytes_freed = 0;       ///< how much smaller the database became
  std::size_t runs_kept = 0;
};

class History {
 public:
  enum class Open {
    create,   ///< create the file (and its parent folders) when missing
    existing  ///< fail when the file does not exist
  };

  /// Opens the database, switches it to WAL mode and applies missing migrations. Throws HistoryError.
  explicit History(const std::filesystem::path& file, Open mode = Open::create);
  ~History();
  History(const History&) = delete;
  History& operator=(const History&) = delete;

  /// The schema version this build writes and reads.
  static int latest_version() noexcept;
  /// How many migrations opening applied (0 for an up-to-date database).
  int migrations_applied() const noexcept { return migrations_applied_; }
  const std::filesystem::path& path() const noexcept { return path_; }

  /// Stores a run in one transaction: all of it or, on any error, nothing. Throws HistoryError (e.g. the
  /// run id is already stored) or std::out_of_range (a record outside the catalogue). In the same transaction,
  /// prunes the runs beyond `config.retention` as prune() does, counting days back from the run's started_at
  /// and never removing the run just stored.
  void record(const RunReport& report, const Config& config, const PluginVersions& plugins);

  /// Removes the runs beyond the newest `retention.keep_runs` and those started more than `retention.keep_days`
  /// days before `now` (0: no limit), never the newest run, then the value sets and catalogue entries no
  /// remaining run uses, and gives the freed pages back to the file system (a file from before schema version
  /// 3 is vacuumed once for that). Throws HistoryError.
  PruneResult prune(const HistoryRetention& retention, std::chrono::system_clock::time_point now);

  /// Every run, newest first.
  std::vector<StoredRun> runs() const;

  /// The full id of an exact id, a unique prefix of one, `latest` or `previous` (the two newest runs).
  /// Throws UnknownRunError for an unknown or ambiguous id.
  std::string resolve(std::string_view id) const;

  /// Stored rows of one run; `id` as for resolve(). Results by metric, entity, year; metrics by id.
  StoredRun run(std::string_view id) const;
  std::vector<StoredResult> results(std::string_view id) const;
  std::vector<Failure> failures(std::string_view id) const;
  std::vector<StoredMetric> metrics(std::string_view id) const;

  /// What changed from run `a` to run `b`, per (metric, entity, year).
  Comparison compare(std::string_view a, std::string_view b) const;

 private:
  void migrate();
  void store_run(const RunReport& report, const Config& config, const PluginVersions& plugins);
  void store_value_sets(const RunReport& report, const std::vector<std::uint32_t>& order);
  // Deletes the runs to prune, inside the caller's transaction; `keep` names a run to keep besides the newest.
  PruneResult prune_runs(const HistoryRetention& retention, const std::string& now, const std::string& keep);
  // Deletes each of `ids` that no row of `links` references in `column`, with the statements `deletes`.
  std::size_t delete_unreferenced(std::vector<std::int64_t> ids, const char* links, const char* column,
                                  std::initializer_list<const char*> deletes);
  void release_free_pages();
  std::vector<StoredResult> load_results(const std::string& run_id) const;
  std::vector<std::string> json_strings(const std::string& json) const;

  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
  int migrations_applied_ = 0;
};

/// The run as History::run reads it back once recorded.
StoredRun stored_run(const RunReport& report, const Config& config, const PluginVersions& plugins);

/// A run as History::run, metrics and results would read it back once recorded, built without a database:
/// what `p2c serve` builds its report from, with or without a history file.
struct StoredContents {
  StoredRun run;
  std::vector<StoredMetric> metrics;  ///< by id
  std::vector<StoredResult> results;  ///< by metric, entity, year
};
StoredContents stored_contents(const RunReport& report, const Config& config, const PluginVersions& plugins);

/// FNV-1a 64-bit hash of `text` as 16 lower-case hex digits: the `config_hash` of a run. Not cryptographic:
/// it tells whether two runs used the same config text.
std::string config_hash(std::string_view text);

/// name -> version of the loaded plugins that the config's instances use.
PluginVersions plugin_versions(const Registry& registry, const Config& config);

}  // namespace p2c::host
