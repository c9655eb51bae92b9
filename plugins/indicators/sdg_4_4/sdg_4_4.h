// SDG 4.4.1: proportion of youth and adults with information and communications technology (ICT) skills, one
// metric per type of skill.
#pragma once

#include "p2c/plugin.h"

namespace p2c::plugins {

class Sdg44 final : public Indicator {
 public:
  explicit Sdg44(const Options& options);
  static std::vector<MetricInfo> metrics();
  std::vector<std::string> inputs() const override;
  void compute(const InputSet& inputs, ResultWriter& out) override;

 private:
  std::string skills_;
  std::string skill_dimension_;
};

}  // namespace p2c::plugins
