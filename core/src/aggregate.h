// Group values (LDC, SIDS, regions, world, ...) computed from member economies by each metric's rule, and
// published only when enough of them is observed.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "config.h"
#include "interner.h"
#include "p2c/metric.h"
#include "p2c/results.h"
#include "reference.h"

namespace p2c::host {

struct MemberValue {
  double value;
  std::optional<double> population;  ///< the member's population that year, when known
  bool observed = true;              ///< false for an estimate
};

struct GroupValue {
  std::optional<double> value;  ///< empty when withheld
  Coverage coverage;
  bool estimated = false;  ///< counts at least one estimated member
  std::string withheld;    ///< why the value is not published; empty when it is
};

/// A share of 0..1 as whole percent, rounded down: a share just under a publishing threshold never reads as
/// reaching it ("94 %; a sum needs 95 %"). Every text that states a coverage share uses it.
int whole_percent(double share);

/// One group's value for `year` from the values of its members that have one, observed or estimated.
/// `members` is the group's size that year and `group_population` the population of all of them (0 when
/// unknown). Coverage is the population share of the members counted when the population is known, else their
/// share of members; a population-weighted mean counts only members with a known population.
/// The value is withheld when the observed share is below publishing.min_observed_share, and a sum also when the
/// share with a value is below publishing.min_sum_share.
/// Nothing when no member counts, when the rule is `none`, or for `share_meeting_target` without target.
std::optional<GroupValue> aggregate(const MetricInfo& info, std::span<const MemberValue> values, std::uint32_t members,
                                    double group_population, const PublishingThresholds& publishing, std::int32_t year);

/// Appends a group record for every metric with an aggregation rule, every group and every year in which at
/// least one member has a value: published, or withheld with a reason. Membership is taken per year (LDC
/// graduation etc.). Economy records flagged `estimated` count as estimates in the coverage. Each metric is
/// published by the thresholds `publishing` gives it.
/// `population` may be null: then weighted means cannot be computed and coverage counts members.
/// A `share_meeting_target` group value is not in the metric's unit: it goes to the metric
/// `<id>.members_meeting_target` (% of members), appended to `catalogue` when first needed.
void add_group_records(const Reference& reference, const Series* population, std::vector<CatalogueEntry>& catalogue,
                       const PublishingSettings& publishing, Interner& entities, std::vector<Record>& records);

}  // namespace p2c::host
