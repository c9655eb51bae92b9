// Partner2Connect focus area "investment acceleration": investment in telecoms with private participation, in
// total and per person.
#pragma once

#include <string>
#include <vector>

#include "p2c/plugin.h"

namespace p2c::plugins {

class Investment final : public Indicator {
 public:
  explicit Investment(const Options& options);
  static std::vector<MetricInfo> metrics();
  std::vector<std::string> inputs() const override;
  void compute(const InputSet& inputs, ResultWriter& out) override;

 private:
  std::string investment_;
  std::string population_;
};

}  // namespace p2c::plugins
