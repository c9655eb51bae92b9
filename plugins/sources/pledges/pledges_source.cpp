#include "pledges_source.h"

#include <sqlite3.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string_view>

#include "p2c/batch_writer.h"
#include "p2c/dates.h"
#include "p2c/json.h"
#include "p2c/text.h"
#include "read_only_database.h"
#include "schema.h"

namespace {

constexpr p2c_option_spec kPledgesOptions[] = {
    {"database", P2C_OPTION_PATH, nullptr, 1,
     "The pledge registry's SQLite file (the [pledges] database); opened read-only, never created"},
    {"batch_size", P2C_OPTION_INTEGER, "4096", 0, "Rows per batch handed to the host"},
};

}  // namespace

namespace p2c::plugins {
namespace {

constexpr const char* kPledgesSeries = "pledges.pledges";
constexpr const char* kReportsSeries = "pledges.reports";
constexpr const char* kImplementationSeries = "pledges.implementation";
// The registry's own writers hold its lock for moments; waiting beats failing the source.
constexpr int kBusyTimeoutMs = 10000;
constexpr double kNotStated = std::numeric_limits<double>::quiet_NaN();

using Database = sqlite::DatabaseHandle;
using Statement = sqlite::StatementHandle;

const std::string kWhatToDo =
    "run `p2c pledges import` to create the registry, or set this source's `database` to the file of [pledges]";

[[noreturn]] void fail(const std::string& path, const std::string& reason, const std::string& what_to_do = kWhatToDo) {
  throw std::runtime_error("pledge registry '" + path + "': " + reason + "; " + what_to_do);
}

Database open_file(const std::string& path) {
  // Read-only: the source never changes, creates or migrates the registry.
  try {
    return sqlite::open_read_only(path, kBusyTimeoutMs);
  } catch (const sqlite::OpenError& e) {
    switch (e.problem) {
      case sqlite::OpenError::Problem::missing: fail(path, "the file does not exist");
      case sqlite::OpenError::Problem::folder: fail(path, "is a folder, not an SQLite file");
      case sqlite::OpenError::Problem::cannot_open: fail(path, std::string("cannot open: ") + e.what());
      default: fail(path, std::string("not a readable SQLite database: ") + e.what());
    }
  }
}

Database open_registry(const std::string& path) {
  Database db = open_file(path);
  sqlite3_stmt* raw_statement = nullptr;
  if (sqlite3_prepare_v2(db.get(), "PRAGMA user_version", -1, &raw_statement, nullptr) != SQLITE_OK)
    fail(path, std::string("not a readable SQLite database: ") + sqlite3_errmsg(db.get()));
  const Statement statement(raw_statement);
  if (sqlite3_step(statement.get()) != SQLITE_ROW)
    fail(path, std::string("not a readable SQLite database: ") + sqlite3_errmsg(db.get()));
  const auto version = sqlite3_column_int64(statement.get(), 0);
  const auto expected = static_cast<std::int64_t>(p2c::pledges::migrations().size());
  if (version == 0) fail(path, "holds no pledge registry (schema version 0)");
  if (version < expected)
    fail(path,
         "has registry schema version " + std::to_string(version) + ", this p2c reads version " +
             std::to_string(expected),
         "run `p2c pledges import` with this p2c, which migrates the registry, then run again");
  if (version > expected)
    fail(path,
         "was written by a newer p2c (registry schema version " + std::to_string(version) +
             ", this p2c reads version " + std::to_string(expected) + ")",
         "update p2c");
  return db;
}

Statement prepare(sqlite3* db, const std::string& path, const char* sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK)
    fail(path, std::string("the registry tables cannot be read: ") + sqlite3_errmsg(db),
         "the file is not a pledge registry of this p2c; check `database`");
  return Statement(raw);
}

/// A record of the registry that breaks its format: the field and what was expected instead.
struct BadField {
  std::string what;
};

std::string text(sqlite3_stmt* statement, int column) {
  const auto* chars = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
  return chars == nullptr ? std::string()
                          : std::string(chars, static_cast<std::size_t>(sqlite3_column_bytes(statement, column)));
}

std::string required_text(sqlite3_stmt* statement, int column, const char* field) {
  if (sqlite3_column_type(statement, column) != SQLITE_TEXT)
    throw BadField{std::string("field '") + field + "': expected text, found " +
                   (sqlite3_column_type(statement, column) == SQLITE_NULL ? "NULL" : "another type")};
  std::string value = text(statement, column);
  if (value.empty()) throw BadField{std::string("field '") + field + "' is empty"};
  if (!valid_utf8(value))
    throw BadField{std::string("field '") + field + "': expected UTF-8 text, found '" + printable(value) +
                   "'; correct the pledge with `p2c pledges import`"};
  if (value.find('|') != std::string::npos)
    throw BadField{std::string("field '") + field +
                   "': '|' separates list items and cannot appear in a value, found '" + printable(value) + "'"};
  return value;
}

Date required_date(sqlite3_stmt* statement, int column, const char* field) {
  const std::string value = text(statement, column);
  const auto date = parse_date(value);
  if (!date)
    throw BadField{std::string("field '") + field + "': expected a date YYYY-MM-DD, found '" + printable(value) + "'"};
  return *date;
}

/// An amount in USD: NULL is "not stated" (NaN); anything else must be a finite number >= 0.
double amount(sqlite3_stmt* statement, int column, const char* field) {
  const int type = sqlite3_column_type(statement, column);
  if (type == SQLITE_NULL) return kNotStated;
  if (type != SQLITE_INTEGER && type != SQLITE_FLOAT)
    throw BadField{std::string("field '") + field + "': expected a number or NULL, found text '" +
                   printable(text(statement, column)) + "'"};
  const double value = sqlite3_column_double(statement, column);
  if (!std::isfinite(value) || value < 0)
    throw BadField{std::string("field '") + field + "': expected an amount >= 0, found " + std::to_string(value)};
  return value;
}

/// A JSON array of non-empty strings without '|', as the registry keeps its lists.
std::vector<std::string> list(sqlite3_stmt* statement, int column, const char* field) {
  const std::string value = text(statement, column);
  const auto bad = [&](const std::string& what) {
    return BadField{std::string("field '") + field + "': expected a JSON array of codes, found '" + printable(value) +
                    "' (" + what + ")"};
  };
  // The database is a file another program may have written: its JSON is parsed as strictly as any input.
  nlohmann::json json;
  try {
    json = parse_json(value);
  } catch (const JsonError& e) {
    throw bad(e.what());
  }
  if (!json.is_array()) throw bad("not an array");
  std::vector<std::string> out;
  for (const auto& item : json) {
    if (!item.is_string()) throw bad("an item is not a string");
    const auto& code = item.get_ref<const std::string&>();
    if (code.empty() || code.find('|') != std::string::npos) throw bad("an item is empty or holds '|'");
    out.push_back(code);
  }
  return out;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : "|") + item;
  return out;
}

void read_pledges(sqlite3* db, const std::string& path, bool per_implementation, BatchSink& sink,
                  std::size_t batch_size) {
  const Statement statement = prepare(db, path,
                                      "SELECT id, origin_economy, pledged_on, value_usd, sector, pledge_type, "
                                      "focus_areas, implementation_economies, implementation_regions, start_date, "
                                      "end_date, status FROM pledges ORDER BY id");
  BatchWriter writer(sink, batch_size,
                     per_implementation
                         ? std::vector<std::string>{"pledge"}
                         : std::vector<std::string>{"pledge", "sector", "type", "focus_areas", "implementation",
                                                    "regions", "pledged_on", "start_date", "end_date", "status"});
  for (;;) {
    const int rc = sqlite3_step(statement.get());
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW)
      fail(path, std::string("reading the pledges failed: ") + sqlite3_errmsg(db), "check the file");
    const std::string id = text(statement.get(), 0);
    try {
      required_text(statement.get(), 0, "id");
      const std::string origin = required_text(statement.get(), 1, "origin_economy");
      const Date pledged = required_date(statement.get(), 2, "pledged_on");
      const double value = amount(statement.get(), 3, "value_usd");
      const auto economies = list(statement.get(), 7, "implementation_economies");
      if (per_implementation) {
        for (const auto& economy : economies) writer.add(economy, pledged.year, value, {id});
        continue;
      }
      const std::string sector = required_text(statement.get(), 4, "sector");
      const std::string type = required_text(statement.get(), 5, "pledge_type");
      const auto focus = list(statement.get(), 6, "focus_areas");
      const auto regions = list(statement.get(), 8, "implementation_regions");
      const Date start = required_date(statement.get(), 9, "start_date");
      const Date end = required_date(statement.get(), 10, "end_date");
      const std::string status = required_text(statement.get(), 11, "status");
      writer.add(origin, pledged.year, value,
                 {id, sector, type, joined(focus), joined(economies), joined(regions), to_string(pledged),
                  to_string(start), to_string(end), status});
    } catch (const BadField& bad) {
      sink.reject(path + ": pledge '" + printable(id) + "'", bad.what);
    }
  }
  writer.flush();
}

void read_reports(sqlite3* db, const std::string& path, BatchSink& sink, std::size_t batch_size) {
  const Statement statement =
      prepare(db, path,
              "SELECT r.pledge_id, p.origin_economy, r.reported_on, r.disbursed_usd, r.status FROM progress_reports r "
              "JOIN pledges p ON p.id = r.pledge_id ORDER BY r.pledge_id, r.reported_on");
  BatchWriter writer(sink, batch_size, {"pledge", "reported_on", "status"});
  for (;;) {
    const int rc = sqlite3_step(statement.get());
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW)
      fail(path, std::string("reading the reports failed: ") + sqlite3_errmsg(db), "check the file");
    const std::string id = text(statement.get(), 0);
    try {
      const std::string origin = required_text(statement.get(), 1, "origin_economy");
      const Date reported = required_date(statement.get(), 2, "reported_on");
      const double disbursed = amount(statement.get(), 3, "disbursed_usd");
      const std::string status = required_text(statement.get(), 4, "status");
      writer.add(origin, reported.year, disbursed, {id, to_string(reported), status});
    } catch (const BadField& bad) {
      sink.reject(
          path + ": report of pledge '" + printable(id) + "' dated '" + printable(text(statement.get(), 2)) + "'",
          bad.what);
    }
  }
  writer.flush();
}

std::size_t batch_size_option(const Options& options) {
  const std::int64_t value = options.integer("batch_size");
  if (value <= 0)
    throw std::invalid_argument("option 'batch_size' must be greater than 0, found " + std::to_string(value));
  return static_cast<std::size_t>(value);
}

}  // namespace

PledgesSource::PledgesSource(const Options& options)
    : database_(options.string("database")), batch_size_(batch_size_option(options)) {
  if (database_.empty()) throw std::invalid_argument("option 'database' must not be empty");
}

std::vector<SeriesInfo> PledgesSource::describe() const {
  return {
      {kPledgesSeries, "USD", "P2C pledges, one row per pledge, value in USD (NaN: not stated); " + database_},
      {kReportsSeries, "USD", "P2C pledge progress reports, cumulative disbursed USD (NaN: not stated); " + database_},
      {kImplementationSeries, "USD", "P2C pledges, one row per implementation economy; " + database_},
  };
}

void PledgesSource::read(const std::string& series_id, BatchSink& sink) {
  if (series_id != kPledgesSeries && series_id != kReportsSeries && series_id != kImplementationSeries)
    throw std::invalid_argument("this source delivers '" + std::string(kPledgesSeries) + "', '" + kReportsSeries +
                                "' and '" + kImplementationSeries + "', not '" + series_id + "'");
  const Database db = open_registry(database_);
  if (series_id == kReportsSeries)
    read_reports(db.get(), database_, sink, batch_size_);
  else
    read_pledges(db.get(), database_, series_id == kImplementationSeries, sink, batch_size_);
}

}  // namespace p2c::plugins

P2C_PLUGIN(p2c::plugins::PledgesSource, "pledges_sqlite", "1.0.0",
           "P2C pledge registry (SQLite): pledges, progress reports and implementation economies as series",
           kPledgesOptions)
