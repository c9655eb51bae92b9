// The `pledges_sqlite` source plugin: the published pledges of the P2C pledge registry (sdk/src/pledges/schema.cpp,
// schema version 3) as series, so the pledge indicators reach the registry through the same data-source interface
// as every other input. Drafts, submitted and returned pledges never leave the registry; contact fields, partners,
// descriptions and narratives are never read.
//
// Series (a value the registry does not state arrives as NaN, never as 0; lists are joined with '|'):
//  - pledges.pledges (USD): one row per version of a pledge, the pledges by id. A revision (table pledge_revisions)
//    changes a pledge from its effective_on on; the versions are rebuilt backwards from the current row with each
//    later revision's "old" values. The row in force at a date D is the pledge's row with the latest valid_from on
//    or before D; its first row, valid_from "", is in force before any other. A revision of fields no row carries
//    makes no row. entity = origin economy, year = year of valid_from (of pledged_on for the first row), value =
//    value_usd; dimensions pledge, revision (in force), valid_from, entity_name, sector, type, origin_region,
//    focus_areas, implementation (ISO3), regions, pillars, beneficiaries, sdgs, wsis_lines, campaigns,
//    reporting_period_months ("" for the registry's default), history, pledged_on, start_date, end_date, status.
//    pledged_on, the dates and status are the current row's in every version.
//  - pledges.reports (USD): one row per progress report; entity = the pledge's origin economy, year = year of
//    reported_on, value = cumulative disbursed_usd; dimensions pledge, reported_on, status.
//  - pledges.implementation (pledges): one row per economy some version of a pledge is implemented in; entity =
//    that economy, year = year of the earliest such pledge's pledged_on, value = the number of those pledges. It
//    hands the implementation economies to the host as entities, so an indicator can write results for them.
//
// `history` holds what a pledge has many of, one label per version instead of a row each, so that 100,000 pledges
// with their targets, reports and actuals are 100,000 rows: the version's targets, '#', the pledge's reports.
//    targets := [target ('|' target)*]   target := id ' ' measure ' ' baseline_value ' ' target_value ' ' target_date
//    reports := [report ('|' report)*]   report := reported_on ' ' status ' ' disbursed_usd (' ' target_id '=' actual)*
// Targets in the pledge's order, reports by date; disbursed_usd is '-' when not stated; numbers are the shortest
// text that reads back as the same double; free text (ids, statuses) has '%', ' ', '|', '=', '#' and control bytes
// written %XX. E.g. "T1 schools_connected 0 40 2025-12-31#2023-06-30 in_progress 150000 T1=12|2024-06-30
// in_progress - T1=25".
//
// pledges.pledges reads the registry in one pass per table: the pledges and revisions on one connection, while a
// second connection on another thread reads the targets, reports and actuals (by pledge id) and writes the
// histories. The database is opened read-only and never created or migrated; its schema version must be this
// build's.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "p2c/options.h"
#include "p2c/plugin.h"

namespace p2c::plugins {

namespace pledge_registry {
class Reader;
}

class PledgesSource final : public p2c::Source {
 public:
  /// The database is opened by read(), so a registry created after set-up is read.
  explicit PledgesSource(const p2c::Options& options);
  ~PledgesSource() override;

  std::vector<p2c::SeriesInfo> describe() const override;
  /// Streams one series. A missing file or a database of another schema version throws with the file and what to
  /// do. A pledge that breaks the registry's format (a bad date, a list that is not a JSON array of strings, a
  /// negative amount, a target of a measure outside the vocabulary, a revision whose changes are not valid) is
  /// rejected as "<file>: pledge '<id>'" with the field, and left out of every series; a report or an actual that
  /// breaks it is rejected as "<file>: report of pledge '<id>' dated '<date>'" (or "actual of ... for target") and
  /// left out of the pledge's history and reports. The rest is read.
  void read(const std::string& series_id, p2c::BatchSink& sink) override;

 private:
  std::string database_;
  std::unique_ptr<pledge_registry::Reader> reader_;
};

}  // namespace p2c::plugins
