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

#include "dates.h"
#include "formats.h"
#include "p2c/json.h"
#include "p2c/text.h"
#include "schema.h"
#include "sqlite_statement.h"
#include "vocabulary.h"

namespace p2c::pledges {
namespace {

struct StoreDatabase {
  using Error = StoreError;
  static constexpr const char* label = "pledge registry";
};
using Statement = sqlite::Statement<StoreDatabase>;
using Transaction = sqlite::Transaction<StoreDatabase>;

void exec(sqlite3* db, const std::filesystem::path& file, const char* sql, std::string_view what) {
  sqlite::exec<StoreDatabase>(db, file, sql, what);
}

int latest_schema() { return static_cast<int>(migrations().size()); }

constexpr const char* pledge_columns =
    "id, entity, sector, origin_economy, origin_region, implementation_economies, implementation_regions, "
    "focus_areas, pillars, pledge_type, value, currency, value_usd, beneficiaries, sdgs, pledged_on, start_date, "
    "end_date, status, description";

std::string json_list(const std::vector<std::string>& items) { return nlohmann::json(items).dump(); }

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

// Binds a pledge's columns in pledge_columns order, ?1 ... ?20. The list texts must outlive the statement's step.
struct PledgeRow {
  std::string economies, regions, focus, pillars, beneficiaries, sdgs;
  explicit PledgeRow(const Pledge& p)
      : economies(json_list(p.implementation_economies)),
        regions(json_list(p.implementation_regions)),
        focus(json_list(p.focus_areas)),
        pillars(json_list(p.pillars)),
        beneficiaries(json_list(p.beneficiaries)),
        sdgs(json_list(p.sdgs)) {}

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
  return p;
}

ProgressReport report_of(const Statement& row, int first) {
  return ProgressReport{row.text(first), row.text(first + 1), row.optional_real(first + 2),
                        row.optional_real(first + 3), row.text(first + 4)};
}

// Reads one pledge with its reports; the two queries are prepared once, for lookups in a loop.
class PledgeLookup {
 public:
  PledgeLookup(sqlite3* db, const std::filesystem::path& file)
      : file_(file),
        pledge_(db, file, fmt::format("SELECT {} FROM pledges WHERE id = ?1", pledge_columns)),
        reports_(db, file,
                 "SELECT reported_on, status, percent_complete, disbursed_usd, narrative "
                 "FROM progress_reports WHERE pledge_id = ?1 ORDER BY reported_on") {}

  std::optional<Pledge> operator()(std::string_view id) {
    pledge_.reset();
    reports_.reset();
    pledge_.text(1, id);
    if (!pledge_.step()) return std::nullopt;
    Pledge pledge = pledge_of(pledge_, file_);
    reports_.text(1, id);
    while (reports_.step()) pledge.reports.push_back(report_of(reports_, 0));
    return pledge;
  }

 private:
  const std::filesystem::path& file_;
  Statement pledge_;
  Statement reports_;
};

bool same_fields(Pledge a, Pledge b) {
  a.reports.clear();
  b.reports.clear();
  return a == b;
}

// A rejection of a record's report points at the reports file's line when the reports came from one (CSV).
Rejection locate(Rejection rejection, const SourceRecord& record, const std::string& file) {
  rejection.file = file;
  rejection.row = record.row;
  if (record.reports_file.empty() || rejection.field.rfind("reports[", 0) != 0) return rejection;
  const auto close = rejection.field.find(']');
  const std::size_t index = std::stoul(rejection.field.substr(8, close - 8));
  if (index == 0 || index > record.report_rows.size()) return rejection;
  rejection.file = record.reports_file;
  rejection.row = record.report_rows[index - 1];
  rejection.field =
      close + 2 <= rejection.field.size() ? rejection.field.substr(close + 2) : "";  // the line names the report
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
  db_ = sqlite::open<StoreDatabase>(file, flags);
  try {
    // The service and the CLI may write the same file at once: wait for the other's lock, not fail.
    sqlite3_busy_timeout(db_, 10000);
    const int found = sqlite::user_version<StoreDatabase>(db_, path_);
    if (found > latest_schema())
      throw StoreError(fmt::format(
          "the pledge registry '{}' has schema version {}, but this p2c knows versions up to {}: it was written "
          "by a newer p2c. Use that version of p2c, or set [pledges] database to another file",
          file.string(), found, latest_schema()));
    sqlite::use_wal<StoreDatabase>(db_, path_);
    exec(db_, path_, "PRAGMA foreign_keys = ON", "cannot enable foreign keys");
    exec(db_, path_, "PRAGMA synchronous = NORMAL", "cannot set the synchronous mode");
    if (found < latest_schema()) migrate();
  } catch (...) {
    sqlite3_close(db_);
    throw;
  }
}

Store::~Store() { sqlite3_close(db_); }

void Store::migrate() { sqlite::migrate<StoreDatabase>(db_, path_, migrations()); }

int Store::schema_version() const { return sqlite::user_version<StoreDatabase>(db_, path_); }

int Store::latest_version() noexcept { return latest_schema(); }

std::vector<Pledge> Store::pledges() const {
  // One read transaction: a report committed by another process between the two queries must not pair
  // with the pledge's old status (an export would then fail to import again).
  Transaction snapshot(db_, path_, Transaction::Mode::read);
  std::vector<Pledge> out;
  std::map<std::string, std::size_t> index;
  {
    Statement query(db_, path_, fmt::format("SELECT {} FROM pledges ORDER BY id", pledge_columns));
    while (query.step()) {
      out.push_back(pledge_of(query, path_));
      index.emplace(out.back().id, out.size() - 1);
    }
  }
  {
    Statement reports(db_, path_,
                      "SELECT pledge_id, reported_on, status, percent_complete, disbursed_usd, narrative "
                      "FROM progress_reports ORDER BY pledge_id, reported_on");
    while (reports.step()) {
      const auto it = index.find(reports.text(0));
      if (it != index.end()) out[it->second].reports.push_back(report_of(reports, 1));
    }
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

ImportSummary Store::import_file(const std::filesystem::path& file, const Rules& rules) {
  ParsedFile parsed = read_any(file);
  return import_records(std::move(parsed.records), std::move(parsed.rejected), rules, file.string());
}

ImportSummary Store::import_pledges(const std::vector<Pledge>& pledges, const Rules& rules,
                                    const std::vector<std::size_t>& rows, const std::string& file) {
  std::vector<SourceRecord> records;
  records.reserve(pledges.size());
  for (std::size_t i = 0; i < pledges.size(); ++i)
    records.push_back(SourceRecord{pledges[i], i < rows.size() ? rows[i] : i + 1, {}, {}});
  return import_records(std::move(records), {}, rules, file);
}

ImportSummary Store::import_records(std::vector<SourceRecord> records, std::vector<Rejection> rejected,
                                    const Rules& rules, const std::string& file) {
  ImportSummary summary;
  summary.rejected = std::move(rejected);
  std::map<std::string, std::size_t> first_row;
  for (SourceRecord& record : records) {
    Pledge& pledge = record.pledge;
    for (auto& area : pledge.focus_areas)
      if (const auto code = focus_area_code(area)) area = *code;
    for (const Rejection& problem : validate(pledge, rules, record.row))
      summary.rejected.push_back(locate(problem, record, file));
    if (pledge.id.empty()) continue;
    if (const auto [it, added] = first_row.emplace(pledge.id, record.row); !added)
      summary.rejected.push_back(
          {file, record.row, "id",
           fmt::format("expected each id once in the file; '{}' is also on row {}", printable(pledge.id), it->second)});
    // An input value_usd is ignored: the registry's rate table is the one conversion.
    pledge.value_usd.reset();
    if (pledge.value && rules.usd_per_unit.count(pledge.currency) != 0)
      pledge.value_usd = *pledge.value * rules.usd_per_unit.at(pledge.currency);
  }
  if (!summary.rejected.empty()) {
    // In file order: the pledges file by row, then its reports file by row.
    std::stable_sort(summary.rejected.begin(), summary.rejected.end(), [&](const Rejection& a, const Rejection& b) {
      return std::make_tuple(a.file != file, a.file, a.row) < std::make_tuple(b.file != file, b.file, b.row);
    });
    return summary;
  }

  Transaction transaction(db_, path_);
  const std::string now = utc_now();
  Statement insert_pledge(db_, path_,
                          fmt::format("INSERT INTO pledges ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
                                      "?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
                                      pledge_columns));
  Statement update_pledge(db_, path_,
                          "UPDATE pledges SET entity = ?2, sector = ?3, origin_economy = ?4, origin_region = ?5, "
                          "implementation_economies = ?6, implementation_regions = ?7, focus_areas = ?8, "
                          "pillars = ?9, pledge_type = ?10, value = ?11, currency = ?12, value_usd = ?13, "
                          "beneficiaries = ?14, sdgs = ?15, pledged_on = ?16, start_date = ?17, end_date = ?18, "
                          "status = ?19, description = ?20 WHERE id = ?1");
  Statement insert_report(db_, path_,
                          "INSERT INTO progress_reports (pledge_id, reported_on, status, percent_complete, "
                          "disbursed_usd, narrative, received_at, channel) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                          "'import')");
  Statement update_report(db_, path_,
                          "UPDATE progress_reports SET status = ?3, percent_complete = ?4, disbursed_usd = ?5, "
                          "narrative = ?6, received_at = ?7, channel = 'import' "
                          "WHERE pledge_id = ?1 AND reported_on = ?2");
  const auto write_report = [&](Statement& statement, const std::string& id, const ProgressReport& r) {
    statement.text(1, id);
    statement.text(2, r.reported_on);
    statement.text(3, r.status);
    statement.real(4, r.percent_complete);
    statement.real(5, r.disbursed_usd);
    statement.text(6, r.narrative);
    statement.text(7, now);
    statement.execute("cannot store a progress report");
  };

  PledgeLookup lookup(db_, path_);
  for (const SourceRecord& record : records) {
    const Pledge& pledge = record.pledge;
    const std::optional<Pledge> stored = lookup(pledge.id);
    const PledgeRow row(pledge);
    if (!stored) {
      row.bind(insert_pledge, pledge);
      insert_pledge.execute("cannot store a pledge");
      for (const ProgressReport& report : pledge.reports) write_report(insert_report, pledge.id, report);
      ++summary.pledges_added;
      summary.reports_added += pledge.reports.size();
      continue;
    }
    // Stored reports the file does not mention (e.g. posted to the service) are kept: the pledge with them
    // must still be consistent.
    std::map<std::string, ProgressReport> merged;
    for (const ProgressReport& report : stored->reports) merged[report.reported_on] = report;
    const std::size_t kept = merged.size();
    std::size_t matched = 0;
    for (const ProgressReport& report : pledge.reports) matched += merged.count(report.reported_on);
    if (kept > matched) {
      Pledge combined = pledge;
      for (const ProgressReport& report : pledge.reports) merged[report.reported_on] = report;
      combined.reports.clear();
      for (auto& [date, report] : merged) combined.reports.push_back(report);
      for (Rejection problem : validate(combined, rules, record.row)) {
        problem.file = file;
        problem.message =
            fmt::format("with the {} stored report(s) this file leaves out: {}", kept - matched, problem.message);
        summary.rejected.push_back(std::move(problem));
      }
    }
    bool changed = false;
    if (!same_fields(pledge, *stored)) {
      row.bind(update_pledge, pledge);
      update_pledge.execute("cannot update a pledge");
      changed = true;
    }
    for (const ProgressReport& report : pledge.reports) {
      const auto it = std::find_if(stored->reports.begin(), stored->reports.end(),
                                   [&](const ProgressReport& r) { return r.reported_on == report.reported_on; });
      if (it == stored->reports.end()) {
        write_report(insert_report, pledge.id, report);
        ++summary.reports_added;
        changed = true;
      } else if (!(*it == report)) {
        write_report(update_report, pledge.id, report);
        ++summary.reports_updated;
        changed = true;
      }
    }
    ++(changed ? summary.pledges_updated : summary.pledges_unchanged);
  }
  if (!summary.rejected.empty()) return summary;  // rolled back
  transaction.commit();
  return summary;
}

void Store::add_report(std::string_view pledge_id, const ProgressReport& report) {
  Transaction transaction(db_, path_);
  {
    Statement exists(db_, path_, "SELECT 1 FROM pledges WHERE id = ?1");
    exists.text(1, pledge_id);
    if (!exists.step()) throw StoreError(fmt::format("there is no pledge '{}' in the registry", printable(pledge_id)));
  }
  {
    Statement exists(db_, path_, "SELECT 1 FROM progress_reports WHERE pledge_id = ?1 AND reported_on = ?2");
    exists.text(1, pledge_id);
    exists.text(2, report.reported_on);
    if (exists.step())
      throw StoreError(
          fmt::format("pledge '{}' already has a report for {}", printable(pledge_id), printable(report.reported_on)));
  }
  const std::string now = utc_now();
  Statement insert(db_, path_,
                   "INSERT INTO progress_reports (pledge_id, reported_on, status, percent_complete, disbursed_usd, "
                   "narrative, received_at, channel) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'api')");
  insert.text(1, pledge_id);
  insert.text(2, report.reported_on);
  insert.text(3, report.status);
  insert.real(4, report.percent_complete);
  insert.real(5, report.disbursed_usd);
  insert.text(6, report.narrative);
  insert.text(7, now);
  insert.execute("cannot store the progress report");
  // The pledge's status is its latest report's.
  Statement status(db_, path_,
                   "UPDATE pledges SET status = ?2 WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM progress_reports "
                   "WHERE pledge_id = ?1 AND reported_on > ?3)");
  status.text(1, pledge_id);
  status.text(2, report.status);
  status.text(3, report.reported_on);
  status.execute("cannot update the pledge's status");
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
