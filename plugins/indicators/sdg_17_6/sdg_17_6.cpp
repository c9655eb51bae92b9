#include "sdg_17_6.h"

#include <fmt/format.h>

#include <optional>
#include <set>
#include <stdexcept>

#include "p2c/series_ops.h"

namespace p2c::plugins {
namespace {

constexpr p2c_option_spec options[] = {
    {"subscriptions", P2C_OPTION_STRING, R"("unsdg.it_net_bbp")", 0,
     "Input series: fixed broadband subscriptions per 100 inhabitants by speed (UN SDG IT_NET_BBP), with the speed "
     "dimension kept (csv source option `dimensions = [\"type_of_speed\"]`)"},
    {"speed_dimension", P2C_OPTION_STRING, R"("type_of_speed")", 0, "Dimension of the input that holds the speed tier"},
    {"total_label", P2C_OPTION_STRING, R"("anys")", 0,
     "Label of the all-speeds total (the UN SDG DDF files write \"anys\", not \"anyspeed\")"},
    {"fast_label", P2C_OPTION_STRING, R"("10mbps")", 0, "Label of subscriptions at 10 Mbit/s or more"},
};

}  // namespace

Sdg176::Sdg176(const Options& options)
    : subscriptions_(options.string("subscriptions")),
      speed_dimension_(options.string("speed_dimension")),
      total_label_(options.string("total_label")),
      fast_label_(options.string("fast_label")) {
  if (total_label_ == fast_label_)
    throw std::invalid_argument("options 'total_label' and 'fast_label' must differ, both are '" + total_label_ + "'");
}

std::vector<MetricInfo> Sdg176::metrics() {
  MetricInfo total;
  total.name = "subscriptions";
  total.title = "Fixed broadband subscriptions per 100 inhabitants";
  total.unit = "per 100 people";
  total.minimum = 0;
  total.description =
      "Fixed broadband subscriptions at any advertised download speed of 256 kbit/s or more, per 100 "
      "inhabitants (speed tier 'anys' of the UN SDG series IT_NET_BBP).";
  total.focus_area = FocusArea::access;
  total.wsis_lines = {"C2"};
  total.sdg_indicators = {"17.6.1"};
  total.aggregation = Aggregation::population_weighted_mean;  // a rate per person: weighting gives the group's rate

  MetricInfo fast = total;
  fast.name = "subscriptions_10mbps";
  fast.title = "Fixed broadband subscriptions at 10 Mbit/s or more per 100 inhabitants";
  fast.description =
      "Fixed broadband subscriptions with an advertised download speed of 10 Mbit/s or more, per 100 "
      "inhabitants (speed tier '10mbps' of the UN SDG series IT_NET_BBP).";

  MetricInfo share;
  share.name = "share_10mbps";
  share.title = "Share of fixed broadband subscriptions at 10 Mbit/s or more";
  make_share(share);
  share.description =
      "Subscriptions at 10 Mbit/s or more as a share of all fixed broadband subscriptions (10mbps / anys x 100). "
      "Missing, with the reason, when the total is absent or 0, or when the source reports more fast subscriptions "
      "than subscriptions in total. Target: ITU's Universal and Meaningful Connectivity target that all fixed "
      "broadband subscriptions be 10 Mbit/s or faster by 2030. Groups: simple mean of the members' shares (a share "
      "of subscriptions, not of people).";
  share.focus_area = FocusArea::access;
  share.wsis_lines = {"C2"};
  share.sdg_indicators = {"17.6.1"};
  share.target = 100;
  share.aggregation = Aggregation::mean;
  return {total, fast, share};
}

std::vector<std::string> Sdg176::inputs() const { return {subscriptions_}; }

void Sdg176::compute(const InputSet& inputs, ResultWriter& out) {
  const Series& series = inputs.get(subscriptions_);
  const std::string total_what = fmt::format("{} = {}", speed_dimension_, total_label_);
  const std::string fast_what = fmt::format("{} = {}", speed_dimension_, fast_label_);
  const YearIndex total(select(series, inputs, speed_dimension_, total_label_), inputs,
                        fmt::format("series '{}' ({})", subscriptions_, total_what));
  const YearIndex fast(select(series, inputs, speed_dimension_, fast_label_), inputs,
                       fmt::format("series '{}' ({})", subscriptions_, fast_what));

  std::set<YearIndex::Key> keys;
  for (const auto& [key, value] : total.values()) keys.insert(key);
  for (const auto& [key, value] : fast.values()) keys.insert(key);

  for (const auto& [entity, year] : keys) {
    const std::optional<double> all = total.find(entity, year);
    const std::optional<double> ten = fast.find(entity, year);
    const std::string no_total = fmt::format("no total subscriptions ({}) for {}", total_what, year);
    const std::string no_fast = fmt::format("no subscriptions at 10 Mbit/s or more ({}) for {}", fast_what, year);
    const bool all_valid = all && *all >= 0;
    const bool ten_valid = ten && *ten >= 0;

    if (!all)
      out.missing("subscriptions", entity, year, no_total);
    else if (!all_valid)
      out.missing("subscriptions", entity, year, fmt::format("input value {} is negative", *all));
    else
      out.value("subscriptions", entity, year, *all);

    if (!ten)
      out.missing("subscriptions_10mbps", entity, year, no_fast);
    else if (!ten_valid)
      out.missing("subscriptions_10mbps", entity, year, fmt::format("input value {} is negative", *ten));
    else
      out.value("subscriptions_10mbps", entity, year, *ten);

    if (!all) {
      out.missing("share_10mbps", entity, year, no_total);
    } else if (!ten) {
      out.missing("share_10mbps", entity, year, no_fast);
    } else if (!all_valid || !ten_valid) {
      out.missing("share_10mbps", entity, year, fmt::format("input value {} is negative", all_valid ? *ten : *all));
    } else if (const auto ratio = safe_divide(*ten, *all); !ratio) {
      out.missing("share_10mbps", entity, year,
                  fmt::format("total subscriptions ({}) are 0 in {}: no share to compute", total_what, year));
    } else if (*ratio > 1) {
      out.missing("share_10mbps", entity, year,
                  fmt::format("inconsistent input: {} subscriptions at 10 Mbit/s or more per 100 inhabitants exceed "
                              "the total of {}",
                              *ten, *all));
    } else {
      out.value("share_10mbps", entity, year, *ratio * 100);
    }
  }
}

}  // namespace p2c::plugins

P2C_PLUGIN(p2c::plugins::Sdg176, "sdg_17_6", "1.0.0",
           "SDG 17.6.1: fixed broadband subscriptions per 100 inhabitants by speed, share at 10 Mbit/s or more",
           p2c::plugins::options)
