#include "umc.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "p2c/series_ops.h"

namespace p2c::plugins {
namespace {

/// A UMC target the bundled data measures. `name` is also the option naming its input metric and the key of the
/// `targets` table; the metrics are `score_<name>` and `band_<name>`.
struct Dimension {
  const char* name;
  const char* input;  ///< default input metric
  bool lower_is_better;
  const char* title;
  const char* target_text;  ///< the 2030 target in words
  FocusArea focus_area;
  std::vector<std::string> wsis;
  std::vector<std::string> sdg;
};

const std::array<Dimension, Umc::kDimensionCount>& dimensions() {
  static const std::array<Dimension, Umc::kDimensionCount> list{{
      {"internet_use",
       "sdg_17_8.internet_users",
       false,
       "Internet use",
       "universal Internet use: 100 % of individuals use the Internet (default target 100)",
       FocusArea::adoption,
       {"C2", "C3"},
       {"17.8.1"}},
      {"mobile_ownership",
       "sdg_5_b.ownership",
       false,
       "mobile phone ownership",
       "every individual owns a mobile phone: 100 % (default target 100)",
       FocusArea::adoption,
       {"C2", "C3"},
       {"5.b.1"}},
      {"ownership_gender_parity",
       "sdg_5_b.gender_parity",
       false,
       "gender parity of mobile phone ownership",
       "gender parity in mobile phone ownership: a female-to-male ratio of 1 (default target 1; above 1 scores "
       "100)",
       FocusArea::adoption,
       {"C2", "C3"},
       {"5.b.1"}},
      {"coverage_4g",
       "sdg_9_c.coverage_4g",
       false,
       "4G mobile network coverage",
       "universal 4G coverage: 100 % of the population within range of a 4G network (default target 100)",
       FocusArea::access,
       {"C2"},
       {"9.c.1"}},
      {"mobile_broadband_affordability",
       "access.mobile_broadband_price",
       true,
       "affordability of entry-level mobile broadband",
       "entry-level broadband below 2 % of monthly GNI per capita (default target 2; lower is better, so the score "
       "is target / price x 100)",
       FocusArea::access,
       {"C2"},
       {}},
      {"fixed_broadband_speed",
       "sdg_17_6.share_10mbps",
       false,
       "fixed broadband subscriptions at 10 Mbit/s or more",
       "every fixed broadband subscription at 10 Mbit/s or more: 100 % (default target 100)",
       FocusArea::access,
       {"C2"},
       {"17.6.1"}},
  }};
  return list;
}

constexpr std::array<const char*, Umc::kBandCount> kBands = {"limited", "satisfactory", "advanced", "target_met"};
constexpr std::array<const char*, Umc::kBandCount> kBandWords = {"limited", "satisfactory", "advanced", "target met"};

constexpr p2c_option_spec options[] = {
    {"internet_use", P2C_OPTION_STRING, R"("sdg_17_8.internet_users")", 0,
     "Input metric: individuals using the Internet, %"},
    {"mobile_ownership", P2C_OPTION_STRING, R"("sdg_5_b.ownership")", 0,
     "Input metric: individuals who own a mobile phone, %"},
    {"ownership_gender_parity", P2C_OPTION_STRING, R"("sdg_5_b.gender_parity")", 0,
     "Input metric: female-to-male ratio of mobile phone ownership"},
    {"coverage_4g", P2C_OPTION_STRING, R"("sdg_9_c.coverage_4g")", 0,
     "Input metric: population covered by a 4G mobile network, %"},
    {"mobile_broadband_affordability", P2C_OPTION_STRING, R"("access.mobile_broadband_price")", 0,
     "Input metric: price of entry-level mobile broadband, % of monthly GNI per capita (lower is better)"},
    {"fixed_broadband_speed", P2C_OPTION_STRING, R"("sdg_17_6.share_10mbps")", 0,
     "Input metric: share of fixed broadband subscriptions at 10 Mbit/s or more, %"},
    {"dimensions", P2C_OPTION_STRING_LIST,
     R"(["internet_use", "mobile_ownership", "ownership_gender_parity", "coverage_4g", )"
     R"("mobile_broadband_affordability", "fixed_broadband_speed"])",
     0, "Dimensions to score; only their inputs are required (leave out one whose input plugin is not configured)"},
    {"targets", P2C_OPTION_NUMBER_MAP,
     R"({internet_use = 100, mobile_ownership = 100, ownership_gender_parity = 1, coverage_4g = 100, )"
     R"(mobile_broadband_affordability = 2, fixed_broadband_speed = 100})",
     0,
     "UMC 2030 target per dimension (positive numbers); the score is value / target x 100, or target / value x "
     "100 for the price, capped at 100"},
    {"bands", P2C_OPTION_NUMBER_MAP, R"({limited = 0, satisfactory = 50, advanced = 75, target_met = 95})", 0,
     "Lowest score of each band (rising, between 0 and 100): limited, satisfactory, advanced, target_met"},
};

template <typename Range>
std::string join(const Range& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

std::vector<std::string> dimension_names() {
  std::vector<std::string> names;
  for (const Dimension& d : dimensions()) names.emplace_back(d.name);
  return names;
}

std::optional<std::size_t> dimension_index(std::string_view name) {
  for (std::size_t i = 0; i < dimensions().size(); ++i)
    if (name == dimensions()[i].name) return i;
  return std::nullopt;
}

std::string band_unit() {
  std::string unit = "band (";
  for (std::size_t b = 0; b < kBandWords.size(); ++b)
    unit += fmt::format("{}{} {}", b ? ", " : "", b + 1, kBandWords[b]);
  return unit + ")";
}

}  // namespace

Umc::Umc(const Options& options) {
  for (std::size_t i = 0; i < dimensions().size(); ++i) {
    input_[i] = options.string(dimensions()[i].name);
    if (input_[i].empty())
      throw std::invalid_argument(std::string("option '") + dimensions()[i].name +
                                  "' is empty; give the input metric id");
  }

  for (const std::string& name : options.strings("dimensions")) {
    const auto i = dimension_index(name);
    if (!i)
      throw std::invalid_argument(
          "option 'dimensions' names '" + name +
          "', which is not a UMC dimension of this plugin (dimensions: " + join(dimension_names()) + ")");
    if (enabled_[*i]) throw std::invalid_argument("option 'dimensions' names '" + name + "' twice");
    enabled_[*i] = true;
  }
  if (std::none_of(enabled_.begin(), enabled_.end(), [](bool on) { return on; }))
    throw std::invalid_argument("option 'dimensions' is empty; list at least one of " + join(dimension_names()));

  const NumberMap& targets = options.numbers("targets");
  for (const auto& [name, value] : targets) {
    if (!dimension_index(name))
      throw std::invalid_argument(
          "option 'targets' names '" + name +
          "', which is not a UMC dimension of this plugin (dimensions: " + join(dimension_names()) + ")");
    if (!std::isfinite(value) || value <= 0)
      throw std::invalid_argument(
          fmt::format("option 'targets': the target of '{}' is {}; targets are positive numbers", name, value));
  }
  for (std::size_t i = 0; i < dimensions().size(); ++i) {
    const auto it = targets.find(dimensions()[i].name);
    if (it != targets.end())
      target_[i] = it->second;
    else if (enabled_[i])
      throw std::invalid_argument(std::string("option 'targets' has no target for '") + dimensions()[i].name +
                                  "', which option 'dimensions' lists");
  }

  const NumberMap& bands = options.numbers("bands");
  for (const auto& [name, value] : bands) {
    if (std::find_if(kBands.begin(), kBands.end(), [&](const char* band) { return name == band; }) == kBands.end())
      throw std::invalid_argument("option 'bands' names '" + name + "', which is not a band (bands: " + join(kBands) +
                                  ")");
    if (!std::isfinite(value))
      throw std::invalid_argument("option 'bands': the edge of '" + name + "' is not a finite number");
  }
  for (std::size_t b = 0; b < kBands.size(); ++b) {
    const auto it = bands.find(kBands[b]);
    if (it == bands.end())
      throw std::invalid_argument(std::string("option 'bands' has no edge for '") + kBands[b] +
                                  "'; give the lowest score of each band (" + join(kBands) + ")");
    band_edge_[b] = it->second;
  }
  if (band_edge_.front() < 0 || band_edge_.back() > 100)
    throw std::invalid_argument(
        fmt::format("option 'bands': the edges must lie within 0-100 (limited = {}, "
                    "target_met = {})",
                    band_edge_.front(), band_edge_.back()));
  for (std::size_t b = 1; b < kBands.size(); ++b)
    if (!(band_edge_[b] > band_edge_[b - 1]))
      throw std::invalid_argument(fmt::format("option 'bands': the edge of '{}' ({}) must be above that of '{}' ({})",
                                              kBands[b], band_edge_[b], kBands[b - 1], band_edge_[b - 1]));
}

std::vector<MetricInfo> Umc::metrics() {
  std::vector<MetricInfo> out;
  for (const Dimension& d : dimensions()) {
    MetricInfo score;
    score.name = std::string("score_") + d.name;
    score.title = std::string("UMC 2030 progress score: ") + d.title;
    score.unit = "score (0-100)";
    score.minimum = 0;
    score.maximum = 100;
    score.description = fmt::format(
        "Progress toward ITU's Universal and Meaningful Connectivity 2030 target for {}: {}. Input: the metric "
        "named by option '{}' (default {}), never recomputed here. Score = {}, capped at 100; 100 means the target "
        "is reached. No target of its own (the host assesses progress on the input metric). Groups: simple mean "
        "of the members' scores.",
        d.title, d.target_text, d.name, d.input,
        d.lower_is_better ? "target / value x 100 (values of 0 or less cannot be scored)"
                          : "value / target x 100 (negative values cannot be scored)");
    score.focus_area = d.focus_area;
    score.wsis_lines = d.wsis;
    score.sdg_indicators = d.sdg;
    score.aggregation = Aggregation::mean;

    MetricInfo band = score;
    band.name = std::string("band_") + d.name;
    band.title = std::string("UMC 2030 progress band: ") + d.title;
    band.unit = band_unit();
    band.growth_rate = false;  // an ordered level, not a quantity
    band.minimum = 1;
    band.maximum = static_cast<double>(kBandWords.size());
    band.description = fmt::format(
        "The band of score_{}: 1 limited, 2 satisfactory, 3 advanced, 4 target met, from the `bands` option "
        "(by default 0-50 limited, 50-75 satisfactory, 75-95 advanced, 95 and over target met; a score on an edge "
        "belongs to the upper band). A code, not a quantity: no group value.",
        d.name);
    band.aggregation = Aggregation::none;
    out.push_back(std::move(score));
    out.push_back(std::move(band));
  }
  return out;
}

std::vector<std::string> Umc::inputs() const {
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < dimensions().size(); ++i)
    if (enabled_[i]) ids.push_back(input_[i]);
  return ids;
}

void Umc::compute(const InputSet& inputs, ResultWriter& out) {
  for (std::size_t i = 0; i < dimensions().size(); ++i) {
    if (!enabled_[i]) continue;
    const Dimension& d = dimensions()[i];
    const std::string score_metric = std::string("score_") + d.name;
    const std::string band_metric = std::string("band_") + d.name;
    const double target = target_[i];

    const YearIndex values(inputs.get(input_[i]), inputs);
    for (const auto& [key, value] : values.values()) {
      const auto [entity, year] = key;
      std::optional<double> score;
      std::string reason;
      if (d.lower_is_better) {
        if (value > 0)
          score = std::min(100.0, target * 100 / value);
        else
          reason = fmt::format(
              "input value {} cannot be scored: lower is better and the score is target / value, "
              "which needs a value above 0",
              value);
      } else {
        if (value >= 0)
          score = std::min(100.0, value * 100 / target);
        else
          reason = fmt::format("input value {} is negative", value);
      }
      if (!score || !std::isfinite(*score)) {
        if (reason.empty()) reason = fmt::format("input value {} gives no finite score", value);
        out.missing(score_metric, entity, year, reason);
        out.missing(band_metric, entity, year, reason);
        continue;
      }
      out.value(score_metric, entity, year, *score);
      if (*score < band_edge_.front()) {
        out.missing(band_metric, entity, year,
                    fmt::format("score {} is below the lowest band edge (limited = {})", *score, band_edge_.front()));
        continue;
      }
      std::size_t band = 1;
      for (std::size_t b = 1; b < band_edge_.size(); ++b)
        if (*score >= band_edge_[b]) band = b + 1;
      out.value(band_metric, entity, year, static_cast<double>(band));
    }
  }
}

}  // namespace p2c::plugins

P2C_PLUGIN(p2c::plugins::Umc, "umc", "1.0.0",
           "ITU Universal and Meaningful Connectivity 2030 targets: progress scores 0-100 and bands, from other "
           "plugins' metrics",
           p2c::plugins::options)
