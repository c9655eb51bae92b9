// Group values (LDC, SIDS, regions, world, ...) computed from member economies by each metric's rule.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "interner.h"
#include "p2c/metric.h"
#include "p2c/results.h"
#include "reference.h"

namespace p2c::host {

struct MemberValue {
  double value;
  std::optional<double> population;  ///< the member's population that year, when known
};

struct GroupValue {
  double value;
  Coverage coverage;
  bool low_coverage;  ///< coverage below the threshold: shown, but flagged, never as if complete
};

/// One group's value for one year from the values of its members that have one.
/// `members` is the group's size that year and `group_population` the population of all of them (0 when
/// unknown). Coverage is the population share of the members counted when the population is known, else
/// their share of members. A population-weighted mean counts only members with a known population.
/// Nothing when no member counts, when the rule is `none`, or for `share_meeting_target` without target.
std::optional<GroupValue> aggregate(const MetricInfo& info, std::span<const MemberValue> values, std::uint32_t members,
                                    double group_population, double coverage_threshold);

/// Appends a group record for every metric with an aggregation rule, every group and every year in
/// which at least one member has a value. Membership is taken per year (LDC graduation etc.).
/// `population` may be null: then weighted means cannot be computed and coverage counts members.
/// A `share_meeting_target` group value is not in the metric's unit: it goes to the metric
/// `<id>.members_meeting_target` (% of members), appended to `catalogue` when first needed.
void add_group_records(const Reference& reference, const Series* population, std::vector<CatalogueEntry>& catalogue,
                       double coverage_threshold, Interner& entities, std::vector<Record>& records);

}  // namespace p2c::host
