// The pledges and progress reports of the registry as the indicator reads them from its input series, and what
// each pledge's history says at a given date.
#pragma once

#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "p2c/dates.h"
#include "p2c/observations.h"
#include "vocabulary_words.h"

namespace p2c::plugins::pledges {

// The registry's vocabularies, as the lists of strings the indicator matches and names its metrics by.
inline const std::vector<std::string> kFocusAreas(std::begin(p2c::pledges::words::kFocusAreas),
                                                  std::end(p2c::pledges::words::kFocusAreas));
inline const std::vector<std::string> kSectors(std::begin(p2c::pledges::words::kSectors),
                                               std::end(p2c::pledges::words::kSectors));
inline const std::vector<std::string> kTypes(std::begin(p2c::pledges::words::kPledgeTypes),
                                             std::end(p2c::pledges::words::kPledgeTypes));
inline const std::vector<std::string> kStatuses(std::begin(p2c::pledges::words::kStatuses),
                                                std::end(p2c::pledges::words::kStatuses));

struct Report {
  Date on;
  std::string status;
  std::optional<double> disbursed_usd;  ///< cumulative to `on`; empty when the report states none
};

struct Pledge {
  std::string id;
  Date pledged_on;
  std::optional<double> value_usd;  ///< empty when the pledge states no value
  std::string sector;
  std::string type;
  std::vector<std::string> focus_areas;
  std::vector<std::string> economies;  ///< implementation economies, ISO3
  std::vector<std::string> regions;    ///< implementation regions, reference group codes
  std::string status;                  ///< the registry's current status
  std::vector<Report> reports;         ///< by date, one per date

  /// Status at the end of `day`: the latest report dated on or before it; without reports, `status`; when every
  /// report is later, "announced".
  std::string status_at(const Date& day) const;
  /// The cumulative disbursement of the latest report dated on or before `day` that states one; 0 when none does.
  double disbursed_at(const Date& day) const;
  /// Whether a report is dated in (after, until].
  bool reported_between(const Date& after, const Date& until) const;
};

/// Reads the pledges series (dimensions of the pledges_sqlite source) and the reports series into pledges with
/// their reports. A NaN value means "not stated". Throws std::runtime_error naming the series, the pledge and the
/// field for a missing dimension, a bad date, a value outside the vocabularies or a pledge given twice. Reports of
/// a pledge that is not in the pledges series (the source rejected it, and said so) are left out.
std::vector<Pledge> read_pledges(const Series& pledges, const Series& reports, const InputSet& inputs);

}  // namespace p2c::plugins::pledges
