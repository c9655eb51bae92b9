#include "explorer.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <iterator>
#include <mutex>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <unordered_set>
#include <variant>

#include "dates.h"
#include "p2c/json.h"
#include "p2c/pledges/vocabulary_words.h"
#include "p2c/text.h"
#include "registry_database.h"
#include "vocabulary.h"

namespace p2c::pledges {
namespace {

constexpr std::string_view known_parameters[] = {"economy",  "group",  "focus",           "sector", "type",
                                                 "campaign", "status", "reporting_state", "as_of",  "q",
                                                 "from",     "to",     "limit",           "offset"};

std::string shown(std::string_view text) { return "'" + printable(text) + "'"; }

// A date filter: strict YYYY-MM-DD naming a real day, as the registry stores its dates.
std::string date_parameter(const std::string& name, const std::string& value) {
  if (!is_date(value))
    throw ExplorerError(
        name, fmt::format("parameter '{}': expected a date YYYY-MM-DD naming a real day, got {}", name, shown(value)));
  return value;
}

std::size_t whole_parameter(const std::string& name, const std::string& value, std::size_t low, std::size_t high) {
  std::size_t number = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (value.empty() || error != std::errc() || end != value.data() + value.size() || number < low || number > high)
    throw ExplorerError(name, fmt::format("parameter '{}': expected a whole number from {} to {}, got {}", name, low,
                                          high, shown(value)));
  return number;
}

// FTS5 reads its own query language (AND, OR, NOT, NEAR(...), column filters, '*', '^', quotes), and the search
// table keeps no positions (detail=none), so a quoted phrase of two tokens is an error too. Each term is one token
// of the table's own tokenizer, in double quotes: FTS5 takes it as that token whatever it is, and terms side by side
// must all match.
std::string fts_query(const std::vector<std::string>& terms) {
  std::string out;
  for (const auto& term : terms) {
    if (!out.empty()) out += ' ';
    out += '"';
    for (const char c : term) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  return out;
}

// The tokens FTS5's unicode61 tokenizer makes of `text` with the options schema.cpp gives the search table:
// letters and digits, folded to lower case without diacritics, everything else separating them. A connection of
// its own, in memory, lends the tokenizer, so that parse() needs no registry.
std::vector<std::string> search_tokens(std::string_view text) {
  struct Tokenizer {
    sqlite3* db = nullptr;
    fts5_api* api = nullptr;
    Tokenizer() {
      if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) return;
      sqlite3_stmt* statement = nullptr;
      if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, nullptr) == SQLITE_OK &&
          sqlite3_bind_pointer(statement, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr) == SQLITE_OK)
        sqlite3_step(statement);
      sqlite3_finalize(statement);
    }
    ~Tokenizer() { sqlite3_close(db); }
  };
  static Tokenizer shared;
  static std::mutex mutex;
  const std::lock_guard lock(mutex);
  if (shared.api == nullptr) throw StoreError("this SQLite has no full-text search (FTS5); the pledge search needs it");
  void* context = nullptr;
  fts5_tokenizer module{};
  if (shared.api->xFindTokenizer(shared.api, "unicode61", &context, &module) != SQLITE_OK)
    throw StoreError("FTS5 has no unicode61 tokenizer");
  const char* options[] = {"remove_diacritics", "2"};
  Fts5Tokenizer* tokenizer = nullptr;
  if (module.xCreate(context, options, 2, &tokenizer) != SQLITE_OK)
    throw StoreError("FTS5's unicode61 tokenizer cannot be created");
  std::vector<std::string> tokens;
  const auto add = [](void* out, int, const char* token, int size, int, int) {
    static_cast<std::vector<std::string>*>(out)->emplace_back(token, static_cast<std::size_t>(size));
    return SQLITE_OK;
  };
  const int status =
      module.xTokenize(tokenizer, &tokens, FTS5_TOKENIZE_QUERY, text.data(), static_cast<int>(text.size()), add);
  module.xDelete(tokenizer);
  if (status != SQLITE_OK) throw StoreError("FTS5's unicode61 tokenizer failed on the search words");
  return tokens;
}

// Builds SQL from fixed fragments and numbered placeholders; every value from a request is bound, never
// written into the SQL text.
class SqlBuilder {
 public:
  std::string bind(std::string value) {
    values_.emplace_back(std::move(value));
    return "?" + std::to_string(values_.size());
  }
  std::string bind(std::int64_t value) {
    values_.emplace_back(value);
    return "?" + std::to_string(values_.size());
  }
  void apply(Statement& statement) const {
    for (std::size_t i = 0; i < values_.size(); ++i) {
      const int index = static_cast<int>(i + 1);
      if (const auto* text = std::get_if<std::string>(&values_[i]))
        statement.text(index, *text);
      else
        statement.integer(index, std::get<std::int64_t>(values_[i]));
    }
  }

 private:
  std::vector<std::variant<std::string, std::int64_t>> values_;  // kept here: Statement binds text without copying
};

// The element test of a list column (a JSON array of strings). The cheap instr() on the array's text passes
// over most rows before json_each() parses the rest; the codes tested are vocabulary words, which JSON writes
// without escapes.
std::string list_contains(SqlBuilder& sql, const char* column, const std::string& value) {
  return fmt::format(" AND instr(p.{0}, {1}) > 0 AND EXISTS (SELECT 1 FROM json_each(p.{0}) WHERE value = {2})", column,
                     sql.bind(nlohmann::json(value).dump()), sql.bind(value));
}

// The strings of a stored list column, a JSON array of strings. Codes need no escapes, so the quick scan serves
// nearly every row; anything else goes through the parser.
std::vector<std::string> stored_list(const std::string& text) {
  std::vector<std::string> out;
  if (text.find('\\') == std::string::npos) {
    for (std::size_t open = text.find('"'); open != std::string::npos;) {
      const std::size_t close = text.find('"', open + 1);
      if (close == std::string::npos) break;
      out.push_back(text.substr(open + 1, close - open - 1));
      open = text.find('"', close + 1);
    }
    return out;
  }
  try {
    for (const auto& item : parse_json(text))
      if (item.is_string()) out.push_back(item.get<std::string>());
  } catch (const JsonError&) {
    // A list that is not JSON names no economy or group.
  }
  return out;
}

// Whether a pledge is implemented in `group`: listed among its regions, or in an economy that was a member in the
// year it was made. Memberships are asked of the settings once per year.
class GroupTest {
 public:
  GroupTest(const ExplorerSettings& settings, std::string group) : settings_(settings), group_(std::move(group)) {}

  bool operator()(const Date& pledged_on, const std::string& economies, const std::string& regions) {
    for (const auto& region : stored_list(regions))
      if (region == group_) return true;
    if (!settings_.members) return false;
    auto year = members_.find(pledged_on.year);
    if (year == members_.end()) {
      const auto members = settings_.members(group_, pledged_on.year);
      year = members_.emplace(pledged_on.year, std::unordered_set<std::string>(members.begin(), members.end())).first;
    }
    for (const auto& economy : stored_list(economies))
      if (year->second.count(economy)) return true;
    return false;
  }

 private:
  const ExplorerSettings& settings_;
  std::string group_;
  std::unordered_map<std::int32_t, std::unordered_set<std::string>> members_;
};

// An import's actor names the file as it was given, possibly with the operator's folders: only its name is shown.
std::string public_actor(const std::string& actor) {
  static constexpr std::string_view import_prefix = "import:";
  if (!actor.starts_with(import_prefix)) return actor;
  return std::string(import_prefix) + std::filesystem::path(actor.substr(import_prefix.size())).filename().string();
}

}  // namespace

ExplorerError::ExplorerError(std::string parameter, const std::string& message)
    : std::invalid_argument(message), parameter_(std::move(parameter)) {}

Explorer::Explorer(const Store& store, ExplorerSettings settings) : store_(store), settings_(std::move(settings)) {}

std::span<const std::string_view> Explorer::parameters() noexcept { return known_parameters; }

ExplorerQuery Explorer::parse(const ExplorerParams& params, std::span<const std::string_view> also_known) const {
  for (const auto& [name, value] : params) {
    const bool ours =
        std::find(std::begin(known_parameters), std::end(known_parameters), name) != std::end(known_parameters);
    const bool theirs = std::find(also_known.begin(), also_known.end(), name) != also_known.end();
    if (!ours && !theirs) {
      std::vector<std::string_view> all(std::begin(known_parameters), std::end(known_parameters));
      all.insert(all.end(), also_known.begin(), also_known.end());
      throw ExplorerError(name, fmt::format("unknown parameter {}: expected {}", shown(name), one_of(all)));
    }
    if (ours && !valid_utf8(value))
      throw ExplorerError(name, fmt::format("parameter '{}': expected UTF-8 text, got {}", name, shown(value)));
  }
  const auto get = [&](const char* name) -> const std::string* {
    const auto found = params.find(name);
    return found == params.end() ? nullptr : &found->second;
  };
  // A code of a fixed list: anything else is a typo the caller must hear about, not an empty page.
  const auto word = [&](const char* name, std::span<const std::string_view> words, std::optional<std::string>& target) {
    const std::string* value = get(name);
    if (value == nullptr) return;
    if (!contains(words, *value))
      throw ExplorerError(name, fmt::format("parameter '{}': expected {}, got {}", name, one_of(words), shown(*value)));
    target = *value;
  };

  ExplorerQuery query;
  if (const std::string* value = get("economy")) {
    if (!settings_.economies.count(*value))
      throw ExplorerError("economy", fmt::format("parameter 'economy': expected the ISO3 code of an economy of the "
                                                 "reference data (GET /api/v1/entities lists them), got {}",
                                                 shown(*value)));
    query.economy = *value;
  }
  if (const std::string* value = get("group")) {
    if (!settings_.groups.count(*value))
      throw ExplorerError("group", fmt::format("parameter 'group': expected the code of a group of the reference "
                                               "data (GET /api/v1/entities lists them), got {}",
                                               shown(*value)));
    query.group = *value;
  }
  word("focus", words::kFocusAreas, query.focus);
  word("sector", words::kSectors, query.sector);
  word("type", words::kPledgeTypes, query.type);
  word("status", words::kStatuses, query.status);
  if (settings_.campaigns.empty()) {
    word("campaign", words::kCampaigns, query.campaign);
  } else {
    const std::vector<std::string_view> campaigns(settings_.campaigns.begin(), settings_.campaigns.end());
    word("campaign", campaigns, query.campaign);
  }
  if (const std::string* value = get("reporting_state")) {
    query.reporting_state = reporting_state_named(*value);
    if (!query.reporting_state)
      throw ExplorerError("reporting_state", fmt::format("parameter 'reporting_state': expected {}, got {}",
                                                         one_of(kReportingStates), shown(*value)));
  }
  if (const std::string* value = get("as_of"))
    query.as_of = *parse_date(date_parameter("as_of", *value));
  else
    query.as_of = today_utc();
  if (const std::string* value = get("from")) query.from = date_parameter("from", *value);
  if (const std::string* value = get("to")) query.to = date_parameter("to", *value);
  if (query.from && query.to && *query.from > *query.to)
    throw ExplorerError("from", fmt::format("parameters 'from' and 'to': expected from on or before to, got from {} "
                                            "after to {}",
                                            *query.from, *query.to));
  if (const std::string* value = get("q");
      value != nullptr && value->find_first_not_of(" \t\n\r\f\v") != std::string::npos) {
    query.words = search_tokens(*value);
    if (query.words->size() > explorer_max_words)
      throw ExplorerError("q",
                          fmt::format("parameter 'q': expected at most {} words (runs of letters and digits), got {}",
                                      explorer_max_words, query.words->size()));
  }
  if (const std::string* value = get("limit")) query.limit = whole_parameter("limit", *value, 1, explorer_max_limit);
  // Bound so that it fits SQLite's and every platform's integers; no registry comes near it.
  if (const std::string* value = get("offset")) query.offset = whole_parameter("offset", *value, 0, 1'000'000'000);
  return query;
}

ExplorerPage Explorer::run(const ExplorerQuery& query) const {
  SqlBuilder sql;
  // The unary + keeps SQLite off the review_state index: nearly every pledge is published, and reading the table
  // in order is faster than visiting it row by row through an index that selects almost all of it.
  std::string where = "+p.review_state = 'published'";
  if (query.economy) where += list_contains(sql, "implementation_economies", *query.economy);
  if (query.focus) where += list_contains(sql, "focus_areas", *query.focus);
  if (query.campaign) where += list_contains(sql, "campaigns", *query.campaign);
  if (query.sector) where += " AND p.sector = " + sql.bind(*query.sector);
  if (query.type) where += " AND p.pledge_type = " + sql.bind(*query.type);
  if (query.status) where += " AND p.status = " + sql.bind(*query.status);
  if (query.from) where += " AND p.pledged_on >= " + sql.bind(*query.from);
  if (query.to) where += " AND p.pledged_on <= " + sql.bind(*query.to);
  if (query.words && query.words->empty()) {
    where += " AND 0";  // punctuation alone: no word to find, so nothing is found
  } else if (query.words) {
    where += " AND p.id IN (SELECT pledge_id FROM pledge_search WHERE pledge_search MATCH " +
             sql.bind(fts_query(*query.words)) + ")";
  }

  ExplorerPage page;
  page.limit = query.limit;
  page.offset = query.offset;
  using Row = std::pair<std::string, std::string>;  // pledged_on and id
  const auto newest_first = [](const Row& a, const Row& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  };
  std::vector<Row> shown;  // the page's pledges
  if (!query.group && !query.reporting_state) {
    // One pass over the matches gives the count and the page: SQLite keeps only the page's rows while sorting.
    Statement select(store_.handle(), store_.path(),
                     fmt::format("WITH matched(id, pledged_on) AS (SELECT p.id, p.pledged_on FROM pledges p WHERE {}) "
                                 "SELECT 0, count(*), NULL FROM matched UNION ALL "
                                 "SELECT * FROM (SELECT 1, pledged_on, id FROM matched "
                                 "ORDER BY pledged_on DESC, id LIMIT {} OFFSET {})",
                                 where, sql.bind(static_cast<std::int64_t>(query.limit)),
                                 sql.bind(static_cast<std::int64_t>(query.offset))));
    sql.apply(select);
    while (select.step("cannot search the pledges")) {
      if (select.integer(0) == 0)
        page.total = static_cast<std::size_t>(select.integer(1));
      else
        shown.emplace_back(select.text(1), select.text(2));
    }
  } else {
    // Membership over time and the reporting calendar are judged here, row by row, for the rows the SQL conditions
    // leave: both depend on each pledge's dates in ways SQL would spell out only slowly (json_each() on every row)
    // or not exactly (SQLite's month arithmetic does not clamp to the month's end).
    const bool judge = query.reporting_state.has_value();
    const std::string day = judge ? sql.bind(to_string(query.as_of)) : std::string();
    // The latest report on or before as_of: the pledge's state then, not what later reports say.
    Statement select(
        store_.handle(), store_.path(),
        fmt::format("SELECT p.id, p.pledged_on, {0}, {1}, p.status, p.reporting_period_months, {2} FROM pledges p "
                    "WHERE {3}{4}",
                    query.group ? "p.implementation_economies" : "NULL",
                    query.group ? "p.implementation_regions" : "NULL",
                    judge ? fmt::format("(SELECT r.reported_on || r.status FROM progress_reports r WHERE r.pledge_id "
                                        "= p.id AND r.reported_on <= {0} ORDER BY r.reported_on DESC LIMIT 1), "
                                        "EXISTS (SELECT 1 FROM progress_reports r WHERE r.pledge_id = p.id)",
                                        day)
                          : "NULL, NULL",
                    where, judge ? " AND p.pledged_on <= " + day : ""));
    sql.apply(select);
    std::optional<GroupTest> in_group;
    if (query.group) in_group.emplace(settings_, *query.group);
    std::vector<Row> matched;
    while (select.step("cannot search the pledges")) {
      const auto pledged_on = parse_date(select.text(1));
      if (!pledged_on) continue;  // a stored date the registry would not accept has no year and no calendar
      if (in_group && !(*in_group)(*pledged_on, select.text(2), select.text(3))) continue;
      if (judge) {
        const std::string latest = select.text(6);  // YYYY-MM-DD followed by the report's status
        const std::optional<Date> last = latest.size() > 10 ? parse_date(latest.substr(0, 10)) : std::nullopt;
        // As reporting_status() has it: before its first report a pledge was announced; a pledge that has never
        // reported has its own status.
        const std::string status = last ? latest.substr(10) : (select.integer(7) != 0 ? "announced" : select.text(4));
        const std::int64_t own = select.is_null(5) ? 0 : select.integer(5);
        const int period = own > 0 && own <= 1200 ? static_cast<int>(own) : settings_.calendar.period_months;
        if (reporting_state(*pledged_on, last, status, query.as_of, period, settings_.calendar) !=
            *query.reporting_state)
          continue;
      }
      matched.emplace_back(select.text(1), select.text(0));
    }
    page.total = matched.size();
    const std::size_t end = std::min(matched.size(), query.offset + query.limit);
    if (query.offset < end) {
      std::partial_sort(matched.begin(), matched.begin() + static_cast<std::ptrdiff_t>(end), matched.end(),
                        newest_first);
      shown.assign(matched.begin() + static_cast<std::ptrdiff_t>(query.offset),
                   matched.begin() + static_cast<std::ptrdiff_t>(end));
    }
  }
  // The page's order does not depend on how SQLite returns the rows of a compound query.
  std::sort(shown.begin(), shown.end(), newest_first);
  for (const auto& [pledged_on, id] : shown) {
    std::optional<Pledge> pledge = store_.find(id);
    // Unpublished or removed by another process since the selection: never shown.
    if (pledge && pledge->review_state == "published") page.items.push_back(std::move(*pledge));
  }
  return page;
}

std::string to_json(const ExplorerPage& page) {
  std::string body =
      fmt::format(R"({{"total":{},"limit":{},"offset":{},"items":[)", page.total, page.limit, page.offset);
  for (std::size_t i = 0; i < page.items.size(); ++i) {
    if (i > 0) body += ',';
    body += to_json(page.items[i], -1, Audience::public_view);
  }
  return body + "]}";
}

namespace {

bool is_contact(std::string_view field) { return field == "contact_name" || field == "contact_email"; }

// A change's value may be a whole record (an object holding the contact among other fields): redacted wherever
// the contact appears, not only where the change names it.
void redact(nlohmann::json& value) {
  if (value.is_object()) {
    for (auto& [key, inner] : value.items()) {
      if (is_contact(key))
        inner = nullptr;
      else
        redact(inner);
    }
  } else if (value.is_array()) {
    for (auto& inner : value) redact(inner);
  }
}

}  // namespace

std::string public_revisions_json(const std::vector<Revision>& revisions) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const Revision& revision : revisions) {
    nlohmann::json changes;
    try {
      changes = parse_json(revision.changes);
    } catch (const JsonError& e) {
      throw StoreError(fmt::format("revision {} of pledge {}: the stored changes are not valid JSON: {}",
                                   revision.number, printable(revision.pledge_id), e.what()));
    }
    if (!changes.is_array())
      throw StoreError(fmt::format("revision {} of pledge {}: the stored changes are not a JSON array", revision.number,
                                   printable(revision.pledge_id)));
    for (auto& change : changes) {
      if (!change.is_object()) continue;
      const auto field = change.find("field");
      if (field != change.end() && field->is_string() && is_contact(field->get<std::string>())) {
        change["old"] = nullptr;
        change["new"] = nullptr;
      } else {
        for (auto& [key, value] : change.items())
          if (key != "field") redact(value);
      }
    }
    nlohmann::ordered_json item;
    item["revision"] = revision.number;
    item["recorded_at"] = revision.recorded_at;
    item["effective_on"] = revision.effective_on;
    item["actor"] = public_actor(revision.actor);
    item["reason"] = revision.reason;
    item["changes"] = std::move(changes);
    out.push_back(std::move(item));
  }
  // Text stored before the registry checked UTF-8 is shown as U+FFFD rather than failing the whole answer.
  return out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace p2c::pledges
