// SDG 17.8.1: proportion of individuals using the Internet, and the people it leaves offline.
#pragma once

#include "p2c/plugin.h"

namespace p2c::plugins {

class Sdg178 final : public Indicator {
 public:
  explicit Sdg178(const Options& options);
  static std::vector<MetricInfo> metrics();
  std::vector<std::string> inputs() const override;
  void compute(const InputSet& inputs, ResultWriter& out) override;

 private:
  std::string internet_users_;
  std::string population_;
  std::int32_t window_start_;
};

}  // namespace p2c::plugins
