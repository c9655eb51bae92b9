// The P2C pledge registry's records: a pledge made to the Partner2Connect Digital Coalition and the
// progress reports its pledging entity files over time. Field meanings and vocabularies: docs/pledges.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace p2c::pledges {

/// One progress report. `disbursed_usd` is cumulative: the amount disbursed from the pledge's start to
/// `reported_on`, so the latest report at a date says how much has been disbursed by then.
struct ProgressReport {
  std::string reported_on;                 ///< YYYY-MM-DD
  std::string status;                      ///< announced | in_progress | completed | withdrawn
  std::optional<double> percent_complete;  ///< 0..100
  std::optional<double> disbursed_usd;     ///< >= 0, cumulative
  std::string narrative;

  bool operator==(const ProgressReport&) const = default;
};

struct Pledge {
  std::string id;              ///< stable, unique, e.g. "P2C-2022-0001"
  std::string entity;          ///< the pledging entity, e.g. "Ministry of ICT, Kenya"
  std::string sector;          ///< government | private_sector | international_organization | un_agency |
                               ///< financial_institution | academia | civil_society
  std::string origin_economy;  ///< ISO3
  std::string origin_region;   ///< reference group code, e.g. "ITU.AFR"
  std::vector<std::string> implementation_economies;  ///< ISO3; may be empty for global pledges
  std::vector<std::string> implementation_regions;    ///< reference group codes
  std::vector<std::string> focus_areas;               ///< access | adoption | value_creation | investment_acceleration
  std::vector<std::string> pillars;                   ///< e.g. "infrastructure", "affordability", "digital_skills"
  std::string pledge_type;                            ///< financial | programmatic | policy | advocacy
  std::optional<double> value;                        ///< estimated value in `currency`; empty when none stated
  std::string currency;                               ///< ISO 4217; empty when no value
  std::optional<double> value_usd;                    ///< `value` converted with the registry's rate table
  std::vector<std::string> beneficiaries;             ///< women | youth | persons_with_disabilities | ...
  std::vector<std::string> sdgs;                      ///< goals or targets, e.g. "9", "9.c", "17.8"
  std::string pledged_on;                             ///< YYYY-MM-DD, when the pledge was made to the coalition
  std::string start_date;                             ///< YYYY-MM-DD
  std::string end_date;                               ///< YYYY-MM-DD, not before start_date
  std::string status;  ///< current status; equals the latest report's when there are reports
  std::string description;
  std::vector<ProgressReport> reports;  ///< ordered by reported_on, one per date

  /// Field by field, reports included: an import rewrites a stored pledge only when this says it changed.
  bool operator==(const Pledge&) const = default;
};

}  // namespace p2c::pledges
