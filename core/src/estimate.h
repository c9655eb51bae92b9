// The estimation stage: estimates for the missing economy-years of the metrics the config names, between the
// indicators and the group aggregation, so that a group value does not silently stand for its reporting members
// only (see docs/groups-and-progress.md, "Estimates").
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "config.h"
#include "p2c/results.h"

namespace p2c::host {

/// For each metric of `rules`, estimates the missing years of every economy with values (p2c/estimation.h, with
/// the metric's domain) up to the latest year any economy has a value for, and appends them as economy records
/// flagged `estimated`, their `reason` saying how each was made. A year an indicator recorded as missing, with its
/// reason, stays missing. Rules for metrics not in `catalogue` are skipped (the engine reports them).
/// Returns the number of estimates appended per metric id.
std::map<std::string, std::size_t> add_estimates(const std::vector<CatalogueEntry>& catalogue,
                                                 const std::vector<MetricEstimation>& rules,
                                                 std::vector<Record>& records);

}  // namespace p2c::host
