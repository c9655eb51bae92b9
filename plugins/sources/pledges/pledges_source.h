// The `pledges_sqlite` source plugin: the P2C pledge registry (core/pledges/schema.cpp) as series, so the pledge
// indicators reach the registry through the same data-source interface as every other input.
//
// Series (unit USD; a value the registry does not state arrives as NaN, never as 0):
//  - pledges.pledges: one row per pledge; entity = origin economy, year = year of pledged_on, value = value_usd;
//    dimensions pledge, sector, type, focus_areas, implementation, regions (lists joined with '|'), pledged_on,
//    start_date, end_date, status.
//  - pledges.reports: one row per progress report; entity = the pledge's origin economy, year = year of
//    reported_on, value = cumulative disbursed_usd; dimensions pledge, reported_on, status.
//  - pledges.implementation: one row per pledge and implementation economy; entity = that economy, year = year of
//    pledged_on, value = value_usd; dimension pledge. It hands the implementation economies to the host as
//    entities, so an indicator can write results for them.
// The database is opened read-only and never created or migrated; its schema version must be this build's.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "p2c/options.h"
#include "p2c/plugin.h"

namespace p2c::plugins {

class PledgesSource final : public p2c::Source {
 public:
  /// The database is opened by read(), so a registry created after set-up is read.
  explicit PledgesSource(const p2c::Options& options);

  std::vector<p2c::SeriesInfo> describe() const override;
  /// Streams one series. A missing file or a database of another schema version throws with the file and what to
  /// do; a record that breaks the registry's format (a bad date, a list that is not a JSON array of strings, a
  /// negative amount) is rejected as "<file>: pledge <id>" with the field, and the rest is read.
  void read(const std::string& series_id, p2c::BatchSink& sink) override;

 private:
  std::string database_;
  std::size_t batch_size_ = 4096;
};

}  // namespace p2c::plugins
