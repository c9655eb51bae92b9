// Checks of pledges and progress reports against the vocabularies of docs/pledges.md and the Rules. Every
// problem of a record is reported, not just the first, so a file can be fixed in one pass.
#include <fmt/format.h>

#include <cmath>
#include <set>

#include "dates.h"
#include "p2c/text.h"
#include "store.h"
#include "vocabulary.h"

namespace p2c::pledges {
namespace {

// Input is quoted through printable(): a rejected 50 MB cell or a terminal escape must not reach the message whole.
std::string shown(std::string_view text) { return text.empty() ? "nothing" : fmt::format("'{}'", printable(text)); }

// Each text field of a pledge with the name validate() gives it; `visit` returns false to stop.
template <typename Visit>
void visit_text(const Pledge& p, Visit visit) {
  const auto one = [&](const char* name, const std::string& value) { return visit(std::string(name), value); };
  const auto list = [&](const char* name, const std::vector<std::string>& items) {
    for (std::size_t i = 0; i < items.size(); ++i)
      if (!visit(fmt::format("{}[{}]", name, i + 1), items[i])) return false;
    return true;
  };
  if (!(one("id", p.id) && one("entity", p.entity) && one("sector", p.sector) &&
        one("origin_economy", p.origin_economy) && one("origin_region", p.origin_region) &&
        list("implementation_economies", p.implementation_economies) &&
        list("implementation_regions", p.implementation_regions) && list("focus_areas", p.focus_areas) &&
        list("pillars", p.pillars) && one("pledge_type", p.pledge_type) && one("currency", p.currency) &&
        list("beneficiaries", p.beneficiaries) && list("sdgs", p.sdgs) && one("pledged_on", p.pledged_on) &&
        one("start_date", p.start_date) && one("end_date", p.end_date) && one("status", p.status) &&
        one("description", p.description)))
    return;
  for (std::size_t i = 0; i < p.reports.size(); ++i) {
    const ProgressReport& r = p.reports[i];
    const std::string prefix = fmt::format("reports[{}].", i + 1);
    if (!(visit(prefix + "reported_on", r.reported_on) && visit(prefix + "status", r.status) &&
          visit(prefix + "narrative", r.narrative)))
      return;
  }
}

std::string utf8_problem(std::string_view value) {
  const std::size_t at = invalid_utf8_at(value);
  return fmt::format(
      "expected UTF-8 text; found a byte that is not UTF-8 at byte {} of '{}' (save the file as UTF-8, e.g. with "
      "iconv -f WINDOWS-1252 -t UTF-8)",
      at + 1, printable(value));
}

class Checker {
 public:
  Checker(std::size_t row, std::vector<Rejection>& out) : row_(row), out_(out) {}

  void problem(std::string field, std::string message) {
    out_.push_back(Rejection{{}, row_, std::move(field), std::move(message)});
  }

  void not_empty(const std::string& field, std::string_view value) {
    if (value.empty()) problem(field, "expected a value, found nothing");
  }

  void word(const std::string& field, std::string_view value, std::span<const std::string_view> words) {
    if (!contains(words, value)) problem(field, fmt::format("expected {}; found {}", one_of(words), shown(value)));
  }

  /// True when valid.
  bool date(const std::string& field, std::string_view value) {
    if (is_date(value)) return true;
    problem(field, fmt::format("expected a date YYYY-MM-DD naming a real day; found {}", shown(value)));
    return false;
  }

  /// A valid date within the bounds; true when valid.
  bool date(const std::string& field, std::string_view value, const Bounds& bounds) {
    if (!date(field, value)) return false;
    if (value >= bounds.earliest_date && value <= bounds.latest_date) return true;
    problem(field, fmt::format("expected a date from {} to {} ([pledges] earliest_date and latest_date); found {}",
                               bounds.earliest_date, bounds.latest_date, value));
    return false;
  }

  void percent(const std::string& field, const std::optional<double>& value) {
    if (value && !(*value >= 0 && *value <= 100))
      problem(field, fmt::format("expected a percentage from 0 to 100; found {}", *value));
  }

  void amount(const std::string& field, const std::optional<double>& value, const Bounds& bounds) {
    if (!value) return;
    if (!(*value >= 0))
      problem(field, fmt::format("expected an amount of 0 or more; found {}", *value));
    else if (!(*value <= bounds.max_amount_usd))
      problem(field, fmt::format("expected at most {} US dollars ([pledges] max_amount_usd); found {}",
                                 bounds.max_amount_usd, *value));
  }

  void utf8(const Pledge& pledge) {
    visit_text(pledge, [&](std::string field, const std::string& value) {
      if (!valid_utf8(value)) problem(std::move(field), utf8_problem(value));
      return true;
    });
  }

 private:
  std::size_t row_;
  std::vector<Rejection>& out_;
};

void check_economy(Checker& check, const std::string& field, const std::string& code, const Rules& rules) {
  if (rules.economies.count(code) == 0)
    check.problem(field,
                  fmt::format("expected the ISO3 code of an economy of the reference data; found {}", shown(code)));
}

void check_region(Checker& check, const std::string& field, const std::string& code, const Rules& rules) {
  if (rules.regions.count(code) == 0)
    check.problem(field,
                  fmt::format("expected a group code of the reference data (e.g. ITU.AFR); found {}", shown(code)));
}

// The report rules shared by a file's reports and a new report posted to the service.
void check_report_fields(Checker& check, const std::string& prefix, const Pledge& pledge, const ProgressReport& report,
                         const Bounds& bounds) {
  if (check.date(prefix + "reported_on", report.reported_on, bounds) && is_date(pledge.pledged_on) &&
      report.reported_on < pledge.pledged_on)
    check.problem(prefix + "reported_on",
                  fmt::format("expected a date on or after the pledge's pledged_on {}; found {}", pledge.pledged_on,
                              report.reported_on));
  check.word(prefix + "status", report.status, statuses());
  check.percent(prefix + "percent_complete", report.percent_complete);
  check.amount(prefix + "disbursed_usd", report.disbursed_usd, bounds);
}

}  // namespace

std::vector<Rejection> validate(const Pledge& pledge, const Rules& rules, std::size_t row) {
  std::vector<Rejection> out;
  Checker check(row, out);
  const Bounds& bounds = rules.bounds;
  check.utf8(pledge);
  check.not_empty("id", pledge.id);
  check.not_empty("entity", pledge.entity);
  check.word("sector", pledge.sector, sectors());
  if (pledge.origin_economy.empty())
    check.problem("origin_economy", "expected the ISO3 code of the pledging entity's economy; found nothing");
  else
    check_economy(check, "origin_economy", pledge.origin_economy, rules);
  if (!pledge.origin_region.empty()) check_region(check, "origin_region", pledge.origin_region, rules);
  for (std::size_t i = 0; i < pledge.implementation_economies.size(); ++i)
    check_economy(check, fmt::format("implementation_economies[{}]", i + 1), pledge.implementation_economies[i], rules);
  for (std::size_t i = 0; i < pledge.implementation_regions.size(); ++i)
    check_region(check, fmt::format("implementation_regions[{}]", i + 1), pledge.implementation_regions[i], rules);
  if (pledge.focus_areas.empty())
    check.problem("focus_areas", fmt::format("expected at least one of {}; found none", one_of(focus_areas())));
  for (std::size_t i = 0; i < pledge.focus_areas.size(); ++i)
    if (!focus_area_code(pledge.focus_areas[i]))
      check.problem(fmt::format("focus_areas[{}]", i + 1),
                    fmt::format("expected {} (or Access, Adoption, Value creation, Investment acceleration); found {}",
                                one_of(focus_areas()), shown(pledge.focus_areas[i])));
  check.word("pledge_type", pledge.pledge_type, pledge_types());

  if (pledge.value) {
    if (!(*pledge.value >= 0)) {
      check.problem("value", fmt::format("expected an amount of 0 or more; found {}", *pledge.value));
    } else if (const auto rate = rules.usd_per_unit.find(pledge.currency); rate != rules.usd_per_unit.end()) {
      const double usd = *pledge.value * rate->second;
      if (!(usd <= bounds.max_amount_usd))
        check.problem("value", fmt::format("expected at most {} US dollars ([pledges] max_amount_usd); found {} {} "
                                           "({} US dollars)",
                                           bounds.max_amount_usd, *pledge.value, pledge.currency, usd));
    }
    if (pledge.currency.empty())
      check.problem("currency", "expected the ISO 4217 code of the value's currency; found nothing");
    else if (rules.usd_per_unit.count(pledge.currency) == 0)
      check.problem("currency", fmt::format("expected a currency of the rate table; found {} (add its rate to the "
                                            "rates file or convert the value)",
                                            shown(pledge.currency)));
  } else if (!pledge.currency.empty()) {
    check.problem("currency",
                  fmt::format("expected no currency when there is no value; found {}", shown(pledge.currency)));
  }

  check.date("pledged_on", pledge.pledged_on, bounds);
  const bool start_ok = check.date("start_date", pledge.start_date, bounds);
  const bool end_ok = check.date("end_date", pledge.end_date, bounds);
  if (start_ok && end_ok && pledge.end_date < pledge.start_date)
    check.problem("end_date", fmt::format("expected a date on or after start_date {}; found {}", pledge.start_date,
                                          pledge.end_date));
  check.word("status", pledge.status, statuses());

  // Reports: each on its own, then as a series (dates distinct and increasing, cumulative amounts too).
  std::set<std::string> dates;
  const ProgressReport* latest = nullptr;
  std::optional<double> disbursed;  // the latest cumulative amount so far
  for (std::size_t i = 0; i < pledge.reports.size(); ++i) {
    const ProgressReport& report = pledge.reports[i];
    const std::string prefix = fmt::format("reports[{}].", i + 1);
    check_report_fields(check, prefix, pledge, report, bounds);
    if (!dates.insert(report.reported_on).second)
      check.problem(prefix + "reported_on", fmt::format("expected one report per date; found a second report for {}",
                                                        printable(report.reported_on)));
    if (latest != nullptr && report.reported_on < latest->reported_on)
      check.problem(prefix + "reported_on", fmt::format("expected reports in date order; found {} after {}",
                                                        printable(report.reported_on), printable(latest->reported_on)));
    if (report.disbursed_usd && disbursed && *report.disbursed_usd < *disbursed)
      check.problem(prefix + "disbursed_usd",
                    fmt::format("expected a cumulative amount of at least the previous report's {}; found {}",
                                *disbursed, *report.disbursed_usd));
    if (report.disbursed_usd) disbursed = report.disbursed_usd;
    if (latest == nullptr || report.reported_on >= latest->reported_on) latest = &report;
  }
  if (latest != nullptr && contains(statuses(), pledge.status) && pledge.status != latest->status)
    check.problem("status", fmt::format("expected the status of the latest report ({} on {}); found '{}'",
                                        printable(latest->status), printable(latest->reported_on), pledge.status));
  return out;
}

std::vector<Rejection> validate_report(const Pledge& pledge, const ProgressReport& report, const Bounds& bounds) {
  std::vector<Rejection> out;
  Checker check(0, out);
  const std::pair<const char*, const std::string*> texts[] = {
      {"reported_on", &report.reported_on}, {"status", &report.status}, {"narrative", &report.narrative}};
  for (const auto& [field, value] : texts)
    if (!valid_utf8(*value)) check.problem(field, utf8_problem(*value));
  check_report_fields(check, "", pledge, report, bounds);
  if (pledge.reports.empty()) return out;
  const ProgressReport& latest = pledge.reports.back();
  if (is_date(report.reported_on) && report.reported_on <= latest.reported_on)
    check.problem("reported_on", fmt::format("expected a date after the pledge's latest report ({}); found {}",
                                             latest.reported_on, report.reported_on));
  for (auto it = pledge.reports.rbegin(); it != pledge.reports.rend(); ++it) {
    if (!it->disbursed_usd) continue;
    if (report.disbursed_usd && *report.disbursed_usd < *it->disbursed_usd)
      check.problem("disbursed_usd",
                    fmt::format("expected a cumulative amount of at least the {} reported on {}; found {}",
                                *it->disbursed_usd, it->reported_on, *report.disbursed_usd));
    break;
  }
  return out;
}

std::optional<std::string> invalid_text_field(const Pledge& pledge) {
  std::optional<std::string> found;
  visit_text(pledge, [&](std::string field, const std::string& value) {
    if (valid_utf8(value)) return true;
    found = std::move(field);
    return false;
  });
  return found;
}

std::string to_string(const Rejection& rejection) {
  std::string out = rejection.file;
  if (rejection.row > 0) out += fmt::format("{}{}", out.empty() ? "row " : ":", rejection.row);
  if (!out.empty()) out += ": ";
  if (!rejection.field.empty()) out += fmt::format("{}: ", rejection.field);
  out += rejection.message;
  return out;
}

}  // namespace p2c::pledges
