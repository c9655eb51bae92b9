// Partner2Connect focus area "access": affordability of entry-level broadband (ITU ICT price baskets), mobile
// cellular subscriptions, and access to electricity, the enabler without which there is no connectivity.
#pragma once

#include <string>
#include <vector>

#include "p2c/plugin.h"

namespace p2c::plugins {

class Access final : public Indicator {
 public:
  explicit Access(const Options& options);
  static std::vector<MetricInfo> metrics();
  std::vector<std::string> inputs() const override;
  void compute(const InputSet& inputs, ResultWriter& out) override;

 private:
  std::string mobile_basket_;
  std::string fixed_basket_;
  std::string mobile_subscriptions_;
  std::string electricity_;
};

}  // namespace p2c::plugins
