#include "history.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>
#include <system_error>

#include "logging.h"
#include "p2c/json.h"
#include "registry.h"
#include "sqlite_statement.h"

namespace p2c::host {
namespace {

// Migration N (1-based) takes a database from user_version N-1 to N. Append, never edit: a database
// records only its version, so a released migration must stay exactly as it was.
constexpr const char* migrations[] = {
    // 1: initial schema.
    R"sql(
CREATE TABLE runs (
  id               TEXT PRIMARY KEY,
  started_at       TEXT NOT NULL,     -- ISO 8601 UTC
  duration_seconds REAL NOT NULL,
  config_path      TEXT NOT NULL,
  config_hash      TEXT NOT NULL,     -- FNV-1a 64-bit of the config text, 16 hex digits
  plugins          TEXT NOT NULL,     -- JSON object: plugin name -> version
  records          INTEGER NOT NULL,
  failures         INTEGER NOT NULL
);
CREATE TABLE results (
  run_id            TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  metric            TEXT NOT NULL,
  entity            TEXT NOT NULL,
  entity_kind       TEXT NOT NULL,   -- economy or group
  year              INTEGER NOT NULL,
  value             REAL,            -- NULL: no value, see reason
  unit              TEXT NOT NULL,
  status            TEXT,            -- NULL: none
  members_with_data INTEGER,         -- coverage: NULL for economies
  members           INTEGER,
  population_share  REAL,
  flags             TEXT,            -- ';'-separated names; NULL: none
  reason            TEXT             -- NULL: none
);
CREATE INDEX results_by_key ON results(run_id, metric, entity, year);
CREATE TABLE failures (
  run_id   TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  instance TEXT NOT NULL,
  message  TEXT NOT NULL
);
CREATE INDEX failures_by_run ON failures(run_id);
CREATE TABLE metrics (
  run_id         TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  id             TEXT NOT NULL,
  plugin         TEXT NOT NULL,
  name           TEXT NOT NULL,
  title          TEXT NOT NULL,
  unit           TEXT NOT NULL,
  description    TEXT NOT NULL,
  focus_area     TEXT NOT NULL,
  wsis_lines     TEXT NOT NULL,      -- JSON array
  sdg_indicators TEXT NOT NULL,      -- JSON array
  direction      TEXT NOT NULL,
  target         REAL,               -- NULL: no agreed target
  target_year    INTEGER NOT NULL,
  aggregation    TEXT NOT NULL,
  PRIMARY KEY (run_id, id)
);
)sql",
    // 2: observed coverage of group values, beside the coverage with estimates. Runs stored before had no
    // estimation stage: every member they counted was observed. The flag `estimate` became `estimated`.
    R"sql(
ALTER TABLE results ADD COLUMN members_observed INTEGER;
ALTER TABLE results ADD COLUMN observed_population_share REAL;
UPDATE results SET members_observed = members_with_data, observed_population_share = population_share
  WHERE members_with_data IS NOT NULL;
UPDATE results SET flags = trim(replace(';' || flags || ';', ';estimate;', ';estimated;'), ';')
  WHERE ';' || flags || ';' LIKE '%;estimate;%';
)sql",
};

constexpr int latest_schema = static_cast<int>(std::size(migrations));

// Failures of the history database throw HistoryError naming the file.
struct HistoryDatabase {
  using Error = HistoryError;
  static constexpr const char* label = "run history";
};
using Statement = sqlite::Statement<HistoryDatabase>;
using Transaction = sqlite::Transaction<HistoryDatabase>;

void exec(sqlite3* db, const std::filesystem::path& file, const char* sql, std::string_view what) {
  sqlite::exec<HistoryDatabase>(db, file, sql, what);
}

std::string json_object(const PluginVersions& map) {
  std::string out = "{";
  for (const auto& [key, value] : map)
    out += (out.size() > 1 ? ",\"" : "\"") + json_escape(key) + "\":\"" + json_escape(value) + "\"";
  return out + "}";
}

int user_version(sqlite3* db, const std::filesystem::path& file) {
  return sqlite::user_version<HistoryDatabase>(db, file);
}

// rank[i]: the position of key(i) among key(0) ... key(count - 1) in byte order, as SQLite sorts text.
template <typename Key>
std::vector<std::uint32_t> ranks(std::size_t count, Key key) {
  std::vector<std::uint32_t> sorted(count);
  std::iota(sorted.begin(), sorted.end(), 0u);
  std::sort(sorted.begin(), sorted.end(), [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
  std::vector<std::uint32_t> rank(count);
  for (std::size_t position = 0; position < count; ++position)
    rank[sorted[position]] = static_cast<std::uint32_t>(position);
  return rank;
}

// The indexes of report.records in index order (metric id, entity code, year): appending to the index is
// several times cheaper than inserting all over it. The engine's order is close, but puts metrics in catalogue
// order and groups after economies. Throws std::out_of_range for a record outside the catalogue or entity table.
std::vector<std::uint32_t> insertion_order(const RunReport& report) {
  const std::size_t total = report.records.size();
  std::int64_t first_year = 0;
  std::int64_t last_year = 0;
  for (std::size_t i = 0; i < total; ++i) {
    report.metric_of(i);
    report.entity_of(i);
    const std::int64_t year = report.records[i].year;
    first_year = i == 0 ? year : std::min(first_year, year);
    last_year = i == 0 ? year : std::max(last_year, year);
  }
  const auto metrics = static_cast<std::uint64_t>(report.catalogue.size());
  const auto entities = static_cast<std::uint64_t>(report.entity_codes.size());
  const auto years = static_cast<std::uint64_t>(last_year - first_year + 1);
  std::vector<std::uint32_t> order(total);
  std::iota(order.begin(), order.end(), 0u);
  // One integer per row, ordered like its key: cheap to sort even unoptimised. When metrics x entities x years
  // does not fit in 64 bits (never in practice), the given order is kept.
  constexpr auto max = std::numeric_limits<std::uint64_t>::max();
  if (metrics == 0 || entities == 0 || metrics > max / entities || metrics * entities > max / years) return order;
  const auto metric_rank =
      ranks(report.catalogue.size(), [&](std::size_t i) -> std::string_view { return report.catalogue[i].id; });
  const auto entity_rank =
      ranks(report.entity_codes.size(), [&](std::size_t i) -> std::string_view { return report.entity_codes[i]; });
  std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed(total);  // (position, record index)
  for (std::size_t i = 0; i < total; ++i) {
    const Record& record = report.records[i];
    keyed[i] = {(metric_rank[record.metric] * entities + entity_rank[record.entity]) * years +
                    static_cast<std::uint64_t>(record.year - first_year),
                static_cast<std::uint32_t>(i)};
  }
  if (std::is_sorted(keyed.begin(), keyed.end())) return order;
  std::sort(keyed.begin(), keyed.end());
  for (std::size_t i = 0; i < total; ++i) order[i] = keyed[i].second;
  return order;
}

ResultKey key_of(const Statement& row) {
  return ResultKey{row.text(0), row.text(1), static_cast<std::int32_t>(row.integer(2))};
}

constexpr const char* run_columns =
    "id, started_at, duration_seconds, config_path, config_hash, plugins, records, failures";

}  // namespace

History::History(const std::filesystem::path& file, Open mode) : path_(file) {
  if (mode == Open::existing && !std::filesystem::exists(file))
    throw HistoryError(fmt::format("there is no run history '{}'", file.string()));
  if (mode == Open::create && file.has_parent_path()) {
    std::error_code error;
    std::filesystem::create_directories(file.parent_path(), error);
    if (error)
      throw HistoryError(fmt::format("cannot create the folder '{}' for the run history '{}': {}",
                                     file.parent_path().string(), file.string(), error.message()));
  }
  // One connection, used by one thread at a time: no need for SQLite's per-call mutexes.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (mode == Open::create ? SQLITE_OPEN_CREATE : 0);
  db_ = sqlite::open<HistoryDatabase>(file, flags);
  try {
    sqlite3_busy_timeout(db_, 10000);
    const int found = user_version(db_, path_);  // also what fails first on a file that is not a database
    if (found > latest_schema)
      throw HistoryError(fmt::format(
          "the run history '{}' has schema version {}, but this p2c knows versions up to {}: it was written "
          "by a newer p2c. Use that version of p2c, or set [run] history to another file",
          file.string(), found, latest_schema));
    sqlite::use_wal<HistoryDatabase>(db_, path_);
    exec(db_, path_, "PRAGMA synchronous = NORMAL", "cannot set the synchronous mode");
    // A run of 100k results is some 20 MB of table and index pages: keep them in memory until the commit
    // instead of spilling to the WAL and reading them back. Allocated only as used.
    exec(db_, path_, "PRAGMA cache_size = -131072", "cannot set the cache size");
    if (found < latest_schema) migrate();
  } catch (...) {
    sqlite3_close(db_);
    throw;
  }
}

History::~History() { sqlite3_close(db_); }

int History::latest_version() noexcept { return latest_schema; }

void History::migrate() { migrations_applied_ = sqlite::migrate<HistoryDatabase>(db_, path_, migrations); }

void History::record(const RunReport& report, const Config& config, const PluginVersions& plugins) {
  Transaction transaction(db_, path_);
  const std::string config_path =
      config.path.empty() ? std::string() : std::filesystem::absolute(config.path).lexically_normal().string();
  const std::string hash = config_hash(config.text);
  const std::string plugin_json = json_object(plugins);
  {
    Statement exists(db_, path_, "SELECT 1 FROM runs WHERE id = ?1");
    exists.text(1, report.run_id);
    if (exists.step())
      throw HistoryError(fmt::format("run history '{}': run '{}' is already stored", path_.string(), report.run_id));
  }
  {
    Statement run(db_, path_, "INSERT INTO runs VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    run.text(1, report.run_id);
    run.text(2, report.started_at);
    run.real(3, report.duration_seconds);
    run.text(4, config_path);
    run.text(5, hash);
    run.text(6, plugin_json);
    run.integer(7, static_cast<std::int64_t>(report.records.size()));
    run.integer(8, static_cast<std::int64_t>(report.failures.size()));
    run.execute("cannot store the run");
  }
  {
    Statement metric(db_, path_,
                     "INSERT INTO metrics VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
    for (const auto& entry : report.catalogue) {
      const MetricInfo& info = entry.info;
      const std::string wsis = json_string_array(info.wsis_lines);
      const std::string sdg = json_string_array(info.sdg_indicators);
      metric.text(1, report.run_id);
      metric.text(2, entry.id);
      metric.text(3, entry.plugin);
      metric.text(4, info.name);
      metric.text(5, info.title);
      metric.text(6, info.unit);
      metric.text(7, info.description);
      metric.text(8, to_string(info.focus_area));
      metric.text(9, wsis);
      metric.text(10, sdg);
      metric.text(11, to_string(info.direction));
      metric.real(12, info.target);
      metric.integer(13, info.target_year);
      metric.text(14, to_string(info.aggregation));
      metric.execute("cannot store the metric catalogue");
    }
  }
  {
    // Multi-row INSERTs of `batch` rows: one statement execution per batch instead of one per row.
    constexpr std::size_t batch = 50;
    constexpr int columns = 15;
    const auto insert_sql = [](std::size_t rows) {
      std::string sql = "INSERT INTO results VALUES ";
      for (std::size_t row = 0; row < rows; ++row) {
        sql += row == 0 ? "(" : ",(";
        for (int column = 1; column <= columns; ++column)
          sql += fmt::format("{}?{}", column == 1 ? "" : ",", static_cast<int>(row) * columns + column);
        sql += ")";
      }
      return sql;
    };
    std::vector<std::string> flags(batch);  // bound without copying: alive until the batch is executed
    const auto bind = [&](Statement& insert, std::size_t row, std::size_t i) {
      const int base = static_cast<int>(row) * columns;
      const Record& record = report.records[i];
      const CatalogueEntry& entry = report.metric_of(i);
      insert.text(base + 1, report.run_id);
      insert.text(base + 2, entry.id);
      insert.text(base + 3, report.entity_of(i));
      insert.text(base + 4, to_string(record.entity_kind));
      insert.integer(base + 5, record.year);
      insert.real(base + 6, record.value);
      insert.text(base + 7, entry.info.unit);
      insert.text_or_null(base + 8, to_string(record.status));
      if (record.coverage) {
        insert.integer(base + 9, record.coverage->members_with_data);
        insert.integer(base + 10, record.coverage->members);
        insert.real(base + 11, record.coverage->population_share);
        insert.integer(base + 14, record.coverage->members_observed);
        insert.real(base + 15, record.coverage->observed_population_share);
      } else {
        for (int column : {9, 10, 11, 14, 15}) insert.null(base + column);
      }
      flags[row] = flags_to_string(record.flags);
      insert.text_or_null(base + 12, flags[row]);
      insert.text_or_null(base + 13, record.reason);
    };
    const std::size_t total = report.records.size();
    const std::vector<std::uint32_t> order = insertion_order(report);
    std::unique_ptr<Statement> full;
    for (std::size_t first = 0; first < total; first += batch) {
      const std::size_t rows = std::min(batch, total - first);
      std::unique_ptr<Statement> rest;
      if (rows == batch && !full) full = std::make_unique<Statement>(db_, path_, insert_sql(batch));
      if (rows < batch) rest = std::make_unique<Statement>(db_, path_, insert_sql(rows));
      Statement& insert = rows == batch ? *full : *rest;
      for (std::size_t row = 0; row < rows; ++row) bind(insert, row, order[first + row]);
      insert.execute("cannot store the results");
    }
  }
  {
    Statement failure(db_, path_, "INSERT INTO failures VALUES (?1, ?2, ?3)");
    for (const auto& item : report.failures) {
      failure.text(1, report.run_id);
      failure.text(2, item.instance);
      failure.text(3, item.message);
      failure.execute("cannot store the failures");
    }
  }
  transaction.commit();
}

std::vector<StoredRun> History::runs() const {
  Statement query(db_, path_, fmt::format("SELECT {} FROM runs ORDER BY started_at DESC, rowid DESC", run_columns));
  std::vector<StoredRun> out;
  while (query.step()) {
    StoredRun run{query.text(0),    query.text(1),   query.real(2), query.text(3), query.text(4), {},
                  query.integer(6), query.integer(7)};
    Statement plugins(db_, path_, "SELECT key, value FROM json_each(?1)");
    const std::string json = query.text(5);
    plugins.text(1, json);
    while (plugins.step()) run.plugins[plugins.text(0)] = plugins.text(1);
    out.push_back(std::move(run));
  }
  return out;
}

std::string History::resolve(std::string_view id) const {
  if (id == "latest" || id == "previous") {
    const int offset = id == "latest" ? 0 : 1;
    Statement query(db_, path_, "SELECT id FROM runs ORDER BY started_at DESC, rowid DESC LIMIT 1 OFFSET ?1");
    query.integer(1, offset);
    if (query.step()) return query.text(0);
    throw UnknownRunError(offset == 0 ? fmt::format("the run history '{}' has no runs yet", path_.string())
                                      : fmt::format("the run history '{}' has fewer than two runs, so there is no "
                                                    "'previous' run",
                                                    path_.string()));
  }
  if (id.empty()) throw UnknownRunError("an empty run id names no run");
  {
    Statement exact(db_, path_, "SELECT id FROM runs WHERE id = ?1");
    exact.text(1, id);
    if (exact.step()) return exact.text(0);
  }
  Statement prefix(db_, path_,
                   "SELECT id FROM runs WHERE substr(id, 1, length(?1)) = ?1 ORDER BY started_at DESC, rowid DESC");
  prefix.text(1, id);
  std::vector<std::string> matches;
  while (prefix.step()) matches.push_back(prefix.text(0));
  if (matches.size() == 1) return matches.front();
  if (matches.empty())
    throw UnknownRunError(fmt::format("there is no run '{}' in the run history '{}'", id, path_.string()));
  std::string listed;
  for (std::size_t i = 0; i < matches.size() && i < 5; ++i) listed += (i == 0 ? "" : ", ") + matches[i];
  if (matches.size() > 5) listed += ", ...";
  throw UnknownRunError(
      fmt::format("the run id prefix '{}' matches {} runs ({}); give more of the id", id, matches.size(), listed));
}

StoredRun History::run(std::string_view id) const {
  const std::string full = resolve(id);
  for (auto& run : runs())
    if (run.id == full) return run;
  throw UnknownRunError(fmt::format("there is no run '{}' in the run history '{}'", id, path_.string()));
}

std::vector<StoredResult> History::results(std::string_view id) const {
  const std::string full = resolve(id);
  Statement query(db_, path_,
                  "SELECT metric, entity, entity_kind, year, value, unit, status, members_with_data, members, "
                  "population_share, flags, reason, members_observed, observed_population_share FROM results "
                  "WHERE run_id = ?1 ORDER BY metric, entity, year");
  query.text(1, full);
  std::vector<StoredResult> out;
  while (query.step()) {
    StoredResult result;
    result.metric = query.text(0);
    result.entity = query.text(1);
    result.entity_kind = query.text(2);
    result.year = static_cast<std::int32_t>(query.integer(3));
    result.value = query.optional_real(4);
    result.unit = query.text(5);
    result.status = query.text(6);
    if (!query.is_null(7))
      result.coverage =
          Coverage{static_cast<std::uint32_t>(query.integer(7)), static_cast<std::uint32_t>(query.integer(8)),
                   query.real(9), static_cast<std::uint32_t>(query.integer(12)), query.real(13)};
    result.flags = query.text(10);
    result.reason = query.text(11);
    out.push_back(std::move(result));
  }
  return out;
}

std::vector<Failure> History::failures(std::string_view id) const {
  const std::string full = resolve(id);
  Statement query(db_, path_, "SELECT instance, message FROM failures WHERE run_id = ?1 ORDER BY rowid");
  query.text(1, full);
  std::vector<Failure> out;
  while (query.step()) out.push_back(Failure{query.text(0), query.text(1)});
  return out;
}

std::vector<std::string> History::json_strings(const std::string& json) const {
  Statement query(db_, path_, "SELECT value FROM json_each(?1)");
  query.text(1, json);
  std::vector<std::string> out;
  while (query.step()) out.push_back(query.text(0));
  return out;
}

std::vector<StoredMetric> History::metrics(std::string_view id) const {
  const std::string full = resolve(id);
  Statement query(db_, path_,
                  "SELECT id, plugin, name, title, unit, description, focus_area, wsis_lines, sdg_indicators, "
                  "direction, target, target_year, aggregation FROM metrics WHERE run_id = ?1 ORDER BY id");
  query.text(1, full);
  std::vector<StoredMetric> out;
  while (query.step()) {
    StoredMetric metric;
    metric.id = query.text(0);
    metric.plugin = query.text(1);
    metric.name = query.text(2);
    metric.title = query.text(3);
    metric.unit = query.text(4);
    metric.description = query.text(5);
    metric.focus_area = query.text(6);
    metric.wsis_lines = json_strings(query.text(7));
    metric.sdg_indicators = json_strings(query.text(8));
    metric.direction = query.text(9);
    metric.target = query.optional_real(10);
    metric.target_year = static_cast<int>(query.integer(11));
    metric.aggregation = query.text(12);
    out.push_back(std::move(metric));
  }
  return out;
}

Comparison History::compare(std::string_view a, std::string_view b) const {
  Comparison out;
  out.a = run(a);
  out.b = run(b);
  // Both runs in key order (a range scan of the index each), then merged in one pass.
  const auto load = [&](const std::string& id) {
    Statement query(db_, path_,
                    "SELECT metric, entity, year, value, status FROM results WHERE run_id = ?1 "
                    "ORDER BY metric, entity, year");
    query.text(1, id);
    std::vector<OneSidedResult> rows;
    while (query.step()) rows.push_back(OneSidedResult{key_of(query), query.optional_real(3), query.text(4)});
    return rows;
  };
  const auto rows_a = load(out.a.id);
  const auto rows_b = load(out.b.id);
  // The order of SQLite's BINARY collation: bytes, as std::string compares them.
  const auto before_key = [](const ResultKey& x, const ResultKey& y) {
    if (const int c = x.metric.compare(y.metric); c != 0) return c < 0;
    if (const int c = x.entity.compare(y.entity); c != 0) return c < 0;
    return x.year < y.year;
  };
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < rows_a.size() || j < rows_b.size()) {
    if (j == rows_b.size() || (i < rows_a.size() && before_key(rows_a[i].key, rows_b[j].key))) {
      out.only_in_a.push_back(rows_a[i++]);
      continue;
    }
    if (i == rows_a.size() || before_key(rows_b[j].key, rows_a[i].key)) {
      out.only_in_b.push_back(rows_b[j++]);
      continue;
    }
    const OneSidedResult& x = rows_a[i++];
    const OneSidedResult& y = rows_b[j++];
    const bool value_changed = x.value != y.value;
    const bool status_changed = x.status != y.status;
    if (value_changed) {
      std::optional<double> difference;
      if (x.value && y.value) difference = *y.value - *x.value;
      out.changed.push_back(ValueChange{x.key, x.value, y.value, difference});
    }
    if (status_changed) out.status_changed.push_back(StatusChange{x.key, x.status, y.status});
    if (!value_changed && !status_changed) ++out.unchanged;
  }
  std::stable_sort(out.changed.begin(), out.changed.end(), [](const ValueChange& x, const ValueChange& y) {
    if (!x.difference || !y.difference) return !x.difference && y.difference;
    return std::fabs(*x.difference) > std::fabs(*y.difference);
  });
  return out;
}

std::string config_hash(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  return fmt::format("{:016x}", hash);
}

PluginVersions plugin_versions(const Registry& registry, const Config& config) {
  PluginVersions out;
  for (const auto& instance : config.instances)
    if (const PluginLibrary* plugin = registry.find(instance.plugin))
      out[plugin->name()] = plugin->info().version != nullptr ? plugin->info().version : "";
  return out;
}

}  // namespace p2c::host
