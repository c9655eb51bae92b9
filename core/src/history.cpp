#include "history.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>
#include <limits>
#include <memory>
#include <numeric>
#include <system_error>

#include "history_value_sets.h"
#include "logging.h"
#include "p2c/json.h"
#include "p2c/sqlite/statement.h"
#include "registry.h"

namespace p2c::host {
namespace {

using namespace history_store;

// Migration 3 moves the rows of `results` into value sets in C++: defined below.
void migrate_results_to_value_sets(sqlite3* db, const std::filesystem::path& file);

// Migration N (1-based) takes a database from user_version N-1 to N. Append, never edit: a database
// records only its version, so a released migration must stay exactly as it was.
constexpr sqlite::Migration migrations[] = {
    // 1: initial schema.
    {R"sql(
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
)sql"},
    // 2: observed coverage of group values, beside the coverage with estimates. Runs stored before had no
    // estimation stage: every member they counted was observed. The flag `estimate` became `estimated`.
    {R"sql(
ALTER TABLE results ADD COLUMN members_observed INTEGER;
ALTER TABLE results ADD COLUMN observed_population_share REAL;
UPDATE results SET members_observed = members_with_data, observed_population_share = population_share
  WHERE members_with_data IS NOT NULL;
UPDATE results SET flags = trim(replace(';' || flags || ';', ';estimate;', ';estimated;'), ';')
  WHERE ';' || flags || ';' LIKE '%;estimate;%';
)sql"},
    // 3: results and catalogue entries as value sets shared between runs. A run links to one value set per metric
    // (that metric's rows) and to its catalogue entries; an identical run adds only the links. `results` and
    // `metrics` become views with the columns of the tables they replace. The rows move to value sets in C++
    // (migrate_results_to_value_sets), which hashes them as record() does.
    {R"sql(
ALTER TABLE results RENAME TO results_v2;
ALTER TABLE metrics RENAME TO metrics_v2;
CREATE TABLE value_sets (
  id        INTEGER PRIMARY KEY,
  metric    TEXT NOT NULL,
  hash      INTEGER NOT NULL,   -- FNV-1a 64-bit of the rows' canonical bytes; equal hashes are compared row by row
  row_count INTEGER NOT NULL
);
CREATE INDEX value_sets_by_hash ON value_sets(hash);
CREATE TABLE value_rows (
  set_id                    INTEGER NOT NULL REFERENCES value_sets(id) ON DELETE CASCADE,
  position                  INTEGER NOT NULL,   -- 0, 1, ... by entity, year
  entity                    TEXT NOT NULL,
  entity_kind               TEXT NOT NULL,
  year                      INTEGER NOT NULL,
  value                     REAL,
  unit                      TEXT NOT NULL,
  status                    TEXT,
  members_with_data         INTEGER,
  members                   INTEGER,
  population_share          REAL,
  flags                     TEXT,
  reason                    TEXT,
  members_observed          INTEGER,
  observed_population_share REAL,
  PRIMARY KEY (set_id, position)
) WITHOUT ROWID;
CREATE TABLE run_value_sets (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  set_id INTEGER NOT NULL REFERENCES value_sets(id),
  PRIMARY KEY (run_id, set_id)
) WITHOUT ROWID;
CREATE INDEX run_value_sets_by_set ON run_value_sets(set_id);
CREATE TABLE catalogue_entries (
  entry_id       INTEGER PRIMARY KEY,
  id             TEXT NOT NULL,
  plugin         TEXT NOT NULL,
  name           TEXT NOT NULL,
  title          TEXT NOT NULL,
  unit           TEXT NOT NULL,
  description    TEXT NOT NULL,
  focus_area     TEXT NOT NULL,
  wsis_lines     TEXT NOT NULL,
  sdg_indicators TEXT NOT NULL,
  direction      TEXT NOT NULL,
  target         REAL,
  target_year    INTEGER NOT NULL,
  aggregation    TEXT NOT NULL
);
CREATE INDEX catalogue_entries_by_id ON catalogue_entries(id);
CREATE TABLE run_catalogue (
  run_id   TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  entry_id INTEGER NOT NULL REFERENCES catalogue_entries(entry_id),
  PRIMARY KEY (run_id, entry_id)
) WITHOUT ROWID;
CREATE INDEX run_catalogue_by_entry ON run_catalogue(entry_id);
INSERT INTO catalogue_entries (id, plugin, name, title, unit, description, focus_area, wsis_lines, sdg_indicators,
                               direction, target, target_year, aggregation)
  SELECT DISTINCT id, plugin, name, title, unit, description, focus_area, wsis_lines, sdg_indicators, direction,
                  target, target_year, aggregation FROM metrics_v2;
INSERT INTO run_catalogue
  SELECT m.run_id, e.entry_id FROM metrics_v2 m JOIN catalogue_entries e
    ON e.id = m.id AND e.plugin = m.plugin AND e.name = m.name AND e.title = m.title AND e.unit = m.unit
   AND e.description = m.description AND e.focus_area = m.focus_area AND e.wsis_lines = m.wsis_lines
   AND e.sdg_indicators = m.sdg_indicators AND e.direction = m.direction AND e.target IS m.target
   AND e.target_year = m.target_year AND e.aggregation = m.aggregation;
DROP TABLE metrics_v2;
CREATE VIEW results AS
  SELECT l.run_id, s.metric, r.entity, r.entity_kind, r.year, r.value, r.unit, r.status, r.members_with_data,
         r.members, r.population_share, r.flags, r.reason, r.members_observed, r.observed_population_share
  FROM run_value_sets l JOIN value_sets s ON s.id = l.set_id JOIN value_rows r ON r.set_id = l.set_id;
CREATE VIEW metrics AS
  SELECT l.run_id, e.id, e.plugin, e.name, e.title, e.unit, e.description, e.focus_area, e.wsis_lines,
         e.sdg_indicators, e.direction, e.target, e.target_year, e.aggregation
  FROM run_catalogue l JOIN catalogue_entries e ON e.entry_id = l.entry_id;
)sql",
     migrate_results_to_value_sets},
    // 4: a value set is recognised by the SHA-256 of its metric and rows (add_digests fills it in C++ for the sets
    // already stored), so that an unchanged metric is reused without reading its rows back. `hash` is read by
    // nothing from here on; sets stored from now hold the digest's first 8 bytes in it.
    {R"sql(
ALTER TABLE value_sets ADD COLUMN digest BLOB;
CREATE UNIQUE INDEX value_sets_by_digest ON value_sets(digest);
DROP INDEX value_sets_by_hash;
)sql",
     add_digests},
};

constexpr int latest_schema = static_cast<int>(std::size(migrations));

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

// Migration 3: every (run, metric) of the version 2 table `results_v2` becomes a link to a value set, the same
// value set for the same rows; then the table goes.
void migrate_results_to_value_sets(sqlite3* db, const std::filesystem::path& file) {
  {
    ValueSetWriter writer(db, file, SetIdentity::hash_and_rows);
    Statement old(
        db, file,
        fmt::format("SELECT run_id, metric, {} FROM results_v2 ORDER BY run_id, metric, entity, year", value_columns));
    std::string run_id;
    std::string metric;
    std::vector<StoredResult> rows;
    const auto flush = [&] {
      if (!rows.empty()) writer.store(run_id, metric, StoredRows(rows));
      rows.clear();
    };
    while (old.step("migration to schema version 3 failed")) {
      if (old.text(0) != run_id || old.text(1) != metric) {
        flush();
        run_id = old.text(0);
        metric = old.text(1);
      }
      rows.push_back(read_result(old, metric, 2));
    }
    flush();
  }
  exec(db, file, "DROP TABLE results_v2", "migration to schema version 3 failed");
}

std::int64_t pragma_integer(sqlite3* db, const std::filesystem::path& file, const char* pragma) {
  Statement query(db, file, fmt::format("PRAGMA {}", pragma));
  return query.step() ? query.integer(0) : 0;
}

// The bytes the database's pages take, the WAL's newest pages included: what a checkpoint leaves in the file.
std::int64_t database_bytes(sqlite3* db, const std::filesystem::path& file) {
  return pragma_integer(db, file, "page_count") * pragma_integer(db, file, "page_size");
}

// `time` as ISO 8601 UTC to the second, like a run's started_at.
std::string iso_utc(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
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
    // Pages freed by pruning go back to the file system (PRAGMA incremental_vacuum after a prune). Only takes
    // effect on a new, empty file: an older file keeps reusing its free pages until `p2c history prune` vacuums it.
    exec(db_, path_, "PRAGMA auto_vacuum = INCREMENTAL", "cannot set the auto-vacuum mode");
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
  // Checked before anything is written: a record outside the catalogue throws std::out_of_range here.
  const std::vector<std::uint32_t> order = insertion_order(report);
  Transaction transaction(db_, path_);
  {
    Statement exists(db_, path_, "SELECT 1 FROM runs WHERE id = ?1");
    exists.text(1, report.run_id);
    if (exists.step())
      throw HistoryError(fmt::format("run history '{}': run '{}' is already stored", path_.string(), report.run_id));
  }
  store_run(report, config, plugins);
  {
    CatalogueWriter catalogue(db_, path_);
    for (const auto& entry : report.catalogue) catalogue.store(report.run_id, stored_metric(entry));
  }
  store_value_sets(report, order);
  {
    Statement failure(db_, path_, "INSERT INTO failures VALUES (?1, ?2, ?3)");
    for (const auto& item : report.failures) {
      failure.text(1, report.run_id);
      failure.text(2, item.instance);
      failure.text(3, item.message);
      failure.execute("cannot store the failures");
    }
  }
  // "Now" is the run's own start: what a run keeps does not depend on when it is stored, and a run stored
  // with a wrong clock cannot empty the history of runs it is not comparable with anyway.
  prune_runs(config.retention, report.started_at, report.run_id);
  transaction.commit();
  release_free_pages();
}

void History::store_run(const RunReport& report, const Config& config, const PluginVersions& plugins) {
  const StoredRun stored = stored_run(report, config, plugins);
  // Bound without a copy: the text must outlive the statement's execution.
  const std::string plugin_json = json_object(stored.plugins);
  Statement run(db_, path_, "INSERT INTO runs VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  run.text(1, stored.id);
  run.text(2, stored.started_at);
  run.real(3, stored.duration_seconds);
  run.text(4, stored.config_path);
  run.text(5, stored.config_hash);
  run.text(6, plugin_json);
  run.integer(7, stored.records);
  run.integer(8, stored.failures);
  run.execute("cannot store the run");
}

void History::store_value_sets(const RunReport& report, const std::vector<std::uint32_t>& order) {
  ValueSetWriter writer(db_, path_);
  std::size_t first = 0;
  for (std::size_t position = 0; position < order.size(); ++position) {
    const bool last_of_metric = position + 1 == order.size() ||
                                report.records[order[position + 1]].metric != report.records[order[position]].metric;
    if (!last_of_metric) continue;
    const std::span<const std::uint32_t> records(order.data() + first, position + 1 - first);
    writer.store(report.run_id, report.metric_of(order[first]).id, ReportRows(report, records));
    first = position + 1;
  }
}

PruneResult History::prune(const HistoryRetention& retention, std::chrono::system_clock::time_point now) {
  const std::int64_t before = database_bytes(db_, path_);
  PruneResult result;
  {
    Transaction transaction(db_, path_);
    result = prune_runs(retention, iso_utc(now), {});
    transaction.commit();
  }
  // A file created before auto-vacuum was set keeps its free pages until a VACUUM, which also switches it.
  if (pragma_integer(db_, path_, "auto_vacuum") == 0)
    exec(db_, path_, "PRAGMA auto_vacuum = INCREMENTAL; VACUUM", "cannot vacuum");
  release_free_pages();
  result.bytes_freed = std::max<std::int64_t>(0, before - database_bytes(db_, path_));
  Statement kept(db_, path_, "SELECT count(*) FROM runs");
  result.runs_kept = kept.step() ? static_cast<std::size_t>(kept.integer(0)) : 0;
  return result;
}

PruneResult History::prune_runs(const HistoryRetention& retention, const std::string& now, const std::string& keep) {
  PruneResult result;
  {
    // The newest run always stays, so that `latest` names a run after any prune.
    Statement doomed(db_, path_,
                     "SELECT id FROM (SELECT id, started_at, row_number() OVER (ORDER BY started_at DESC, rowid DESC) "
                     "AS newness FROM runs) WHERE newness > 1 AND id <> ?3 AND ((?1 > 0 AND newness > ?1) OR "
                     "(?2 > 0 AND julianday(started_at) < julianday(?4) - ?2)) ORDER BY newness DESC");
    doomed.integer(1, retention.keep_runs);
    doomed.integer(2, retention.keep_days);
    doomed.text(3, keep);
    doomed.text(4, now);
    while (doomed.step()) result.runs.push_back(doomed.text(0));
  }
  if (result.runs.empty()) return result;
  std::vector<std::int64_t> sets;
  std::vector<std::int64_t> entries;
  {
    Statement run_sets(db_, path_, "SELECT set_id FROM run_value_sets WHERE run_id = ?1");
    Statement run_entries(db_, path_, "SELECT entry_id FROM run_catalogue WHERE run_id = ?1");
    for (const auto& id : result.runs) {
      for (auto [query, out] : {std::pair{&run_sets, &sets}, std::pair{&run_entries, &entries}}) {
        query->text(1, id);
        while (query->step()) out->push_back(query->integer(0));
        query->reset();
      }
    }
  }
  for (const char* sql : {"DELETE FROM run_value_sets WHERE run_id = ?1", "DELETE FROM run_catalogue WHERE run_id = ?1",
                          "DELETE FROM failures WHERE run_id = ?1", "DELETE FROM runs WHERE id = ?1"}) {
    Statement remove(db_, path_, sql);
    for (const auto& id : result.runs) {
      remove.text(1, id);
      remove.execute("cannot prune runs");
    }
  }
  result.value_sets =
      delete_unreferenced(sets, "run_value_sets", "set_id",
                          {"DELETE FROM value_rows WHERE set_id = ?1", "DELETE FROM value_sets WHERE id = ?1"});
  result.catalogue_entries =
      delete_unreferenced(entries, "run_catalogue", "entry_id", {"DELETE FROM catalogue_entries WHERE entry_id = ?1"});
  return result;
}

std::size_t History::delete_unreferenced(std::vector<std::int64_t> ids, const char* links, const char* column,
                                         std::initializer_list<const char*> deletes) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  Statement referenced(db_, path_, fmt::format("SELECT 1 FROM {} WHERE {} = ?1 LIMIT 1", links, column));
  std::vector<std::unique_ptr<Statement>> removes;
  for (const char* sql : deletes) removes.push_back(std::make_unique<Statement>(db_, path_, sql));
  std::size_t deleted = 0;
  for (const std::int64_t id : ids) {
    referenced.integer(1, id);
    const bool used = referenced.step();
    referenced.reset();
    if (used) continue;
    for (auto& remove : removes) {
      remove->integer(1, id);
      remove->execute("cannot prune runs");
    }
    ++deleted;
  }
  return deleted;
}

void History::release_free_pages() {
  if (pragma_integer(db_, path_, "freelist_count") == 0) return;
  // Best effort: the run is stored either way, and free pages are reused by the next run.
  if (sqlite3_exec(db_, "PRAGMA incremental_vacuum", nullptr, nullptr, nullptr) != SQLITE_OK)
    spdlog::warn("run history '{}': cannot give free pages back to the file system: {}", path_.string(),
                 sqlite3_errmsg(db_));
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
  Transaction transaction(db_, path_, Transaction::Mode::read);
  return load_results(resolve(id));
}

std::vector<StoredResult> History::load_results(const std::string& run_id) const {
  // The run's value sets by metric, then each set's rows by position (entity, year): range scans only.
  std::vector<std::pair<std::int64_t, std::string>> sets;
  {
    Statement query(db_, path_,
                    "SELECT s.id, s.metric FROM run_value_sets l JOIN value_sets s ON s.id = l.set_id "
                    "WHERE l.run_id = ?1 ORDER BY s.metric, s.id");
    query.text(1, run_id);
    while (query.step()) sets.emplace_back(query.integer(0), query.text(1));
  }
  Statement rows(db_, path_,
                 fmt::format("SELECT {} FROM value_rows WHERE set_id = ?1 ORDER BY position", value_columns));
  std::vector<StoredResult> out;
  for (const auto& [set, metric] : sets) {
    rows.integer(1, set);
    while (rows.step()) out.push_back(read_result(rows, metric, 0));
    rows.reset();
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
                  "direction, target, target_year, aggregation FROM run_catalogue l JOIN catalogue_entries e "
                  "ON e.entry_id = l.entry_id WHERE l.run_id = ?1 ORDER BY id");
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
  Transaction transaction(db_, path_, Transaction::Mode::read);
  Comparison out;
  out.a = run(a);
  out.b = run(b);
  // Both runs in key order, then merged in one pass.
  const auto load = [&](const std::string& id) {
    std::vector<OneSidedResult> rows;
    for (auto& result : load_results(id))
      rows.push_back(OneSidedResult{ResultKey{std::move(result.metric), std::move(result.entity), result.year},
                                    result.value, std::move(result.status)});
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

StoredRun stored_run(const RunReport& report, const Config& config, const PluginVersions& plugins) {
  StoredRun run;
  run.id = report.run_id;
  run.started_at = report.started_at;
  run.duration_seconds = report.duration_seconds;
  run.config_path =
      config.path.empty() ? std::string() : std::filesystem::absolute(config.path).lexically_normal().string();
  run.config_hash = config_hash(config.text);
  run.plugins = plugins;
  run.records = static_cast<std::int64_t>(report.records.size());
  run.failures = static_cast<std::int64_t>(report.failures.size());
  return run;
}

StoredContents stored_contents(const RunReport& report, const Config& config, const PluginVersions& plugins) {
  StoredContents out;
  out.run = stored_run(report, config, plugins);
  for (const auto& entry : report.catalogue) out.metrics.push_back(stored_metric(entry));
  std::sort(out.metrics.begin(), out.metrics.end(),
            [](const StoredMetric& a, const StoredMetric& b) { return a.id < b.id; });
  const std::vector<std::uint32_t> order = insertion_order(report);
  out.results.reserve(order.size());
  for (const std::uint32_t i : order) out.results.push_back(stored_result(report, i));
  return out;
}

std::string config_hash(std::string_view text) { return fmt::format("{:016x}", fnv1a(text)); }

PluginVersions plugin_versions(const Registry& registry, const Config& config) {
  PluginVersions out;
  for (const auto& instance : config.instances)
    if (const PluginLibrary* plugin = registry.find(instance.plugin))
      out[plugin->name()] = plugin->info().version != nullptr ? plugin->info().version : "";
  return out;
}

}  // namespace p2c::host
