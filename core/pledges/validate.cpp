// Checks of pledges and progress reports against the vocabularies of docs/pledges.md and the Rules. Every
// problem of a record is reported, not just the first, so a file can be fixed in one pass.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "dates.h"
#include "p2c/text.h"
#include "store.h"
#include "vocabulary.h"

namespace p2c::pledges {
namespace {

// Input is quoted through printable(): a rejected 50 MB cell or a terminal escape must not reach the message whole.
std::string shown(std::string_view text) { return text.empty() ? "nothing" : fmt::format("'{}'", printable(text)); }

std::string listed(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) out += (i == 0 ? "" : ", ") + words[i];
  return out;
}

// Plain and strict enough to catch a typo or a name in the wrong column; deliverability is the secretariat's check.
bool plausible_email(std::string_view text) {
  const auto at = text.find('@');
  if (at == std::string_view::npos || at == 0 || text.find('@', at + 1) != std::string_view::npos) return false;
  const auto domain = text.substr(at + 1);
  const auto dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= domain.size() || domain.back() == '.') return false;
  return std::none_of(text.begin(), text.end(),
                      [](char c) { return c == ' ' || c == ',' || c == ';' || c == '<' || c == '>' || c < 0x20; });
}

// Each text field of a pledge with the name validate() gives it; `visit(name, value)` returns false to stop. The
// name is a callable, formatted only when a visitor needs it: most fields are fine, and a large import checks
// millions of them.
template <typename Visit>
void visit_text(const Pledge& p, Visit visit) {
  const auto one = [&](const char* name, const std::string& value) {
    return visit([name] { return std::string(name); }, value);
  };
  const auto list = [&](std::string_view prefix, const char* name, const std::vector<std::string>& items) {
    for (std::size_t i = 0; i < items.size(); ++i)
      if (!visit([&] { return fmt::format("{}{}[{}]", prefix, name, i + 1); }, items[i])) return false;
    return true;
  };
  if (!(one("id", p.id) && one("entity", p.entity) && one("sector", p.sector) &&
        one("origin_economy", p.origin_economy) && one("origin_region", p.origin_region) &&
        list("", "implementation_economies", p.implementation_economies) &&
        list("", "implementation_regions", p.implementation_regions) && list("", "focus_areas", p.focus_areas) &&
        list("", "pillars", p.pillars) && one("pledge_type", p.pledge_type) && one("currency", p.currency) &&
        list("", "beneficiaries", p.beneficiaries) && list("", "sdgs", p.sdgs) && one("pledged_on", p.pledged_on) &&
        one("start_date", p.start_date) && one("end_date", p.end_date) && one("status", p.status) &&
        one("description", p.description) && one("review_state", p.review_state) &&
        list("", "wsis_lines", p.wsis_lines) && list("", "roadmap_areas", p.roadmap_areas) &&
        list("", "campaigns", p.campaigns) && list("", "partners", p.partners) && one("contact_name", p.contact_name) &&
        one("contact_email", p.contact_email)))
    return;
  for (std::size_t i = 0; i < p.targets.size(); ++i) {
    const Target& t = p.targets[i];
    const auto field = [&](const char* name, const std::string& value) {
      return visit([&] { return fmt::format("targets[{}].{}", i + 1, name); }, value);
    };
    if (!(field("id", t.id) && field("description", t.description) && field("measure", t.measure) &&
          field("unit", t.unit) && field("baseline_date", t.baseline_date) && field("target_date", t.target_date) &&
          field("metric", t.metric)))
      return;
  }
  for (std::size_t i = 0; i < p.reports.size(); ++i) {
    const ProgressReport& r = p.reports[i];
    const auto field = [&](const char* name, const std::string& value) {
      return visit([&] { return fmt::format("reports[{}].{}", i + 1, name); }, value);
    };
    if (!(field("reported_on", r.reported_on) && field("status", r.status) && field("narrative", r.narrative))) return;
    for (std::size_t j = 0; j < r.actuals.size(); ++j)
      if (!visit([&] { return fmt::format("reports[{}].actuals[{}].target_id", i + 1, j + 1); },
                 r.actuals[j].target_id))
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
    visit_text(pledge, [&](const auto& field, const std::string& value) {
      if (!valid_utf8(value)) problem(field(), utf8_problem(value));
      return true;
    });
  }

  void words(const char* name, const std::vector<std::string>& values, const std::vector<std::string>& allowed,
             std::string_view what) {
    for (std::size_t i = 0; i < values.size(); ++i)
      if (std::find(allowed.begin(), allowed.end(), values[i]) == allowed.end())
        problem(fmt::format("{}[{}]", name, i + 1),
                fmt::format("expected {} ({}); found {}", what, listed(allowed), shown(values[i])));
  }

  /// A finite number from 0 to `max`.
  void quantity(const std::string& field, double value, double max) {
    if (!(value >= 0 && value <= max))
      problem(field, fmt::format("expected a number from 0 to {}; found {}", max, value));
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

// A target quantity: a count or an amount far below any bound that matters, finite and not negative.
constexpr double max_quantity = 1e15;

void check_targets(Checker& check, const Pledge& pledge, const Rules& rules) {
  std::set<std::string> ids;
  for (std::size_t i = 0; i < pledge.targets.size(); ++i) {
    const Target& t = pledge.targets[i];
    const std::string prefix = fmt::format("targets[{}].", i + 1);
    check.not_empty(prefix + "id", t.id);
    if (!t.id.empty() && !ids.insert(t.id).second)
      check.problem(prefix + "id",
                    fmt::format("expected each target id once in a pledge; found {} again", shown(t.id)));
    const auto& measures = rules.vocabulary.measures;
    if (std::find(measures.begin(), measures.end(), t.measure) == measures.end())
      check.problem(prefix + "measure", fmt::format("expected a measure of the vocabulary ({}; more through [pledges] "
                                                    "measures); found {}",
                                                    listed(measures), shown(t.measure)));
    check.not_empty(prefix + "unit", t.unit);
    check.quantity(prefix + "baseline_value", t.baseline_value, max_quantity);
    check.quantity(prefix + "target_value", t.target_value, max_quantity);
    if (t.target_value == t.baseline_value)
      check.problem(prefix + "target_value",
                    fmt::format("expected a target different from the baseline {}; found the same", t.baseline_value));
    const bool baseline_ok = check.date(prefix + "baseline_date", t.baseline_date, rules.bounds);
    const bool target_ok = check.date(prefix + "target_date", t.target_date, rules.bounds);
    if (baseline_ok && target_ok && t.target_date <= t.baseline_date)
      check.problem(prefix + "target_date", fmt::format("expected a date after the baseline_date {}; found {}",
                                                        t.baseline_date, t.target_date));
    if (!t.metric.empty() && rules.metrics.count(t.metric) == 0)
      check.problem(prefix + "metric",
                    rules.metrics.empty()
                        ? fmt::format("found {}, but no metric catalogue was given to check it against; leave it "
                                      "empty or import with the config whose indicators compute it",
                                      shown(t.metric))
                        : fmt::format("expected a metric id instance.metric of the configured indicators (`p2c "
                                      "metrics` lists them); found {}",
                                      shown(t.metric)));
  }
}

// Actuals of one report: for targets the pledge has, each once, cumulative (never below `previous`, the latest
// earlier actual of each target). Updates `previous`.
void check_actuals(Checker& check, const std::string& prefix, const Pledge& pledge, const ProgressReport& report,
                   std::map<std::string, double>& previous) {
  std::set<std::string> seen;
  for (std::size_t j = 0; j < report.actuals.size(); ++j) {
    const Actual& a = report.actuals[j];
    const std::string field = fmt::format("{}actuals[{}]", prefix, j + 1);
    const bool known =
        std::any_of(pledge.targets.begin(), pledge.targets.end(), [&](const Target& t) { return t.id == a.target_id; });
    if (!known) {
      std::vector<std::string> ids;
      for (const Target& t : pledge.targets) ids.push_back(t.id);
      check.problem(
          field + ".target_id",
          ids.empty() ? fmt::format("the pledge has no targets; found an actual for {}", shown(a.target_id))
                      : fmt::format("expected a target of the pledge ({}); found {}", listed(ids), shown(a.target_id)));
      continue;
    }
    if (!seen.insert(a.target_id).second)
      check.problem(field + ".target_id",
                    fmt::format("expected each target once in a report; found {} again", shown(a.target_id)));
    check.quantity(field + ".value", a.value, max_quantity);
    if (const auto it = previous.find(a.target_id); it != previous.end() && a.value < it->second)
      check.problem(field + ".value", fmt::format("expected a cumulative value of at least the previous report's {} "
                                                  "for target {}; found {}",
                                                  it->second, printable(a.target_id), a.value));
    previous[a.target_id] = a.value;
  }
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
  check.word("review_state", pledge.review_state, review_states());
  check.words("wsis_lines", pledge.wsis_lines, rules.vocabulary.wsis_lines, "WSIS action lines");
  check.words("roadmap_areas", pledge.roadmap_areas, rules.vocabulary.roadmap_areas,
              "areas of the Roadmap for Digital Cooperation");
  check.words("campaigns", pledge.campaigns, rules.vocabulary.campaigns,
              "campaigns of the vocabulary, more through [pledges] campaigns");
  for (std::size_t i = 0; i < pledge.partners.size(); ++i)
    check.not_empty(fmt::format("partners[{}]", i + 1), pledge.partners[i]);
  if (!pledge.contact_email.empty() && !plausible_email(pledge.contact_email))
    check.problem("contact_email", fmt::format("expected an e-mail address like name@example.org; found {}",
                                               shown(pledge.contact_email)));
  if (pledge.reporting_period_months && (*pledge.reporting_period_months < 1 || *pledge.reporting_period_months > 120))
    check.problem("reporting_period_months",
                  fmt::format("expected 1 to 120 months, or nothing for [pledges] reporting_period_months; found {}",
                              *pledge.reporting_period_months));
  check_targets(check, pledge, rules);

  // Reports: each on its own, then as a series (dates distinct and increasing, cumulative amounts too).
  std::set<std::string> dates;
  const ProgressReport* latest = nullptr;
  std::optional<double> disbursed;        // the latest cumulative amount so far
  std::map<std::string, double> actuals;  // the latest cumulative actual of each target so far
  for (std::size_t i = 0; i < pledge.reports.size(); ++i) {
    const ProgressReport& report = pledge.reports[i];
    const std::string prefix = fmt::format("reports[{}].", i + 1);
    check_report_fields(check, prefix, pledge, report, bounds);
    check_actuals(check, prefix, pledge, report, actuals);
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
  std::map<std::string, double> previous;
  for (const ProgressReport& earlier : pledge.reports)
    for (const Actual& a : earlier.actuals) previous[a.target_id] = a.value;
  for (std::size_t j = 0; j < report.actuals.size(); ++j)
    if (!valid_utf8(report.actuals[j].target_id))
      check.problem(fmt::format("actuals[{}].target_id", j + 1), utf8_problem(report.actuals[j].target_id));
  check_actuals(check, "", pledge, report, previous);
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
  visit_text(pledge, [&](const auto& field, const std::string& value) {
    if (valid_utf8(value)) return true;
    found = field();
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
