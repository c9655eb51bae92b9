// Every row of the pledge registry's tables as text, to tell whether an operation wrote anything at all.
#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace p2c::test {

/// The rows of every table of the registry (pledges, reports, tokens, targets, actuals, revisions, search) in key
/// order, each value as SQL quote() shows it (so NULL, '' and 0 differ, and timestamps such as received_at are
/// included).
inline std::string dump_registry(const std::filesystem::path& file) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + file.string());
  }
  std::string out;
  for (const char* table :
       {"pledges", "progress_reports", "tokens", "pledge_targets", "pledge_revisions", "pledge_search"}) {
    out += std::string("table ") + table + "\n";
    sqlite3_stmt* statement = nullptr;
    const std::string sql = std::string("SELECT * FROM ") + table + " ORDER BY 1, 2";
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
      sqlite3_close(db);
      throw std::runtime_error("cannot query " + std::string(table));
    }
    while (sqlite3_step(statement) == SQLITE_ROW) {
      for (int column = 0; column < sqlite3_column_count(statement); ++column) {
        if (sqlite3_column_type(statement, column) == SQLITE_NULL) {
          out += "NULL|";
          continue;
        }
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
        out += std::to_string(sqlite3_column_type(statement, column)) + ":" + (text ? text : "") + "|";
      }
      out += "\n";
    }
    sqlite3_finalize(statement);
  }
  sqlite3_close(db);
  return out;
}

}  // namespace p2c::test
