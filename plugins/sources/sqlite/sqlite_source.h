// The `sqlite` source plugin: one series from an SQL query on an SQLite database.
//
// For data kept in a database rather than in files (a national statistics extract, a project's own collection).
// The query's first three columns are, by position, the economy code (text), the year (integer) and the value
// (a number; NULL means no observation), so any schema works:
//   query = "SELECT iso3, year, pct FROM internet_use WHERE sex = 'total'"
// The database is opened read-only and never created: a mistyped path fails instead of leaving an empty file.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "p2c/options.h"
#include "p2c/plugin.h"

namespace p2c::plugins {

class SqliteSource final : public p2c::Source {
 public:
  /// Throws std::invalid_argument for option values the schema cannot express (empty series or query, batch_size).
  /// The database is opened by read().
  explicit SqliteSource(const p2c::Options& options);

  std::vector<p2c::SeriesInfo> describe() const override;
  /// Runs the query. A row whose economy or year is unusable, or whose value is not a number, is rejected as
  /// "<path>: row N"; an SQL error (syntax, unknown table) throws with SQLite's message and the query.
  void read(const std::string& series_id, p2c::BatchSink& sink) override;

 private:
  std::string path_;
  std::string series_;
  std::string query_;
  std::string unit_;
  std::size_t batch_size_ = 4096;
};

}  // namespace p2c::plugins
