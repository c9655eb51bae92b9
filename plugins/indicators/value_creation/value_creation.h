// Partner2Connect focus area "value creation": local digital services people can trust, measured by secure
// Internet servers per million people.
#pragma once

#include <string>
#include <vector>

#include "p2c/plugin.h"

namespace p2c::plugins {

class ValueCreation final : public Indicator {
 public:
  explicit ValueCreation(const Options& options);
  static std::vector<MetricInfo> metrics();
  std::vector<std::string> inputs() const override;
  void compute(const InputSet& inputs, ResultWriter& out) override;

 private:
  std::string secure_servers_;
};

}  // namespace p2c::plugins
