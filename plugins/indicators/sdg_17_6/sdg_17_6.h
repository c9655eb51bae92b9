// SDG 17.6.1: fixed broadband subscriptions per 100 inhabitants, by speed, and the share of them at 10 Mbit/s or
// more.
#pragma once

#include "p2c/plugin.h"

namespace p2c::plugins {

class Sdg176 final : public Indicator {
 public:
  explicit Sdg176(const Options& options);
  static std::vector<MetricInfo> metrics();
  std::vector<std::string> inputs() const override;
  void compute(const InputSet& inputs, ResultWriter& out) override;

 private:
  std::string subscriptions_;
  std::string speed_dimension_;
  std::string total_label_;
  std::string fast_label_;
};

}  // namespace p2c::plugins
