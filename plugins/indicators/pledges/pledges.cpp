#include "pledges.h"

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include "pledge_book.h"
#include "pledge_tally.h"

namespace p2c::plugins {
namespace {

constexpr p2c_option_spec options[] = {
    {"pledges", P2C_OPTION_STRING, R"("pledges.pledges")", 0,
     "Input series: one row per pledge version, with its targets and reports (pledges_sqlite)"},
    {"implementation", P2C_OPTION_STRING, R"("pledges.implementation")", 0,
     "Input series: one row per implementation economy (pledges_sqlite); read when economies = true"},
    {"as_of", P2C_OPTION_STRING, R"("")", 0,
     "Date the last year is evaluated at, YYYY-MM-DD; empty: today (UTC). Earlier years: 31 December"},
    {"first_year", P2C_OPTION_INTEGER, "0", 0, "First year written; 0: the year of the earliest pledge"},
    {"groups", P2C_OPTION_STRING_LIST,
     R"(["LDC", "LLDC", "SIDS", "ITU.AFR", "ITU.AMS", "ITU.ARB", "ITU.ASP", "ITU.CIS", "ITU.EUR"])", 0,
     "Reference groups written besides WLD: pledges implemented in a member that year, or listing the group as an "
     "implementation region"},
    {"target_usd", P2C_OPTION_NUMBER, "100e9", 0,
     "The coalition's pledge target in USD for 2026, the base of target_progress"},
    {"reporting_window_months", P2C_OPTION_INTEGER, "12", 0,
     "reporting_rate: a pledge reports when it has a report dated within this many months before the date"},
    {"reporting_period_months", P2C_OPTION_INTEGER, "12", 0,
     "Reporting calendar: a report is expected this many months after the previous one (or after pledged_on), unless "
     "the pledge sets its own period; as [pledges] reporting_period_months"},
    {"due_window_days", P2C_OPTION_INTEGER, "30", 0,
     "Reporting calendar: a pledge is due from this many days before its expected report; as [pledges] "
     "due_window_days"},
    {"grace_days", P2C_OPTION_INTEGER, "30", 0,
     "Reporting calendar: a pledge is overdue only this many days after its expected report; as [pledges] grace_days"},
    {"economies", P2C_OPTION_BOOLEAN, "true", 0, "Also write the metrics per implementation economy"},
};

// Option limits: a period or window beyond a century, or days beyond ten years, is a typo.
constexpr std::int64_t kLongestMonths = 1200;
constexpr std::int64_t kLongestDays = 3660;
// The pledges are evaluated in two halves on two threads when each half has this many: below, a thread costs more than
// it saves. Only the order of the additions differs.
constexpr std::size_t kPledgesPerThread = 20000;

Date as_of_option(const std::string& text) {
  if (text.empty()) return today_utc();
  const auto date = parse_date(text);
  if (!date)
    throw std::invalid_argument("option 'as_of' must be a date YYYY-MM-DD or empty (today), found '" + text + "'");
  return *date;
}

int bounded(const Options& o, const char* name, std::int64_t least, std::int64_t most) {
  const std::int64_t value = o.integer(name);
  if (value < least || value > most)
    throw std::invalid_argument("option '" + std::string(name) + "' must be " + std::to_string(least) + " to " +
                                std::to_string(most) + ", found " + std::to_string(value));
  return static_cast<int>(value);
}

}  // namespace

Pledges::Pledges(const Options& o)
    : pledges_(o.string("pledges")),
      implementation_(o.string("implementation")),
      as_of_(as_of_option(o.string("as_of"))),
      groups_(o.strings("groups")),
      target_usd_(o.number("target_usd")),
      economies_(o.boolean("economies")) {
  for (const char* name : {"pledges", "implementation"})
    if (o.string(name).empty())
      throw std::invalid_argument(std::string("option '") + name + "' is empty; give the input series id");
  const std::int64_t first = o.integer("first_year");
  if (first < 0 || first > 9999)
    throw std::invalid_argument("option 'first_year' must be a year, or 0 for the earliest pledge's, found " +
                                std::to_string(first));
  first_year_ = static_cast<std::int32_t>(first);
  if (first_year_ > as_of_.year)
    throw std::invalid_argument("option 'first_year' (" + std::to_string(first_year_) + ") is after the as_of year (" +
                                std::to_string(as_of_.year) + ")");
  if (!(target_usd_ > 0))
    throw std::invalid_argument("option 'target_usd' must be a positive amount, found " + std::to_string(target_usd_));
  window_months_ = bounded(o, "reporting_window_months", 1, kLongestMonths);
  calendar_.period_months = bounded(o, "reporting_period_months", 1, kLongestMonths);
  calendar_.due_window_days = bounded(o, "due_window_days", 0, kLongestDays);
  calendar_.grace_days = bounded(o, "grace_days", 0, kLongestDays);
  for (const auto& group : groups_)
    if (group.empty() || group == "WLD")
      throw std::invalid_argument("option 'groups' lists '" + group +
                                  "'; give reference group codes other than WLD, which is always written");
  if (groups_.size() > 61)
    throw std::invalid_argument("option 'groups' lists " + std::to_string(groups_.size()) + " groups; at most 61");
}

std::vector<MetricInfo> Pledges::metrics() { return pledges::catalogue(); }

std::vector<std::string> Pledges::inputs() const {
  if (economies_) return {pledges_, implementation_};
  return {pledges_};
}

void Pledges::compute(const InputSet& inputs, ResultWriter& out) {
  using pledges::Slots;
  std::vector<std::string> codes = groups_;
  for (const auto group : pledges::kReferenceGroups) codes.emplace_back(group);
  const pledges::Book book = pledges::read_book(inputs, pledges_, codes);

  std::int32_t first = first_year_;
  if (first == 0) {
    first = as_of_.year;
    for (const auto& pledge : book.pledges) first = std::min(first, pledge.pledged.year);
  }

  pledges::Plan plan;
  plan.window_months = window_months_;
  plan.calendar = calendar_;
  plan.groups = groups_.size();
  std::vector<std::vector<bool>> has_members;  // [year][reference group]
  std::unordered_map<std::string, std::size_t> economy_index;
  for (std::size_t e = 0; e < book.economy_codes.size(); ++e) economy_index.emplace(book.economy_codes[e], e);
  for (std::int32_t year = first; year <= as_of_.year; ++year) {
    const Date day = year == as_of_.year ? as_of_ : year_end(year);
    plan.dates.push_back(day);
    plan.days.push_back(pledges::day_of(day));
    plan.window_starts.push_back(pledges::day_of(months_before(day, window_months_)));
    plan.year_starts.push_back(pledges::day_of(Date{year, 1, 1}));
    auto& groups = plan.economy_groups.emplace_back(book.economy_codes.size(), 0);
    auto& members = has_members.emplace_back();
    for (std::size_t g = 0; g < codes.size(); ++g) {
      const auto list = inputs.group_members(codes[g], year);
      if (g >= groups_.size()) members.push_back(!list.empty());
      for (const auto& code : list)
        if (auto it = economy_index.find(code); it != economy_index.end()) groups[it->second] |= std::uint64_t{1} << g;
    }
  }

  // Economy scopes: the implementation economies the host issued ids for.
  std::vector<EntityId> economy_ids;
  plan.economy_scope.assign(book.economy_codes.size(), -1);
  if (economies_) {
    const Series& implementation = inputs.get(implementation_);
    std::vector<std::pair<std::string, EntityId>> found;
    for (std::size_t i = 0; i < implementation.size(); ++i)
      found.emplace_back(std::string(inputs.entity_code(implementation.entity[i])), implementation.entity[i]);
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    for (const auto& [code, id] : found)
      if (auto it = economy_index.find(code); it != economy_index.end() && plan.economy_scope[it->second] < 0) {
        plan.economy_scope[it->second] = static_cast<std::int32_t>(economy_ids.size());
        economy_ids.push_back(id);
      }
  }
  plan.economy_scopes = economy_ids.size();

  pledges::Tallies tallies(book, plan);
  const std::size_t count = book.pledges.size();
  if (count >= 2 * kPledgesPerThread && std::thread::hardware_concurrency() > 1) {
    pledges::Tallies second(book, plan);
    std::exception_ptr failed;
    std::thread worker([&] {
      try {
        second.add(book, plan, count / 2, count);
      } catch (...) {
        failed = std::current_exception();
      }
    });
    try {
      tallies.add(book, plan, 0, count / 2);
    } catch (...) {
      worker.join();
      throw;
    }
    worker.join();
    if (failed) std::rethrow_exception(failed);
    tallies.merge(second);
  } else {
    tallies.add(book, plan, 0, count);
  }
  tallies.finish();

  const auto& definitions = pledges::definitions();
  for (std::size_t y = 0; y < plan.dates.size(); ++y) {
    const std::int32_t year = first + static_cast<std::int32_t>(y);
    const auto write = [&](std::size_t scope, auto&& value, auto&& missing) {
      const double* slots = tallies.slots(y, scope);
      for (const auto& def : definitions) {
        if (scope != 0 && def.scopes == pledges::Scopes::coalition) continue;
        if (scope > plan.groups && def.scopes != pledges::Scopes::all) continue;
        const std::string& name = def.info.name;
        if (def.target_progress) {
          value(name, 100.0 * slots[Slots::value_gross] / target_usd_);
        } else if (def.reference >= 0 && !has_members[y][static_cast<std::size_t>(def.reference)]) {
          missing(name, "the reference data gives " + std::string(pledges::kReferenceGroups[def.reference]) +
                            " no members in " + std::to_string(year));
        } else if (!def.percent) {
          value(name, slots[def.num]);
        } else if (slots[def.den] == 0) {
          missing(name, def.reason);
        } else {
          value(name, 100.0 * slots[def.num] / slots[def.den]);
        }
      }
    };
    for (std::size_t scope = 0; scope <= plan.groups; ++scope) {
      const std::string& code = scope == 0 ? std::string("WLD") : groups_[scope - 1];
      write(
          scope, [&](const std::string& name, double v) { out.group_value(name, code, year, v); },
          [&](const std::string& name, const std::string& reason) { out.group_missing(name, code, year, reason); });
    }
    for (std::size_t e = 0; e < economy_ids.size(); ++e) {
      const EntityId entity = economy_ids[e];
      write(
          1 + plan.groups + e, [&](const std::string& name, double v) { out.value(name, entity, year, v); },
          [&](const std::string& name, const std::string& reason) { out.missing(name, entity, year, reason); });
    }
  }
}

}  // namespace p2c::plugins

P2C_PLUGIN(p2c::plugins::Pledges, "pledges", "3.0.0",
           "Focus area investment acceleration: P2C pledges counted and summed for the coalition, groups and "
           "economies, with their targets, reporting calendar and the annual report's key figures",
           p2c::plugins::options)
