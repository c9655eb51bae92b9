#include "access.h"

#include <fmt/format.h>

#include <set>
#include <stdexcept>

#include "p2c/series_ops.h"

namespace p2c::plugins {
namespace {

constexpr p2c_option_spec options[] = {
    {"mobile_broadband_basket", P2C_OPTION_STRING, R"("itu.mbb_2gb_basket")", 0,
     "Input series: price of ITU's data-only mobile broadband basket (2 GB), % of monthly GNI per capita"},
    {"fixed_broadband_basket", P2C_OPTION_STRING, R"("itu.fbb_5gb_basket")", 0,
     "Input series: price of ITU's fixed broadband basket (5 GB), % of monthly GNI per capita"},
    {"mobile_subscriptions", P2C_OPTION_STRING, R"("wb.mobile_subscriptions")", 0,
     "Input series: mobile cellular subscriptions per 100 people (WDI IT.CEL.SETS.P2)"},
    {"electricity_access", P2C_OPTION_STRING, R"("wb.electricity_access")", 0,
     "Input series: access to electricity, % of population (WDI EG.ELC.ACCS.ZS)"},
};

using Key = YearIndex::Key;

}  // namespace

Access::Access(const Options& options)
    : mobile_basket_(options.string("mobile_broadband_basket")),
      fixed_basket_(options.string("fixed_broadband_basket")),
      mobile_subscriptions_(options.string("mobile_subscriptions")),
      electricity_(options.string("electricity_access")) {
  for (const char* name :
       {"mobile_broadband_basket", "fixed_broadband_basket", "mobile_subscriptions", "electricity_access"})
    if (options.string(name).empty())
      throw std::invalid_argument(std::string("option '") + name + "' is empty; give the input series id");
}

std::vector<MetricInfo> Access::metrics() {
  MetricInfo mobile;
  mobile.name = "mobile_broadband_price";
  mobile.title = "Price of entry-level mobile broadband (data-only 2 GB basket)";
  mobile.unit = "% of GNI per capita";
  mobile.minimum = 0;  // a price can exceed a month's income: no maximum
  mobile.description =
      "Price of ITU's data-only mobile broadband basket (2 GB a month), as % of monthly GNI per capita; 2025 "
      "values are ITU's experimental 2025 collection of the same basket. Target: entry-level broadband below 2 % "
      "of monthly GNI per capita (Broadband Commission advocacy target 2, taken up in ITU's Universal and "
      "Meaningful Connectivity targets), dated 2030: the UMC targets are set for 2030 and apply to every economy, "
      "while the Commission's own deadline (2025, developing countries) has passed. A price at the target counts "
      "as meeting it. Groups: % of members with a value that meet the target. SDG target 9.c (universal and "
      "affordable access); no SDG indicator measures prices.";
  mobile.focus_area = FocusArea::access;
  mobile.wsis_lines = {"C2"};
  mobile.direction = Direction::lower_is_better;
  mobile.target = 2;
  mobile.target_year = 2030;
  mobile.aggregation = Aggregation::share_meeting_target;

  MetricInfo fixed = mobile;
  fixed.name = "fixed_broadband_price";
  fixed.title = "Price of entry-level fixed broadband (5 GB basket)";
  fixed.description =
      "Price of ITU's fixed broadband basket (at least 5 GB a month), as % of monthly GNI per capita. Target: "
      "below 2 % of monthly GNI per capita by 2030, as for mobile broadband (the affordability target covers "
      "entry-level broadband, fixed or mobile). Groups: % of members with a value that meet the target.";

  MetricInfo subscriptions;
  subscriptions.name = "mobile_subscriptions";
  subscriptions.title = "Mobile cellular subscriptions per 100 people";
  subscriptions.unit = "per 100 people";
  subscriptions.minimum = 0;
  subscriptions.description =
      "Subscriptions to a public mobile telephone service per 100 people (ITU, via World Bank WDI IT.CEL.SETS.P2). "
      "Counts SIM cards, not people: above 100 is common and does not mean everyone is covered. No target. "
      "Groups: population-weighted mean, the group's own rate.";
  subscriptions.focus_area = FocusArea::access;
  subscriptions.wsis_lines = {"C2"};
  subscriptions.aggregation = Aggregation::population_weighted_mean;

  MetricInfo electricity;
  electricity.name = "electricity_access";
  electricity.title = "Access to electricity";
  make_share(electricity);
  electricity.description =
      "Share of the population with access to electricity (World Bank WDI EG.ELC.ACCS.ZS), an enabler of "
      "connectivity. Target: universal access (100 %) by 2030, SDG target 7.1.";
  electricity.focus_area = FocusArea::access;
  electricity.wsis_lines = {"C2"};
  electricity.sdg_indicators = {"7.1.1"};
  electricity.target = 100;
  electricity.target_year = 2030;
  electricity.aggregation = Aggregation::population_weighted_mean;
  return {mobile, fixed, subscriptions, electricity};
}

std::vector<std::string> Access::inputs() const {
  return {mobile_basket_, fixed_basket_, mobile_subscriptions_, electricity_};
}

void Access::compute(const InputSet& inputs, ResultWriter& out) {
  // Prices: every (economy, year) with either basket gets a record for both, a value or the reason for none.
  struct Basket {
    const char* metric;
    const char* name;
    const std::string& series_id;
    YearIndex values;
  };
  const Basket baskets[] = {
      {"mobile_broadband_price", "data-only mobile broadband (2 GB)", mobile_basket_,
       YearIndex(inputs.get(mobile_basket_), inputs)},
      {"fixed_broadband_price", "fixed broadband (5 GB)", fixed_basket_, YearIndex(inputs.get(fixed_basket_), inputs)},
  };
  std::set<Key> keys;
  for (const Basket& basket : baskets)
    for (const auto& [key, value] : basket.values.values()) keys.insert(key);
  for (const auto& [entity, year] : keys) {
    for (const Basket& basket : baskets) {
      const auto price = basket.values.find(entity, year);
      if (!price)
        out.missing(basket.metric, entity, year,
                    fmt::format("no {} basket price in '{}' for {}", basket.name, basket.series_id, year));
      else if (*price < 0)
        out.missing(basket.metric, entity, year, fmt::format("input value {} is negative: not a price", *price));
      else
        out.value(basket.metric, entity, year, *price);
    }
  }

  const YearIndex subscriptions(inputs.get(mobile_subscriptions_), inputs);
  for (const auto& [key, value] : subscriptions.values())
    value_or_missing(out, "mobile_subscriptions", key.first, key.second, value, negative(value));

  const YearIndex electricity(inputs.get(electricity_), inputs);
  for (const auto& [key, value] : electricity.values())
    value_or_missing(out, "electricity_access", key.first, key.second, value, outside_share(value));
}

}  // namespace p2c::plugins

P2C_PLUGIN(p2c::plugins::Access, "access", "1.0.0",
           "Focus area access: affordability of entry-level broadband, mobile subscriptions, access to electricity",
           p2c::plugins::options)
