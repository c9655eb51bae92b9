#include "pledges.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "pledge_book.h"
#include "pledge_tally.h"

namespace p2c::plugins {
namespace {

constexpr p2c_option_spec options[] = {
    {"pledges", P2C_OPTION_STRING, R"("pledges.pledges")", 0, "Input series: one row per pledge (pledges_sqlite)"},
    {"reports", P2C_OPTION_STRING, R"("pledges.reports")", 0,
     "Input series: one row per progress report (pledges_sqlite)"},
    {"implementation", P2C_OPTION_STRING, R"("pledges.implementation")", 0,
     "Input series: one row per pledge and implementation economy (pledges_sqlite); read when economies = true"},
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
     "A pledge reports on time when it has a report dated within this many months before the date"},
    {"economies", P2C_OPTION_BOOLEAN, "true", 0, "Also write the metrics per implementation economy"},
};

Date as_of_option(const std::string& text) {
  if (text.empty()) return today_utc();
  const auto date = parse_date(text);
  if (!date)
    throw std::invalid_argument("option 'as_of' must be a date YYYY-MM-DD or empty (today), found '" + text + "'");
  return *date;
}

using Emit = std::function<void(const std::string&, std::optional<double>, const std::string&)>;

}  // namespace

Pledges::Pledges(const Options& o)
    : pledges_(o.string("pledges")),
      reports_(o.string("reports")),
      implementation_(o.string("implementation")),
      as_of_(as_of_option(o.string("as_of"))),
      groups_(o.strings("groups")),
      target_usd_(o.number("target_usd")),
      economies_(o.boolean("economies")) {
  for (const char* name : {"pledges", "reports", "implementation"})
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
  const std::int64_t window = o.integer("reporting_window_months");
  if (window < 1 || window > 1200)
    throw std::invalid_argument("option 'reporting_window_months' must be 1 to 1200, found " + std::to_string(window));
  window_months_ = static_cast<int>(window);
  for (const auto& group : groups_)
    if (group.empty() || group == "WLD")
      throw std::invalid_argument("option 'groups' lists '" + group +
                                  "'; give reference group codes other than WLD, which is always written");
}

std::vector<MetricInfo> Pledges::metrics() { return pledges::catalogue(); }

std::vector<std::string> Pledges::inputs() const {
  if (economies_) return {pledges_, reports_, implementation_};
  return {pledges_, reports_};
}

void Pledges::compute(const InputSet& inputs, ResultWriter& out) {
  const auto book = pledges::read_pledges(inputs.get(pledges_), inputs.get(reports_), inputs);

  // Entity ids of the implementation economies, for the economy records: the host issued them for that series.
  std::map<std::string, EntityId> economy_ids;
  if (economies_) {
    const Series& implementation = inputs.get(implementation_);
    for (std::size_t i = 0; i < implementation.size(); ++i)
      economy_ids.emplace(std::string(inputs.entity_code(implementation.entity[i])), implementation.entity[i]);
  }

  std::int32_t first = first_year_;
  if (first == 0) {
    first = as_of_.year;
    for (const auto& pledge : book) first = std::min(first, pledge.pledged_on.year);
  }

  for (std::int32_t year = first; year <= as_of_.year; ++year) {
    const Date day = year == as_of_.year ? as_of_ : year_end(year);
    const Date window_start = months_before(day, window_months_);
    std::vector<pledges::PledgeAt> at;
    at.reserve(book.size());
    for (const auto& pledge : book) at.push_back(pledges::evaluate(pledge, day, window_start));

    // The coalition.
    pledges::Tally world;
    for (std::size_t p = 0; p < book.size(); ++p) world.add(book[p], at[p]);
    const auto to_group = [&](const std::string& group) -> Emit {
      return [&out, group, year](const std::string& metric, std::optional<double> value, const std::string& reason) {
        if (value)
          out.group_value(metric, group, year, *value);
        else
          out.group_missing(metric, group, year, reason);
      };
    };
    world.write(to_group("WLD"));
    out.group_value("target_progress", "WLD", year, 100.0 * world.value_usd_gross() / target_usd_);

    // Groups: a pledge counts once however many of the group's members it is implemented in.
    for (const auto& group : groups_) {
      const auto members = inputs.group_members(group, year);
      const std::set<std::string> member_set(members.begin(), members.end());
      pledges::Tally tally;
      for (std::size_t p = 0; p < book.size(); ++p) {
        const auto& pledge = book[p];
        const bool in_group = std::find(pledge.regions.begin(), pledge.regions.end(), group) != pledge.regions.end() ||
                              std::any_of(pledge.economies.begin(), pledge.economies.end(),
                                          [&](const std::string& economy) { return member_set.count(economy) != 0; });
        if (in_group) tally.add(pledge, at[p]);
      }
      tally.write(to_group(group));
    }

    if (!economies_) continue;
    std::map<std::string, pledges::Tally> by_economy;
    for (const auto& [code, id] : economy_ids) by_economy[code];
    for (std::size_t p = 0; p < book.size(); ++p)
      for (const auto& economy : std::set<std::string>(book[p].economies.begin(), book[p].economies.end()))
        if (auto it = by_economy.find(economy); it != by_economy.end()) it->second.add(book[p], at[p]);
    for (const auto& [code, tally] : by_economy) {
      const EntityId entity = economy_ids.at(code);
      tally.write(
          [&out, entity, year](const std::string& metric, std::optional<double> value, const std::string& reason) {
            if (value)
              out.value(metric, entity, year, *value);
            else
              out.missing(metric, entity, year, reason);
          });
    }
  }
}

}  // namespace p2c::plugins

P2C_PLUGIN(p2c::plugins::Pledges, "pledges", "2.0.0",
           "Focus area investment acceleration: P2C pledges counted and summed for the coalition, groups and "
           "economies",
           p2c::plugins::options)
