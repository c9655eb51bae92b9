// The sample run the sink tests write: built by hand (not by the engine), so each sink test can check its
// output field by field against values it knows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "p2c/results.h"

namespace p2c::test {

/// A record of `metric` (index into the catalogue) for `entity` in `year`; all else default.
inline p2c::Record record(std::uint32_t metric, p2c::EntityId entity, std::int32_t year, std::optional<double> value) {
  p2c::Record out;
  out.metric = metric;
  out.entity = entity;
  out.year = year;
  out.value = value;
  return out;
}

/// Two metrics (`catalogue`, which must hold two entries); economy values needing exact round trips; a missing
/// value with its reason; a group value counting estimates, with its coverage observed and in all; a withheld group
/// value with its reason and a comma in its group code; one failed
/// instance, "itu_idi", failing with `failure_message`. Run id 20261130T011300Z-1a2b, started
/// 2026-11-30T01:13:00Z; the duration is left at its default.
inline p2c::RunReport sample_report(std::vector<p2c::CatalogueEntry> catalogue, std::string failure_message) {
  p2c::RunReport report;
  report.run_id = "20261130T011300Z-1a2b";
  report.started_at = "2026-11-30T01:13:00Z";
  report.catalogue = std::move(catalogue);
  report.entity_codes = {"KEN", "LDC", "Low income, IDA"};

  auto on_track = record(0, 0, 2023, 0.1);
  on_track.status = p2c::Status::on_track;
  on_track.flags = p2c::flag_estimated;
  auto tiny = record(0, 0, 2022, 1e-7);
  auto achieved = record(1, 0, 2023, 12345.678901234567);
  achieved.status = p2c::Status::achieved;
  auto missing = record(1, 0, 2021, std::nullopt);
  missing.reason = "no price survey in 2021";
  auto group = record(0, 1, 2023, 37.25);
  group.entity_kind = p2c::EntityKind::group;
  group.status = p2c::Status::off_track;
  group.flags = p2c::flag_estimated;
  group.coverage = p2c::Coverage{40, 45, 0.875, 36, 0.8125};
  auto comma = record(0, 2, 2023, std::nullopt);
  comma.entity_kind = p2c::EntityKind::group;
  comma.flags = p2c::flag_estimated | p2c::flag_withheld;
  comma.coverage = p2c::Coverage{10, 20, 0.5, 2, 0.1};
  comma.reason = "2 of 20 members reported in 2023 (10 % of the group's population); publishing needs 80 % observed";
  report.records = {on_track, tiny, achieved, missing, group, comma};

  report.failures = {{"itu_idi", std::move(failure_message)}};
  return report;
}

}  // namespace p2c::test
