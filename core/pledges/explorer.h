// The public pledge explorer (GET /api/v1/pledges, docs/service.md): published pledges selected by where they are
// implemented, what they are about, how their reporting stands and what they say, a page at a time. Only
// published pledges are ever selected, and what it writes is the public view (no contact fields), so anything
// built on it (the service, a command) can hand its answers to anyone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "p2c/dates.h"
#include "p2c/pledges/reporting_calendar.h"
#include "pledge.h"
#include "store.h"

namespace p2c::pledges {

/// A parameter the explorer cannot use. what() names the parameter, what was found and what is expected.
class ExplorerError : public std::invalid_argument {
 public:
  ExplorerError(std::string parameter, const std::string& message);
  const std::string& parameter() const noexcept { return parameter_; }

 private:
  std::string parameter_;
};

inline constexpr std::size_t explorer_default_limit = 50;
inline constexpr std::size_t explorer_max_limit = 500;
/// Words of `q`: each is one more term of the full-text match, so the bound keeps a query's cost bounded too.
inline constexpr std::size_t explorer_max_words = 20;

/// What the explorer accepts beyond the registry's fixed vocabularies, and how it judges reporting and groups.
struct ExplorerSettings {
  std::unordered_set<std::string> economies;  ///< ISO3 codes of the reference data
  std::unordered_set<std::string> groups;     ///< group codes of the reference data
  std::vector<std::string> campaigns;         ///< the vocabulary's campaigns; empty: the built-in ones
  CalendarSettings calendar;                  ///< [pledges] reporting_period_months, due_window_days, grace_days
  /// The economies (ISO3) that were members of `group` in `year`, by the reference data's membership over time.
  /// Unset: a group selects by implementation_regions alone.
  std::function<std::vector<std::string>(const std::string& group, std::int32_t year)> members;
};

/// One request to the explorer; every filter is optional and they combine with AND.
struct ExplorerQuery {
  std::optional<std::string> economy;   ///< ISO3 among implementation_economies
  std::optional<std::string> group;     ///< a member economy in the year of pledged_on, or in implementation_regions
  std::optional<std::string> focus;     ///< a focus area code among focus_areas
  std::optional<std::string> sector;    ///< the sector
  std::optional<std::string> type;      ///< the pledge_type
  std::optional<std::string> campaign;  ///< a campaign among campaigns
  std::optional<std::string> status;    ///< the current status
  std::optional<ReportingState> reporting_state;  ///< at `as_of`; pledges made after it have none
  Date as_of;                                     ///< the day reporting states are judged at
  /// The words of `q` as the search index holds them (letters and digits, lower case, without diacritics): each
  /// must occur in the entity, the description or a narrative. Empty: `q` had no word, and nothing matches;
  /// unset: no `q`, or only white space.
  std::optional<std::vector<std::string>> words;
  std::optional<std::string> from;  ///< pledged_on on or after, YYYY-MM-DD
  std::optional<std::string> to;    ///< pledged_on on or before
  std::size_t limit = explorer_default_limit;
  std::size_t offset = 0;
};

/// Pledges in the explorer's order: the newest pledged_on first, then by id.
struct ExplorerPage {
  std::size_t total = 0;  ///< every match, before paging
  std::size_t limit = explorer_default_limit;
  std::size_t offset = 0;
  std::vector<Pledge> items;  ///< published, with their targets and reports
};

/// Parameter names and values, decoded to UTF-8 (a query string's, a command line's).
using ExplorerParams = std::map<std::string, std::string, std::less<>>;

class Explorer {
 public:
  /// Reads `store`, which must outlive the explorer; run() uses its connection, parse() does not.
  Explorer(const Store& store, ExplorerSettings settings);

  /// The parameters parse() reads: economy, group, focus, sector, type, campaign, status, reporting_state, as_of,
  /// q, from, to, limit, offset.
  static std::span<const std::string_view> parameters() noexcept;

  /// Reads the parameters. `also_known` are names the caller reads itself (e.g. a format), passed over here.
  /// Throws ExplorerError for an unknown name, an unknown code, a date that is not a real YYYY-MM-DD day, from
  /// after to, a limit outside 1..explorer_max_limit, an offset that is not a whole number, text that is not
  /// UTF-8, or q of more than explorer_max_words words (runs of letters and digits: "l'école" is two). `as_of`
  /// defaults to today (UTC). Throws StoreError when SQLite lacks the FTS5 tokenizer.
  ExplorerQuery parse(const ExplorerParams& params, std::span<const std::string_view> also_known = {}) const;

  /// The page of published pledges `query` selects. Throws StoreError when the registry cannot be read.
  ExplorerPage run(const ExplorerQuery& query) const;

 private:
  const Store& store_;
  ExplorerSettings settings_;
};

/// {"total", "limit", "offset", "items": [each pledge as to_json(..., Audience::public_view)]}, on one line.
std::string to_json(const ExplorerPage& page);

/// Revisions as anyone may see them: a JSON array of {revision, recorded_at, effective_on, actor, reason,
/// changes}, `changes` parsed from Revision::changes. Changes of contact_name and contact_email keep their field
/// with old and new null, and an import's actor shows the file's name without its folders. Throws StoreError for
/// stored changes that are not a JSON array.
std::string public_revisions_json(const std::vector<Revision>& revisions);

}  // namespace p2c::pledges
