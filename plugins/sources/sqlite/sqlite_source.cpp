#include "sqlite_source.h"

#include <sqlite3.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <system_error>

#include "p2c/batch_writer.h"
#include "p2c/sqlite/read_only_database.h"

namespace {

constexpr p2c_option_spec kSqliteOptions[] = {
    {"path", P2C_OPTION_PATH, nullptr, 1,
     "The SQLite database (relative to the config file's folder); opened read-only, never created"},
    {"series", P2C_OPTION_STRING, nullptr, 1, "Id of the series this source delivers, e.g. \"itu.internet_users\""},
    {"query", P2C_OPTION_STRING, nullptr, 1,
     "One SQL SELECT whose first three columns are economy (text), year (integer) and value (number; NULL = no "
     "observation)"},
    {"unit", P2C_OPTION_STRING, "\"\"", 0, "Unit of the values, e.g. \"%\""},
    {"batch_size", P2C_OPTION_INTEGER, "4096", 0, "Rows per batch handed to the host"},
};

}  // namespace

namespace p2c::plugins {
namespace {

constexpr std::int64_t kFirstYear = 1900;
constexpr std::int64_t kLastYear = 2200;
// Another process writing the database holds its lock for moments; waiting beats failing the source.
constexpr int kBusyTimeoutMs = 10000;

using Database = sqlite::DatabaseHandle;
using Statement = sqlite::StatementHandle;

std::string_view trim(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::size_t batch_size_option(const Options& options) {
  const std::int64_t value = options.integer("batch_size");
  if (value <= 0)
    throw std::invalid_argument("option 'batch_size' must be greater than 0, found " + std::to_string(value));
  return static_cast<std::size_t>(value);
}

[[noreturn]] void fail_to_open(const std::string& path, const std::string& reason) {
  throw std::runtime_error("cannot open '" + path + "': " + reason + "; check the `path` option of this source");
}

Database open_database(const std::string& path) {
  try {
    return sqlite::open_read_only(path, kBusyTimeoutMs);
  } catch (const sqlite::OpenError& e) {
    switch (e.problem) {
      case sqlite::OpenError::Problem::missing: fail_to_open(path, std::generic_category().message(ENOENT));
      case sqlite::OpenError::Problem::folder: fail_to_open(path, std::generic_category().message(EISDIR));
      default: fail_to_open(path, e.what());
    }
  }
}

/// A cell as a message shows it: NULL, 2020, real 2020.5, text '2020', a blob of 3 bytes. The storage class is
/// named because it is often the problem: a year stored as text or real looks like a year when printed.
std::string describe_cell(sqlite3_stmt* statement, int column) {
  switch (sqlite3_column_type(statement, column)) {
    case SQLITE_NULL: return "NULL";
    case SQLITE_INTEGER: return std::to_string(sqlite3_column_int64(statement, column));
    case SQLITE_FLOAT: {
      char buffer[64];
      const auto result = std::to_chars(buffer, buffer + sizeof buffer, sqlite3_column_double(statement, column));
      return "real " + std::string(buffer, result.ptr);
    }
    case SQLITE_TEXT: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
      return "text '" + std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, column))) + "'";
    }
    default: return "a blob of " + std::to_string(sqlite3_column_bytes(statement, column)) + " bytes";
  }
}

std::string column_name(sqlite3_stmt* statement, int column) {
  if (const char* name = sqlite3_column_name(statement, column)) return name;
  std::string position = "#";  // appended, not "#" + ...: GCC 12 -O3 warns falsely (-Wrestrict) on that form
  position += std::to_string(column + 1);
  return position;
}

/// A result row turned into an observation, or the reason to reject it; neither means "skip silently".
struct RowResult {
  std::optional<std::string_view> code;  ///< points into SQLite's buffer, valid until the next step
  std::int32_t year = 0;
  double value = 0;
  std::string rejection;
};

RowResult parse_row(sqlite3_stmt* statement) {
  RowResult result;
  const auto expected = [&](std::string_view what, int column) {
    result.rejection = "expected " + std::string(what) + " in column '" + column_name(statement, column) + "', found " +
                       describe_cell(statement, column);
    return result;
  };

  // Economy: text, or an integer such as an M49 number, which SQLite renders as text.
  const int economy_type = sqlite3_column_type(statement, 0);
  if (economy_type != SQLITE_TEXT && economy_type != SQLITE_INTEGER) return expected("an economy code", 0);
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  const std::string_view code =
      trim(std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, 0))));
  if (code.empty()) {
    result.rejection = "empty economy code in column '" + column_name(statement, 0) + "'";
    return result;
  }

  // Year: only an integer. Text such as '2020' or a real 2020.0 point at a schema the query should CAST.
  if (sqlite3_column_type(statement, 1) != SQLITE_INTEGER) return expected("an integer year", 1);
  const std::int64_t year = sqlite3_column_int64(statement, 1);
  if (year < kFirstYear || year > kLastYear) return expected("a year", 1);

  // Value: NULL is the database's way of saying "no observation", like an empty cell in a CSV file.
  const int value_type = sqlite3_column_type(statement, 2);
  if (value_type == SQLITE_NULL) return result;
  if (value_type != SQLITE_INTEGER && value_type != SQLITE_FLOAT) return expected("a number", 2);
  const double value = sqlite3_column_double(statement, 2);
  if (!std::isfinite(value)) return expected("a finite number", 2);

  result.code = code;
  result.year = static_cast<std::int32_t>(year);
  result.value = value;
  return result;
}

}  // namespace

SqliteSource::SqliteSource(const Options& options)
    : path_(options.string("path")),
      series_(options.string("series")),
      query_(options.string("query")),
      unit_(options.string("unit")),
      batch_size_(batch_size_option(options)) {
  if (series_.empty()) throw std::invalid_argument("option 'series' must not be empty");
  if (trim(query_).empty()) throw std::invalid_argument("option 'query' must not be empty");
}

std::vector<SeriesInfo> SqliteSource::describe() const {
  return {SeriesInfo{series_, unit_, "SQLite database " + path_}};
}

void SqliteSource::read(const std::string& series_id, BatchSink& sink) {
  if (series_id != series_)
    throw std::invalid_argument("this source delivers the series '" + series_ + "', not '" + series_id + "'");
  const Database db = open_database(path_);
  const auto sql_error = [&](std::string_view what) {
    return std::runtime_error(path_ + ": " + std::string(what) + "; check the `query` option (query: " + query_ + ")");
  };

  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  if (sqlite3_prepare_v2(db.get(), query_.c_str(), static_cast<int>(query_.size() + 1), &raw, &tail) != SQLITE_OK)
    throw sql_error(std::string("SQL error: ") + sqlite3_errmsg(db.get()));
  const Statement statement(raw);
  if (!statement) throw sql_error("the query holds no SQL statement");
  // Only the first statement would run; a second one is almost certainly a mistake, so refuse it. What follows may
  // still be comments and semicolons, which prepare to no statement at all.
  while (tail != nullptr && *tail != '\0') {
    sqlite3_stmt* next = nullptr;
    const int rc = sqlite3_prepare_v2(db.get(), tail, -1, &next, &tail);
    const Statement extra(next);
    if (rc != SQLITE_OK) throw sql_error(std::string("SQL error: ") + sqlite3_errmsg(db.get()));
    if (extra) throw sql_error("the query holds more than one SQL statement; give exactly one SELECT");
  }
  if (!sqlite3_stmt_readonly(statement.get())) throw sql_error("the query would change the database; give a SELECT");
  if (const int count = sqlite3_column_count(statement.get()); count < 3)
    throw sql_error("the query yields " + std::to_string(count) +
                    " column(s); expected at least three: economy, year, value");

  BatchWriter writer(sink, batch_size_);
  std::uint64_t row = 0;
  for (;;) {
    const int rc = sqlite3_step(statement.get());
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) throw sql_error(std::string("SQL error: ") + sqlite3_errmsg(db.get()));
    ++row;
    const RowResult result = parse_row(statement.get());
    if (result.code)
      writer.add(*result.code, result.year, result.value);
    else if (!result.rejection.empty())
      sink.reject(path_ + ": row " + std::to_string(row), result.rejection);
  }
  writer.flush();
}

}  // namespace p2c::plugins

P2C_PLUGIN(p2c::plugins::SqliteSource, "sqlite", "1.0.0", "SQLite database: one series from an SQL query",
           kSqliteOptions)
