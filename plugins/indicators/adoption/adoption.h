// Partner2Connect focus area "adoption": the gaps between having and using connectivity. Consumes the metrics of
// the SDG plugins (sdg_5_b, sdg_17_8, sdg_9_c) and computes only what they do not: the gender gap in mobile phone
// ownership in percentage points, and ITU's usage gap (covered by 3G or better but not using the Internet).
#pragma once

#include <string>
#include <vector>

#include "p2c/plugin.h"

namespace p2c::plugins {

class Adoption final : public Indicator {
 public:
  /// Throws std::invalid_argument for an empty input id, or a `metrics` list that is empty or names an unknown
  /// metric.
  explicit Adoption(const Options& options);
  static std::vector<MetricInfo> metrics();
  std::vector<std::string> inputs() const override;
  void compute(const InputSet& inputs, ResultWriter& out) override;

 private:
  std::string ownership_female_;
  std::string ownership_male_;
  std::string internet_users_;
  std::string coverage_3g_;
  bool gender_gap_ = false;
  bool usage_gap_ = false;
};

}  // namespace p2c::plugins
