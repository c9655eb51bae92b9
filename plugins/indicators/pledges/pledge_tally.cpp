#include "pledge_tally.h"

namespace p2c::plugins::pledges {

PledgeAt evaluate(const Pledge& pledge, const Date& day, const Date& window_start) {
  PledgeAt at;
  if (day < pledge.pledged_on) return at;
  at.pledged = true;
  at.status = pledge.status_at(day);
  at.counted = at.status != "withdrawn";
  if (!at.counted) return at;
  // A pledge completed before the window has nothing left to report; one completed within it still counts.
  at.active = !(pledge.pledged_on <= window_start && pledge.status_at(window_start) == "completed");
  at.reported = pledge.reported_between(window_start, day);
  at.disbursed = pledge.disbursed_at(day);
  return at;
}

void Tally::add(const Pledge& pledge, const PledgeAt& at) {
  if (!at.pledged) return;
  const double value = pledge.value_usd.value_or(0);
  const auto add_to = [&](Sum& sum) {
    ++sum.count;
    sum.value_usd += value;
  };
  add_to(gross_);
  for (const auto& focus : pledge.focus_areas) add_to(focus_[focus]);
  add_to(sector_[pledge.sector]);
  add_to(type_[pledge.type]);
  if (!at.counted) return;
  add_to(active_sum_);
  if (at.active) {
    ++active_;
    if (at.reported) ++active_reported_;
  }
  if (at.status == "completed") ++completed_;
  if (at.status == "in_progress") ++in_progress_;
  disbursed_ += at.disbursed;
  if (pledge.value_usd) disbursed_of_valued_ += at.disbursed;
}

void Tally::write(
    const std::function<void(const std::string&, std::optional<double>, const std::string&)>& write) const {
  const auto count = [](std::size_t n) { return static_cast<double>(n); };
  const auto percent = [&](std::size_t part, std::size_t whole, const std::string& metric, const char* empty) {
    if (whole == 0) return write(metric, std::nullopt, empty);
    write(metric, 100.0 * count(part) / count(whole), "");
  };
  const auto sums = [&](const std::map<std::string, Sum>& by, const std::vector<std::string>& keys,
                        const std::string& prefix) {
    for (const auto& key : keys) {
      const auto it = by.find(key);
      const Sum sum = it == by.end() ? Sum{} : it->second;
      write("count_gross_" + prefix + key, count(sum.count), "");
      write("value_usd_gross_" + prefix + key, sum.value_usd, "");
    }
  };
  write("count_gross", count(gross_.count), "");
  write("value_usd_gross", gross_.value_usd, "");
  write("count_active", count(active_sum_.count), "");
  write("value_usd_active", active_sum_.value_usd, "");
  sums(focus_, kFocusAreas, "");
  sums(sector_, kSectors, "sector_");
  sums(type_, kTypes, "type_");
  percent(active_reported_, active_, "reporting_rate", "no active pledge at this date");
  percent(completed_, active_sum_.count, "share_completed", "no pledge counted at this date");
  percent(in_progress_, active_sum_.count, "share_in_progress", "no pledge counted at this date");
  write("disbursed_usd", disbursed_, "");
  if (active_sum_.value_usd > 0)
    write("disbursed_share", 100.0 * disbursed_of_valued_ / active_sum_.value_usd, "");
  else
    write("disbursed_share", std::nullopt, "no pledge counted at this date states a value");
}

namespace {

MetricInfo metric(const std::string& name, const std::string& title, const std::string& unit,
                  const std::string& description) {
  MetricInfo info;
  info.name = name;
  info.title = title;
  info.unit = unit;
  info.description = description;
  info.focus_area = FocusArea::investment_acceleration;
  // Multi-stakeholder commitments (C1) of an international coalition (C11), SDG target 17.17 (partnerships).
  info.wsis_lines = {"C1", "C11"};
  info.direction = Direction::higher_is_better;
  info.aggregation = Aggregation::none;  // distinct pledges: the plugin writes its group values itself
  return info;
}

FocusArea focus_area(const std::string& name) {
  if (name == "access") return FocusArea::access;
  if (name == "adoption") return FocusArea::adoption;
  if (name == "value_creation") return FocusArea::value_creation;
  return FocusArea::investment_acceleration;
}

std::string words(std::string name) {
  for (char& c : name)
    if (c == '_') c = ' ';
  return name;
}

}  // namespace

std::vector<MetricInfo> catalogue() {
  const std::string gross =
      " Gross, as ITU counts the coalition's pledges: every pledge made on or before the date, withdrawn ones "
      "included.";
  const std::string active = " Active: pledges made on or before the date and not withdrawn at it.";
  const std::string stated = " Pledges without a stated value count in counts, not in sums.";
  std::vector<MetricInfo> out;
  auto pair = [&](const std::string& kind, const std::string& suffix, const std::string& what, const std::string& rule,
                  std::optional<FocusArea> focus) {
    const std::string label = kind == "gross" ? " (gross)" : " (active)";
    MetricInfo count = metric("count_" + kind + suffix, "P2C pledges" + what + label, "pledges",
                              "Number of distinct Partner2Connect pledges" + what + "." + rule);
    MetricInfo value =
        metric("value_usd_" + kind + suffix, "Value of P2C pledges" + what + label, "USD",
               "Sum of the stated values (USD) of the Partner2Connect pledges" + what + "." + rule + stated);
    for (MetricInfo* info : {&count, &value}) {
      info->sdg_indicators = {"17.17"};
      info->minimum = 0;
      if (focus) info->focus_area = *focus;
      if (focus == FocusArea::access) info->wsis_lines.push_back("C2");
    }
    out.push_back(count);
    out.push_back(value);
  };
  pair("gross", "", "", gross, std::nullopt);
  pair("active", "", "", active, std::nullopt);
  for (const auto& focus : kFocusAreas)
    pair("gross", "_" + focus, " in focus area " + words(focus), gross, focus_area(focus));
  for (const auto& sector : kSectors)
    pair("gross", "_sector_" + sector, " by " + words(sector) + " entities", gross, std::nullopt);
  for (const auto& type : kTypes) pair("gross", "_type_" + type, " of type " + words(type), gross, std::nullopt);

  const auto share = [](MetricInfo info) {
    make_share(info);
    return info;
  };
  out.push_back(share(metric("reporting_rate", "P2C pledges reporting progress", "%",
                             "Share of the pledges still under way (active, and not already completed at the start of "
                             "the reporting window) with a progress report dated within the window ending at the "
                             "date. Missing when none is under way.")));
  out.push_back(share(metric("share_completed", "P2C pledges completed", "%",
                             "Share of active pledges whose status at the date is completed. Missing when none is "
                             "active.")));
  out.push_back(share(metric("share_in_progress", "P2C pledges in progress", "%",
                             "Share of active pledges whose status at the date is in progress. Missing when none is "
                             "active.")));
  MetricInfo disbursed = metric("disbursed_usd", "Disbursed by P2C pledges", "USD",
                                "Sum over the active pledges of the cumulative disbursement of each one's latest "
                                "report stating one, dated on or before the date.");
  disbursed.minimum = 0;
  out.push_back(disbursed);
  out.push_back(share(metric("disbursed_share", "Share of P2C pledge value disbursed", "%",
                             "Disbursements of the active pledges that state a value, as % of their value. Missing "
                             "when no active pledge states a value.")));
  MetricInfo target = metric("target_progress", "Progress to the P2C USD 100 billion target", "%",
                             "value_usd_gross of the coalition (WLD), as ITU reports it, as % of the target (option "
                             "target_usd, by default the coalition's USD 100 billion for 2026). WLD only.");
  target.minimum = 0;
  target.target = 100;
  target.target_year = 2026;
  out.push_back(target);
  return out;
}

}  // namespace p2c::plugins::pledges
