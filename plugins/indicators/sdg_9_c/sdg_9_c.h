// SDG 9.c.1: proportion of the population covered by a mobile network, by technology (2G, 3G, 4G).
#pragma once

#include "p2c/plugin.h"

namespace p2c::plugins {

class Sdg9c final : public Indicator {
 public:
  explicit Sdg9c(const Options& options);
  static std::vector<MetricInfo> metrics();
  std::vector<std::string> inputs() const override;
  void compute(const InputSet& inputs, ResultWriter& out) override;

 private:
  std::string coverage_2g_;
  std::string coverage_3g_;
  std::string coverage_4g_;
};

}  // namespace p2c::plugins
