#include "history_value_sets.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <memory>
#include <optional>

#include "p2c/json.h"
#include "sha256.h"

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

void append_row(std::string& out, const RowView& row) {
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

// The current row of a value_rows query (the value columns, from column 0) as read_result() reads it, its text
// valid until the next step.
RowView stored_row(sqlite3_stmt* row) {
  RowView view;
  view.entity = column_text(row, 0);
  view.entity_kind = column_text(row, 1);
  view.year = static_cast<std::int32_t>(sqlite3_column_int64(row, 2));
  if (sqlite3_column_type(row, 3) != SQLITE_NULL) view.value = sqlite3_column_double(row, 3);
  view.unit = column_text(row, 4);
  view.status = column_text(row, 5);
  if (sqlite3_column_type(row, 6) != SQLITE_NULL)
    view.coverage = Coverage{static_cast<std::uint32_t>(sqlite3_column_int64(row, 6)),
                             static_cast<std::uint32_t>(sqlite3_column_int64(row, 7)), sqlite3_column_double(row, 8),
                             static_cast<std::uint32_t>(sqlite3_column_int64(row, 11)), sqlite3_column_double(row, 12)};
  view.flags = column_text(row, 9);
  view.reason = column_text(row, 10);
  return view;
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

ReportRows::ReportRows(const RunReport& report, std::span<const std::uint32_t> records)
    : report_(report), records_(records) {}

RowView ReportRows::row(std::size_t i) const {
  const std::size_t index = records_[i];
  const Record& record = report_.records[index];
  auto flags = flag_names_.find(record.flags);
  if (flags == flag_names_.end()) flags = flag_names_.emplace(record.flags, flags_to_string(record.flags)).first;
  return RowView{report_.entity_of(index),
                 to_string(record.entity_kind),
                 record.year,
                 record.value,
                 report_.metric_of(index).info.unit,
                 to_string(record.status),
                 record.coverage,
                 flags->second,
                 record.reason};
}

RowView StoredRows::row(std::size_t i) const {
  const StoredResult& row = rows_[i];
  return RowView{row.entity, row.entity_kind, row.year,  row.value, row.unit,
                 row.status, row.coverage,    row.flags, row.reason};
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

namespace {

// A prepared statement read through the C API, for columns read without copying them into strings.
using RawStatement = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

RawStatement prepare(sqlite3* db, const std::filesystem::path& file, const std::string& sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &statement, nullptr) != SQLITE_OK)
    sqlite::fail<HistoryDatabase>(db, file, "cannot prepare a query");
  return RawStatement(statement, &sqlite3_finalize);
}

// Canonical bytes go to the digest in pieces of about this size: one libcrypto call per row would cost more than
// hashing the row.
constexpr std::size_t digest_piece = 64 * 1024;

// The digest identifying a value set: the metric's name, then its rows, in canonical bytes. `append_rows(out)`
// appends rows to `out` and returns false when there are none left.
template <typename AppendRows>
Sha256Digest set_digest(std::string_view metric, std::string& buffer, AppendRows append_rows) {
  Sha256 digest;
  buffer.clear();
  append_text(buffer, metric);
  while (append_rows(buffer)) {
    if (buffer.size() < digest_piece) continue;
    digest.update(buffer);
    buffer.clear();
  }
  digest.update(buffer);
  return digest.finish();
}

// A value set's `hash` column, NOT NULL since schema 3 and read by nothing since schema 4: the digest's first bytes.
std::int64_t hash_of(const Sha256Digest& digest) {
  std::uint64_t hash = 0;
  for (int i = 0; i < 8; ++i) hash = hash << 8 | digest[static_cast<std::size_t>(i)];
  return static_cast<std::int64_t>(hash);
}

// Steps `query`, failing on an error: true while it has a row.
bool step_row(sqlite3* db, const std::filesystem::path& file, sqlite3_stmt* query) {
  const int status = sqlite3_step(query);
  if (status == SQLITE_ROW) return true;
  if (status == SQLITE_DONE) return false;
  sqlite3_reset(query);
  sqlite::fail<HistoryDatabase>(db, file, "query failed");
}

}  // namespace

struct ValueSetWriter::Impl {
  Impl(sqlite3* db, const std::filesystem::path& file, SetIdentity identity)
      : db_(db),
        file_(file),
        identity_(identity),
        by_digest_(identity == SetIdentity::digest
                       ? std::make_unique<Statement>(db, file, "SELECT id FROM value_sets WHERE digest = ?1")
                       : nullptr),
        candidates_(identity == SetIdentity::hash_and_rows
                        ? std::make_unique<Statement>(
                              db, file, "SELECT id FROM value_sets WHERE hash = ?1 AND metric = ?2 AND row_count = ?3")
                        : nullptr),
        stored_rows_(prepare(
            db, file, fmt::format("SELECT {} FROM value_rows WHERE set_id = ?1 ORDER BY position", value_columns))),
        insert_set_(db, file,
                    identity == SetIdentity::digest
                        ? "INSERT INTO value_sets (metric, hash, row_count, digest) VALUES (?1, ?2, ?3, ?4)"
                        : "INSERT INTO value_sets (metric, hash, row_count) VALUES (?1, ?2, ?3)"),
        link_(db, file, "INSERT INTO run_value_sets VALUES (?1, ?2)") {}

  void store(const std::string& run_id, const std::string& metric, const MetricRows& rows) {
    const auto id = identity_ == SetIdentity::digest ? store_by_digest(metric, rows) : store_by_hash(metric, rows);
    link_.text(1, run_id);
    link_.integer(2, id);
    link_.execute("cannot store the results");
  }

  std::int64_t store_by_digest(const std::string& metric, const MetricRows& rows) {
    std::size_t next = 0;
    const Sha256Digest digest = set_digest(metric, row_bytes_, [&](std::string& out) {
      if (next == rows.size()) return false;
      append_row(out, rows.row(next++));
      return true;
    });
    Statement& find = *by_digest_;
    find.blob(1, digest);
    const bool found = find.step();
    const std::int64_t id = found ? find.integer(0) : 0;
    find.reset();
    if (found) return id;
    insert_set_.blob(4, digest);
    return insert(metric, rows, hash_of(digest));
  }

  std::int64_t store_by_hash(const std::string& metric, const MetricRows& rows) {
    // Hashed row by row through one small buffer: the canonical bytes of a whole metric never exist at once.
    std::uint64_t hash = fnv1a(metric);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      row_bytes_.clear();
      append_row(row_bytes_, rows.row(i));
      hash = fnv1a(row_bytes_, hash);
    }
    if (auto id = find_by_hash(metric, rows, static_cast<std::int64_t>(hash))) return *id;
    return insert(metric, rows, static_cast<std::int64_t>(hash));
  }

  std::optional<std::int64_t> find_by_hash(const std::string& metric, const MetricRows& rows, std::int64_t hash) {
    Statement& candidates = *candidates_;
    candidates.integer(1, hash);
    candidates.text(2, metric);
    candidates.integer(3, static_cast<std::int64_t>(rows.size()));
    std::vector<std::int64_t> ids;
    while (candidates.step()) ids.push_back(candidates.integer(0));
    candidates.reset();
    for (const std::int64_t id : ids)
      if (stored_rows_equal(id, rows)) return id;
    return std::nullopt;
  }

  // Whether value set `id` holds `rows`, compared by their canonical bytes row by row: a difference stops at its row.
  bool stored_rows_equal(std::int64_t id, const MetricRows& rows) {
    sqlite3_stmt* const query = stored_rows_.get();
    sqlite3_reset(query);
    if (sqlite3_bind_int64(query, 1, id) != SQLITE_OK)
      sqlite::fail<HistoryDatabase>(db_, file_, "cannot bind a query parameter");
    std::size_t position = 0;
    bool equal = true;
    while (step_row(db_, file_, query)) {
      if (position == rows.size()) {
        equal = false;
        break;
      }
      row_bytes_.clear();
      append_row(row_bytes_, rows.row(position++));
      stored_bytes_.clear();
      append_row(stored_bytes_, stored_row(query));
      if (stored_bytes_ != row_bytes_) {
        equal = false;
        break;
      }
    }
    sqlite3_reset(query);
    return equal && position == rows.size();
  }

  std::int64_t insert(const std::string& metric, const MetricRows& rows, std::int64_t hash) {
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
  void insert_rows(std::int64_t id, const MetricRows& rows) {
    for (std::size_t first = 0; first < rows.size(); first += batch) {
      const std::size_t count = std::min(batch, rows.size() - first);
      auto& insert = inserts_[count - 1];
      if (!insert) insert = std::make_unique<Statement>(db_, file_, insert_sql(count));
      for (std::size_t row = 0; row < count; ++row) bind(*insert, row, id, first + row, rows.row(first + row));
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

  static void bind(Statement& insert, std::size_t row, std::int64_t id, std::size_t position, const RowView& result) {
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
  SetIdentity identity_;
  std::unique_ptr<Statement> by_digest_;
  std::unique_ptr<Statement> candidates_;
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

ValueSetWriter::ValueSetWriter(sqlite3* db, const std::filesystem::path& file, SetIdentity identity)
    : impl_(std::make_unique<Impl>(db, file, identity)) {}
ValueSetWriter::~ValueSetWriter() = default;
void ValueSetWriter::store(const std::string& run_id, const std::string& metric, const MetricRows& rows) {
  impl_->store(run_id, metric, rows);
}

void add_digests(sqlite3* db, const std::filesystem::path& file) {
  constexpr std::string_view failed = "migration to schema version 4 failed";
  std::vector<std::pair<std::int64_t, std::string>> sets;
  {
    Statement all(db, file, "SELECT id, metric FROM value_sets ORDER BY id");
    while (all.step(failed)) sets.emplace_back(all.integer(0), all.text(1));
  }
  const RawStatement rows =
      prepare(db, file, fmt::format("SELECT {} FROM value_rows WHERE set_id = ?1 ORDER BY position", value_columns));
  Statement same(db, file, "SELECT id FROM value_sets WHERE digest = ?1");
  Statement record(db, file, "UPDATE value_sets SET digest = ?2 WHERE id = ?1");
  Statement relink(db, file, "UPDATE OR IGNORE run_value_sets SET set_id = ?2 WHERE set_id = ?1");
  std::string buffer;
  for (const auto& [id, metric] : sets) {
    if (sqlite3_bind_int64(rows.get(), 1, id) != SQLITE_OK)
      sqlite::fail<HistoryDatabase>(db, file, "cannot bind a query parameter");
    const Sha256Digest digest = set_digest(metric, buffer, [&](std::string& out) {
      if (!step_row(db, file, rows.get())) return false;
      append_row(out, stored_row(rows.get()));
      return true;
    });
    sqlite3_reset(rows.get());
    same.blob(1, digest);
    const bool duplicate = same.step(failed);
    const std::int64_t kept = duplicate ? same.integer(0) : 0;
    same.reset();
    if (!duplicate) {
      record.integer(1, id);
      record.blob(2, digest);
      record.execute(failed);
      continue;
    }
    relink.integer(1, id);
    relink.integer(2, kept);
    relink.execute(failed);
    for (const char* sql : {"DELETE FROM run_value_sets WHERE set_id = ?1", "DELETE FROM value_rows WHERE set_id = ?1",
                            "DELETE FROM value_sets WHERE id = ?1"}) {
      Statement drop(db, file, sql);
      drop.integer(1, id);
      drop.execute(failed);
    }
  }
}

CatalogueWriter::CatalogueWriter(sqlite3* db, const std::filesystem::path& file)
    : impl_(std::make_unique<Impl>(db, file)) {}
CatalogueWriter::~CatalogueWriter() = default;
void CatalogueWriter::store(const std::string& run_id, const StoredMetric& metric) { impl_->store(run_id, metric); }

}  // namespace p2c::host::history_store
