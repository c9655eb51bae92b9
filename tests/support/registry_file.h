// Pledge registries for tests: a real SQLite file built with the registry's own migrations (p2c/pledges/schema.h;
// link p2c::pledge_schema and SQLite) and rows inserted with plain SQL.
#pragma once

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "p2c/pledges/schema.h"

namespace p2c::test {

/// Runs `sql` on the database `file`, creating it when missing; fails the test on any SQL error.
inline void execute_sql(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(file.string().c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    FAIL("cannot open test database " << file);
  }
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error != nullptr ? error : "unknown error";
    sqlite3_free(error);
    sqlite3_close(db);
    FAIL("SQL error in test database " << file << ": " << message << "\n" << sql);
  }
  REQUIRE(sqlite3_close(db) == SQLITE_OK);
}

/// Creates the registry `file` at the current schema version, as the store does, then runs `rows` (INSERTs).
inline void make_registry(const std::filesystem::path& file, const std::string& rows) {
  std::string sql;
  for (const char* migration : p2c::pledges::migrations()) sql += std::string(migration) + ";";
  sql += "PRAGMA user_version = " + std::to_string(p2c::pledges::migrations().size()) + ";";
  execute_sql(file, sql + rows);
}

/// A pledges row; lists are JSON text, value_usd SQL text ("NULL" when not stated).
struct PledgeRow {
  std::string id;
  std::string pledged_on;
  std::string economies = "[]";  ///< implementation_economies
  std::string value_usd = "NULL";
  std::string status = "announced";
  std::string sector = "government";
  std::string type = "financial";
  std::string focus = R"(["access"])";
  std::string regions = "[]";
  std::string origin = "KEN";
  std::string start_date = "2022-01-01";
  std::string end_date = "2026-12-31";
};

inline std::string insert(const PledgeRow& p) {
  const auto q = [](const std::string& text) { return "'" + text + "'"; };
  return "INSERT INTO pledges (id, entity, sector, origin_economy, origin_region, implementation_economies, "
         "implementation_regions, focus_areas, pillars, pledge_type, value, currency, value_usd, beneficiaries, "
         "sdgs, pledged_on, start_date, end_date, status) VALUES (" +
         q(p.id) + ", 'Entity of " + p.id + "', " + q(p.sector) + ", " + q(p.origin) + ", 'ITU.AFR', " +
         q(p.economies) + ", " + q(p.regions) + ", " + q(p.focus) + ", '[]', " + q(p.type) + ", " + p.value_usd + ", " +
         (p.value_usd == "NULL" ? "NULL" : "'USD'") + ", " + p.value_usd + ", '[]', '[]', " + q(p.pledged_on) + ", " +
         q(p.start_date) + ", " + q(p.end_date) + ", " + q(p.status) + ");\n";
}

/// A progress_reports row; disbursed_usd is SQL text ("NULL" when not stated).
inline std::string report(const std::string& pledge, const std::string& reported_on, const std::string& status,
                          const std::string& disbursed_usd = "NULL") {
  return "INSERT INTO progress_reports (pledge_id, reported_on, status, percent_complete, disbursed_usd, "
         "received_at, channel) VALUES ('" +
         pledge + "', '" + reported_on + "', '" + status + "', NULL, " + disbursed_usd + ", '" + reported_on +
         "T00:00:00Z', 'import');\n";
}

// Rows of the tables added by schema 2 and 3: targets, actuals, revisions, and an update of a pledge row.
inline std::string target(const std::string& pledge, const std::string& id, int position, const std::string& measure,
                          const std::string& baseline, const std::string& value, const std::string& date) {
  return "INSERT INTO pledge_targets (pledge_id, target_id, position, measure, unit, baseline_value, baseline_date, "
         "target_value, target_date) VALUES ('" +
         pledge + "', '" + id + "', " + std::to_string(position) + ", '" + measure + "', 'units', " + baseline +
         ", '2022-01-01', " + value + ", '" + date + "');\n";
}

/// Sets one actual in the actuals column of the report (pledge, reported_on), which must exist.
inline std::string actual(const std::string& pledge, const std::string& reported_on, const std::string& target_id,
                          const std::string& value) {
  return "UPDATE progress_reports SET actuals = json_set(actuals, '$.\"" + target_id + "\"', " + value +
         ") WHERE pledge_id = '" + pledge + "' AND reported_on = '" + reported_on + "';\n";
}

inline std::string revision(const std::string& pledge, int number, const std::string& effective_on,
                            const std::string& changes) {
  return "INSERT INTO pledge_revisions (pledge_id, revision, recorded_at, effective_on, actor, changes) VALUES ('" +
         pledge + "', " + std::to_string(number) + ", '2026-01-01T00:00:00Z', '" + effective_on + "', 'cli', '" +
         changes + "');\n";
}

inline std::string set(const std::string& pledge, const std::string& assignments) {
  return "UPDATE pledges SET " + assignments + " WHERE id = '" + pledge + "';\n";
}

}  // namespace p2c::test
