#include "adoption.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "p2c/series_ops.h"

namespace p2c::plugins {
namespace {

constexpr const char* kGenderGap = "ownership_gender_gap";
constexpr const char* kUsageGap = "usage_gap";

constexpr p2c_option_spec options[] = {
    {"ownership_female", P2C_OPTION_STRING, R"("sdg_5_b.ownership_female")", 0,
     "Input metric: % of women who own a mobile phone"},
    {"ownership_male", P2C_OPTION_STRING, R"("sdg_5_b.ownership_male")", 0,
     "Input metric: % of men who own a mobile phone"},
    {"internet_users", P2C_OPTION_STRING, R"("sdg_17_8.internet_users")", 0,
     "Input metric: % of individuals using the Internet"},
    {"coverage_3g", P2C_OPTION_STRING, R"("sdg_9_c.coverage_3g")", 0,
     "Input metric: % of population covered by at least a 3G mobile network"},
    {"metrics", P2C_OPTION_STRING_LIST, R"(["ownership_gender_gap", "usage_gap"])", 0,
     "Metrics to compute; only their inputs are required (e.g. [\"usage_gap\"] in a run without sdg_5_b)"},
};

using Key = YearIndex::Key;

std::string require_id(const Options& options, const char* name) {
  std::string id = options.string(name);
  if (id.empty()) throw std::invalid_argument(std::string("option '") + name + "' is empty; give the input metric id");
  return id;
}

}  // namespace

Adoption::Adoption(const Options& options)
    : ownership_female_(require_id(options, "ownership_female")),
      ownership_male_(require_id(options, "ownership_male")),
      internet_users_(require_id(options, "internet_users")),
      coverage_3g_(require_id(options, "coverage_3g")) {
  for (const std::string& name : options.strings("metrics")) {
    if (name == kGenderGap)
      gender_gap_ = true;
    else if (name == kUsageGap)
      usage_gap_ = true;
    else
      throw std::invalid_argument("option 'metrics' names '" + name + "', which is not a metric of this plugin (" +
                                  kGenderGap + ", " + kUsageGap + ")");
  }
  if (!gender_gap_ && !usage_gap_)
    throw std::invalid_argument(std::string("option 'metrics' is empty; list ") + kGenderGap + ", " + kUsageGap +
                                " or both");
}

std::vector<MetricInfo> Adoption::metrics() {
  MetricInfo gender;
  gender.name = kGenderGap;
  gender.title = "Gender gap in mobile phone ownership";
  gender.unit = "pp";
  gender.minimum = -100;
  gender.maximum = 100;
  gender.growth_rate = false;  // a signed difference: a ratio of two gaps means nothing
  gender.description =
      "Share of men minus share of women who own a mobile phone (sdg_5_b.ownership_male - "
      "sdg_5_b.ownership_female), in percentage points; negative when women are ahead. The ratio of the two is "
      "sdg_5_b.gender_parity and is not repeated here. Target: no gap (0) by 2030, ITU's gender parity target "
      "stated as a difference; a negative gap meets it. Groups: simple mean of the members' gaps (a difference of "
      "two shares of different populations is not weighted by total population).";
  gender.focus_area = FocusArea::adoption;
  gender.wsis_lines = {"C3", "C4"};
  gender.sdg_indicators = {"5.b.1"};
  gender.direction = Direction::lower_is_better;
  gender.target = 0;
  gender.target_year = 2030;
  gender.aggregation = Aggregation::mean;

  MetricInfo usage;
  usage.name = kUsageGap;
  usage.title = "Usage gap: covered by at least 3G but not using the Internet";
  usage.unit = "pp";
  usage.minimum = 0;
  usage.maximum = 100;
  usage.growth_rate = false;
  usage.description =
      "ITU's usage gap: share of the population covered by at least a 3G mobile network minus the share of "
      "individuals using the Internet (sdg_9_c.coverage_3g - sdg_17_8.internet_users), floored at 0 where more "
      "people use the Internet than 3G covers (fixed or 2G users, or the two sources' different estimates). One "
      "record per economy and year with 3G coverage. No target of its own: it closes when Internet use reaches "
      "its 100 % target. Groups: population-weighted mean, the gap of the group's population.";
  usage.focus_area = FocusArea::adoption;
  usage.wsis_lines = {"C3", "C4"};
  usage.sdg_indicators = {"9.c.1", "17.8.1"};
  usage.direction = Direction::lower_is_better;
  usage.aggregation = Aggregation::population_weighted_mean;
  return {gender, usage};
}

std::vector<std::string> Adoption::inputs() const {
  std::vector<std::string> ids;
  if (gender_gap_) ids.insert(ids.end(), {ownership_female_, ownership_male_});
  if (usage_gap_) ids.insert(ids.end(), {internet_users_, coverage_3g_});
  return ids;
}

void Adoption::compute(const InputSet& inputs, ResultWriter& out) {
  if (gender_gap_) {
    const YearIndex female(inputs.get(ownership_female_), inputs);
    const YearIndex male(inputs.get(ownership_male_), inputs);
    std::set<Key> keys;
    for (const YearIndex* index : {&female, &male})
      for (const auto& [key, value] : index->values()) keys.insert(key);
    for (const auto& [entity, year] : keys) {
      const auto f = female.find(entity, year);
      const auto m = male.find(entity, year);
      if (!f || !m)
        out.missing(kGenderGap, entity, year,
                    fmt::format("no value of '{}' for {}", !f ? ownership_female_ : ownership_male_, year));
      else
        out.value(kGenderGap, entity, year, *m - *f);
    }
  }

  if (usage_gap_) {
    const YearIndex users(inputs.get(internet_users_), inputs);
    const YearIndex coverage(inputs.get(coverage_3g_), inputs);
    for (const auto& [key, covered] : coverage.values()) {
      const auto [entity, year] = key;
      if (const auto used = users.find(entity, year))
        out.value(kUsageGap, entity, year, std::max(0.0, covered - *used));
      else
        out.missing(kUsageGap, entity, year, fmt::format("no value of '{}' for {}", internet_users_, year));
    }
  }
}

}  // namespace p2c::plugins

P2C_PLUGIN(p2c::plugins::Adoption, "adoption", "1.1.0",
           "Focus area adoption: gender gap in mobile phone ownership and the usage gap, from the SDG plugins' metrics",
           p2c::plugins::options)
