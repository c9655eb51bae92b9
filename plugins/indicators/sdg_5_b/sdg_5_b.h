// SDG 5.b.1: proportion of individuals who own a mobile phone, by sex, and the female-to-male parity ratio.
#pragma once

#include "p2c/plugin.h"

namespace p2c::plugins {

class Sdg5b final : public Indicator {
 public:
  explicit Sdg5b(const Options& options);
  static std::vector<MetricInfo> metrics();
  std::vector<std::string> inputs() const override;
  void compute(const InputSet& inputs, ResultWriter& out) override;

 private:
  std::string ownership_;
  std::string sex_dimension_;
};

}  // namespace p2c::plugins
