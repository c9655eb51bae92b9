#include "pledge_tally.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace p2c::plugins::pledges {
namespace {

using S = Slots;
using p2c::pledges::ReportingState;

constexpr int kWithdrawn = 3, kCompleted = 2, kInProgress = 1, kAnnounced = 0;
static_assert(words::kStatuses[kAnnounced] == "announced" && words::kStatuses[kInProgress] == "in_progress" &&
              words::kStatuses[kCompleted] == "completed" && words::kStatuses[kWithdrawn] == "withdrawn");

std::size_t word_count(std::size_t bits) { return (bits + 63) / 64; }

/// Sets bit `index`; true when it was clear.
bool mark(std::uint64_t* words, std::size_t index) {
  std::uint64_t& word = words[index / 64];
  const std::uint64_t bit = std::uint64_t{1} << (index % 64);
  if ((word & bit) != 0) return false;
  word |= bit;
  return true;
}

std::size_t popcount(const std::uint64_t* words, std::size_t count) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < count; ++i) out += static_cast<std::size_t>(std::popcount(words[i]));
  return out;
}

/// The slots one pledge adds to at one date, and how much.
class Contribution {
 public:
  /// Room for `entries` more entries.
  void clear(std::size_t entries) {
    if (slots_.size() < entries) {
      slots_.resize(entries);
      values_.resize(entries);
    }
    n_ = 0;
  }
  void add(int slot, double value) {
    slots_[n_] = static_cast<std::uint16_t>(slot);
    values_[n_] = value;
    ++n_;
  }
  void into(double* tally) const {
    const std::uint16_t* slots = slots_.data();
    const double* values = values_.data();
    for (std::size_t i = 0; i < n_; ++i) tally[slots[i]] += values[i];
  }

 private:
  std::vector<std::uint16_t> slots_;
  std::vector<double> values_;
  std::size_t n_ = 0;
};

// The most entries a pledge adds at one date besides its targets' (4 each).
constexpr std::size_t kCoreEntries = 64, kAnnualEntries = 2 + 4 * Slots::kReferences + Slots::kBeneficiaries + kGoals +
                                                          Slots::kPillars + Slots::kWsis + Slots::kCampaigns;

}  // namespace

Tallies::Tallies(const Book& book, const Plan& plan)
    : years_(plan.days.size()),
      groups_(plan.groups),
      economies_(plan.economy_scopes),
      entity_words_(word_count(book.entity_names)),
      origin_words_(word_count(std::size_t{book.max_origin} + 1)),
      region_words_(word_count(book.origin_regions)),
      economy_words_(word_count(book.economy_codes.size())) {
  bit_words_ = 2 * entity_words_ + origin_words_ + region_words_ + 2 * economy_words_;
  annual_.assign(years_ * (1 + groups_) * S::all, 0.0);
  core_.assign(years_ * economies_ * S::core, 0.0);
  seen_.assign(years_ * (1 + groups_) * bit_words_, 0);
}

double* Tallies::at(std::size_t year, std::size_t scope) {
  if (scope <= groups_) return &annual_[(year * (1 + groups_) + scope) * S::all];
  return &core_[(year * economies_ + (scope - 1 - groups_)) * S::core];
}

const double* Tallies::slots(std::size_t year, std::size_t scope) const {
  return const_cast<Tallies*>(this)->at(year, scope);
}

std::uint64_t* Tallies::bits(std::size_t year, std::size_t scope) {
  return &seen_[(year * (1 + groups_) + scope) * bit_words_];
}

void Tallies::merge(const Tallies& other) {
  for (std::size_t i = 0; i < annual_.size(); ++i) annual_[i] += other.annual_[i];
  for (std::size_t i = 0; i < core_.size(); ++i) core_[i] += other.core_[i];
  for (std::size_t i = 0; i < seen_.size(); ++i) seen_[i] |= other.seen_[i];
}

void Tallies::finish() {
  for (std::size_t year = 0; year < years_; ++year)
    for (std::size_t scope = 0; scope <= groups_; ++scope) {
      const std::uint64_t* seen = bits(year, scope);
      double* slots = at(year, scope);
      const std::uint64_t* active_entities = seen + entity_words_;
      const std::uint64_t* origins = active_entities + entity_words_;
      const std::uint64_t* regions = origins + origin_words_;
      const std::uint64_t* economies = regions + region_words_;
      slots[S::entities_gross] = static_cast<double>(popcount(seen, entity_words_));
      slots[S::entities_active] = static_cast<double>(popcount(active_entities, entity_words_));
      slots[S::origin_economies] = static_cast<double>(popcount(origins, origin_words_));
      slots[S::origin_regions] = static_cast<double>(popcount(regions, region_words_));
      slots[S::economies_gross] = static_cast<double>(popcount(economies, economy_words_));
      slots[S::economies_active] = static_cast<double>(popcount(economies + economy_words_, economy_words_));
    }
}

void Tallies::add(const Book& book, const Plan& plan, std::size_t begin, std::size_t end) {
  History history;
  std::vector<double> actual;  // per slot of the pledge: its latest actual; NaN: none yet
  Contribution core, annual;
  const std::uint64_t reference_bits = std::uint64_t{7} << groups_;

  for (std::size_t p = begin; p < end; ++p) {
    const Pledge& pledge = book.pledges[p];
    history.read(book, pledge);
    const auto& reports = history.reports;
    const std::uint32_t none = static_cast<std::uint32_t>(reports.size());
    std::uint32_t v = pledge.versions_begin;
    std::uint32_t next_report = 0, next_window = 0;
    std::uint32_t last = none, last_in_window = none;  // none: no report yet
    double disbursed = 0;
    actual.assign(history.slots, std::numeric_limits<double>::quiet_NaN());
    const bool reports_any = !reports.empty();

    for (std::size_t y = 0; y < years_; ++y) {
      const Day day = plan.days[y];
      if (day < pledge.pledged_day) continue;
      while (v + 1 < pledge.versions_end && book.versions[v + 1].from <= day) ++v;
      const Version& version = book.versions[v];
      while (next_report < none && reports[next_report].on.day <= day) {
        const Report& report = reports[next_report];
        last = next_report;
        if (!std::isnan(report.disbursed)) disbursed = report.disbursed;
        for (std::uint32_t a = report.actuals_begin; a < report.actuals_end; ++a)
          actual[history.actuals[a].slot] = history.actuals[a].value;
        ++next_report;
      }
      while (next_window < none && reports[next_window].on.day <= plan.window_starts[y]) last_in_window = next_window++;
      // Status at the date: the latest report's; without any report, the registry's; before the first, announced.
      const bool has_last = last != none;
      const int status = !reports_any ? pledge.status : has_last ? reports[last].status : kAnnounced;
      const int status_at_window = !reports_any             ? pledge.status
                                   : last_in_window != none ? reports[last_in_window].status
                                                            : kAnnounced;
      const bool counted = status != kWithdrawn;
      const bool stated = !std::isnan(version.value);
      const double value = stated ? version.value : 0;
      const int sector = version.sector, type = version.type;

      core.clear(kCoreEntries + 4 * (history.targets.size() + 1));
      annual.clear(kAnnualEntries);
      core.add(S::count_gross, 1);
      core.add(S::value_gross, value);
      for (int f = 0; f < S::kFocus; ++f)
        if ((version.focus >> f) & 1u) {
          core.add(S::focus_count + f, 1);
          core.add(S::focus_value + f, value);
        }
      core.add(S::sector_count + sector, 1);
      core.add(S::sector_value + sector, value);
      core.add(S::type_count + type, 1);
      core.add(S::type_value + type, value);

      const std::optional<Date> last_report =
          has_last ? std::optional<Date>(reports[last].on.date) : std::optional<Date>();
      const ReportingState state = p2c::pledges::reporting_state(
          pledge.pledged, last_report, words::kStatuses[static_cast<std::size_t>(status)], plan.dates[y],
          version.period != 0 ? version.period : plan.calendar.period_months, plan.calendar);
      const int s = static_cast<int>(state);
      core.add(S::state + s, 1);
      core.add(S::state_sector + s * S::kSectors + sector, 1);
      core.add(S::state_type + s * S::kTypes + type, 1);
      if (state != ReportingState::closed) {
        const double in_time = state == ReportingState::on_time || state == ReportingState::due ? 1 : 0;
        core.add(S::open, 1);
        core.add(S::on_time, in_time);
        core.add(S::sector_open + sector, 1);
        core.add(S::sector_on_time + sector, in_time);
      }

      if (counted) {
        core.add(S::count_active, 1);
        core.add(S::value_active, value);
        // A pledge completed before the window has nothing left to report; one completed within it still counts.
        const bool under_way = !(pledge.pledged_day <= plan.window_starts[y] && status_at_window == kCompleted);
        if (under_way) {
          const double reported = has_last && reports[last].on.day > plan.window_starts[y] ? 1 : 0;
          core.add(S::under_way, 1);
          core.add(S::reported, reported);
          core.add(S::sector_under_way + sector, 1);
          core.add(S::sector_reported + sector, reported);
        }
        if (status == kCompleted) core.add(S::completed, 1);
        if (status == kInProgress) core.add(S::in_progress, 1);
        core.add(S::disbursed, disbursed);
        if (stated) core.add(S::disbursed_valued, disbursed);
        const std::size_t index = v - pledge.versions_begin;
        const std::uint32_t targets_begin = index == 0 ? 0 : history.version_targets[index - 1];
        const std::uint32_t targets_end = history.version_targets[index];
        if (targets_begin != targets_end) {
          double progress = 0;
          for (std::uint32_t t = targets_begin; t < targets_end; ++t) {
            const Target& target = history.targets[t];
            const double reached = target.slot < actual.size() ? actual[target.slot] : std::nan("");
            core.add(S::targets + target.measure, target.value);
            if (!std::isnan(reached)) core.add(S::actuals + target.measure, reached);
            if (target.due <= day) {
              core.add(S::targets_due, 1);
              if (!std::isnan(reached) && reached >= target.value) core.add(S::targets_met, 1);
            }
            // Progress from the baseline toward the target, 0 to 1; a target equal to its baseline is met or not.
            double ratio = 0;
            if (!std::isnan(reached))
              ratio = target.value == target.baseline
                          ? (reached >= target.value ? 1.0 : 0.0)
                          : std::clamp((reached - target.baseline) / (target.value - target.baseline), 0.0, 1.0);
            progress += ratio;
          }
          core.add(S::with_targets, 1);
          core.add(S::progress, progress / static_cast<double>(targets_end - targets_begin));
        }
      }

      // Scopes: the groups of the implementation economies that year, and of the implementation regions.
      const auto [first_economy, last_economy] = book.economies(version.economies);
      std::uint64_t groups = book.region_groups[version.regions];
      for (auto e = first_economy; e != last_economy; ++e) groups |= plan.economy_groups[y][*e];

      if (pledge.pledged_day >= plan.year_starts[y]) {
        annual.add(S::count_new, 1);
        annual.add(S::value_new, value);
      }
      for (int g = 0; g < S::kReferences; ++g)
        if ((groups >> (groups_ + static_cast<std::size_t>(g))) & 1u) {
          annual.add(S::reference_count_gross + g, 1);
          annual.add(S::reference_value_gross + g, value);
          if (counted) {
            annual.add(S::reference_count_active + g, 1);
            annual.add(S::reference_value_active + g, value);
          }
        }
      for (int b = 0; b < S::kBeneficiaries; ++b)
        if ((version.beneficiaries >> b) & 1u) annual.add(S::beneficiary + b, 1);
      for (int g = 0; g < kGoals; ++g)
        if ((version.sdgs >> g) & 1u) annual.add(S::sdg + g, 1);
      for (int b = 0; b < S::kPillars; ++b)
        if ((version.pillars >> b) & 1u) annual.add(S::pillar + b, 1);
      for (int b = 0; b < S::kWsis; ++b)
        if ((version.wsis >> b) & 1u) annual.add(S::wsis + b, 1);
      for (int b = 0; b < S::kCampaigns; ++b)
        if ((version.campaigns >> b) & 1u) annual.add(S::campaign + b, 1);

      const auto coalition_or_group = [&](std::size_t scope) {
        double* slots = at(y, scope);
        core.into(slots);
        annual.into(slots);
        std::uint64_t* seen = bits(y, scope);
        mark(seen, version.entity_name);
        if (counted) mark(seen + entity_words_, version.entity_name);
        std::uint64_t* origins = seen + 2 * entity_words_;
        mark(origins, version.origin);
        if (version.origin_region >= 0) mark(origins + origin_words_, static_cast<std::size_t>(version.origin_region));
        std::uint64_t* economies = origins + origin_words_ + region_words_;
        for (auto e = first_economy; e != last_economy; ++e) {
          // A group reaches its members only.
          if (scope != 0 && ((plan.economy_groups[y][*e] >> (scope - 1)) & 1u) == 0) continue;
          mark(economies, *e);
          if (counted) mark(economies + economy_words_, *e);
        }
      };
      coalition_or_group(0);
      for (std::uint64_t option = groups & ~reference_bits; option != 0; option &= option - 1)
        coalition_or_group(1 + static_cast<std::size_t>(std::countr_zero(option)));
      for (auto e = first_economy; e != last_economy; ++e)
        if (const std::int32_t scope = plan.economy_scope[*e]; scope >= 0)
          core.into(at(y, 1 + groups_ + static_cast<std::size_t>(scope)));
    }
  }
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

FocusArea focus_area(std::string_view name) {
  if (name == "access") return FocusArea::access;
  if (name == "adoption") return FocusArea::adoption;
  if (name == "value_creation") return FocusArea::value_creation;
  return FocusArea::investment_acceleration;
}

std::string words_of(std::string_view name) {
  std::string out(name);
  for (char& c : out)
    if (c == '_') c = ' ';
  return out;
}

std::string lower(std::string_view name) {
  std::string out(name);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// What a target measure is counted in, and the focus area it serves.
struct MeasureFacts {
  const char* unit;
  FocusArea focus;
  const char* wsis;
};
MeasureFacts measure_facts(std::string_view measure) {
  if (measure == "people_trained") return {"people", FocusArea::adoption, "C4"};
  if (measure == "schools_connected") return {"schools", FocusArea::access, "C2"};
  if (measure == "households_connected") return {"households", FocusArea::access, "C2"};
  if (measure == "people_covered_4g") return {"people", FocusArea::access, "C2"};
  if (measure == "km_fibre") return {"km", FocusArea::access, "C2"};
  if (measure == "devices_provided") return {"devices", FocusArea::adoption, "C3"};
  if (measure == "usd_disbursed") return {"USD", FocusArea::investment_acceleration, nullptr};
  return {"target units", FocusArea::investment_acceleration, nullptr};
}

std::vector<MetricDef> make_definitions() {
  const std::string gross =
      " Gross, as ITU counts the coalition's pledges: every pledge made on or before the date, withdrawn ones "
      "included.";
  const std::string active = " Active: pledges made on or before the date and not withdrawn at it.";
  const std::string stated = " Pledges without a stated value count in counts, not in sums.";
  const std::string version = " Each pledge as the revision in force at the date states it.";
  const std::string coalition_only = " WLD and groups only: economies overlap, as the annual report does not.";
  std::vector<MetricDef> out;
  const auto value = [&](MetricInfo info, int slot, Scopes scopes = Scopes::all) {
    if (!info.minimum) info.minimum = 0;
    MetricDef def{std::move(info), scopes, false, slot, 0, {}, -1, false};
    out.push_back(std::move(def));
  };
  const auto share = [&](MetricInfo info, int num, int den, const std::string& reason, Scopes scopes = Scopes::all,
                         int reference = -1) {
    make_share(info);
    out.push_back({std::move(info), scopes, true, num, den, reason, reference, false});
  };
  const auto pair = [&](const std::string& kind, const std::string& suffix, const std::string& what,
                        const std::string& rule, std::optional<FocusArea> focus, int count_slot, int value_slot) {
    const std::string label = kind == "gross" ? " (gross)" : " (active)";
    MetricInfo count = metric("count_" + kind + suffix, "P2C pledges" + what + label, "pledges",
                              "Number of distinct Partner2Connect pledges" + what + "." + rule + version);
    MetricInfo sum =
        metric("value_usd_" + kind + suffix, "Value of P2C pledges" + what + label, "USD",
               "Sum of the stated values (USD) of the Partner2Connect pledges" + what + "." + rule + stated + version);
    for (MetricInfo* info : {&count, &sum}) {
      info->sdg_indicators = {"17.17"};
      if (focus) info->focus_area = *focus;
      if (focus == FocusArea::access) info->wsis_lines.push_back("C2");
    }
    value(std::move(count), count_slot);
    value(std::move(sum), value_slot);
  };

  // Counts and sums, as before schema version 2.
  pair("gross", "", "", gross, std::nullopt, S::count_gross, S::value_gross);
  pair("active", "", "", active, std::nullopt, S::count_active, S::value_active);
  for (int f = 0; f < S::kFocus; ++f) {
    const std::string_view focus = words::kFocusAreas[f];
    pair("gross", "_" + std::string(focus), " in focus area " + words_of(focus), gross, focus_area(focus),
         S::focus_count + f, S::focus_value + f);
  }
  for (int s = 0; s < S::kSectors; ++s) {
    const std::string sector(words::kSectors[s]);
    pair("gross", "_sector_" + sector, " by " + words_of(sector) + " entities", gross, std::nullopt,
         S::sector_count + s, S::sector_value + s);
  }
  for (int t = 0; t < S::kTypes; ++t) {
    const std::string type(words::kPledgeTypes[t]);
    pair("gross", "_type_" + type, " of type " + words_of(type), gross, std::nullopt, S::type_count + t,
         S::type_value + t);
  }
  share(metric("reporting_rate", "P2C pledges reporting progress", "%",
               "Share of the pledges still under way (active, and not already completed at the start of the reporting "
               "window) with a progress report dated within the window ending at the date. Missing when none is "
               "under way."),
        S::reported, S::under_way, "no active pledge at this date");
  share(metric("share_completed", "P2C pledges completed", "%",
               "Share of active pledges whose status at the date is completed. Missing when none is active."),
        S::completed, S::count_active, "no pledge counted at this date");
  share(metric("share_in_progress", "P2C pledges in progress", "%",
               "Share of active pledges whose status at the date is in progress. Missing when none is active."),
        S::in_progress, S::count_active, "no pledge counted at this date");
  value(metric("disbursed_usd", "Disbursed by P2C pledges", "USD",
               "Sum over the active pledges of the cumulative disbursement of each one's latest report stating one, "
               "dated on or before the date."),
        S::disbursed);
  share(metric("disbursed_share", "Share of P2C pledge value disbursed", "%",
               "Disbursements of the active pledges that state a value, as % of their value. Missing when no active "
               "pledge states a value."),
        S::disbursed_valued, S::value_active, "no pledge counted at this date states a value");
  MetricInfo target = metric("target_progress", "Progress to the P2C USD 100 billion target", "%",
                             "value_usd_gross of the coalition (WLD), as ITU reports it, as % of the target (option "
                             "target_usd, by default the coalition's USD 100 billion for 2026). WLD only.");
  target.minimum = 0;
  target.target = 100;
  target.target_year = 2026;
  out.push_back({std::move(target), Scopes::coalition, false, S::value_gross, 0, {}, -1, true});

  // Measurable targets and what the reports say of them.
  const std::string targets_rule =
      " Over the active pledges, each with the targets of the revision in force at the date; a measure an operator "
      "added to the vocabulary counts as other.";
  for (int m = 0; m < S::kMeasures; ++m) {
    const std::string measure(words::kMeasures[m]);
    const MeasureFacts facts = measure_facts(measure);
    for (const bool targets : {true, false}) {
      MetricInfo info = metric(
          (targets ? "targets_" : "actuals_") + measure,
          (targets ? "Targets of P2C pledges: " : "Reported by P2C pledges: ") + words_of(measure), facts.unit,
          targets ? "Sum of the target values of the targets measured in " + words_of(measure) + "." + targets_rule
                  : "Sum over the targets measured in " + words_of(measure) +
                        " of the latest actual reported on or before the date (cumulative, in the target's unit); a "
                        "target without one adds nothing." +
                        targets_rule);
      info.focus_area = facts.focus;
      if (facts.wsis != nullptr) info.wsis_lines.push_back(facts.wsis);
      if (measure == "other") info.minimum = std::nullopt;
      MetricDef def{std::move(info), Scopes::all, false, (targets ? S::targets : S::actuals) + m, 0, {}, -1, false};
      if (measure != "other") def.info.minimum = 0;
      out.push_back(std::move(def));
    }
  }
  share(metric("targets_met_share", "P2C pledge targets met", "%",
               "Share of the targets due by the date (target_date on or before it) whose latest actual on or before "
               "the date reaches the target value." +
                   targets_rule + " Missing when no target is due."),
        S::targets_met, S::targets_due, "no target of an active pledge is due by this date");
  share(metric("pledge_progress_mean", "Mean progress of P2C pledges toward their targets", "%",
               "Mean over the active pledges with targets of each pledge's progress: the mean over its targets of "
               "(latest actual - baseline) / (target - baseline), kept within 0 and 1, a target without an actual "
               "counting 0 (and one equal to its baseline 1 once an actual reaches it), as %." +
                   targets_rule + " Missing when no active pledge has targets."),
        S::progress, S::with_targets, "no active pledge has targets at this date");
  share(metric("share_with_targets", "P2C pledges with measurable targets", "%",
               "Share of the active pledges whose revision in force at the date has at least one measurable target: "
               "the annual report's pledges with numbers in them. Missing when no pledge is active."),
        S::with_targets, S::count_active, "no pledge counted at this date");

  // The reporting calendar.
  const std::string calendar =
      " As `p2c pledges due` judges it (sdk/include/p2c/pledges/reporting_calendar.h): a report is expected one "
      "reporting period "
      "(the pledge's own, or the option reporting_period_months) after the latest report on or before the date, or "
      "after pledged_on; on_time until due_window_days before that, due until grace_days after it, then overdue, "
      "inactive once two periods have passed; completed and withdrawn pledges are closed. Over every pledge made by "
      "the date.";
  // The breakdowns by sector and type are the coalition's and the groups' only: per economy they would be mostly
  // zeros, and would double the run's records.
  const std::string breakdown = " WLD and groups only.";
  for (int s = 0; s < S::kStates; ++s) {
    const std::string state(p2c::pledges::kReportingStates[s]);
    const auto info = [&](const std::string& suffix, const std::string& what) {
      MetricInfo out_info = metric("count_reporting_" + state + suffix,
                                   "P2C pledges " + words_of(state) + " in reporting" + what, "pledges",
                                   "Number of pledges" + what + " whose reporting state at the date is " +
                                       words_of(state) + "." + calendar + (suffix.empty() ? "" : breakdown));
      if (state == "overdue" || state == "inactive") out_info.direction = Direction::lower_is_better;
      return out_info;
    };
    value(info("", ""), S::state + s);
    for (int k = 0; k < S::kSectors; ++k) {
      const std::string sector(words::kSectors[k]);
      value(info("_sector_" + sector, " by " + words_of(sector) + " entities"), S::state_sector + s * S::kSectors + k,
            Scopes::coalition_and_groups);
    }
    for (int k = 0; k < S::kTypes; ++k) {
      const std::string type(words::kPledgeTypes[k]);
      value(info("_type_" + type, " of type " + words_of(type)), S::state_type + s * S::kTypes + k,
            Scopes::coalition_and_groups);
    }
  }
  share(metric("reporting_on_time_rate", "P2C pledges reporting on time", "%",
               "Share of the pledges not closed at the date whose reporting state is on_time or due." + calendar +
                   " Missing when every pledge is closed."),
        S::on_time, S::open, "no pledge made by this date is open (all are completed or withdrawn)");
  for (int k = 0; k < S::kSectors; ++k) {
    const std::string sector(words::kSectors[k]);
    share(
        metric("reporting_on_time_rate_sector_" + sector,
               "P2C pledges by " + words_of(sector) + " entities reporting on time", "%",
               "reporting_on_time_rate over the pledges of " + words_of(sector) + " entities." + calendar + breakdown),
        S::sector_on_time + k, S::sector_open + k,
        "no pledge of " + words_of(sector) + " entities made by this date is open", Scopes::coalition_and_groups);
    share(metric("reporting_rate_sector_" + sector, "P2C pledges by " + words_of(sector) + " entities reporting", "%",
                 "reporting_rate over the pledges of " + words_of(sector) + " entities." + breakdown),
          S::sector_reported + k, S::sector_under_way + k,
          "no active pledge of " + words_of(sector) + " entities at this date", Scopes::coalition_and_groups);
  }

  // The annual report's key figures, for the coalition and groups.
  const Scopes groups = Scopes::coalition_and_groups;
  const auto distinct = [&](const std::string& name, const std::string& title, const std::string& unit,
                            const std::string& description,
                            int slot) { value(metric(name, title, unit, description + coalition_only), slot, groups); };
  distinct("entities_gross", "Entities pledging to P2C (gross)", "entities",
           "Number of distinct pledging entities (by name) of the gross pledges." + version, S::entities_gross);
  distinct("entities_active", "Entities pledging to P2C (active)", "entities",
           "Number of distinct pledging entities (by name) of the active pledges." + version, S::entities_active);
  distinct("origin_economies_gross", "Economies pledging to P2C (gross)", "economies",
           "Number of distinct origin economies of the gross pledges." + version, S::origin_economies);
  distinct("origin_regions_gross", "Regions pledging to P2C (gross)", "regions",
           "Number of distinct origin regions of the gross pledges (pledges without one add none)." + version,
           S::origin_regions);
  distinct("implementation_economies_gross", "Economies reached by P2C pledges (gross)", "economies",
           "Number of distinct implementation economies of the gross pledges; for a group, of its members that "
           "year." +
               version,
           S::economies_gross);
  distinct("implementation_economies_active", "Economies reached by P2C pledges (active)", "economies",
           "Number of distinct implementation economies of the active pledges; for a group, of its members that "
           "year." +
               version,
           S::economies_active);
  for (int g = 0; g < S::kReferences; ++g) {
    const std::string code(kReferenceGroups[g]), name(kReferenceNames[g]);
    const std::string in = " with an implementation economy that is a member of " + code +
                           " that year (reference data) or listing " + code + " as an implementation region";
    share(metric("share_count_gross_" + name, "P2C pledges targeting " + code + " (gross)", "%",
                 "Share of the gross pledges" + in + "." + coalition_only),
          S::reference_count_gross + g, S::count_gross, "no pledge made by this date", groups, g);
    share(metric("share_value_gross_" + name, "Value of P2C pledges targeting " + code + " (gross)", "%",
                 "Share of the stated value of the gross pledges held by those" + in + "." + coalition_only),
          S::reference_value_gross + g, S::value_gross, "no pledge made by this date states a value", groups, g);
    share(metric("share_count_active_" + name, "P2C pledges targeting " + code + " (active)", "%",
                 "Share of the active pledges" + in + "." + coalition_only),
          S::reference_count_active + g, S::count_active, "no pledge counted at this date", groups, g);
    share(metric("share_value_active_" + name, "Value of P2C pledges targeting " + code + " (active)", "%",
                 "Share of the stated value of the active pledges held by those" + in + "." + coalition_only),
          S::reference_value_active + g, S::value_active, "no pledge counted at this date states a value", groups, g);
  }
  for (int b = 0; b < S::kBeneficiaries; ++b) {
    const std::string beneficiary(words::kBeneficiaries[b]);
    share(metric("share_beneficiary_" + beneficiary, "P2C pledges for " + words_of(beneficiary), "%",
                 "Share of the gross pledges naming " + words_of(beneficiary) + " among their beneficiaries." +
                     version + coalition_only),
          S::beneficiary + b, S::count_gross, "no pledge made by this date", groups);
  }
  for (int g = 1; g <= kGoals; ++g) {
    MetricInfo info =
        metric("count_gross_sdg_" + std::to_string(g), "P2C pledges for SDG " + std::to_string(g), "pledges",
               "Number of gross pledges listing SDG " + std::to_string(g) + " or one of its targets (" +
                   std::to_string(g) + ".x); a pledge counts once per goal." + version + coalition_only);
    value(std::move(info), S::sdg + g - 1, groups);
  }
  for (int p = 0; p < S::kPillars; ++p) {
    const std::string pillar(kPillars[p]);
    value(metric("count_gross_pillar_" + pillar, "P2C pledges on " + words_of(pillar), "pledges",
                 "Number of gross pledges listing the pillar " + pillar + "." + version + coalition_only),
          S::pillar + p, groups);
  }
  for (int w = 0; w < S::kWsis; ++w) {
    const std::string line(words::kWsisLines[w]);
    MetricInfo info =
        metric("count_gross_wsis_" + lower(line), "P2C pledges on WSIS action line " + line, "pledges",
               "Number of gross pledges aligned with WSIS action line " + line + "." + version + coalition_only);
    if (line != "C1" && line != "C11") info.wsis_lines.push_back(line);
    value(std::move(info), S::wsis + w, groups);
  }
  for (int c = 0; c < S::kCampaigns; ++c) {
    const std::string campaign(words::kCampaigns[c]);
    value(metric("count_gross_campaign_" + campaign, "P2C pledges of the " + words_of(campaign) + " campaign",
                 "pledges", "Number of gross pledges of the campaign " + campaign + "." + version + coalition_only),
          S::campaign + c, groups);
  }
  value(metric("count_new", "New P2C pledges", "pledges",
               "Number of pledges made within the year, up to the date (31 December, or as_of in its year)." +
                   coalition_only),
        S::count_new, groups);
  value(metric("value_usd_new", "Value of new P2C pledges", "USD",
               "Sum of the stated values (USD) of the pledges made within the year, up to the date." + stated +
                   version + coalition_only),
        S::value_new, groups);
  return out;
}

}  // namespace

const std::vector<MetricDef>& definitions() {
  static const std::vector<MetricDef> defs = make_definitions();
  return defs;
}

std::vector<MetricInfo> catalogue() {
  std::vector<MetricInfo> out;
  for (const auto& def : definitions()) out.push_back(def.info);
  return out;
}

}  // namespace p2c::plugins::pledges
