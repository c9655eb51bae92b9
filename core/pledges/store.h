// The pledge registry in SQLite: created and migrated on first use, imported into in one transaction,
// exported back out. The pledge source plugin reads the same tables (schema.h) to feed the indicators.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "pledge.h"

struct sqlite3;

namespace p2c::pledges {

/// The database cannot be opened, migrated, read or written; the message names the file.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What a valid record may contain beyond the fixed vocabularies of docs/pledges.md.
struct Rules {
  std::unordered_set<std::string> economies;  ///< ISO3 codes of the reference data
  std::unordered_set<std::string> regions;    ///< group codes of the reference data
  std::unordered_map<std::string, double> usd_per_unit;  ///< currency -> USD, from the rate table

  /// Economies and groups from the reference CSVs, rates from `rates_csv` (currency,usd_per_unit,source).
  static Rules load(const std::filesystem::path& economies_csv, const std::filesystem::path& groups_csv,
                    const std::filesystem::path& rates_csv);
};

/// One problem of one input record: `row` is the CSV line number or the 1-based position in a JSON array.
struct Rejection {
  std::size_t row = 0;
  std::string field;    ///< e.g. "end_date", "implementation_economies[2]", "reports[1].disbursed_usd"
  std::string message;  ///< what was expected and what was found
};

/// Problems of a pledge (and its reports) against the rules; empty when valid. Fills nothing in.
std::vector<Rejection> validate(const Pledge& pledge, const Rules& rules, std::size_t row = 0);
/// Problems of one progress report on `pledge` (dates, status, percent, amounts), for the service.
std::vector<Rejection> validate_report(const Pledge& pledge, const ProgressReport& report);

struct ImportSummary {
  std::size_t pledges_added = 0;
  std::size_t pledges_updated = 0;
  std::size_t pledges_unchanged = 0;
  std::size_t reports_added = 0;
  std::vector<Rejection> rejected;  ///< non-empty: nothing was imported
  bool committed() const noexcept { return rejected.empty(); }
};

class Store {
 public:
  /// Opens `file`, creating it and its folders when missing, and applies pending migrations.
  explicit Store(const std::filesystem::path& file);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  /// Whether the constructor created the file (so the caller may bootstrap it).
  bool created() const noexcept { return created_; }
  int schema_version() const;
  const std::filesystem::path& path() const noexcept { return path_; }

  /// Imports a CSV or JSON file (by extension) in one transaction: any rejected record and nothing is
  /// written. Values are converted to USD with `rules`. Importing the same file again changes nothing.
  ImportSummary import_file(const std::filesystem::path& file, const Rules& rules);
  /// Same, for records already parsed (rows numbered by position).
  ImportSummary import_pledges(const std::vector<Pledge>& pledges, const Rules& rules);

  std::vector<Pledge> pledges() const;  ///< all, by id, with their reports
  std::optional<Pledge> find(std::string_view id) const;
  std::size_t size() const;

  /// Appends a report (channel "api") and updates the pledge's status; committed before it returns.
  /// Throws StoreError when a report for that date exists already.
  void add_report(std::string_view pledge_id, const ProgressReport& report);

  /// The open connection, for other tables of the same database (tokens).
  sqlite3* handle() const noexcept { return db_; }

 private:
  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
  bool created_ = false;
};

/// Writes the registry as CSV or JSON (formats in docs/pledges.md), atomically; reading it back with
/// import_file() gives the same registry.
void export_csv(const std::vector<Pledge>& pledges, const std::filesystem::path& file);
void export_json(const std::vector<Pledge>& pledges, const std::filesystem::path& file);

/// Reads a CSV or JSON pledge file; unparseable records are rejections with their row, not exceptions.
std::vector<Pledge> read_file(const std::filesystem::path& file, std::vector<Rejection>& rejected);

}  // namespace p2c::pledges
