// Small RAII wrappers over the SQLite C API (SDK component p2c::sqlite), shared by the host's run history and
// pledge registry and by plugins that read SQLite files.
//
// Every failure throws the owner's exception type with a message naming the database file, so each owner
// describes itself once in a traits struct:
//
//   struct HistoryDatabase {
//     using Error = HistoryError;                          // thrown on any SQLite failure
//     static constexpr const char* label = "run history";  // how messages name the database
//   };
//   using Statement = sqlite::Statement<HistoryDatabase>;
#pragma once

#include <fmt/format.h>
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace p2c::sqlite {

/// Throws `Database::Error` with "<label> '<file>': <what>: <SQLite's message>".
template <typename Database>
[[noreturn]] void fail(sqlite3* db, const std::filesystem::path& file, std::string_view what) {
  throw typename Database::Error(
      fmt::format("{} '{}': {}: {}", Database::label, file.string(), what, sqlite3_errmsg(db)));
}

/// Runs SQL without results (one or more statements).
template <typename Database>
void exec(sqlite3* db, const std::filesystem::path& file, const char* sql, std::string_view what) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail<Database>(db, file, what);
}

/// A prepared statement. Text is bound without copying: it must outlive the next step().
template <typename Database>
class Statement {
 public:
  Statement(sqlite3* db, const std::filesystem::path& file, std::string_view sql) : db_(db), file_(file) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &statement_, nullptr) != SQLITE_OK)
      fail<Database>(db_, file_, "cannot prepare a query");
  }
  ~Statement() { sqlite3_finalize(statement_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void text(int index, std::string_view value) {
    check(sqlite3_bind_text(statement_, index, value.data() == nullptr ? "" : value.data(),
                            static_cast<int>(value.size()), SQLITE_STATIC));
  }
  void text(int index, const char* value) { text(index, std::string_view(value)); }
  /// The text is bound without a copy: a temporary would be gone before the statement runs.
  void text(int index, std::string&& value) = delete;
  /// Empty text is stored as NULL.
  void text_or_null(int index, std::string_view value) {
    if (value.empty()) return null(index);
    text(index, value);
  }
  /// The bytes are bound without a copy, as text is.
  void blob(int index, std::span<const std::uint8_t> bytes) {
    check(sqlite3_bind_blob(statement_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC));
  }
  void integer(int index, std::int64_t value) { check(sqlite3_bind_int64(statement_, index, value)); }
  void real(int index, double value) { check(sqlite3_bind_double(statement_, index, value)); }
  void real(int index, const std::optional<double>& value) {
    if (!value) return null(index);
    real(index, *value);
  }
  void null(int index) { check(sqlite3_bind_null(statement_, index)); }

  /// True when a row is available, false when done.
  bool step(std::string_view what = "query failed") {
    const int status = sqlite3_step(statement_);
    if (status == SQLITE_ROW) return true;
    if (status == SQLITE_DONE) return false;
    sqlite3_reset(statement_);
    fail<Database>(db_, file_, what);
  }
  /// Runs an insert or update and makes the statement ready for new bindings.
  void execute(std::string_view what) {
    step(what);
    sqlite3_reset(statement_);
  }

  /// Makes a query ready to run again with new bindings, also after reading only some of its rows.
  void reset() { sqlite3_reset(statement_); }

  std::string text(int column) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    if (data == nullptr) return {};
    return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
  }
  std::int64_t integer(int column) const { return sqlite3_column_int64(statement_, column); }
  double real(int column) const { return sqlite3_column_double(statement_, column); }
  std::optional<double> optional_real(int column) const {
    if (sqlite3_column_type(statement_, column) == SQLITE_NULL) return std::nullopt;
    return real(column);
  }
  bool is_null(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }

 private:
  void check(int status) {
    if (status != SQLITE_OK) fail<Database>(db_, file_, "cannot bind a query parameter");
  }

  sqlite3* db_;
  const std::filesystem::path& file_;
  sqlite3_stmt* statement_ = nullptr;
};

/// BEGIN ... COMMIT, rolled back unless committed. A write transaction is IMMEDIATE: it takes the write
/// lock at once, so two processes writing the same file wait for each other (busy timeout) instead of
/// failing mid-way. A read transaction makes several SELECTs see one consistent state of the file.
template <typename Database>
class Transaction {
 public:
  enum class Mode { write, read };

  Transaction(sqlite3* db, const std::filesystem::path& file, Mode mode = Mode::write) : db_(db), file_(file) {
    exec<Database>(db_, file_, mode == Mode::write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED",
                   "cannot start a transaction");
  }
  ~Transaction() {
    if (open_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void commit() {
    exec<Database>(db_, file_, "COMMIT", "cannot commit");
    open_ = false;
  }

 private:
  sqlite3* db_;
  const std::filesystem::path& file_;
  bool open_ = true;
};

/// PRAGMA user_version: the schema version a database records.
template <typename Database>
int user_version(sqlite3* db, const std::filesystem::path& file) {
  Statement<Database> query(db, file, "PRAGMA user_version");
  if (!query.step("cannot read the schema version")) return 0;
  return static_cast<int>(query.integer(0));
}

/// Opens `file` with sqlite3_open_v2 `flags`; throws "cannot open the <label> '<file>': <reason>". The caller
/// owns the handle and closes it with sqlite3_close.
template <typename Database>
sqlite3* open(const std::filesystem::path& file, int flags) {
  sqlite3* db = nullptr;
  if (const int status = sqlite3_open_v2(file.c_str(), &db, flags, nullptr); status != SQLITE_OK) {
    const std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(status);
    sqlite3_close(db);  // SQLite allocates a handle even when opening fails
    throw typename Database::Error(fmt::format("cannot open the {} '{}': {}", Database::label, file.string(), message));
  }
  return db;
}

/// Switches to write-ahead logging, so that readers and the one writer do not block each other.
template <typename Database>
void use_wal(sqlite3* db, const std::filesystem::path& file) {
  Statement<Database> wal(db, file, "PRAGMA journal_mode = WAL");
  wal.step("cannot switch to WAL mode");
}

/// One schema version: SQL, then, when set, C++ code run after it in the same transaction, for what SQL alone
/// cannot compute (e.g. a content hash over many rows). The code throws on failure, which rolls back.
struct Migration {
  const char* sql = nullptr;
  void (*code)(sqlite3* db, const std::filesystem::path& file) = nullptr;
};

/// Brings a database to the latest schema in one write transaction: migration N (1-based) takes it from
/// user_version N-1 to N. The version is read again under the write lock, since another process may have
/// migrated in the meantime. Returns how many migrations ran; throws when the file is newer than `migrations`.
template <typename Database>
int migrate(sqlite3* db, const std::filesystem::path& file, std::span<const Migration> migrations) {
  const int latest = static_cast<int>(migrations.size());
  Transaction<Database> transaction(db, file);
  const int found = user_version<Database>(db, file);
  if (found > latest)
    throw typename Database::Error(fmt::format("the {} '{}' has schema version {}, newer than this p2c's {}",
                                               Database::label, file.string(), found, latest));
  int applied = 0;
  for (int version = found + 1; version <= latest; ++version, ++applied) {
    const Migration& migration = migrations[static_cast<std::size_t>(version - 1)];
    exec<Database>(db, file, migration.sql, fmt::format("migration to schema version {} failed", version));
    if (migration.code != nullptr) migration.code(db, file);
  }
  exec<Database>(db, file, fmt::format("PRAGMA user_version = {}", latest).c_str(), "cannot set the schema version");
  transaction.commit();
  return applied;
}

/// migrate() for migrations that are SQL only.
template <typename Database>
int migrate(sqlite3* db, const std::filesystem::path& file, std::span<const char* const> migrations) {
  std::vector<Migration> steps;
  steps.reserve(migrations.size());
  for (const char* sql : migrations) steps.push_back(Migration{sql, nullptr});
  return migrate<Database>(db, file, std::span<const Migration>(steps));
}

}  // namespace p2c::sqlite
