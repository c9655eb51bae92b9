#include "history_value_sets.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>

#include "p2c/json.h"

namespace p2c::host::history_store {
namespace {

// The canonical bytes of a row: fixed-width numbers and length-prefixed text, so that no two different rows
// share them. A value is normalised as SQLite stores it: NaN is NULL, and -0.0 is 0.
void append_number(std::string& out, std::uint64_t number) {
  for (int shift = 0; shift < 64; shift += 8) out += static_cast<char>((number >> shift) & 0xff);
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

std::string canonical_bytes(const std::vector<StoredResult>& rows) {
  std::string out;
  for (const auto& row : rows) append_row(out, row);
  return out;
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

struct ValueSetWriter::Impl {
  Impl(sqlite3* db, const std::filesystem::path& file)
      : db_(db),
        file_(file),
        candidates_(db, file, "SELECT id FROM value_sets WHERE hash = ?1 AND metric = ?2 AND row_count = ?3"),
        stored_rows_(db, file,
                     fmt::format("SELECT {} FROM value_rows WHERE set_id = ?1 ORDER BY position", value_columns)),
        insert_set_(db, file, "INSERT INTO value_sets (metric, hash, row_count) VALUES (?1, ?2, ?3)"),
        link_(db, file, "INSERT INTO run_value_sets VALUES (?1, ?2)") {}

  void store(const std::string& run_id, const std::string& metric, const std::vector<StoredResult>& rows) {
    const std::string bytes = canonical_bytes(rows);
    const auto hash = static_cast<std::int64_t>(fnv1a(bytes, fnv1a(metric)));
    auto id = find(metric, rows.size(), bytes, hash);
    if (!id) id = insert(metric, rows, hash);
    link_.text(1, run_id);
    link_.integer(2, *id);
    link_.execute("cannot store the results");
  }

  std::optional<std::int64_t> find(const std::string& metric, std::size_t count, const std::string& bytes,
                                   std::int64_t hash) {
    candidates_.integer(1, hash);
    candidates_.text(2, metric);
    candidates_.integer(3, static_cast<std::int64_t>(count));
    std::vector<std::int64_t> ids;
    while (candidates_.step()) ids.push_back(candidates_.integer(0));
    candidates_.reset();
    for (const std::int64_t id : ids)
      if (stored_bytes(id) == bytes) return id;
    return std::nullopt;
  }

  std::string stored_bytes(std::int64_t id) {
    stored_rows_.integer(1, id);
    std::string out;
    while (stored_rows_.step()) append_row(out, read_result(stored_rows_, {}, 0));
    stored_rows_.reset();
    return out;
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

  // Multi-row INSERTs of `batch` rows: one statement execution per batch instead of one per row.
  void insert_rows(std::int64_t id, const std::vector<StoredResult>& rows) {
    for (std::size_t first = 0; first < rows.size(); first += batch) {
      const std::size_t count = std::min(batch, rows.size() - first);
      std::unique_ptr<Statement> rest;
      if (count == batch && !full_) full_ = std::make_unique<Statement>(db_, file_, insert_sql(batch));
      if (count < batch) rest = std::make_unique<Statement>(db_, file_, insert_sql(count));
      Statement& insert = count == batch ? *full_ : *rest;
      for (std::size_t row = 0; row < count; ++row) bind(insert, row, id, first + row, rows[first + row]);
      insert.execute("cannot store the results");
    }
  }

  static std::string insert_sql(std::size_t rows) {
    std::string sql = "INSERT INTO value_rows VALUES ";
    for (std::size_t row = 0; row < rows; ++row) {
      sql += row == 0 ? "(" : ",(";
      for (int column = 1; column <= columns; ++column)
        sql += fmt::format("{}?{}", column == 1 ? "" : ",", static_cast<int>(row) * columns + column);
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
  Statement stored_rows_;
  Statement insert_set_;
  Statement link_;
  std::unique_ptr<Statement> full_;
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

  void store(const std::string& run_id, const CatalogueEntry& entry) {
    const MetricInfo& info = entry.info;
    const std::string wsis = json_string_array(info.wsis_lines);
    const std::string sdg = json_string_array(info.sdg_indicators);
    for (Statement* statement : {&find_, &insert_}) {
      statement->text(1, entry.id);
      statement->text(2, entry.plugin);
      statement->text(3, info.name);
      statement->text(4, info.title);
      statement->text(5, info.unit);
      statement->text(6, info.description);
      statement->text(7, to_string(info.focus_area));
      statement->text(8, wsis);
      statement->text(9, sdg);
      statement->text(10, to_string(info.direction));
      statement->real(11, info.target);
      statement->integer(12, info.target_year);
      statement->text(13, to_string(info.aggregation));
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
void CatalogueWriter::store(const std::string& run_id, const CatalogueEntry& entry) { impl_->store(run_id, entry); }

}  // namespace p2c::host::history_store
