// What a set of pledges adds up to at one date: the counts, sums and shares the pledges indicator writes for a
// scope (the coalition, a group, an economy).
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "p2c/metric.h"
#include "pledge_book.h"

namespace p2c::plugins::pledges {

/// One pledge at one date.
struct PledgeAt {
  bool pledged = false;   ///< pledged on or before the date: counted gross, as ITU counts
  bool counted = false;   ///< pledged and not withdrawn at the date: counted as active
  bool active = false;    ///< counted, and not already completed at the start of the reporting window
  bool reported = false;  ///< has a report dated within the reporting window
  std::string status;     ///< status at the date
  double disbursed = 0;   ///< cumulative disbursement at the date
};

/// Pledge `pledge` at the end of `day`, with the reporting window (window_start, day].
PledgeAt evaluate(const Pledge& pledge, const Date& day, const Date& window_start);

struct Sum {
  std::size_t count = 0;
  double value_usd = 0;  ///< over the pledges that state a value
};

/// The pledges of a scope, added up: gross (every pledge made by the date) and active (not withdrawn at it).
class Tally {
 public:
  void add(const Pledge& pledge, const PledgeAt& at);

  /// The gross value, as ITU reports progress toward the coalition's target.
  double value_usd_gross() const noexcept { return gross_.value_usd; }

  /// Calls `write(metric, value, reason)` for every metric but target_progress: a value, or nothing and why.
  void write(const std::function<void(const std::string&, std::optional<double>, const std::string&)>& write) const;

 private:
  Sum gross_, active_sum_;
  std::map<std::string, Sum> focus_, sector_, type_;  ///< gross, as ITU's breakdowns
  std::size_t active_ = 0, active_reported_ = 0, completed_ = 0, in_progress_ = 0;
  double disbursed_ = 0;
  double disbursed_of_valued_ = 0;  ///< disbursements of the counted pledges that state a value
};

/// The indicator's catalogue: the metric names of docs/indicators.md, section "Pledges".
std::vector<MetricInfo> catalogue();

}  // namespace p2c::plugins::pledges
