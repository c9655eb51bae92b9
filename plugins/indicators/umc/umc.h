// ITU's Universal and Meaningful Connectivity (UMC) targets for 2030: progress toward each target the bundled data
// can measure, scored 0-100 and banded. Every input is another plugin's metric (sdg_17_8, sdg_5_b, sdg_9_c,
// sdg_17_6, access); this plugin only scores them. The targets and the band edges are options, not code.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "p2c/plugin.h"

namespace p2c::plugins {

class Umc final : public Indicator {
 public:
  static constexpr std::size_t kDimensionCount = 6;
  static constexpr std::size_t kBandCount = 4;

  /// Throws std::invalid_argument naming the option and what is wrong: an empty input id, a `dimensions` list
  /// that is empty or names an unknown or repeated dimension, `targets` naming an unknown dimension, lacking one
  /// that is computed or holding a value that is not a positive number, `bands` not naming exactly the four
  /// bands or with edges that do not rise from 0 or more to 100 or less.
  explicit Umc(const Options& options);
  static std::vector<MetricInfo> metrics();
  std::vector<std::string> inputs() const override;
  void compute(const InputSet& inputs, ResultWriter& out) override;

 private:
  std::array<std::string, kDimensionCount> input_;
  std::array<double, kDimensionCount> target_{};
  std::array<bool, kDimensionCount> enabled_{};
  std::array<double, kBandCount> band_edge_{};  ///< lower edge of band 1..4
};

}  // namespace p2c::plugins
