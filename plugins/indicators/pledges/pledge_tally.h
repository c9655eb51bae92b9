// What the pledges add up to at each evaluation date: every pledge is evaluated once per date, pledge by pledge
// (its reports and actuals read in date order), and its contribution added to the sums ("slots") of each scope it
// belongs to: the coalition (WLD), the groups of the `groups` option and its implementation economies. The metrics
// are then ratios or copies of those slots, as the catalogue below defines them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "p2c/dates.h"
#include "p2c/metric.h"
#include "p2c/pledges/reporting_calendar.h"
#include "pledge_book.h"

namespace p2c::plugins::pledges {

/// The slots of a scope. The core slots are summed for every scope, the annual-report slots for WLD and groups.
struct Slots {
  static constexpr int kFocus = count(words::kFocusAreas), kSectors = count(words::kSectors),
                       kTypes = count(words::kPledgeTypes), kMeasures = count(words::kMeasures),
                       kStates = count(p2c::pledges::kReportingStates), kReferences = 3,
                       kBeneficiaries = count(words::kBeneficiaries), kPillars = count(pledges::kPillars),
                       kWsis = count(words::kWsisLines), kCampaigns = count(words::kCampaigns);

  // Core.
  static constexpr int count_gross = 0, value_gross = 1, count_active = 2, value_active = 3;
  static constexpr int focus_count = 4, focus_value = focus_count + kFocus;
  static constexpr int sector_count = focus_value + kFocus, sector_value = sector_count + kSectors;
  static constexpr int type_count = sector_value + kSectors, type_value = type_count + kTypes;
  static constexpr int under_way = type_value + kTypes, reported = under_way + 1, completed = reported + 1,
                       in_progress = completed + 1, disbursed = in_progress + 1, disbursed_valued = disbursed + 1;
  static constexpr int sector_under_way = disbursed_valued + 1, sector_reported = sector_under_way + kSectors;
  static constexpr int targets = sector_reported + kSectors, actuals = targets + kMeasures;
  static constexpr int targets_due = actuals + kMeasures, targets_met = targets_due + 1, with_targets = targets_met + 1,
                       progress = with_targets + 1;
  static constexpr int state = progress + 1, state_sector = state + kStates,
                       state_type = state_sector + kStates * kSectors;
  static constexpr int open = state_type + kStates * kTypes, on_time = open + 1;
  static constexpr int sector_open = on_time + 1, sector_on_time = sector_open + kSectors;
  static constexpr int core = sector_on_time + kSectors;

  // Annual report (WLD and groups).
  static constexpr int count_new = core, value_new = count_new + 1;
  static constexpr int reference_count_gross = value_new + 1,
                       reference_value_gross = reference_count_gross + kReferences,
                       reference_count_active = reference_value_gross + kReferences,
                       reference_value_active = reference_count_active + kReferences;
  static constexpr int beneficiary = reference_value_active + kReferences, sdg = beneficiary + kBeneficiaries,
                       pillar = sdg + kGoals, wsis = pillar + kPillars, campaign = wsis + kWsis;
  static constexpr int entities_gross = campaign + kCampaigns, entities_active = entities_gross + 1,
                       origin_economies = entities_active + 1, origin_regions = origin_economies + 1,
                       economies_gross = origin_regions + 1, economies_active = economies_gross + 1;
  static constexpr int all = economies_active + 1;
};

/// The reference groups of the annual report's shares, in slot order, and the suffix of their metric names.
inline constexpr std::string_view kReferenceGroups[] = {"LDC", "LLDC", "SIDS"};
inline constexpr std::string_view kReferenceNames[] = {"ldc", "lldc", "sids"};

/// Which scopes a metric is written for.
enum class Scopes : std::uint8_t { all, coalition_and_groups, coalition };

/// A metric and how it is computed from a scope's slots.
struct MetricDef {
  MetricInfo info;
  Scopes scopes = Scopes::all;
  bool percent = false;  ///< 100 * num / den, missing with `reason` when den is 0; else the value of `num`
  int num = 0, den = 0;
  std::string reason;
  int reference = -1;            ///< a share of kReferenceGroups[reference]: missing in a year the group has no members
  bool target_progress = false;  ///< value_usd_gross as % of the target_usd option, WLD only
};

/// The indicator's metrics: README.md in this folder, section "Metrics".
const std::vector<MetricDef>& definitions();
std::vector<MetricInfo> catalogue();

/// What the evaluation needs besides the book.
struct Plan {
  std::vector<Date> dates;  ///< the evaluation date of each year, the first year's first
  std::vector<Day> days, window_starts, year_starts;
  int window_months = 12;
  p2c::pledges::CalendarSettings calendar;
  std::size_t groups = 0;  ///< option groups: bits 0 .. groups - 1 of Book::group_codes; the references follow
  std::vector<std::vector<std::uint64_t>> economy_groups;  ///< [year][economy]: the groups it is a member of
  std::vector<std::int32_t> economy_scope;                 ///< per economy: its economy scope, or -1
  std::size_t economy_scopes = 0;
};

/// The slots of every scope and year. Scope 0 is WLD, 1 .. groups the groups, then the economies.
class Tallies {
 public:
  Tallies(const Book& book, const Plan& plan);
  /// Adds the pledges [begin, end) of the book.
  void add(const Book& book, const Plan& plan, std::size_t begin, std::size_t end);
  /// Adds another part of the same book.
  void merge(const Tallies& other);
  /// Sets the distinct counts into the slots; call once, after the last add or merge.
  void finish();
  const double* slots(std::size_t year, std::size_t scope) const;

 private:
  double* at(std::size_t year, std::size_t scope);
  std::uint64_t* bits(std::size_t year, std::size_t scope);

  std::size_t years_, groups_, economies_;
  std::size_t entity_words_, origin_words_, region_words_, economy_words_, bit_words_;
  std::vector<double, HugePageAllocator<double>> annual_;  ///< [year][WLD and groups][Slots::all]
  std::vector<double, HugePageAllocator<double>> core_;    ///< [year][economy][Slots::core]
  /// [year][WLD and groups]: entities, origins, regions, economies reached.
  std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> seen_;
};

}  // namespace p2c::plugins::pledges
