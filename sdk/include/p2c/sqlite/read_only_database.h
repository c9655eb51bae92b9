// Opening an SQLite file for reading only, as the SQLite source plugins do: the file is never created or changed,
// and a missing file, a folder or a file that is no database at all is told apart, so that each source can say
// which it is in its own words (SQLite itself says "unable to open database file" for the first two).
#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>

namespace p2c::sqlite {

struct CloseDatabase {
  void operator()(sqlite3* db) const noexcept { sqlite3_close(db); }
};
struct FinalizeStatement {
  void operator()(sqlite3_stmt* statement) const noexcept { sqlite3_finalize(statement); }
};
using DatabaseHandle = std::unique_ptr<sqlite3, CloseDatabase>;
using StatementHandle = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

/// Why open_read_only() failed; what() is SQLite's message, empty for `missing` and `folder`.
class OpenError : public std::runtime_error {
 public:
  enum class Problem { missing, folder, cannot_open, not_a_database };
  OpenError(Problem problem, const std::string& detail) : std::runtime_error(detail), problem(problem) {}
  Problem problem;
};

/// Opens `path` read-only (without SQLITE_OPEN_CREATE, so it is never created) and reads its header, so that a
/// file that is no database fails here rather than in a later query. Another process writing the database holds
/// its lock for moments: statements wait up to `busy_timeout_ms` for it. Throws OpenError.
inline DatabaseHandle open_read_only(const std::string& path, int busy_timeout_ms) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (status.type() == std::filesystem::file_type::not_found) throw OpenError(OpenError::Problem::missing, "");
  if (status.type() == std::filesystem::file_type::directory) throw OpenError(OpenError::Problem::folder, "");
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  DatabaseHandle db(raw);  // SQLite allocates a handle even when opening fails; it must be closed either way
  if (rc != SQLITE_OK)
    throw OpenError(OpenError::Problem::cannot_open, db ? sqlite3_errmsg(db.get()) : sqlite3_errstr(rc));
  sqlite3_busy_timeout(db.get(), busy_timeout_ms);
  if (sqlite3_exec(db.get(), "PRAGMA schema_version", nullptr, nullptr, nullptr) != SQLITE_OK)
    throw OpenError(OpenError::Problem::not_a_database, sqlite3_errmsg(db.get()));
  return db;
}

}  // namespace p2c::sqlite
