// Progress over time as records: each metric with a target gets, per economy and group, a status on its
// latest value and derived metrics for the trend, growth, gap and projection.
#pragma once

#include <vector>

#include "config.h"
#include "p2c/results.h"

namespace p2c::host {

/// For every metric of `catalogue` that has a target and is a time series (some entity has values for
/// two years or more), assesses each entity's history (progress.h) and
///  - sets `status` on the entity's latest record of the metric;
///  - appends records of the derived metrics `<id>.trend` (slope per year), `<id>.growth` (compound annual
///    growth, % per year) and `<id>.gap` (to the target) at the latest year, and `<id>.projection` at the
///    target year, each carrying the same status.
/// An economy's records flagged `estimated` are left out of its assessment; withheld group values have no value.
/// A latest value more than settings.max_age_years before settings.reference_year (which must be resolved, not
/// 0) gets status insufficient_data with the reason, and no derived records. A derived metric is appended to
/// `catalogue` when at least one entity has a value for it. Records stay unsorted.
void add_progress_records(std::vector<CatalogueEntry>& catalogue, std::vector<Record>& records,
                          const ProgressSettings& settings);

}  // namespace p2c::host
