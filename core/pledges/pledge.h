// The P2C pledge registry's records: a pledge made to the Partner2Connect Digital Coalition and the
// progress reports its pledging entity files over time. Field meanings and vocabularies: docs/pledges.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace p2c::pledges {

/// A measurable target of a pledge (IATI's result indicator: baseline, target and, in reports, actuals).
struct Target {
  std::string id;           ///< unique within the pledge, e.g. "T1"
  std::string description;  ///< optional
  std::string measure;      ///< a measure of the vocabulary, e.g. "schools_connected" (docs/pledges.md)
  std::string unit;         ///< e.g. "schools", "km", "people"
  double baseline_value = 0;
  std::string baseline_date;  ///< YYYY-MM-DD
  double target_value = 0;
  std::string target_date;  ///< YYYY-MM-DD, after baseline_date
  std::string metric;       ///< optional: the p2c metric the target serves, "instance.metric" of the catalogue

  bool operator==(const Target&) const = default;
};

/// What a report says a target has reached, cumulative to the report's date (in the target's unit).
struct Actual {
  std::string target_id;
  double value = 0;

  bool operator==(const Actual&) const = default;
};

/// One progress report. `disbursed_usd` is cumulative: the amount disbursed from the pledge's start to
/// `reported_on`, so the latest report at a date says how much has been disbursed by then.
struct ProgressReport {
  std::string reported_on;                 ///< YYYY-MM-DD
  std::string status;                      ///< announced | in_progress | completed | withdrawn
  std::optional<double> percent_complete;  ///< 0..100
  std::optional<double> disbursed_usd;     ///< >= 0, cumulative
  std::string narrative;
  std::vector<Actual> actuals = {};  ///< per target of the pledge, each target at most once

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
  std::string review_state = "published";      ///< draft | submitted | returned | published; only published counts
  std::vector<std::string> wsis_lines;         ///< WSIS action lines, C1..C11
  std::vector<std::string> roadmap_areas;      ///< areas of the UN Secretary-General's Roadmap for Digital Cooperation
  std::vector<std::string> campaigns;          ///< e.g. "ldc5"; vocabulary in docs/pledges.md, extendable in config
  std::vector<std::string> partners;           ///< co-pledging entities, free text
  std::string contact_name;                    ///< the reporting officer; never published
  std::string contact_email;                   ///< never published
  std::optional<int> reporting_period_months;  ///< empty: [pledges] reporting_period_months
  std::vector<Target> targets;
  std::vector<ProgressReport> reports;  ///< ordered by reported_on, one per date

  /// Field by field, reports included: an import rewrites a stored pledge only when this says it changed.
  bool operator==(const Pledge&) const = default;
};

}  // namespace p2c::pledges
