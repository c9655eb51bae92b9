// ITU ICT Development Index (IDI 2024): ten indicators rescaled between goalposts, two pillars, one index.
//
// The method's constants (thresholds, goalposts, which indicators are log-scaled, the 3G/4G coverage weights)
// are options with the 2024 values as defaults, so the next edition's method is a config change. An economy
// missing an input of a pillar cannot be scored here: ITU imputes such values and does not publish them, and a
// guess here would pass for ITU's number. It gets ITU's published pillar or index score instead, flagged
// `imputed`, when the optional `published_*` series are configured, else no value and a reason.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "p2c/plugin.h"

namespace p2c::plugins {

class Idi final : public Indicator {
 public:
  static constexpr std::size_t kIndicatorCount = 10;

  /// Throws std::invalid_argument naming the option and what is wrong: a table without a value for some
  /// indicator or naming an unknown one, a goalpost equal to its threshold, log-scaled goalposts <= -1,
  /// coverage weights that are negative, name no coverage indicator or do not sum to 1, or a `published_*`
  /// series that is also an indicator's input.
  explicit Idi(const Options& options);
  static std::vector<MetricInfo> metrics();
  std::vector<std::string> inputs() const override;
  void compute(const InputSet& inputs, ResultWriter& out) override;

 private:
  /// ITU's published scores, by kPublished order (score, universal, meaningful); empty: not used.
  static constexpr std::size_t kPublishedCount = 3;

  std::array<std::string, kIndicatorCount> series_;
  std::array<std::string, kPublishedCount> published_;
  std::array<double, kIndicatorCount> threshold_{};
  std::array<double, kIndicatorCount> goalpost_{};
  std::array<bool, kIndicatorCount> log_scale_{};
  std::array<double, kIndicatorCount> coverage_weight_{};  ///< non-zero only for the coverage indicators
};

}  // namespace p2c::plugins
