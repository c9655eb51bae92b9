#include "history_value_sets.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <memory>
#include <optional>

#include "p2c/json.h"

namespace p2c::host::history_store {
namespace {

// The canonical bytes of a row: fixed-width numbers and length-prefixed text, so that no two different rows
// share them. A value is normalised as SQLite stores it: NaN is NULL, and -0.0 is 0.
void append_number(std::string& out, std::uint64_t number) {
  char bytes[8];  // little-endian, whatever the machine's order
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((number >> (8 * i)) & 0xff);
  out.append(bytes, sizeof bytes);
}
void append_text(std::string& out, std::string_view text) {
  append_number(out, text.size());
  out += text;
}
void append_real(std::string& out, std::optional<double> value) {
  if (value && std::isnan(*value)) value.reset();
  out += value ? '\1' : '\0';
  if (!value) return;
  const double normal = *value == 0 ? 0.0 : *value;
  std::uint64_t bits = 0;
  std::memcpy(&bits, &normal, sizeof bits);
  append_number(out, bits);
}

void append_row(std::string& out, const StoredResult& row) {
  append_text(out, row.entity);
  append_text(out, row.entity_kind);
  append_number(out, static_cast<std::uint64_t>(static_cast<std::int64_t>(row.year)));
  append_real(out, row.value);
  append_text(out, row.unit);
  append_text(out, row.status);
  out += row.coverage ? '\1' : '\0';
  if (row.coverage) {
    append_number(out, row.coverage->members_with_data);
    append_number(out, row.coverage->members);
    append_real(out, row.coverage->population_share);
    append_number(out, row.coverage->members_observed);
    append_real(out, row.coverage->observed_population_share);
  }
  append_text(out, row.flags);
  append_text(out, row.reason);
}

// A text column of the current row of `row` as read_result() reads it (NULL is empty), without a copy.
std::string_view column_text(sqlite3_stmt* row, int column) {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(row, column));
  if (data == nullptr) return {};
  return {data, static_cast<std::size_t>(sqlite3_column_bytes(row, column))};
}

std::optional<double> column_real(sqlite3_stmt* row, int column) {
  if (sqlite3_column_type(row, column) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_double(row, column);
}

std::uint64_t column_unsigned(sqlite3_stmt* row, int column) {
  return static_cast<std::uint32_t>(sqlite3_column_int64(row, column));
}

// The canonical bytes of the stored row of a value_rows query (the value columns, from column 0), the same as
// append_row(read_result(row)) without building a StoredResult.
void append_stored_row(std::string& out, sqlite3_stmt* row) {
  append_text(out, column_text(row, 0));
  append_text(out, column_text(row, 1));
  append_number(out, static_cast<std::uint64_t>(
                         static_cast<std::int64_t>(static_cast<std::int32_t>(sqlite3_column_int64(row, 2)))));
  append_real(out, column_real(row, 3));
  append_text(out, column_text(row, 4));
  append_text(out, column_text(row, 5));
  const bool coverage = sqlite3_column_type(row, 6) != SQLITE_NULL;
  out += coverage ? '\1' : '\0';
  if (coverage) {
    append_number(out, column_unsigned(row, 6));
    append_number(out, column_unsigned(row, 7));
    append_real(out, sqlite3_column_double(row, 8));
    append_number(out, column_unsigned(row, 11));
    append_real(out, sqlite3_column_double(row, 12));
  }
  append_text(out, column_text(row, 9));
  append_text(out, column_text(row, 10));
}

}  // namespace

std::uint64_t fnv1a(std::string_view bytes, std::uint64_t hash) {
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  return hash;
}

StoredResult stored_result(const RunReport& report, std::size_t i) {
  const Record& record = report.records[i];
  StoredResult row;
  row.metric = report.metric_of(i).id;
  row.entity = report.entity_of(i);
  row.entity_kind = to_string(record.entity_kind);
  row.year = record.year;
  row.value = record.value;
  row.unit = report.metric_of(i).info.unit;
  row.status = to_string(record.status);
  row.coverage = record.coverage;
  row.flags = flags_to_string(record.flags);
  row.reason = record.reason;
  return row;
}

StoredMetric stored_metric(const CatalogueEntry& entry) {
  const MetricInfo& info = entry.info;
  return StoredMetric{entry.id,
                      entry.plugin,
                      info.name,
                      info.title,
                      info.unit,
                      info.description,
                      std::string(to_string(info.focus_area)),
                      info.wsis_lines,
                      info.sdg_indicators,
                      std::string(to_string(info.direction)),
                      info.target,
                      info.target_year,
                      std::string(to_string(info.aggregation))};
}

StoredResult read_result(const Statement& row, std::string metric, int first) {
  StoredResult result;
  result.metric = std::move(metric);
  result.entity = row.text(first);
  result.entity_kind = row.text(first + 1);
  result.year = static_cast<std::int32_t>(row.integer(first + 2));
  result.value = row.optional_real(first + 3);
  result.unit = row.text(first + 4);
  result.status = row.text(first + 5);
  if (!row.is_null(first + 6))
    result.coverage =
        Coverage{static_cast<std::uint32_t>(row.integer(first + 6)), static_cast<std::uint32_t>(row.integer(first + 7)),
                 row.real(first + 8), static_cast<std::uint32_t>(row.integer(first + 11)), row.real(first + 12)};
  result.flags = row.text(first + 9);
  result.reason = row.text(first + 10);
  return result;
}

// A prepared statement read through the C API, for columns read without copying them into strings.
using RawStatement = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

RawStatement prepare(sqlite3* db, const std::filesystem::path& file, const std::string& sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &statement, nullptr) != SQLITE_OK)
    sqlite::fail<HistoryDatabase>(db, file, "cannot prepare a query");
  return RawStatement(statement, &sqlite3_finalize);
}

struct ValueSetWriter::Impl {
  Impl(sqlite3* db, const std::filesystem::path& file)
      : db_(db),
        file_(file),
        candidates_(db, file, "SELECT id FROM value_sets WHERE hash = ?1 AND metric = ?2 AND row_count = ?3"),
        stored_rows_(prepare(
            db, file, fmt::format("SELECT {} FROM value_rows WHERE set_id = ?1 ORDER BY position", value_columns))),
        insert_set_(db, file, "INSERT INTO value_sets (metric, hash, row_count) VALUES (?1, ?2, ?3)"),
        link_(db, file, "INSERT INTO run_value_sets VALUES (?1, ?2)") {}

  void store(const std::string& run_id, const std::string& metric, const std::vector<StoredResult>& rows) {
    // Hashed row by row through one small buffer: the canonical bytes of a whole metric never exist at once.
    std::uint64_t hash = fnv1a(metric);
    for (const auto& row : rows) {
      row_bytes_.clear();
      append_row(row_bytes_, row);
      hash = fnv1a(row_bytes_, hash);
    }
    auto id = find(metric, rows, static_cast<std::int64_t>(hash));
    if (!id) id = insert(metric, rows, static_cast<std::int64_t>(hash));
    link_.text(1, run_id);
    link_.integer(2, *id);
    link_.execute("cannot store the results");
  }

  std::optional<std::int64_t> find(const std::string& metric, const std::vector<StoredResult>& rows,
                                   std::int64_t hash) {
    candidates_.integer(1, hash);
    candidates_.text(2, metric);
    candidates_.integer(3, static_cast<std::int64_t>(rows.size()));
    std::vector<std::int64_t> ids;
    while (candidates_.step()) ids.push_back(candidates_.integer(0));
    candidates_.reset();
    for (const std::int64_t id : ids)
      if (stored_rows_equal(id, rows)) return id;
    return std::nullopt;
  }

  // Whether value set `id` holds `rows`, compared by their canonical bytes row by row: the usual case, an unchanged
  // metric, reads every stored row once without a copy of its text, and a difference stops at its row.
  bool stored_rows_equal(std::int64_t id, const std::vector<StoredResult>& rows) {
    sqlite3_stmt* const query = stored_rows_.get();
    sqlite3_reset(query);
    if (sqlite3_bind_int64(query, 1, id) != SQLITE_OK)
      sqlite::fail<HistoryDatabase>(db_, file_, "cannot bind a query parameter");
    std::size_t position = 0;
    bool equal = true;
    for (;;) {
      const int status = sqlite3_step(query);
      if (status == SQLITE_DONE) break;
      if (status != SQLITE_ROW) {
        sqlite3_reset(query);
        sqlite::fail<HistoryDatabase>(db_, file_, "query failed");
      }
      if (position == rows.size()) {
        equal = false;
        break;
      }
      row_bytes_.clear();
      append_row(row_bytes_, rows[position++]);
      stored_bytes_.clear();
      append_stored_row(stored_bytes_, query);
      if (stored_bytes_ != row_bytes_) {
        equal = false;
        break;
      }
    }
    sqlite3_reset(query);
    return equal && position == rows.size();
  }

  std::int64_t insert(const std::string& metric, const std::vector<StoredResult>& rows, std::int64_t hash) {
    insert_set_.text(1, metric);
    insert_set_.integer(2, hash);
    insert_set_.integer(3, static_cast<std::int64_t>(rows.size()));
    insert_set_.execute("cannot store the results");
    const std::int64_t id = sqlite3_last_insert_rowid(db_);
    insert_rows(id, rows);
    return id;
  }

  // Multi-row INSERTs of `batch` rows: one statement execution per batch instead of one per row. Each size is
  // prepared once per writer: a run stores some 300 metrics, most of them ending in a batch of their own size.
  void insert_rows(std::int64_t id, const std::vector<StoredResult>& rows) {
    for (std::size_t first = 0; first < rows.size(); first += batch) {
      const std::size_t count = std::min(batch, rows.size() - first);
      auto& insert = inserts_[count - 1];
      if (!insert) insert = std::make_unique<Statement>(db_, file_, insert_sql(count));
      for (std::size_t row = 0; row < count; ++row) bind(*insert, row, id, first + row, rows[first + row]);
      insert->execute("cannot store the results");
    }
  }

  // Anonymous parameters, numbered 1, 2, ... in order as ?NNN would be: SQLite looks each ?NNN up among those
  // before it while preparing, which made preparing a batch of 750 parameters cost more than running it.
  static std::string insert_sql(std::size_t rows) {
    std::string sql = "INSERT INTO value_rows VALUES ";
    for (std::size_t row = 0; row < rows; ++row) {
      sql += row == 0 ? "(" : ",(";
      for (int column = 1; column <= columns; ++column) sql += column == 1 ? "?" : ",?";
      sql += ")";
    }
    return sql;
  }

  static void bind(Statement& insert, std::size_t row, std::int64_t id, std::size_t position,
                   const StoredResult& result) {
    const int base = static_cast<int>(row) * columns;
    insert.integer(base + 1, id);
    insert.integer(base + 2, static_cast<std::int64_t>(position));
    insert.text(base + 3, result.entity);
    insert.text(base + 4, result.entity_kind);
    insert.integer(base + 5, result.year);
    insert.real(base + 6, result.value);
    insert.text(base + 7, result.unit);
    insert.text_or_null(base + 8, result.status);
    if (result.coverage) {
      insert.integer(base + 9, result.coverage->members_with_data);
      insert.integer(base + 10, result.coverage->members);
      insert.real(base + 11, result.coverage->population_share);
      insert.integer(base + 14, result.coverage->members_observed);
      insert.real(base + 15, result.coverage->observed_population_share);
    } else {
      for (int column : {9, 10, 11, 14, 15}) insert.null(base + column);
    }
    insert.text_or_null(base + 12, result.flags);
    insert.text_or_null(base + 13, result.reason);
  }

  static constexpr std::size_t batch = 50;
  static constexpr int columns = 15;
  sqlite3* db_;
  const std::filesystem::path& file_;
  Statement candidates_;
  RawStatement stored_rows_;
  Statement insert_set_;
  Statement link_;
  std::array<std::unique_ptr<Statement>, batch> inserts_;  ///< by row count - 1
  std::string row_bytes_;
  std::string stored_bytes_;
};

struct CatalogueWriter::Impl {
  Impl(sqlite3* db, const std::filesystem::path& file)
      : db_(db),
        find_(db, file,
              "SELECT entry_id FROM catalogue_entries WHERE id = ?1 AND plugin = ?2 AND name = ?3 AND title = ?4 "
              "AND unit = ?5 AND description = ?6 AND focus_area = ?7 AND wsis_lines = ?8 AND sdg_indicators = ?9 "
              "AND direction = ?10 AND target IS ?11 AND target_year = ?12 AND aggregation = ?13 LIMIT 1"),
        insert_(db, file,
                "INSERT INTO catalogue_entries (id, plugin, name, title, unit, description, focus_area, wsis_lines, "
                "sdg_indicators, direction, target, target_year, aggregation) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"),
        link_(db, file, "INSERT INTO run_catalogue VALUES (?1, ?2)") {}

  void store(const std::string& run_id, const StoredMetric& metric) {
    const std::string wsis = json_string_array(metric.wsis_lines);
    const std::string sdg = json_string_array(metric.sdg_indicators);
    for (Statement* statement : {&find_, &insert_}) {
      statement->text(1, metric.id);
      statement->text(2, metric.plugin);
      statement->text(3, metric.name);
      statement->text(4, metric.title);
      statement->text(5, metric.unit);
      statement->text(6, metric.description);
      statement->text(7, metric.focus_area);
      statement->text(8, wsis);
      statement->text(9, sdg);
      statement->text(10, metric.direction);
      statement->real(11, metric.target);
      statement->integer(12, metric.target_year);
      statement->text(13, metric.aggregation);
    }
    std::int64_t id = 0;
    if (find_.step()) {
      id = find_.integer(0);
    } else {
      insert_.execute("cannot store the metric catalogue");
      id = sqlite3_last_insert_rowid(db_);
    }
    find_.reset();
    link_.text(1, run_id);
    link_.integer(2, id);
    link_.execute("cannot store the metric catalogue");
  }

  sqlite3* db_;
  Statement find_;
  Statement insert_;
  Statement link_;
};

ValueSetWriter::ValueSetWriter(sqlite3* db, const std::filesystem::path& file)
    : impl_(std::make_unique<Impl>(db, file)) {}
ValueSetWriter::~ValueSetWriter() = default;
void ValueSetWriter::store(const std::string& run_id, const std::string& metric,
                           const std::vector<StoredResult>& rows) {
  impl_->store(run_id, metric, rows);
}

CatalogueWriter::CatalogueWriter(sqlite3* db, const std::filesystem::path& file)
    : impl_(std::make_unique<Impl>(db, file)) {}
CatalogueWriter::~CatalogueWriter() = default;
void CatalogueWriter::store(const std::string& run_id, const StoredMetric& metric) { impl_->store(run_id, metric); }

}  // namespace p2c::host::history_store
