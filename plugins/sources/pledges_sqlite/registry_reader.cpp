#include "registry_reader.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <limits>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <unordered_map>

#include "p2c/dates.h"
#include "p2c/huge_pages.h"
#include "p2c/json.h"
#include "p2c/pledges/schema.h"
#include "p2c/pledges/vocabulary_words.h"
#include "p2c/sqlite/read_only_database.h"
#include "p2c/text.h"

namespace p2c::plugins::pledge_registry {

namespace {

// The registry's own writers hold its lock for moments; waiting beats failing the source.
constexpr int kBusyTimeoutMs = 10000;
constexpr double kNotStated = std::numeric_limits<double>::quiet_NaN();
// A period longer than a century is a typo, and months_after() must stay far from overflowing.
constexpr std::int64_t kLongestPeriodMonths = 1200;
constexpr LabelId kUnset = std::numeric_limits<LabelId>::max();

using Database = sqlite::DatabaseHandle;
using Statement = sqlite::StatementHandle;

const std::string kWhatToDo =
    "run `p2c pledges import` to create the registry, or set this source's `database` to the file of [pledges]";

[[noreturn]] void fail(const std::string& path, const std::string& reason, const std::string& what_to_do = kWhatToDo) {
  throw std::runtime_error("pledge registry '" + path + "': " + reason + "; " + what_to_do);
}

// As sqlite::open_read_only(), which it follows, but without SQLite's locking of every call: each connection is
// used by one thread at a time, and at a registry's size the locking costs more than the reading.
Database open_file(const std::string& path) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (status.type() == std::filesystem::file_type::not_found) fail(path, "the file does not exist");
  if (status.type() == std::filesystem::file_type::directory) fail(path, "is a folder, not an SQLite file");
  sqlite3* raw = nullptr;
  // Read-only: the source never changes, creates or migrates the registry.
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  Database db(raw);  // SQLite allocates a handle even when opening fails; it must be closed either way
  if (rc != SQLITE_OK) fail(path, std::string("cannot open: ") + (db ? sqlite3_errmsg(db.get()) : sqlite3_errstr(rc)));
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  if (sqlite3_exec(db.get(), "PRAGMA schema_version", nullptr, nullptr, nullptr) != SQLITE_OK)
    fail(path, std::string("not a readable SQLite database: ") + sqlite3_errmsg(db.get()));
  return db;
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

/// Calls `row` for every row of `sql`.
template <typename Row>
void each_row(sqlite3* db, const std::string& path, const char* sql, const char* what, Row&& row) {
  const Statement statement = prepare(db, path, sql);
  for (;;) {
    const int rc = sqlite3_step(statement.get());
    if (rc == SQLITE_DONE) return;
    if (rc != SQLITE_ROW)
      fail(path, std::string("reading the ") + what + " failed: " + sqlite3_errmsg(db), "check the file");
    row(statement.get());
  }
}

/// A record of the registry that breaks its format: the field and what was expected instead.
struct BadField {
  std::string what;
};

std::string field_named(std::string_view field) { return "field '" + std::string(field) + "'"; }

std::string_view text(sqlite3_stmt* statement, int column) {
  const auto* chars = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
  return chars == nullptr ? std::string_view()
                          : std::string_view(chars, static_cast<std::size_t>(sqlite3_column_bytes(statement, column)));
}

// The checks below name the field only when they fail: most rows pass, and building a message per row would cost
// more than reading it.

/// Text fit for a label: UTF-8, and without '|' where that separates list items. `where` names the field.
template <typename Where>
void check_text(std::string_view value, const Where& where, bool allow_bar = false) {
  if (!valid_utf8(value))
    throw BadField{where() + ": expected UTF-8 text, found '" + printable(value) +
                   "'; correct the pledge with `p2c pledges import`"};
  if (!allow_bar && value.find('|') != std::string_view::npos)
    throw BadField{where() + ": '|' separates list items and cannot appear in a value, found '" + printable(value) +
                   "'"};
}

std::string_view required_text(sqlite3_stmt* statement, int column, const char* field, bool allow_bar = false) {
  const auto where = [&] { return field_named(field); };
  if (sqlite3_column_type(statement, column) != SQLITE_TEXT)
    throw BadField{where() + ": expected text, found " +
                   (sqlite3_column_type(statement, column) == SQLITE_NULL ? "NULL" : "another type")};
  const std::string_view value = text(statement, column);
  if (value.empty()) throw BadField{where() + " is empty"};
  check_text(value, where, allow_bar);
  return value;
}

template <typename Where>
Date checked_date(std::string_view value, const Where& where) {
  const auto date = parse_date(value);
  if (!date) throw BadField{where() + ": expected a date YYYY-MM-DD, found '" + printable(value) + "'"};
  return *date;
}

Date required_date(std::string_view value, const char* field) {
  return checked_date(value, [&] { return field_named(field); });
}

/// An amount in USD: NULL is "not stated" (NaN); anything else must be a finite number >= 0.
double amount(sqlite3_stmt* statement, int column, const char* field) {
  const int type = sqlite3_column_type(statement, column);
  if (type == SQLITE_NULL) return kNotStated;
  if (type != SQLITE_INTEGER && type != SQLITE_FLOAT)
    throw BadField{field_named(field) + ": expected a number or NULL, found text '" +
                   printable(text(statement, column)) + "'"};
  const double value = sqlite3_column_double(statement, column);
  if (!std::isfinite(value) || value < 0)
    throw BadField{field_named(field) + ": expected an amount >= 0, found " + std::to_string(value)};
  return value;
}

/// A number in a target's unit: any finite number.
template <typename Where>
double number(sqlite3_stmt* statement, int column, const Where& where) {
  const int type = sqlite3_column_type(statement, column);
  if (type != SQLITE_INTEGER && type != SQLITE_FLOAT)
    throw BadField{where() + ": expected a number, found " +
                   (type == SQLITE_NULL ? std::string("NULL") : "text '" + printable(text(statement, column)) + "'")};
  const double value = sqlite3_column_double(statement, column);
  if (!std::isfinite(value)) throw BadField{where() + ": expected a finite number, found " + std::to_string(value)};
  return value;
}

template <typename Where>
std::string period_text(std::int64_t months, const Where& where) {
  if (months < 1 || months > kLongestPeriodMonths)
    throw BadField{where() + ": expected a number of months from 1 to " + std::to_string(kLongestPeriodMonths) +
                   ", found " + std::to_string(months)};
  return std::to_string(months);
}

std::string listed(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : ", ") + word;
  return out;
}

/// Lists (JSON arrays of strings) as texts joined with '|'.
class Lists {
 public:
  /// The list in `texts`. Throws BadField naming `field` when `raw` is not a JSON array of non-empty strings
  /// without '|'.
  std::uint32_t joined(Texts& texts, std::string_view raw, const char* field) {
    std::string problem;
    if (plain_array(raw)) {
      joined_.clear();
      for (const auto item : items_) {
        if (item.empty() || item.find('|') != std::string_view::npos) {
          problem = "an item is empty or holds '|'";
          break;
        }
        if (!joined_.empty()) joined_ += '|';
        joined_ += item;
      }
      if (problem.empty()) return texts.add(joined_);
    } else {
      // The database is a file another program may have written: anything but the plain form is parsed as
      // strictly as any input.
      try {
        std::uint32_t out = 0;
        if (auto bad = joined_json(texts, parse_json(raw), out)) problem = *bad;
        if (problem.empty()) return out;
      } catch (const JsonError& e) {
        problem = e.what();
      }
    }
    throw BadField{field_named(field) + ": expected a JSON array of codes, found '" + printable(raw) + "' (" + problem +
                   ")"};
  }

  /// Joins the items of a parsed JSON array; the problem when it is not an array of codes.
  std::optional<std::string> joined_json(Texts& texts, const nlohmann::json& json, std::uint32_t& out) {
    if (!json.is_array()) return "not an array";
    joined_.clear();
    for (const auto& item : json) {
      if (!item.is_string()) return "an item is not a string";
      const auto& code = item.get_ref<const std::string&>();
      if (code.empty() || code.find('|') != std::string::npos) return "an item is empty or holds '|'";
      if (!joined_.empty()) joined_ += '|';
      joined_ += code;
    }
    out = texts.add(joined_);
    return std::nullopt;
  }

 private:
  // The form the registry writes, ["a", "b"]: strings without escapes or control characters, which JSON reads as
  // the very bytes between the quotes, so they need no JSON parser. Anything else goes to parse_json().
  bool plain_array(std::string_view raw) {
    items_.clear();
    std::size_t i = 0;
    const auto space = [&] {
      while (i < raw.size() && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\n' || raw[i] == '\r')) ++i;
    };
    const auto closed = [&] {
      ++i;
      space();
      return i == raw.size();
    };
    space();
    if (i == raw.size() || raw[i] != '[') return false;
    ++i;
    space();
    if (i < raw.size() && raw[i] == ']') return closed();
    for (;;) {
      if (i == raw.size() || raw[i] != '"') return false;
      const std::size_t start = ++i;
      while (i < raw.size() && raw[i] != '"') {
        const auto c = static_cast<unsigned char>(raw[i]);
        if (c == '\\' || c < 0x20) return false;
        ++i;
      }
      if (i == raw.size()) return false;
      const std::string_view item = raw.substr(start, i - start);
      if (!valid_utf8(item)) return false;
      items_.push_back(item);
      ++i;
      space();
      if (i == raw.size()) return false;
      if (raw[i] == ']') return closed();
      if (raw[i] != ',') return false;
      ++i;
      space();
    }
  }

  std::string joined_;
  std::vector<std::string_view> items_;
};

/// The texts of the registry, table by table: a table of few distinct texts (sectors, statuses) stays in the
/// processor's cache however many rows name them. The versioned fields of a pledge come first.
enum Table : std::uint8_t {
  entity_name,
  sector,
  type,
  origin_economy,
  origin_region,
  focus_areas,
  implementation,
  regions,
  pillars,
  beneficiaries,
  sdgs,
  wsis_lines,
  campaigns,
  reporting_period_months,  ///< "" when the pledge uses the default period
  field_count,              ///< the fields a version carries end here
  pledged_on = field_count,
  start_date,
  end_date,
  status,
  revision,
  valid_from,
  target_text,  ///< target ids and dates
  table_count
};

struct Target {
  std::uint32_t id = 0, target_date = 0;  ///< texts of the target_text table
  std::uint8_t measure = 0;               ///< index into Reader::measures
  double target_value = 0, baseline_value = 0;

  bool operator==(const Target&) const = default;
};

struct State {
  std::uint32_t fields[field_count] = {};  ///< each a text of its table
  double value_usd = kNotStated;
  std::vector<Target> targets;

  bool operator==(const State& other) const {
    const bool same_value = value_usd == other.value_usd || (std::isnan(value_usd) && std::isnan(other.value_usd));
    return same_value && std::equal(std::begin(fields), std::end(fields), std::begin(other.fields)) &&
           targets == other.targets;
  }
};

struct Revision {
  std::int64_t number = 0;
  std::string effective_on;
  Date effective{};
  std::string changes;
};

/// A pledge with revisions after the first: the revisions, and the first problem of one.
struct Revised {
  std::vector<Revision> revisions;
  std::string problem;
};

struct Reach {
  std::int32_t year = 0;
  double pledges = 0;
};

/// Free text inside an encoded list: the bytes that separate its parts, '%' and control bytes as %XX.
template <typename Out>
void append_encoded(Out& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f || c == '%' || c == ' ' || c == '|' || c == '=' || c == '#') {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    } else {
      out += c;
    }
  }
}

template <typename Out>
void append_number(Out& out, double value) {
  char buffer[64];
  // The shortest text that reads back as the same double; whole amounts as whole numbers (200000, not 2e+05).
  const bool whole = std::abs(value) < 1e15 && value == std::trunc(value);
  const auto result = whole ? std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed)
                            : std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

/// One target of an encoded history, "id measure baseline target date" (pledges_source.h gives the grammar).
template <typename Out>
void append_target(Out& out, std::string_view id, std::string_view measure, double baseline, double target,
                   std::string_view date) {
  append_encoded(out, id);
  out += ' ';
  out += measure;
  out += ' ';
  append_number(out, baseline);
  out += ' ';
  append_number(out, target);
  out += ' ';
  out += date;
}

}  // namespace

/// What reading the pledges learnt, for the series read after them: the delivered pledges by id, as the other
/// tables come (their primary keys start with the pledge id), so those series merge with them in one pass.
struct Facts {
  Texts texts[table_count];
  std::string ids;                     ///< the delivered pledges' ids, back to back, by id
  std::vector<std::uint32_t> id_ends;  ///< end offset of each id in `ids`
  std::vector<std::uint32_t> origin;   ///< per delivered pledge: its origin economy
  std::map<std::string, Reach> reach;  ///< implementation economies, by code

  std::size_t size() const noexcept { return id_ends.size(); }
  std::string_view id(std::size_t pledge) const {
    const std::uint32_t begin = pledge == 0 ? 0 : id_ends[pledge - 1];
    return {ids.data() + begin, id_ends[pledge] - begin};
  }
};

namespace {

/// Fills batches with the ids the sink issues; with no sink it discards the rows. Texts of the Facts tables are
/// looked up in the host once per series.
class Emitter {
 public:
  Emitter(p2c::BatchSink* sink, std::size_t batch_size, std::vector<std::string> names)
      : sink_(sink), batch_size_(batch_size) {
    batch_.dimensions.resize(names.size());
    batch_.dimension_names = std::move(names);
  }

  bool writes() const noexcept { return sink_ != nullptr; }
  LabelId label(std::string_view text) { return sink_->intern_label(text); }
  LabelId label(const Facts& facts, Table table, std::uint32_t text) {
    auto& labels = labels_[table];
    if (text >= labels.size()) labels.resize(facts.texts[table].size(), kUnset);
    LabelId& id = labels[text];
    if (id == kUnset) id = sink_->intern_label(facts.texts[table][text]);
    return id;
  }
  EntityId entity(const Facts& facts, std::uint32_t origin) {
    if (origin >= entities_.size()) entities_.resize(facts.texts[origin_economy].size(), kUnset);
    EntityId& id = entities_[origin];
    if (id == kUnset) id = sink_->intern_entity(facts.texts[origin_economy][origin]);
    return id;
  }

  void row(EntityId entity, std::int32_t year, double value, std::initializer_list<LabelId> labels) {
    batch_.entity.push_back(entity);
    batch_.year.push_back(year);
    batch_.value.push_back(value);
    std::size_t d = 0;
    for (const LabelId label : labels) batch_.dimensions[d++].push_back(label);
    if (batch_.size() >= batch_size_) flush();
  }

  void reject(const std::string& where, const std::string& what) {
    if (sink_ != nullptr) sink_->reject(where, what);
  }

  void flush() {
    if (sink_ == nullptr || batch_.size() == 0) return;
    sink_->consume(batch_);
    batch_.clear();
  }

 private:
  p2c::BatchSink* sink_;
  std::size_t batch_size_;
  p2c::Batch batch_;
  std::vector<LabelId> labels_[table_count];
  std::vector<EntityId> entities_;
};

/// A statement whose rows come by pledge id.
class Cursor {
 public:
  Cursor(sqlite3* db, const std::string& path, const char* sql, const char* what)
      : db_(db), path_(path), what_(what), statement_(prepare(db, path, sql)) {
    step();
  }

  bool done() const noexcept { return done_; }
  /// The pledge of the current row; valid until step().
  std::string_view pledge() const noexcept { return pledge_; }
  /// Whether the current row is one of pledge `id`.
  bool at(std::string_view id) const { return !done_ && pledge_ == id; }
  sqlite3_stmt* row() const noexcept { return statement_.get(); }
  void step() {
    const int rc = sqlite3_step(statement_.get());
    if (rc == SQLITE_DONE) {
      done_ = true;
      return;
    }
    if (rc != SQLITE_ROW)
      fail(path_, std::string("reading the ") + what_ + " failed: " + sqlite3_errmsg(db_), "check the file");
    pledge_ = text(statement_.get(), 0);
  }

 private:
  sqlite3* db_;
  const std::string& path_;
  const char* what_;
  Statement statement_;
  std::string_view pledge_;
  bool done_ = false;
};

/// The measure of a target, checked with its other fields; a problem's message starts with `prefix`, then names the
/// target and the field.
std::uint8_t checked_target(std::string_view id, std::string_view measure, std::string_view unit,
                            std::string_view target_date, std::string_view prefix,
                            const std::vector<std::string>& measures) {
  const auto where = [&](const char* field) {
    return [=] { return std::string(prefix) + "target '" + printable(id) + "' " + field_named(field); };
  };
  if (id.empty()) throw BadField{where("target_id")() + " is empty"};
  check_text(id, where("target_id"), true);
  const auto known = std::find(measures.begin(), measures.end(), measure);
  if (known == measures.end())
    throw BadField{where("measure")() + ": expected a measure of the vocabulary (" + listed(measures) +
                   "; an operator adds measures with this source's option `measures`), found '" + printable(measure) +
                   "'"};
  check_text(unit, where("unit"), true);
  checked_date(target_date, where("target_date"));
  return static_cast<std::uint8_t>(known - measures.begin());
}

/// A target as its row states it, checked.
struct RawTarget {
  std::int64_t position = 0;
  std::string id, target_date;
  std::uint8_t measure = 0;
  double baseline_value = 0, target_value = 0;
};

/// What the tables keyed by pledge id (targets, reports, actuals) say of one pledge. Its texts are in its chunk's.
struct Extra {
  std::uint32_t id_begin = 0, id_end = 0;  ///< the pledge id
  std::uint32_t reports = 0, end = 0;      ///< the history is [id_end, end): the targets, '#', the reports from here
  std::string problem;                     ///< the first target that breaks the format; empty: none
  std::vector<RawTarget> targets;          ///< by position; kept for revised pledges only
  std::vector<std::pair<std::string, std::string>> rejections;  ///< of reports and actuals: where, what
};

/// Extras of consecutive pledges, with their texts back to back.
struct ExtraChunk {
  std::vector<Extra> extras;
  std::basic_string<char, std::char_traits<char>, HugePageAllocator<char>> text;

  std::string_view id(const Extra& extra) const {
    return std::string_view(text).substr(extra.id_begin, extra.id_end - extra.id_begin);
  }
  /// The history of a pledge without revisions.
  std::string_view history(const Extra& extra) const {
    return std::string_view(text).substr(extra.id_end, extra.end - extra.id_end);
  }
  std::string_view reports(const Extra& extra) const {
    return std::string_view(text).substr(extra.reports, extra.end - extra.reports);
  }
};

constexpr std::size_t kChunk = 8192;                             ///< extras per chunk
constexpr std::size_t kChunkText = (std::size_t{4} << 20) - 64;  ///< room for a chunk's texts, in huge pages
// How many chunks the reading thread may be ahead. The writing thread scans the pledges before it takes any, and the
// reader keeps going meanwhile, which is the point of a second connection: for 260,000 pledges the reader never
// waits; beyond, the bound keeps a registry of millions from sitting in memory whole.
constexpr std::size_t kChunksAhead = 32;

/// Extras in chunks, from the thread that reads them to the one that writes the series.
class ExtraQueue {
 public:
  /// Waits while kChunksAhead chunks are waiting, unless `stop` is set.
  void push(ExtraChunk&& chunk, const std::atomic<bool>& stop) {
    {
      std::unique_lock lock(mutex_);
      room_.wait(lock, [&] { return chunks_.size() < kChunksAhead || stop.load(); });
      chunks_.push_back(std::move(chunk));
    }
    ready_.notify_one();
  }
  /// Wakes a push() waiting for room, so that it sees `stop`.
  void wake() { room_.notify_all(); }
  void close(std::exception_ptr error) {
    {
      const std::lock_guard lock(mutex_);
      closed_ = true;
      error_ = std::move(error);
    }
    ready_.notify_one();
  }
  /// The next chunk; false once the reader is done. Rethrows what failed the reader.
  bool pop(ExtraChunk& chunk) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !chunks_.empty() || closed_; });
    if (!chunks_.empty()) {
      chunk = std::move(chunks_.front());
      chunks_.pop_front();
      lock.unlock();
      room_.notify_one();
      return true;
    }
    if (error_) std::rethrow_exception(error_);
    return false;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_, room_;
  std::deque<ExtraChunk> chunks_;
  bool closed_ = false;
  std::exception_ptr error_;
};

/// Reads the targets, reports and actuals on a connection of its own, pledge by pledge in id order, and encodes what
/// a pledge's history needs of them.
class ExtraReader {
 public:
  ExtraReader(const std::string& path, const std::vector<std::string>& measures, ExtraQueue& queue,
              const std::atomic<bool>& stop)
      : path_(path), measures_(measures), queue_(queue), stop_(stop) {}

  void run() noexcept {
    try {
      read();
      queue_.close(nullptr);
    } catch (...) {
      queue_.close(std::current_exception());
    }
  }

 private:
  struct Report {
    std::string reported_on, status;
    double disbursed = kNotStated;
    std::vector<std::pair<std::string, double>> actuals;  ///< target id, cumulative value
  };

  void read() {
    const Database db = open_registry(path_);
    sqlite3_exec(db.get(), "BEGIN", nullptr, nullptr, nullptr);
    // Only the targets of revised pledges are kept whole: their versions are rebuilt from them.
    each_row(db.get(), path_, "SELECT DISTINCT pledge_id FROM pledge_revisions WHERE revision > 1", "revisions",
             [&](sqlite3_stmt* s) { revised_.add(text(s, 0)); });
    Cursor targets(db.get(), path_,
                   "SELECT pledge_id, target_id, position, measure, unit, baseline_value, target_value, target_date "
                   "FROM pledge_targets ORDER BY pledge_id, target_id",
                   "targets");
    Cursor reports(db.get(), path_,
                   "SELECT pledge_id, reported_on, status, disbursed_usd, actuals FROM progress_reports "
                   "ORDER BY pledge_id, reported_on",
                   "reports");
    ExtraChunk chunk;
    chunk.extras.reserve(kChunk);
    chunk.text.reserve(kChunkText);
    std::string id;
    while (!stop_.load(std::memory_order_relaxed)) {
      const Cursor* next = nullptr;
      for (const Cursor* cursor : {&targets, &reports})
        if (!cursor->done() && (next == nullptr || cursor->pledge() < next->pledge())) next = cursor;
      if (next == nullptr) break;
      id.assign(next->pledge());
      read_pledge(id, chunk, targets, reports);
      if (chunk.extras.size() == kChunk) {
        queue_.push(std::move(chunk), stop_);
        chunk = ExtraChunk();
        chunk.extras.reserve(kChunk);
        chunk.text.reserve(kChunkText);
      }
    }
    sqlite3_exec(db.get(), "COMMIT", nullptr, nullptr, nullptr);
    if (!chunk.extras.empty()) queue_.push(std::move(chunk), stop_);
  }

  void read_pledge(const std::string& id, ExtraChunk& chunk, Cursor& target_rows, Cursor& report_rows) {
    Extra& extra = chunk.extras.emplace_back();
    auto& out = chunk.text;
    extra.id_begin = static_cast<std::uint32_t>(out.size());
    out += id;
    extra.id_end = static_cast<std::uint32_t>(out.size());
    targets_.clear();
    for (; target_rows.at(id); target_rows.step()) {
      sqlite3_stmt* s = target_rows.row();
      const std::string_view target_id = text(s, 1), target_date = text(s, 7);
      const auto where = [&](const char* field) {
        return [=] { return "target '" + printable(target_id) + "' " + field_named(field); };
      };
      try {
        RawTarget target;
        target.measure = checked_target(target_id, text(s, 3), text(s, 4), target_date, "", measures_);
        target.baseline_value = number(s, 5, where("baseline_value"));
        target.target_value = number(s, 6, where("target_value"));
        target.position = sqlite3_column_int64(s, 2);
        target.id.assign(target_id);
        target.target_date.assign(target_date);
        targets_.push_back(std::move(target));
      } catch (const BadField& bad) {
        if (extra.problem.empty()) extra.problem = bad.what;
      }
    }
    std::stable_sort(targets_.begin(), targets_.end(),
                     [](const RawTarget& a, const RawTarget& b) { return a.position < b.position; });
    std::size_t reports = 0;
    for (; report_rows.at(id); report_rows.step()) {
      sqlite3_stmt* s = report_rows.row();
      const std::string_view reported_on = text(s, 1);
      try {
        required_date(reported_on, "reported_on");
        const std::string_view status_text = required_text(s, 2, "status");
        const double disbursed = amount(s, 3, "disbursed_usd");
        auto actuals = json_number_object(text(s, 4));
        if (!actuals)
          throw BadField{field_named("actuals") + ": expected a JSON object of target ids and numbers, found '" +
                         printable(text(s, 4)) + "'"};
        for (const auto& [target, value] : *actuals)
          if (target.empty()) throw BadField{field_named("actuals") + ": a target id is empty"};
        if (reports == reports_.size()) reports_.emplace_back();
        Report& report = reports_[reports++];
        report.reported_on.assign(reported_on);
        report.status.assign(status_text);
        report.disbursed = disbursed;
        report.actuals = std::move(*actuals);
      } catch (const BadField& bad) {
        extra.rejections.emplace_back(
            path_ + ": report of pledge '" + printable(id) + "' dated '" + printable(reported_on) + "'", bad.what);
      }
    }
    if (!extra.problem.empty()) {
      extra.reports = extra.end = extra.id_end;
      return;
    }
    for (std::size_t t = 0; t < targets_.size(); ++t) {
      const RawTarget& target = targets_[t];
      if (t > 0) out += '|';
      append_target(out, target.id, measures_[target.measure], target.baseline_value, target.target_value,
                    target.target_date);
    }
    out += '#';
    extra.reports = static_cast<std::uint32_t>(out.size());
    // reported_on status disbursed target=actual..., per report, joined with '|'.
    for (std::size_t r = 0; r < reports; ++r) {
      const Report& report = reports_[r];
      if (r > 0) out += '|';
      out += report.reported_on;
      out += ' ';
      append_encoded(out, report.status);
      out += ' ';
      if (std::isnan(report.disbursed))
        out += '-';
      else
        append_number(out, report.disbursed);
      for (const auto& [target, value] : report.actuals) {
        out += ' ';
        append_encoded(out, target);
        out += '=';
        append_number(out, value);
      }
    }
    extra.end = static_cast<std::uint32_t>(out.size());
    if (revised_.find(id)) extra.targets = targets_;
  }

  const std::string& path_;
  const std::vector<std::string> measures_;  // a copy: the reading thread owns it
  ExtraQueue& queue_;
  const std::atomic<bool>& stop_;
  Texts revised_;                   ///< pledges with revisions after the first
  std::vector<RawTarget> targets_;  ///< of the pledge being read; reused
  std::vector<Report> reports_;
};

/// The extras one after the other, as the queue hands them over.
class Extras {
 public:
  explicit Extras(ExtraQueue& queue) : queue_(queue) {}
  /// The extra of pledge `id`, or null; skips those of earlier ids (drafts', rejected pledges'). Ids must grow.
  const Extra* at(std::string_view id) {
    for (;;) {
      if (next_ == chunk_.extras.size()) {
        chunk_ = ExtraChunk();
        next_ = 0;
        if (done_ || !queue_.pop(chunk_)) {
          done_ = true;
          return nullptr;
        }
        continue;
      }
      const Extra& extra = chunk_.extras[next_];
      const std::string_view extra_id = chunk_.id(extra);
      if (extra_id < id) {
        ++next_;
        continue;
      }
      return extra_id == id ? &extra : nullptr;
    }
  }
  const ExtraChunk& chunk() const noexcept { return chunk_; }

 private:
  ExtraQueue& queue_;
  ExtraChunk chunk_;
  std::size_t next_ = 0;
  bool done_ = false;
};

/// Reads the published pledges with their revisions, merges what the ExtraReader reads of them, rebuilds the
/// versions of revised ones and writes pledges.pledges.
class PledgeReader {
 public:
  PledgeReader(const std::string& path, const std::vector<std::string>& measures, Facts& facts, Emitter& out)
      : path_(path), measures_(measures), facts_(facts), out_(out) {}

  ~PledgeReader() {
    for (std::uint32_t code = 0; code < reach_.size(); ++code)
      if (reach_[code].pledges > 0) facts_.reach.emplace(std::string(codes_[code]), reach_[code]);
  }

  void read() {
    // The tables keyed by pledge id are most of the registry: a second connection reads them meanwhile.
    ExtraQueue queue;
    std::atomic<bool> stop{false};
    ExtraReader extra_reader(path_, measures_, queue, stop);
    std::thread extra_thread([&] { extra_reader.run(); });
    struct Join {
      std::atomic<bool>& stop;
      ExtraQueue& queue;
      std::thread& thread;
      ~Join() {
        stop = true;
        queue.wake();
        thread.join();
      }
    } join{stop, queue, extra_thread};

    const Database db = open_registry(path_);
    // One transaction: the revisions and pledges are read as of one moment.
    sqlite3_exec(db.get(), "BEGIN", nullptr, nullptr, nullptr);
    read_revisions(db.get());
    read_pledges(db.get());
    sqlite3_exec(db.get(), "COMMIT", nullptr, nullptr, nullptr);
    sort_pledges();
    Extras extras(queue);
    for (const Buffered& pledge : pledges_) complete(pledge, extras.at(id_of(pledge)), extras.chunk());
    std::stable_sort(rejections_.begin(), rejections_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [id, rejection] : rejections_) out_.reject(rejection.first, rejection.second);
  }

 private:
  /// A published pledge whose row is well-formed, until its other tables are read.
  struct Buffered {
    char key[16] = {};  ///< the id's first bytes, zero-padded: most comparisons end here
    std::uint32_t id_begin = 0, id_end = 0;
    std::uint32_t fields[field_count] = {};
    double value_usd = kNotStated;
    std::uint32_t dates[3] = {}, status = 0;
    std::int32_t pledged_year = 0;
    std::uint32_t revised = 0;  ///< 1 + index into revised_, or 0
  };

  struct Version {
    State state;
    std::uint32_t revision = 0, valid_from = 0;  ///< texts of their tables
    std::int32_t year = 0;
  };

  Texts& texts(Table table) { return facts_.texts[table]; }
  std::string_view id_of(const Buffered& pledge) const {
    return std::string_view(ids_).substr(pledge.id_begin, pledge.id_end - pledge.id_begin);
  }
  void reject(std::string_view id, std::string where, std::string what) {
    rejections_.push_back({std::string(id), {std::move(where), std::move(what)}});
  }
  std::string pledge_named(std::string_view id) const { return path_ + ": pledge '" + printable(id) + "'"; }

  /// A target of a revision's old value, checked; a problem's message starts with `prefix`.
  Target target(std::string_view id, std::string_view measure, std::string_view unit, double baseline, double value,
                std::string_view target_date, std::string_view prefix) {
    Target out;
    out.measure = checked_target(id, measure, unit, target_date, prefix, measures_);
    Texts& t = texts(target_text);
    out.id = t.add(id);
    out.target_date = t.add(target_date);
    out.baseline_value = baseline;
    out.target_value = value;
    return out;
  }

  void read_revisions(sqlite3* db) {
    // Revision 1 is the pledge as first stored: in force before any later one, whatever its date.
    each_row(db, path_, "SELECT pledge_id, revision, effective_on, changes FROM pledge_revisions WHERE revision > 1",
             "revisions", [&](sqlite3_stmt* s) {
               const std::uint32_t index = revised_ids_.add(text(s, 0));
               if (index == revised_.size()) revised_.emplace_back();
               Revised& revised = revised_[index];
               Revision revision;
               revision.number = sqlite3_column_int64(s, 1);
               revision.effective_on = std::string(text(s, 2));
               revision.changes = std::string(text(s, 3));
               const auto effective = parse_date(revision.effective_on);
               if (!effective) {
                 if (revised.problem.empty())
                   revised.problem = "revision " + std::to_string(revision.number) +
                                     " field 'effective_on': expected a date YYYY-MM-DD, found '" +
                                     printable(revision.effective_on) + "'";
                 return;
               }
               revision.effective = *effective;
               revised.revisions.push_back(std::move(revision));
             });
  }

  void read_pledges(sqlite3* db) {
    // Sized once: growing a buffer of 100,000 pledges step by step would touch twice its memory.
    each_row(db, path_, "SELECT count(*) FROM pledges", "pledges", [&](sqlite3_stmt* s) {
      const auto count = static_cast<std::size_t>(std::max<sqlite3_int64>(0, sqlite3_column_int64(s, 0)));
      pledges_.reserve(count);
      ids_.reserve(count * 16);
      facts_.ids.reserve(count * 16);
      facts_.id_ends.reserve(count);
      facts_.origin.reserve(count);
    });
    // Most pledges are published: one pass over the table beats a seek per row through the review_state index.
    each_row(db, path_,
             "SELECT id, entity, sector, origin_economy, origin_region, implementation_economies, "
             "implementation_regions, focus_areas, pillars, pledge_type, value_usd, beneficiaries, sdgs, pledged_on, "
             "start_date, end_date, status, wsis_lines, campaigns, reporting_period_months FROM pledges NOT INDEXED "
             "WHERE review_state = 'published'",
             "pledges", [&](sqlite3_stmt* s) { pledge(s); });
  }

  void pledge(sqlite3_stmt* s) {
    const std::string_view id = text(s, 0);
    Buffered pledge;
    try {
      required_text(s, 0, "id");
      auto& f = pledge.fields;
      f[entity_name] = texts(entity_name).add(required_text(s, 1, "entity", true));
      f[sector] = texts(sector).add(required_text(s, 2, "sector"));
      f[origin_economy] = texts(origin_economy).add(required_text(s, 3, "origin_economy"));
      const std::string_view region = text(s, 4);
      check_text(region, [] { return field_named("origin_region"); });
      f[origin_region] = texts(origin_region).add(region);
      f[implementation] = lists_.joined(texts(implementation), text(s, 5), "implementation_economies");
      f[regions] = lists_.joined(texts(regions), text(s, 6), "implementation_regions");
      f[focus_areas] = lists_.joined(texts(focus_areas), text(s, 7), "focus_areas");
      f[pillars] = lists_.joined(texts(pillars), text(s, 8), "pillars");
      f[type] = texts(type).add(required_text(s, 9, "pledge_type"));
      pledge.value_usd = amount(s, 10, "value_usd");
      f[beneficiaries] = lists_.joined(texts(beneficiaries), text(s, 11), "beneficiaries");
      f[sdgs] = lists_.joined(texts(sdgs), text(s, 12), "sdgs");
      pledge.pledged_year = required_date(text(s, 13), "pledged_on").year;
      required_date(text(s, 14), "start_date");
      required_date(text(s, 15), "end_date");
      for (int k = 0; k < 3; ++k) pledge.dates[k] = texts(static_cast<Table>(pledged_on + k)).add(text(s, 13 + k));
      pledge.status = texts(status).add(required_text(s, 16, "status"));
      f[wsis_lines] = lists_.joined(texts(wsis_lines), text(s, 17), "wsis_lines");
      f[campaigns] = lists_.joined(texts(campaigns), text(s, 18), "campaigns");
      const int period_type = sqlite3_column_type(s, 19);
      if (period_type != SQLITE_NULL && period_type != SQLITE_INTEGER)
        throw BadField{"field 'reporting_period_months': expected a whole number of months or NULL, found '" +
                       printable(text(s, 19)) + "'"};
      f[reporting_period_months] =
          texts(reporting_period_months)
              .add(period_type == SQLITE_NULL ? "" : period_text(sqlite3_column_int64(s, 19), [] {
                return field_named("reporting_period_months");
              }));
      if (auto revised = revised_ids_.find(id)) {
        if (!revised_[*revised].problem.empty()) throw BadField{revised_[*revised].problem};
        pledge.revised = *revised + 1;
      }
    } catch (const BadField& bad) {
      reject(id, pledge_named(id), bad.what);
      return;
    }
    pledge.id_begin = static_cast<std::uint32_t>(ids_.size());
    ids_.append(id);
    pledge.id_end = static_cast<std::uint32_t>(ids_.size());
    std::memcpy(pledge.key, id.data(), std::min(id.size(), sizeof pledge.key));
    pledges_.push_back(pledge);
  }

  // By id, in memcmp order as SQLite's BINARY collation orders the primary keys of the other tables.
  void sort_pledges() {
    std::sort(pledges_.begin(), pledges_.end(), [&](const Buffered& a, const Buffered& b) {
      const int c = std::memcmp(a.key, b.key, sizeof a.key);
      return c != 0 ? c < 0 : id_of(a) < id_of(b);
    });
  }

  // The pledge with what the other tables say of it; its versions, written out.
  void complete(const Buffered& pledge, const Extra* extra, const ExtraChunk& chunk) {
    const std::string_view id = id_of(pledge);
    if (extra != nullptr && !extra->problem.empty()) return reject(id, pledge_named(id), extra->problem);
    State current;
    std::copy(std::begin(pledge.fields), std::end(pledge.fields), std::begin(current.fields));
    current.value_usd = pledge.value_usd;
    versions_.clear();
    if (pledge.revised != 0) {
      if (extra != nullptr)
        for (const RawTarget& raw : extra->targets) {
          Target& t = current.targets.emplace_back();
          t.id = texts(target_text).add(raw.id);
          t.target_date = texts(target_text).add(raw.target_date);
          t.measure = raw.measure;
          t.baseline_value = raw.baseline_value;
          t.target_value = raw.target_value;
        }
      try {
        make_versions(revised_[pledge.revised - 1], std::move(current), pledge.pledged_year);
      } catch (const BadField& bad) {
        return reject(id, pledge_named(id), bad.what);
      }
    } else {
      versions_.push_back({std::move(current), first_revision(), first_valid_from(), pledge.pledged_year});
    }
    if (extra != nullptr)
      for (const auto& [where, what] : extra->rejections) reject(id, where, what);

    facts_.ids.append(id);
    facts_.id_ends.push_back(static_cast<std::uint32_t>(facts_.ids.size()));
    facts_.origin.push_back(versions_.back().state.fields[origin_economy]);
    count_reach(pledge.pledged_year);
    if (!out_.writes()) return;
    const std::string_view reports = extra == nullptr ? std::string_view() : chunk.reports(*extra);
    const LabelId pledge_label = out_.label(id);
    LabelId history_label = kUnset;
    const std::vector<Target>* encoded = nullptr;
    for (const auto& version : versions_) {
      if (encoded == nullptr || *encoded != version.state.targets) {
        encoded = &version.state.targets;
        // A pledge without revisions has the history its extra encoded.
        history_label = out_.label(pledge.revised == 0 && extra != nullptr ? chunk.history(*extra)
                                                                           : encode_history(*encoded, reports));
      }
      const auto* f = version.state.fields;
      const auto l = [&](Table table, std::uint32_t t) { return out_.label(facts_, table, t); };
      out_.row(out_.entity(facts_, f[origin_economy]), version.year, version.state.value_usd,
               {pledge_label,
                l(revision, version.revision),
                l(valid_from, version.valid_from),
                l(entity_name, f[entity_name]),
                l(sector, f[sector]),
                l(type, f[type]),
                l(origin_region, f[origin_region]),
                l(focus_areas, f[focus_areas]),
                l(implementation, f[implementation]),
                l(regions, f[regions]),
                l(pillars, f[pillars]),
                l(beneficiaries, f[beneficiaries]),
                l(sdgs, f[sdgs]),
                l(wsis_lines, f[wsis_lines]),
                l(campaigns, f[campaigns]),
                l(reporting_period_months, f[reporting_period_months]),
                history_label,
                l(pledged_on, pledge.dates[0]),
                l(start_date, pledge.dates[1]),
                l(end_date, pledge.dates[2]),
                l(status, pledge.status)});
    }
  }

  // The version's targets, '#', then the pledge's reports (pledges_source.h gives the grammar).
  std::string_view encode_history(const std::vector<Target>& targets, std::string_view reports) {
    encoded_.clear();
    const Texts& t = texts(target_text);
    for (const Target& target : targets) {
      if (!encoded_.empty()) encoded_ += '|';
      append_target(encoded_, t[target.id], measures_[target.measure], target.baseline_value, target.target_value,
                    t[target.target_date]);
    }
    encoded_ += '#';
    encoded_ += reports;
    return encoded_;
  }

  std::uint32_t first_revision() { return texts(revision).add("1"); }
  std::uint32_t first_valid_from() { return texts(valid_from).add(""); }

  // The implementation economies of every version, each pledge counted once per economy. Lists repeat: each is
  // split once.
  void count_reach(std::int32_t pledged_year) {
    seen_.clear();
    for (const auto& version : versions_) {
      const std::uint32_t list = version.state.fields[implementation];
      if (list >= economies_of_.size()) economies_of_.resize(texts(implementation).size());
      auto& economies = economies_of_[list];
      if (economies.empty()) {
        const std::string_view joined = texts(implementation)[list];
        for (std::size_t start = 0; start < joined.size();) {
          const std::size_t bar = std::min(joined.find('|', start), joined.size());
          const std::uint32_t code = codes_.add(joined.substr(start, bar - start));
          start = bar + 1;
          if (code >= reach_.size()) reach_.resize(code + 1, Reach{std::numeric_limits<std::int32_t>::max(), 0});
          economies.push_back(code);
        }
        if (economies.empty()) economies.push_back(kNoEconomy);
      }
      for (const std::uint32_t code : economies)
        if (code != kNoEconomy && std::find(seen_.begin(), seen_.end(), code) == seen_.end()) seen_.push_back(code);
    }
    for (const std::uint32_t code : seen_) {
      reach_[code].year = std::min(reach_[code].year, pledged_year);
      reach_[code].pledges += 1;
    }
  }

  // The versions of a revised pledge: the states after each revision, rebuilt backwards from the current row, in
  // force from their effective dates on.
  void make_versions(Revised& revised, State current, std::int32_t pledged_year) {
    auto& revisions = revised.revisions;
    std::sort(revisions.begin(), revisions.end(),
              [](const Revision& a, const Revision& b) { return a.number < b.number; });
    // states[j]: the pledge after revisions[j - 1]; states[0]: revision 1.
    std::vector<State> states(revisions.size() + 1);
    states.back() = std::move(current);
    for (std::size_t j = revisions.size(); j > 0; --j) {
      states[j - 1] = states[j];
      undo(states[j - 1], revisions[j - 1]);
    }
    // In force at a date: the revision with the latest effective_on on or before it, the later-numbered on a tie.
    std::vector<std::size_t> order(revisions.size());
    for (std::size_t j = 0; j < order.size(); ++j) order[j] = j;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return revisions[a].effective < revisions[b].effective; });
    const auto add = [&](State& state, std::uint32_t number, std::uint32_t from, std::int32_t year) {
      // A revision of fields no version carries (a status, a description) changes nothing here.
      if (!versions_.empty() && state == versions_.back().state) return;
      versions_.push_back({std::move(state), number, from, year});
    };
    add(states[0], first_revision(), first_valid_from(), pledged_year);
    for (std::size_t k = 0; k < order.size(); ++k) {
      const std::size_t j = order[k];
      if (k + 1 < order.size() && revisions[order[k + 1]].effective == revisions[j].effective) continue;
      add(states[j + 1], texts(revision).add(std::to_string(revisions[j].number)),
          texts(valid_from).add(revisions[j].effective_on), revisions[j].effective.year);
    }
  }

  // The state before `revision`: `state` with the revision's old values. Fields no version carries (description,
  // contact, dates, status, review state, ...) keep their current value in every version.
  void undo(State& state, const Revision& revision) {
    const std::string named = "revision " + std::to_string(revision.number);
    nlohmann::json changes;
    try {
      changes = parse_json(revision.changes);
    } catch (const JsonError& e) {
      throw BadField{named + " field 'changes': expected a JSON array of changes, found '" +
                     printable(revision.changes) + "' (" + e.what() + ")"};
    }
    if (!changes.is_array())
      throw BadField{named + " field 'changes': expected a JSON array of changes, found " + json_excerpt(changes)};
    for (const auto& change : changes) {
      if (!change.is_object() || !change.contains("field") || !change["field"].is_string() || !change.contains("old") ||
          !change.contains("new"))
        throw BadField{named + " field 'changes': expected objects {\"field\", \"old\", \"new\"}, found " +
                       json_excerpt(change)};
      const auto& field = change["field"].get_ref<const std::string&>();
      const auto& old = change["old"];
      const std::string where = named + " change of '" + printable(field) + "'";
      const auto text_value = [&](Table table, bool required) {
        if (old.is_null() && !required) return texts(table).add("");
        if (!old.is_string()) throw BadField{where + ": expected text as 'old', found " + json_excerpt(old)};
        const auto& value = old.get_ref<const std::string&>();
        if (required && value.empty()) throw BadField{where + ": 'old' is empty"};
        check_text(
            value, [&] { return where + " 'old'"; }, table == entity_name);
        return texts(table).add(value);
      };
      const auto list_value = [&](Table table) {
        std::uint32_t joined = 0;
        if (auto problem = lists_.joined_json(texts(table), old, joined))
          throw BadField{where + ": expected a JSON array of codes as 'old', found " + json_excerpt(old) + " (" +
                         *problem + ")"};
        return joined;
      };
      static const std::pair<std::string_view, Table> kTexts[] = {
          {"entity", entity_name}, {"sector", sector}, {"pledge_type", type}, {"origin_economy", origin_economy}};
      static const std::pair<std::string_view, Table> kLists[] = {{"implementation_economies", implementation},
                                                                  {"implementation_regions", regions},
                                                                  {"focus_areas", focus_areas},
                                                                  {"pillars", pillars},
                                                                  {"beneficiaries", beneficiaries},
                                                                  {"sdgs", sdgs},
                                                                  {"wsis_lines", wsis_lines},
                                                                  {"campaigns", campaigns}};
      const auto named_in = [&](const auto& table) {
        return std::find_if(std::begin(table), std::end(table), [&](const auto& e) { return e.first == field; });
      };
      auto& f = state.fields;
      if (auto it = named_in(kTexts); it != std::end(kTexts)) {
        f[it->second] = text_value(it->second, true);
      } else if (auto list = named_in(kLists); list != std::end(kLists)) {
        f[list->second] = list_value(list->second);
      } else if (field == "origin_region") {
        f[origin_region] = text_value(origin_region, false);
      } else if (field == "value_usd") {
        if (old.is_null())
          state.value_usd = kNotStated;
        else if (!old.is_number() || !std::isfinite(old.get<double>()) || old.get<double>() < 0)
          throw BadField{where + ": expected an amount >= 0 or null as 'old', found " + json_excerpt(old)};
        else
          state.value_usd = old.get<double>();
      } else if (field == "reporting_period_months") {
        if (old.is_null())
          f[reporting_period_months] = texts(reporting_period_months).add("");
        else if (!old.is_number_integer())
          throw BadField{where + ": expected a whole number of months or null as 'old', found " + json_excerpt(old)};
        else
          f[reporting_period_months] =
              texts(reporting_period_months).add(period_text(old.get<std::int64_t>(), [&] { return where; }));
      } else if (field == "targets") {
        state.targets = targets_of(old, where);
      } else if (!unversioned(field)) {
        throw BadField{named + " field 'changes': '" + printable(field) +
                       "' is not a field of a pledge (docs/pledges.md, JSON format)"};
      }
    }
  }

  static bool unversioned(std::string_view field) {
    static constexpr std::string_view kFields[] = {
        "id",          "value",        "currency",      "pledged_on", "start_date",   "end_date",      "status",
        "description", "review_state", "roadmap_areas", "partners",   "contact_name", "contact_email", "reports"};
    return std::find(std::begin(kFields), std::end(kFields), field) != std::end(kFields);
  }

  std::vector<Target> targets_of(const nlohmann::json& old, const std::string& where) {
    if (!old.is_array()) throw BadField{where + ": expected an array of targets as 'old', found " + json_excerpt(old)};
    std::vector<Target> out;
    for (const auto& item : old) {
      if (!item.is_object()) throw BadField{where + ": expected target objects, found " + json_excerpt(item)};
      const auto string = [&](const char* key, bool required) -> std::string_view {
        const auto it = item.find(key);
        if (it == item.end() || it->is_null()) {
          if (required) throw BadField{where + ": a target has no '" + key + "'"};
          return {};
        }
        if (!it->is_string()) throw BadField{where + ": a target's '" + key + "' is " + json_excerpt(*it)};
        return it->get_ref<const std::string&>();
      };
      const auto value = [&](const char* key) {
        const auto it = item.find(key);
        if (it == item.end() || !it->is_number() || !std::isfinite(it->get<double>()))
          throw BadField{where + ": a target's '" + key + "' is not a number"};
        return it->get<double>();
      };
      out.push_back(target(string("id", true), string("measure", true), string("unit", false), value("baseline_value"),
                           value("target_value"), string("target_date", true), where + ": "));
    }
    return out;
  }

  static constexpr std::uint32_t kNoEconomy = std::numeric_limits<std::uint32_t>::max();

  const std::string& path_;
  const std::vector<std::string>& measures_;
  Facts& facts_;
  Emitter& out_;
  Lists lists_;
  Texts revised_ids_;             ///< pledges with revisions after the first, in any review state
  std::vector<Revised> revised_;  ///< by index in revised_ids_
  std::vector<Buffered, HugePageAllocator<Buffered>> pledges_;
  std::string ids_;                                                                      ///< of pledges_, back to back
  std::vector<std::pair<std::string, std::pair<std::string, std::string>>> rejections_;  ///< by pledge id
  std::vector<Version> versions_;
  std::string encoded_;
  Texts codes_;                                           ///< implementation economies
  std::vector<Reach> reach_;                              ///< by code
  std::vector<std::vector<std::uint32_t>> economies_of_;  ///< codes of each implementation list
  std::vector<std::uint32_t> seen_;
};

/// The report rows of the delivered pledges, streamed. They come by pledge id, so they are matched with the
/// delivered pledges, kept by id too, in one pass.
template <typename Row>
void stream(const std::string& path, const Facts& facts, const char* sql, const char* what, Row&& row) {
  const Database db = open_registry(path);
  std::string last_id;
  std::size_t next = 0;  // the first delivered pledge not before last_id
  bool delivered = false;
  each_row(db.get(), path, sql, what, [&](sqlite3_stmt* s) {
    const std::string_view id = text(s, 0);
    if (id != last_id) {
      last_id.assign(id);
      while (next < facts.size() && facts.id(next) < id) ++next;
      delivered = next < facts.size() && facts.id(next) == id;  // not: a draft's, or a rejected pledge's
    }
    if (delivered) row(s, static_cast<std::uint32_t>(next));
  });
}

/// Labels of a column with few distinct values (dates, statuses), each looked up in the host once.
class LabelCache {
 public:
  LabelId get(Emitter& out, std::string_view text) {
    if (text == last_text_) return last_;
    auto it = ids_.find(text);
    if (it == ids_.end()) it = ids_.emplace(std::string(text), out.label(text)).first;
    last_text_ = it->first;
    last_ = it->second;
    return last_;
  }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
  };
  std::unordered_map<std::string, LabelId, Hash, std::equal_to<>> ids_;
  std::string_view last_text_;  ///< a key of ids_, whose nodes never move
  LabelId last_ = kUnset;
};

}  // namespace

Reader::Reader(std::string path, std::vector<std::string> extra_measures, std::size_t batch_size)
    : path_(std::move(path)), batch_size_(batch_size) {
  measures_.assign(std::begin(p2c::pledges::words::kMeasures), std::end(p2c::pledges::words::kMeasures));
  measures_.insert(measures_.end(), extra_measures.begin(), extra_measures.end());
}

Reader::~Reader() = default;

void Reader::read_pledges(p2c::BatchSink* sink) {
  facts_.reset();
  auto facts = std::make_unique<Facts>();
  Emitter out(sink, batch_size_, {"pledge",         "revision",   "valid_from",    "entity_name",
                                  "sector",         "type",       "origin_region", "focus_areas",
                                  "implementation", "regions",    "pillars",       "beneficiaries",
                                  "sdgs",           "wsis_lines", "campaigns",     "reporting_period_months",
                                  "history",        "pledged_on", "start_date",    "end_date",
                                  "status"});
  PledgeReader(path_, measures_, *facts, out).read();
  out.flush();
  facts_ = std::move(facts);
}

const Facts& Reader::facts() {
  if (!facts_) read_pledges(nullptr);
  return *facts_;
}

void Reader::pledges(p2c::BatchSink& sink) { read_pledges(&sink); }

void Reader::reports(p2c::BatchSink& sink) {
  const Facts& f = facts();
  Emitter out(&sink, batch_size_, {"pledge", "reported_on", "status"});
  LabelCache dates, statuses;
  std::uint32_t last = std::numeric_limits<std::uint32_t>::max();
  LabelId pledge_label = kUnset;
  EntityId origin = 0;
  stream(path_, f,
         "SELECT pledge_id, reported_on, status, disbursed_usd FROM progress_reports ORDER BY pledge_id, reported_on",
         "reports", [&](sqlite3_stmt* s, std::uint32_t pledge) {
           if (pledge != last) {
             last = pledge;
             pledge_label = out.label(text(s, 0));
             origin = out.entity(f, f.origin[pledge]);
           }
           try {
             const std::int32_t year = required_date(text(s, 1), "reported_on").year;
             const LabelId status_label = statuses.get(out, required_text(s, 2, "status"));
             out.row(origin, year, amount(s, 3, "disbursed_usd"),
                     {pledge_label, dates.get(out, text(s, 1)), status_label});
           } catch (const BadField& bad) {
             out.reject(
                 path_ + ": report of pledge '" + printable(text(s, 0)) + "' dated '" + printable(text(s, 1)) + "'",
                 bad.what);
           }
         });
  out.flush();
}

void Reader::implementation(p2c::BatchSink& sink) {
  const Facts& f = facts();
  Emitter out(&sink, batch_size_, {});
  for (const auto& [code, reach] : f.reach) out.row(sink.intern_entity(code), reach.year, reach.pledges, {});
  out.flush();
}

}  // namespace p2c::plugins::pledge_registry
