// Rules from the repository's reference data and rate table, and a valid pledge to break one field at a time.
#pragma once

#include <filesystem>

#include "pledges/store.h"

namespace p2c::test {

inline const std::filesystem::path pledge_fixtures =
    std::filesystem::path(P2C_SOURCE_DIR) / "tests/core/pledges/fixtures";

inline const pledges::Rules& repository_rules() {
  static const pledges::Rules rules = [] {
    pledges::Rules out =
        pledges::Rules::load(std::filesystem::path(P2C_SOURCE_DIR) / "config/reference/economies.csv",
                             std::filesystem::path(P2C_SOURCE_DIR) / "config/reference/groups.csv",
                             std::filesystem::path(P2C_SOURCE_DIR) / "config/data/pledges/usd_rates.csv");
    // A metric of the bundled config that targets may name; the host reads these from the plugins' catalogue.
    out.metrics = {"sdg_9_c.coverage_4g"};
    return out;
  }();
  return rules;
}

inline pledges::Pledge valid_pledge() {
  pledges::Pledge p;
  p.id = "P2C-2022-0001";
  p.entity = "Ministry of ICT, Kenya";
  p.sector = "government";
  p.origin_economy = "KEN";
  p.origin_region = "ITU.AFR";
  p.implementation_economies = {"KEN", "UGA"};
  p.implementation_regions = {"ITU.AFR"};
  p.focus_areas = {"access"};
  p.pillars = {"infrastructure"};
  p.pledge_type = "financial";
  p.value = 1000000;
  p.currency = "EUR";
  p.sdgs = {"9.c"};
  p.pledged_on = "2022-05-10";
  p.start_date = "2022-06-01";
  p.end_date = "2026-12-31";
  p.status = "in_progress";
  p.reports = {{"2023-06-30", "in_progress", 20.0, 150000.0, "first"},
               {"2024-06-30", "in_progress", 45.0, 480000.0, "second"}};
  return p;
}

}  // namespace p2c::test
