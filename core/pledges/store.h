// The pledge registry in SQLite: created and migrated on first use, imported into in one transaction,
// exported back out. The pledge source plugin reads the same tables (schema.h) to feed the indicators.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "pledge.h"

struct sqlite3;

namespace p2c::pledges {

struct ParsedFile;

/// The database cannot be opened, migrated, read or written; the message names the file.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A reference or rate file is missing or malformed; the message starts with file:line.
class RulesError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Plausible amounts and dates ([pledges] max_amount_usd, earliest_date, latest_date; docs/pledges.md): a figure
/// outside them is a typo or an attack, not a pledge, and is refused rather than summed into the indicators.
/// Percentages are always 0 to 100.
struct Bounds {
  double max_amount_usd = 1e12;              ///< value_usd and disbursed_usd at most this (a trillion US dollars)
  std::string earliest_date = "2000-01-01";  ///< every date of a pledge or report on or after this
  std::string latest_date = "2100-12-31";    ///< and on or before this
};

/// The controlled vocabularies of config/data/pledges/vocabulary.csv (columns vocabulary,code,label,source), with
/// the measures and campaigns an operator adds in [pledges].
struct Vocabulary {
  std::vector<std::string> measures;                    ///< target measures, e.g. "schools_connected"
  std::vector<std::string> wsis_lines;                  ///< C1..C11
  std::vector<std::string> roadmap_areas;               ///< the Roadmap for Digital Cooperation's areas
  std::vector<std::string> campaigns;                   ///< e.g. "ldc5"
  std::unordered_map<std::string, std::string> labels;  ///< "vocabulary:code" -> human label

  /// Reads the file; throws RulesError with file:line for a malformed row, an unknown vocabulary or a code twice.
  static Vocabulary load(const std::filesystem::path& csv);
  /// The built-in lists (vocabulary_words.h), which the shipped file equals.
  static Vocabulary builtin();
  /// Adds codes (from config) to `measures` or `campaigns`; throws RulesError for a code that is not
  /// [a-z0-9_]+ or is listed already.
  void extend(const std::string& vocabulary, const std::vector<std::string>& codes);
};

/// What a valid record may contain beyond the fixed vocabularies of docs/pledges.md.
struct Rules {
  std::unordered_set<std::string> economies;             ///< ISO3 codes of the reference data
  std::unordered_set<std::string> regions;               ///< group codes of the reference data
  std::unordered_map<std::string, double> usd_per_unit;  ///< currency -> USD, from the rate table
  Bounds bounds;                                         ///< set by the caller; load() leaves the defaults
  Vocabulary vocabulary = Vocabulary::builtin();         ///< set by the caller; load() leaves the built-in lists
  /// Metric ids ("instance.metric") a target may name; set by the caller from the plugins' catalogue. A target
  /// naming a metric is refused while this is empty (no catalogue to check against).
  std::unordered_set<std::string> metrics;

  /// Economies and groups from the reference CSVs (columns iso3 and code), rates from `rates_csv`
  /// (currency,usd_per_unit,source; a positive rate per ISO 4217 code, each currency once). Throws RulesError.
  static Rules load(const std::filesystem::path& economies_csv, const std::filesystem::path& groups_csv,
                    const std::filesystem::path& rates_csv);
};

/// Who makes a change and why: recorded with every revision (docs/pledges.md, "Revisions").
struct ChangeContext {
  std::string actor;         ///< a token's entity, "import:FILE" or "cli"; empty: import:FILE for imports, else cli
  std::string reason;        ///< free text; a returned review needs one
  std::string effective_on;  ///< YYYY-MM-DD from which the change is in force; empty: today (UTC)
};

/// One revision of a pledge: revision 1 is the pledge as first stored, each later one a change of it.
struct Revision {
  std::string pledge_id;
  int number = 0;
  std::string recorded_at;   ///< ISO 8601 UTC
  std::string effective_on;  ///< YYYY-MM-DD
  std::string actor;
  std::string reason;
  std::string changes;  ///< JSON array of {"field", "old", "new"} (values as in the JSON format); "[]" for 1
};

/// Refused review transition or revision: the message says what is allowed.
class ReviewError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One problem of one input record: `row` is the CSV line number or the 1-based position in a JSON array
/// (for malformed JSON: the line of the syntax error).
struct Rejection {
  std::string file;  ///< the input file; empty for records given in memory
  std::size_t row = 0;
  std::string field;    ///< e.g. "end_date", "implementation_economies[2]", "reports[1].disbursed_usd"
  std::string message;  ///< what was expected and what was found
};

/// Problems of a pledge (and its reports) against the rules; empty when valid. Fills nothing in.
/// Focus areas may be given in their human form ("Value creation"); import stores the codes. Every text field
/// must be well-formed UTF-8; amounts and dates within rules.bounds (value_usd computed from value when unset).
std::vector<Rejection> validate(const Pledge& pledge, const Rules& rules, std::size_t row = 0);
/// Problems of one new progress report on stored `pledge` (row 0, fields named as in ProgressReport): a real
/// date within `bounds`, not before the pledge was made and after its latest report, a known status, percent in
/// 0..100, cumulative disbursed_usd not negative, at most bounds.max_amount_usd and not below the latest reported
/// amount, text in well-formed UTF-8.
std::vector<Rejection> validate_report(const Pledge& pledge, const ProgressReport& report,
                                       const Bounds& bounds = Bounds{});

/// The first text field of `pledge` (its reports included) that is not well-formed UTF-8, named as validate()
/// names it ("entity", "pillars[2]", "reports[1].narrative"), or nothing.
std::optional<std::string> invalid_text_field(const Pledge& pledge);

/// "FILE:ROW: FIELD: message" (parts that are empty left out), as the CLI prints rejections.
std::string to_string(const Rejection& rejection);

struct ImportSummary {
  std::size_t pledges_added = 0;
  std::size_t pledges_updated = 0;
  std::size_t pledges_unchanged = 0;
  std::size_t reports_added = 0;
  std::size_t reports_updated = 0;
  std::vector<Rejection> rejected;  ///< non-empty: nothing was imported
  bool committed() const noexcept { return rejected.empty(); }
};

/// One connection to the registry file. Other processes may use the same file at once (WAL mode, a busy
/// timeout, writes in BEGIN IMMEDIATE transactions). The connection is in SQLite's serialized mode, so one
/// Store may be shared between threads, but a transaction spans several calls: callers sharing one Store
/// serialise their calls to import_*() and add_report() (e.g. with a mutex), or open one Store per thread.
class Store {
 public:
  /// Opens `file`, creating it and its folders when missing, and applies pending migrations.
  explicit Store(const std::filesystem::path& file);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  /// Whether the constructor created the file (so the caller may bootstrap it).
  bool created() const noexcept { return created_; }
  int schema_version() const;
  /// The schema version this build creates and reads.
  static int latest_version() noexcept;
  const std::filesystem::path& path() const noexcept { return path_; }

  /// Imports a CSV or JSON file (by extension) in one transaction: any rejected record and nothing is
  /// written. Values are converted to USD with `rules` (an input value_usd is ignored). Pledges are matched
  /// by id and reports by (pledge id, date): new ones are added, changed ones updated, identical ones left
  /// untouched, stored reports missing from the file kept. Importing the same file again changes nothing.
  /// A changed stored pledge gets a revision (actor, reason and effective date from `context`), a new one
  /// revision 1; an unchanged one nothing.
  ImportSummary import_file(const std::filesystem::path& file, const Rules& rules, const ChangeContext& context = {});
  /// Same, for records already parsed; `rows[i]` numbers pledges[i] in rejections (default: i + 1).
  ImportSummary import_pledges(const std::vector<Pledge>& pledges, const Rules& rules,
                               const std::vector<std::size_t>& rows = {}, const std::string& file = {},
                               const ChangeContext& context = {});

  std::vector<Pledge> pledges() const;  ///< all, by id, with their targets and reports, every review state
  std::optional<Pledge> find(std::string_view id) const;
  std::size_t size() const;

  /// The revisions of a pledge, oldest first; empty for an unknown id.
  std::vector<Revision> revisions(std::string_view id) const;

  /// Moves a pledge's review state: draft -> submitted, submitted -> published or returned (with a reason),
  /// returned -> submitted or draft. Recorded as a revision. Throws ReviewError for an unknown pledge or an illegal
  /// transition, nothing written.
  void review(std::string_view pledge_id, std::string_view to_state, const ChangeContext& context);

  /// Appends a report (channel "api") and sets the pledge's status to the report's (a revision by
  /// `context.actor` when the status changes); committed before it returns. Check it with validate_report()
  /// first. Throws StoreError for an unknown pledge or when a report for that date exists already.
  void add_report(std::string_view pledge_id, const ProgressReport& report, const ChangeContext& context = {});

  /// The open connection, for other tables of the same database (tokens).
  sqlite3* handle() const noexcept { return db_; }

 private:
  void migrate();
  ImportSummary import_records(ParsedFile records, const Rules& rules, const std::string& file,
                               const ChangeContext& context);

  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
  bool created_ = false;
};

/// Whether a pledge is written for the registry's operators (every field) or for the public (never the contact).
enum class Audience { operators, public_view };

/// Writes the registry as CSV or JSON (formats in docs/pledges.md), atomically; reading it back with
/// import_file() gives the same registry. A CSV export writes the pledges file and its siblings
/// <stem>.reports.csv, <stem>.targets.csv and <stem>.actuals.csv.
void export_csv(const std::vector<Pledge>& pledges, const std::filesystem::path& file);
void export_json(const std::vector<Pledge>& pledges, const std::filesystem::path& file);
/// One pledge as export_json() writes it (`indent` < 0: on one line), e.g. for `p2c pledges show`.
std::string to_json(const Pledge& pledge, int indent = 2, Audience audience = Audience::operators);
/// The pledges table of a CSV export (header and one row per pledge, no reports or targets), in memory.
std::string pledges_csv(const std::vector<Pledge>& pledges, Audience audience);

/// Reads a CSV or JSON pledge file (a CSV's reports from its sibling <stem>.reports.csv when present);
/// unparseable records are rejections with their file and row, not exceptions. `rows`, when given, receives
/// each returned pledge's row. Throws StoreError for an unreadable file or an unknown extension.
std::vector<Pledge> read_file(const std::filesystem::path& file, std::vector<Rejection>& rejected,
                              std::vector<std::size_t>* rows = nullptr);

/// The sibling files of a pledges CSV: "dir/pledges.csv" -> "dir/pledges.reports.csv", "dir/pledges.targets.csv",
/// "dir/pledges.actuals.csv".
std::filesystem::path reports_file_of(const std::filesystem::path& pledges_csv);
std::filesystem::path targets_file_of(const std::filesystem::path& pledges_csv);
std::filesystem::path actuals_file_of(const std::filesystem::path& pledges_csv);

}  // namespace p2c::pledges
