#include "store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <system_error>
#include <tuple>
#include <unordered_map>

#include "dates.h"
#include "formats.h"
#include "p2c/json.h"
#include "p2c/pledges/schema.h"
#include "p2c/text.h"
#include "registry_database.h"
#include "vocabulary.h"

namespace p2c::pledges {
namespace {

using Transaction = sqlite::Transaction<RegistryDatabase>;

void exec(sqlite3* db, const std::filesystem::path& file, const char* sql, std::string_view what) {
  sqlite::exec<RegistryDatabase>(db, file, sql, what);
}

int latest_schema() { return static_cast<int>(migrations().size()); }

constexpr const char* pledge_columns =
    "id, entity, sector, origin_economy, origin_region, implementation_economies, implementation_regions, "
    "focus_areas, pillars, pledge_type, value, currency, value_usd, beneficiaries, sdgs, pledged_on, start_date, "
    "end_date, status, description, review_state, wsis_lines, roadmap_areas, campaigns, partners, contact_name, "
    "contact_email, reporting_period_months";
constexpr int pledge_column_count = 28;

std::vector<std::string> parse_list(const std::string& text, const std::filesystem::path& file) {
  // Parsed strictly: the database file is input like any other and may have been written by another program.
  try {
    return parse_json(text).get<std::vector<std::string>>();
  } catch (const JsonError& e) {
    throw StoreError(fmt::format("pledge registry '{}': a list column holds '{}', not a JSON array of strings: {}",
                                 file.string(), printable(text), e.what()));
  } catch (const nlohmann::json::exception& e) {
    throw StoreError(fmt::format("pledge registry '{}': a list column holds '{}', not a JSON array of strings: {}",
                                 file.string(), printable(text), e.what()));
  }
}

std::string placeholders(int count) {
  std::string out;
  for (int i = 1; i <= count; ++i) out += fmt::format("{}?{}", i == 1 ? "" : ", ", i);
  return out;
}

// UPDATE, not REPLACE: REPLACE deletes the row first, and the deletion would cascade to the pledge's reports,
// targets and revisions.
std::string update_pledge_sql() {
  std::string sets;
  std::string_view columns = pledge_columns;
  int index = 0;
  while (!columns.empty()) {
    const auto comma = columns.find(',');
    std::string_view name = columns.substr(0, comma);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    ++index;
    if (index > 1) sets += fmt::format("{}{} = ?{}", sets.empty() ? "" : ", ", name, index);
    if (comma == std::string_view::npos) break;
    columns.remove_prefix(comma + 1);
  }
  return fmt::format("UPDATE pledges SET {} WHERE id = ?1", sets);
}

// Binds a pledge's columns in pledge_columns order, ?1 ... ?28. The list texts must outlive the statement's step.
struct PledgeRow {
  std::string economies, regions, focus, pillars, beneficiaries, sdgs, wsis, roadmap, campaigns, partners;
  explicit PledgeRow(const Pledge& p)
      : economies(json_string_array(p.implementation_economies)),
        regions(json_string_array(p.implementation_regions)),
        focus(json_string_array(p.focus_areas)),
        pillars(json_string_array(p.pillars)),
        beneficiaries(json_string_array(p.beneficiaries)),
        sdgs(json_string_array(p.sdgs)),
        wsis(json_string_array(p.wsis_lines)),
        roadmap(json_string_array(p.roadmap_areas)),
        campaigns(json_string_array(p.campaigns)),
        partners(json_string_array(p.partners)) {}

  void bind(Statement& s, const Pledge& p) const {
    s.text(1, p.id);
    s.text(2, p.entity);
    s.text(3, p.sector);
    s.text(4, p.origin_economy);
    s.text(5, p.origin_region);
    s.text(6, economies);
    s.text(7, regions);
    s.text(8, focus);
    s.text(9, pillars);
    s.text(10, p.pledge_type);
    s.real(11, p.value);
    s.text_or_null(12, p.currency);
    s.real(13, p.value_usd);
    s.text(14, beneficiaries);
    s.text(15, sdgs);
    s.text(16, p.pledged_on);
    s.text(17, p.start_date);
    s.text(18, p.end_date);
    s.text(19, p.status);
    s.text(20, p.description);
    s.text(21, p.review_state);
    s.text(22, wsis);
    s.text(23, roadmap);
    s.text(24, campaigns);
    s.text(25, partners);
    s.text(26, p.contact_name);
    s.text(27, p.contact_email);
    if (p.reporting_period_months)
      s.integer(28, *p.reporting_period_months);
    else
      s.null(28);
  }
};

Pledge pledge_of(const Statement& row, const std::filesystem::path& file) {
  Pledge p;
  p.id = row.text(0);
  p.entity = row.text(1);
  p.sector = row.text(2);
  p.origin_economy = row.text(3);
  p.origin_region = row.text(4);
  p.implementation_economies = parse_list(row.text(5), file);
  p.implementation_regions = parse_list(row.text(6), file);
  p.focus_areas = parse_list(row.text(7), file);
  p.pillars = parse_list(row.text(8), file);
  p.pledge_type = row.text(9);
  p.value = row.optional_real(10);
  p.currency = row.text(11);
  p.value_usd = row.optional_real(12);
  p.beneficiaries = parse_list(row.text(13), file);
  p.sdgs = parse_list(row.text(14), file);
  p.pledged_on = row.text(15);
  p.start_date = row.text(16);
  p.end_date = row.text(17);
  p.status = row.text(18);
  p.description = row.text(19);
  p.review_state = row.text(20);
  p.wsis_lines = parse_list(row.text(21), file);
  p.roadmap_areas = parse_list(row.text(22), file);
  p.campaigns = parse_list(row.text(23), file);
  p.partners = parse_list(row.text(24), file);
  p.contact_name = row.text(25);
  p.contact_email = row.text(26);
  if (!row.is_null(27)) p.reporting_period_months = static_cast<int>(row.integer(27));
  return p;
}

// A report's actuals column: {"target_id": value, ...} in the order of the pledge's targets, which is the order
// they are read back in.
std::string actuals_column(const std::vector<Target>& targets, const std::vector<Actual>& actuals) {
  std::string out = "{";
  const auto append = [&](const Actual& actual) {
    if (out.size() > 1) out += ',';
    out += '"';
    out += json_escape(actual.target_id);
    out += "\":";
    out += number_text(actual.value);
  };
  for (const Target& target : targets)
    for (const Actual& actual : actuals)
      if (actual.target_id == target.id) append(actual);
  // Validation refuses an actual of no target; one stored anyway is kept, not lost.
  for (const Actual& actual : actuals)
    if (std::none_of(targets.begin(), targets.end(), [&](const Target& t) { return t.id == actual.target_id; }))
      append(actual);
  return out + "}";
}

std::vector<Actual> actuals_of(const std::string& column, const std::filesystem::path& file) {
  const auto pairs = json_number_object(column);
  if (!pairs)
    throw StoreError(
        fmt::format("the pledge registry '{}' holds a report whose actuals are not a JSON object of "
                    "numbers: {}; restore it from a backup or an export",
                    file.string(), printable(column)));
  std::vector<Actual> out;
  out.reserve(pairs->size());
  for (const auto& [target, value] : *pairs) out.push_back(Actual{target, value});
  return out;
}

constexpr const char* report_columns = "reported_on, status, percent_complete, disbursed_usd, narrative, actuals";

ProgressReport report_of(const Statement& row, int first, const std::filesystem::path& file) {
  return ProgressReport{row.text(first),
                        row.text(first + 1),
                        row.optional_real(first + 2),
                        row.optional_real(first + 3),
                        row.text(first + 4),
                        actuals_of(row.text(first + 5), file)};
}

constexpr const char* target_columns =
    "target_id, description, measure, unit, baseline_value, baseline_date, target_value, target_date, metric";

Target target_of(const Statement& row, int first) {
  return Target{row.text(first),     row.text(first + 1), row.text(first + 2), row.text(first + 3), row.real(first + 4),
                row.text(first + 5), row.real(first + 6), row.text(first + 7), row.text(first + 8)};
}

// Reads one pledge with its targets and reports; the queries are prepared once, for lookups in a loop.
class PledgeLookup {
 public:
  PledgeLookup(sqlite3* db, const std::filesystem::path& file)
      : file_(file),
        pledge_(db, file, fmt::format("SELECT {} FROM pledges WHERE id = ?1", pledge_columns)),
        targets_(db, file,
                 fmt::format("SELECT {} FROM pledge_targets WHERE pledge_id = ?1 ORDER BY position", target_columns)),
        reports_(
            db, file,
            fmt::format("SELECT {} FROM progress_reports WHERE pledge_id = ?1 ORDER BY reported_on", report_columns)) {}

  std::optional<Pledge> operator()(std::string_view id) {
    pledge_.reset();
    targets_.reset();
    reports_.reset();
    pledge_.text(1, id);
    if (!pledge_.step()) return std::nullopt;
    Pledge pledge = pledge_of(pledge_, file_);
    targets_.text(1, id);
    while (targets_.step()) pledge.targets.push_back(target_of(targets_, 0));
    reports_.text(1, id);
    while (reports_.step()) pledge.reports.push_back(report_of(reports_, 0, file_));
    return pledge;
  }

 private:
  const std::filesystem::path& file_;
  Statement pledge_;
  Statement targets_;
  Statement reports_;
};

// The fields of a pledge as revisions compare them: its JSON object without reports, which are records of their
// own (with their received_at and channel).
nlohmann::ordered_json revision_fields(const Pledge& pledge) {
  nlohmann::ordered_json object = pledge_object(pledge, Audience::operators);
  object.erase("reports");
  return object;
}

// {"field", "old", "new"} for each field that differs.
nlohmann::ordered_json changes_between(const Pledge& before, const Pledge& after) {
  const auto old_fields = revision_fields(before);
  const auto new_fields = revision_fields(after);
  nlohmann::ordered_json changes = nlohmann::ordered_json::array();
  for (const auto& [key, value] : new_fields.items())
    if (old_fields[key] != value) changes.push_back({{"field", key}, {"old", old_fields[key]}, {"new", value}});
  return changes;
}

// Every write of the registry's tables, prepared once per transaction.
class Writer {
 public:
  Writer(sqlite3* db, const std::filesystem::path& file)
      : insert_pledge_(
            db, file,
            fmt::format("INSERT INTO pledges ({}) VALUES ({})", pledge_columns, placeholders(pledge_column_count))),
        update_pledge_(db, file, update_pledge_sql()),
        delete_targets_(db, file, "DELETE FROM pledge_targets WHERE pledge_id = ?1"),
        insert_target_(db, file,
                       fmt::format("INSERT INTO pledge_targets (pledge_id, position, {}) VALUES ({})", target_columns,
                                   placeholders(11))),
        insert_report_(db, file,
                       "INSERT INTO progress_reports (pledge_id, reported_on, status, percent_complete, "
                       "disbursed_usd, narrative, received_at, channel, actuals) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"),
        update_report_(db, file,
                       "UPDATE progress_reports SET status = ?3, percent_complete = ?4, disbursed_usd = ?5, "
                       "narrative = ?6, received_at = ?7, channel = ?8, actuals = ?9 "
                       "WHERE pledge_id = ?1 AND reported_on = ?2"),
        latest_revision_(db, file,
                         "SELECT revision, effective_on FROM pledge_revisions WHERE pledge_id = ?1 "
                         "ORDER BY revision DESC LIMIT 1"),
        insert_revision_(db, file,
                         "INSERT INTO pledge_revisions (pledge_id, revision, recorded_at, effective_on, actor, reason, "
                         "changes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
        delete_search_(db, file, "DELETE FROM pledge_search WHERE pledge_id = ?1"),
        insert_search_(db, file,
                       "INSERT INTO pledge_search (pledge_id, entity, description, narratives) VALUES (?1, ?2, ?3, "
                       "?4)"),
        now_(utc_now()) {}

  const std::string& now() const noexcept { return now_; }

  void add_pledge(const Pledge& p) {
    const PledgeRow row(p);  // bound without copying: must outlive the step
    row.bind(insert_pledge_, p);
    insert_pledge_.execute("cannot store a pledge");
    write_targets(p);
  }

  void replace_pledge(const Pledge& p) {
    const PledgeRow row(p);
    row.bind(update_pledge_, p);
    update_pledge_.execute("cannot update a pledge");
    delete_targets_.text(1, p.id);
    delete_targets_.execute("cannot update a pledge's targets");
    write_targets(p);
  }

  void write_report(bool add, const Pledge& pledge, const ProgressReport& r, std::string_view channel) {
    Statement& s = add ? insert_report_ : update_report_;
    const std::string actuals = actuals_column(pledge.targets, r.actuals);  // bound without copying
    s.text(1, pledge.id);
    s.text(2, r.reported_on);
    s.text(3, r.status);
    s.real(4, r.percent_complete);
    s.real(5, r.disbursed_usd);
    s.text(6, r.narrative);
    s.text(7, now_);
    s.text(8, channel);
    s.text(9, actuals);
    s.execute("cannot store a progress report");
  }

  /// The latest revision's number and effective date; {0, ""} for none.
  std::pair<int, std::string> latest_revision(const std::string& id) {
    latest_revision_.reset();
    latest_revision_.text(1, id);
    if (!latest_revision_.step()) return {0, ""};
    return {static_cast<int>(latest_revision_.integer(0)), latest_revision_.text(1)};
  }

  void add_revision(const std::string& id, int number, const std::string& effective_on, const std::string& actor,
                    const std::string& reason, const std::string& changes) {
    insert_revision_.text(1, id);
    insert_revision_.integer(2, number);
    insert_revision_.text(3, now_);
    insert_revision_.text(4, effective_on);
    insert_revision_.text(5, actor);
    insert_revision_.text(6, reason);
    insert_revision_.text(7, changes);
    insert_revision_.execute("cannot store a revision");
  }

  /// The full-text row of a pledge, for the public explorer's `q`: entity, description and report narratives.
  void index(const Pledge& p, bool replace) {
    if (replace) {
      delete_search_.text(1, p.id);
      delete_search_.execute("cannot update the search index");
    }
    std::string narratives;
    for (const auto& r : p.reports) {
      if (r.narrative.empty()) continue;
      if (!narratives.empty()) narratives += ' ';
      narratives += r.narrative;
    }
    insert_search_.text(1, p.id);
    insert_search_.text(2, p.entity);
    insert_search_.text(3, p.description);
    insert_search_.text(4, narratives);
    insert_search_.execute("cannot update the search index");
  }

 private:
  void write_targets(const Pledge& p) {
    for (std::size_t i = 0; i < p.targets.size(); ++i) {
      const Target& t = p.targets[i];
      insert_target_.text(1, p.id);
      insert_target_.integer(2, static_cast<std::int64_t>(i + 1));
      insert_target_.text(3, t.id);
      insert_target_.text(4, t.description);
      insert_target_.text(5, t.measure);
      insert_target_.text(6, t.unit);
      insert_target_.real(7, t.baseline_value);
      insert_target_.text(8, t.baseline_date);
      insert_target_.real(9, t.target_value);
      insert_target_.text(10, t.target_date);
      insert_target_.text(11, t.metric);
      insert_target_.execute("cannot store a target");
    }
  }

  Statement insert_pledge_, update_pledge_, delete_targets_, insert_target_, insert_report_, update_report_,
      latest_revision_, insert_revision_, delete_search_, insert_search_;
  std::string now_;
};

bool same_fields(Pledge a, Pledge b) {
  a.reports.clear();
  b.reports.clear();
  return a == b;
}

// A rejection of a record's report or target points at the line of its sibling file when it came from one (CSV).
Rejection locate(Rejection rejection, const SourceRecord& record, const std::string& file) {
  rejection.file = file;
  rejection.row = record.row;
  const auto sibling = [&](std::string_view prefix, const std::string& sibling_file,
                           const std::vector<std::size_t>& rows) {
    if (sibling_file.empty() || rejection.field.rfind(prefix, 0) != 0) return false;
    const auto close = rejection.field.find(']');
    const std::size_t index = std::stoul(rejection.field.substr(prefix.size(), close - prefix.size()));
    if (index == 0 || index > rows.size()) return false;
    rejection.file = sibling_file;
    rejection.row = rows[index - 1];
    // The line names the record: the field is what follows "reports[2]."
    rejection.field = close + 2 <= rejection.field.size() ? rejection.field.substr(close + 2) : "";
    return true;
  };
  if (!sibling("reports[", record.reports_file, record.report_rows))
    sibling("targets[", record.targets_file, record.target_rows);
  return rejection;
}

}  // namespace

Store::Store(const std::filesystem::path& file) : path_(file) {
  if (file.has_parent_path()) {
    std::error_code error;
    std::filesystem::create_directories(file.parent_path(), error);
    if (error)
      throw StoreError(fmt::format("cannot create the folder '{}' for the pledge registry '{}': {}",
                                   file.parent_path().string(), file.string(), error.message()));
  }
  // Created here, before SQLite opens it, so that it is 0600 from the start: it holds the token hashes, and SQLite
  // gives its -wal and -shm files the mode of the database file. (SQLite itself would create it 0644.)
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
  if (fd >= 0) {
    created_ = true;
    ::close(fd);
  } else if (errno != EEXIST) {
    throw StoreError(fmt::format("cannot create the pledge registry '{}': {}; check the folder's permissions",
                                 file.string(), std::strerror(errno)));
  } else {
    // An empty file is what an earlier attempt left when it failed before SQLite wrote anything: still new.
    std::error_code ignored;
    created_ = std::filesystem::file_size(file, ignored) == 0;
  }
  // Serialized mode: the service may share one Store between its threads.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  db_ = sqlite::open<RegistryDatabase>(file, flags);
  try {
    // The service and the CLI may write the same file at once: wait for the other's lock, not fail.
    sqlite3_busy_timeout(db_, 10000);
    const int found = sqlite::user_version<RegistryDatabase>(db_, path_);
    if (found > latest_schema())
      throw StoreError(fmt::format(
          "the pledge registry '{}' has schema version {}, but this p2c knows versions up to {}: it was written "
          "by a newer p2c. Use that version of p2c, or set [pledges] database to another file",
          file.string(), found, latest_schema()));
    // A new registry gets 16 KiB pages: its rows are wide (lists, descriptions, narratives), and a large import
    // writes about 10 % faster than with SQLite's 4 KiB (docs/benchmarks.md). Only possible before the first write.
    if (created_) exec(db_, path_, "PRAGMA page_size = 16384", "cannot set the page size");
    sqlite::use_wal<RegistryDatabase>(db_, path_);
    exec(db_, path_, "PRAGMA foreign_keys = ON", "cannot enable foreign keys");
    exec(db_, path_, "PRAGMA synchronous = NORMAL", "cannot set the synchronous mode");
    if (found < latest_schema()) migrate();
  } catch (...) {
    sqlite3_close(db_);
    throw;
  }
}

Store::~Store() { sqlite3_close(db_); }

void Store::migrate() { sqlite::migrate<RegistryDatabase>(db_, path_, migrations()); }

int Store::schema_version() const { return sqlite::user_version<RegistryDatabase>(db_, path_); }

int Store::latest_version() noexcept { return latest_schema(); }

std::vector<Pledge> Store::pledges() const {
  // One read transaction: a report committed by another process between the queries must not pair with the
  // pledge's old status (an export would then fail to import again).
  Transaction snapshot(db_, path_, Transaction::Mode::read);
  std::vector<Pledge> out;
  std::unordered_map<std::string, std::size_t> index;
  {
    Statement query(db_, path_, fmt::format("SELECT {} FROM pledges ORDER BY id", pledge_columns));
    while (query.step()) {
      out.push_back(pledge_of(query, path_));
      index.emplace(out.back().id, out.size() - 1);
    }
  }
  const auto pledge = [&](const std::string& id) -> Pledge* {
    const auto it = index.find(id);
    return it == index.end() ? nullptr : &out[it->second];
  };
  {
    Statement targets(
        db_, path_,
        fmt::format("SELECT pledge_id, {} FROM pledge_targets ORDER BY pledge_id, position", target_columns));
    while (targets.step())
      if (Pledge* p = pledge(targets.text(0))) p->targets.push_back(target_of(targets, 1));
  }
  {
    Statement reports(
        db_, path_,
        fmt::format("SELECT pledge_id, {} FROM progress_reports ORDER BY pledge_id, reported_on", report_columns));
    while (reports.step())
      if (Pledge* p = pledge(reports.text(0))) p->reports.push_back(report_of(reports, 1, path_));
  }
  snapshot.commit();
  return out;
}

std::optional<Pledge> Store::find(std::string_view id) const { return PledgeLookup(db_, path_)(id); }

std::size_t Store::size() const {
  Statement query(db_, path_, "SELECT count(*) FROM pledges");
  query.step();
  return static_cast<std::size_t>(query.integer(0));
}

std::vector<Revision> Store::revisions(std::string_view id) const {
  Statement query(db_, path_,
                  "SELECT revision, recorded_at, effective_on, actor, reason, changes FROM pledge_revisions "
                  "WHERE pledge_id = ?1 ORDER BY revision");
  query.text(1, id);
  std::vector<Revision> out;
  while (query.step())
    out.push_back(Revision{std::string(id), static_cast<int>(query.integer(0)), query.text(1), query.text(2),
                           query.text(3), query.text(4), query.text(5)});
  return out;
}

namespace {

std::string effective_date(const ChangeContext& context) {
  if (context.effective_on.empty()) return utc_now().substr(0, 10);
  if (!is_date(context.effective_on))
    throw ReviewError(fmt::format("the effective date must be a date YYYY-MM-DD naming a real day; found '{}'",
                                  printable(context.effective_on)));
  return context.effective_on;
}

// One import, in one transaction. Records are checked as they are read (prepare(), on the reading threads) and
// written as they come, in file order (take()); after the first rejection nothing more is written, the later
// records are still checked, and finish() leaves the transaction to roll back.
class Import {
 public:
  Import(sqlite3* db, const std::filesystem::path& path, const Rules& rules, std::string file,
         const ChangeContext& context)
      : db_(db),
        path_(path),
        transaction_(db, path),
        write_(db, path),
        lookup_(db, path),
        rules_(rules),
        file_(std::move(file)),
        context_(context),
        actor_(context.actor.empty() ? "import:" + std::filesystem::path(file_).filename().string() : context.actor) {
    // Nothing can be stored yet when the registry starts empty: no lookups, which a first import of a large file
    // would otherwise make for each of its pledges.
    {
      Statement any(db, path, "SELECT EXISTS (SELECT 1 FROM pledges)");
      registry_empty_ = any.step() && any.integer(0) == 0;
    }
    if (registry_empty_) defer_indexes(db, path);
    try {
      effective_on_ = effective_date(context);
    } catch (const ReviewError& e) {
      summary_.rejected.push_back({file_, 0, "effective date", e.what()});
    }
  }

  /// Each record's problems, its focus areas normalised first, and its USD value from the rate table. Records
  /// are independent: batches are prepared on several threads at once.
  void prepare(ParsedFile& batch) const {
    for (SourceRecord& record : batch.records) {
      Pledge& pledge = record.pledge;
      for (auto& area : pledge.focus_areas)
        if (const auto code = focus_area_code(area)) area = *code;
      for (const Rejection& problem : validate(pledge, rules_, record.row))
        batch.rejected.push_back(locate(problem, record, file_));
      // An input value_usd is ignored: the registry's rate table is the one conversion.
      pledge.value_usd.reset();
      if (pledge.value && rules_.usd_per_unit.count(pledge.currency) != 0)
        pledge.value_usd = *pledge.value * rules_.usd_per_unit.at(pledge.currency);
    }
  }

  void take(ParsedFile&& batch) {
    std::move(batch.rejected.begin(), batch.rejected.end(), std::back_inserter(summary_.rejected));
    for (const SourceRecord& record : batch.records) {
      const Pledge& pledge = record.pledge;
      if (pledge.id.empty()) continue;
      if (const auto [it, added] = first_row_.emplace(pledge.id, record.row); !added) {
        summary_.rejected.push_back({file_, record.row, "id",
                                     fmt::format("expected each id once in the file; '{}' is also on row {}",
                                                 printable(pledge.id), it->second)});
        continue;
      }
      store(record, summary_.rejected.empty());
    }
  }

  ImportSummary finish() {
    if (summary_.rejected.empty()) {
      for (const std::string& index : deferred_indexes_) exec(db_, path_, index.c_str(), "cannot build an index");
      transaction_.commit();
      return std::move(summary_);
    }
    // In file order: the pledges file by row, then its sibling files by row.
    std::stable_sort(summary_.rejected.begin(), summary_.rejected.end(), [&](const Rejection& a, const Rejection& b) {
      return std::make_tuple(a.file != file_, a.file, a.row) < std::make_tuple(b.file != file_, b.file, b.row);
    });
    return std::move(summary_);
  }

 private:
  // A first import builds the secondary indexes at the end, from sorted keys, rather than entry by entry as rows
  // arrive in file order. Dropping them is part of the transaction: a rejected import rolls back to them.
  void defer_indexes(sqlite3* db, const std::filesystem::path& path) {
    std::vector<std::string> names;
    {
      Statement indexes(db, path,
                        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                        "AND tbl_name NOT LIKE 'pledge_search%'");
      while (indexes.step()) {
        names.push_back(indexes.text(0));
        deferred_indexes_.push_back(indexes.text(1));
      }
    }
    for (const std::string& name : names)
      exec(db, path, fmt::format("DROP INDEX \"{}\"", name).c_str(), "cannot prepare the import");
  }

  // Adds, updates or leaves the pledge; with `write` false only checks what storing it would refuse.
  void store(const SourceRecord& record, bool write) {
    const Pledge& pledge = record.pledge;
    const std::optional<Pledge> stored = registry_empty_ ? std::nullopt : lookup_(pledge.id);
    if (!stored) {
      if (!write) return;
      write_.add_pledge(pledge);
      for (const ProgressReport& report : pledge.reports) write_.write_report(true, pledge, report, "import");
      // Revision 1 is in force from the start: the pledge as first stored.
      write_.add_revision(pledge.id, 1, pledge.pledged_on, actor_, context_.reason, "[]");
      write_.index(pledge, false);
      ++summary_.pledges_added;
      summary_.reports_added += pledge.reports.size();
      return;
    }
    // Stored reports the file does not mention (e.g. posted to the service) are kept: the pledge with them
    // must still be consistent.
    std::map<std::string, ProgressReport> merged;
    for (const ProgressReport& report : stored->reports) merged[report.reported_on] = report;
    const std::size_t kept = merged.size();
    std::size_t matched = 0;
    for (const ProgressReport& report : pledge.reports) matched += merged.count(report.reported_on);
    Pledge combined = pledge;
    for (const ProgressReport& report : pledge.reports) merged[report.reported_on] = report;
    combined.reports.clear();
    for (auto& [date, report] : merged) combined.reports.push_back(report);
    if (kept > matched) {
      for (Rejection problem : validate(combined, rules_, record.row)) {
        problem.file = file_;
        problem.message =
            fmt::format("with the {} stored report(s) this file leaves out: {}", kept - matched, problem.message);
        summary_.rejected.push_back(std::move(problem));
        write = false;
      }
    }
    bool changed = false;
    if (!same_fields(pledge, *stored)) {
      const auto [latest, latest_effective] = write_.latest_revision(pledge.id);
      if (effective_on_ < latest_effective) {
        summary_.rejected.push_back(
            {file_, record.row, "",
             fmt::format("pledge {} changes with effect from {}, before its revision {} in force from {}; give an "
                         "effective date on or after that (--effective)",
                         printable(pledge.id), effective_on_, latest, latest_effective)});
        return;
      }
      if (!write) return;
      write_.replace_pledge(pledge);
      write_.add_revision(pledge.id, latest + 1, effective_on_, actor_, context_.reason,
                          changes_between(*stored, pledge).dump());
      changed = true;
    }
    if (!write) return;
    bool reports_changed = false;
    for (const ProgressReport& report : pledge.reports) {
      const auto it = std::find_if(stored->reports.begin(), stored->reports.end(),
                                   [&](const ProgressReport& r) { return r.reported_on == report.reported_on; });
      if (it == stored->reports.end()) {
        write_.write_report(true, pledge, report, "import");
        ++summary_.reports_added;
        reports_changed = true;
      } else if (!(*it == report)) {
        write_.write_report(false, pledge, report, "import");
        ++summary_.reports_updated;
        reports_changed = true;
      }
    }
    if (changed || reports_changed) write_.index(combined, true);
    ++(changed || reports_changed ? summary_.pledges_updated : summary_.pledges_unchanged);
  }

  sqlite3* db_;
  const std::filesystem::path& path_;
  Transaction transaction_;
  Writer write_;
  PledgeLookup lookup_;
  const Rules& rules_;
  std::string file_;
  const ChangeContext& context_;
  std::string actor_;
  std::string effective_on_;
  bool registry_empty_ = false;
  std::vector<std::string> deferred_indexes_;  ///< CREATE INDEX statements to run before the commit
  std::unordered_map<std::string, std::size_t> first_row_;
  ImportSummary summary_;
};

}  // namespace

ImportSummary Store::import_file(const std::filesystem::path& file, const Rules& rules, const ChangeContext& context) {
  std::optional<ParsedFile> whole;
  {
    Import import(db_, path_, rules, file.string(), context);
    whole = read_in_batches(
        file, [&](ParsedFile& batch) { import.prepare(batch); },
        [&](ParsedFile&& batch) { import.take(std::move(batch)); });
    if (!whole) return import.finish();
  }  // not well-formed: what was taken is rolled back
  return import_records(std::move(*whole), rules, file.string(), context);
}

ImportSummary Store::import_pledges(const std::vector<Pledge>& pledges, const Rules& rules,
                                    const std::vector<std::size_t>& rows, const std::string& file,
                                    const ChangeContext& context) {
  ParsedFile records;
  records.records.reserve(pledges.size());
  for (std::size_t i = 0; i < pledges.size(); ++i) {
    SourceRecord& record = records.records.emplace_back();
    record.pledge = pledges[i];
    record.row = i < rows.size() ? rows[i] : i + 1;
  }
  return import_records(std::move(records), rules, file, context);
}

ImportSummary Store::import_records(ParsedFile records, const Rules& rules, const std::string& file,
                                    const ChangeContext& context) {
  Import import(db_, path_, rules, file, context);
  import.prepare(records);
  import.take(std::move(records));
  return import.finish();
}

namespace {

// The review workflow (docs/pledges.md, "Review"): which state may follow which.
bool allowed_transition(std::string_view from, std::string_view to) {
  return (from == "draft" && to == "submitted") || (from == "submitted" && (to == "published" || to == "returned")) ||
         (from == "returned" && (to == "submitted" || to == "draft"));
}

}  // namespace

void Store::review(std::string_view pledge_id, std::string_view to_state, const ChangeContext& context) {
  if (!contains(review_states(), to_state))
    throw ReviewError(
        fmt::format("expected a review state {}; found '{}'", one_of(review_states()), printable(to_state)));
  if (!valid_utf8(context.reason) || !valid_utf8(context.actor))
    throw ReviewError("the comment and the actor must be UTF-8 text");
  Transaction transaction(db_, path_);
  PledgeLookup lookup(db_, path_);
  const std::optional<Pledge> stored = lookup(pledge_id);
  if (!stored)
    throw ReviewError(
        fmt::format("there is no pledge '{}' in the registry; `p2c pledges list` shows the ids", printable(pledge_id)));
  if (!allowed_transition(stored->review_state, to_state))
    throw ReviewError(fmt::format(
        "pledge {} is {}; it cannot go to {} (allowed: draft -> submitted, submitted -> published or returned, "
        "returned -> submitted or draft; an import sets any state)",
        printable(pledge_id), stored->review_state, to_state));
  if (to_state == "returned" && context.reason.empty())
    throw ReviewError(
        fmt::format("returning pledge {} needs a comment saying what to change (--comment)", printable(pledge_id)));
  Writer write(db_, path_);
  const auto [latest, latest_effective] = write.latest_revision(stored->id);
  const std::string effective_on = effective_date(context);
  if (effective_on < latest_effective)
    throw ReviewError(
        fmt::format("the effective date {} is before revision {}'s, {}", effective_on, latest, latest_effective));
  Pledge changed = *stored;
  changed.review_state = std::string(to_state);
  write.replace_pledge(changed);
  write.add_revision(stored->id, latest + 1, effective_on, context.actor.empty() ? "cli" : context.actor,
                     context.reason, changes_between(*stored, changed).dump());
  transaction.commit();
}

void Store::add_report(std::string_view pledge_id, const ProgressReport& report, const ChangeContext& context) {
  Transaction transaction(db_, path_);
  PledgeLookup lookup(db_, path_);
  std::optional<Pledge> stored = lookup(pledge_id);
  if (!stored) throw StoreError(fmt::format("there is no pledge '{}' in the registry", printable(pledge_id)));
  if (std::any_of(stored->reports.begin(), stored->reports.end(),
                  [&](const ProgressReport& r) { return r.reported_on == report.reported_on; }))
    throw StoreError(
        fmt::format("pledge '{}' already has a report for {}", printable(pledge_id), printable(report.reported_on)));
  Writer write(db_, path_);
  write.write_report(true, *stored, report, "api");
  Pledge updated = *stored;
  updated.reports.push_back(report);
  std::sort(updated.reports.begin(), updated.reports.end(),
            [](const ProgressReport& a, const ProgressReport& b) { return a.reported_on < b.reported_on; });
  // The pledge's status is its latest report's; a change of it is a revision like any other.
  if (updated.reports.back().reported_on == report.reported_on && stored->status != report.status) {
    updated.status = report.status;
    const auto [latest, latest_effective] = write.latest_revision(stored->id);
    write.replace_pledge(updated);
    write.add_revision(stored->id, latest + 1, std::max(report.reported_on, latest_effective),
                       context.actor.empty() ? "api" : context.actor,
                       fmt::format("progress report of {}", report.reported_on),
                       changes_between(*stored, updated).dump());
  }
  write.index(updated, true);
  transaction.commit();
}

std::vector<Pledge> read_file(const std::filesystem::path& file, std::vector<Rejection>& rejected,
                              std::vector<std::size_t>* rows) {
  ParsedFile parsed = read_any(file);
  std::vector<Pledge> out;
  for (SourceRecord& record : parsed.records) {
    if (rows != nullptr) rows->push_back(record.row);
    out.push_back(std::move(record.pledge));
  }
  rejected.insert(rejected.end(), parsed.rejected.begin(), parsed.rejected.end());
  return out;
}

}  // namespace p2c::pledges
