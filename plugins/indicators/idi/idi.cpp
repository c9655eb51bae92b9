#include "idi.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "p2c/series_ops.h"

namespace p2c::plugins {
namespace {

// The ten indicators of the IDI, in the order of the report. Each is also the name of the option giving its
// input series, and the key of the `thresholds` and `goalposts` tables.
constexpr std::array<const char*, Idi::kIndicatorCount> kIndicators = {
    "internet_users", "households_internet", "mbb_subs",          "cov_3g",           "cov_4g",
    "mbb_traffic_gb", "fbb_traffic_gb",      "mobile_basket_gni", "fixed_basket_gni", "mobile_ownership",
};

constexpr p2c_option_spec options[] = {
    {"internet_users", P2C_OPTION_STRING, R"("itu.idi.internet_users")", 0,
     "Input series: individuals using the Internet, %"},
    {"households_internet", P2C_OPTION_STRING, R"("itu.idi.households_internet")", 0,
     "Input series: households with Internet access at home, %"},
    {"mbb_subs", P2C_OPTION_STRING, R"("itu.idi.mbb_subs")", 0,
     "Input series: active mobile-broadband subscriptions per 100 inhabitants"},
    {"cov_3g", P2C_OPTION_STRING, R"("itu.idi.cov_3g")", 0,
     "Input series: population covered by at least a 3G mobile network, %"},
    {"cov_4g", P2C_OPTION_STRING, R"("itu.idi.cov_4g")", 0,
     "Input series: population covered by at least a 4G/LTE mobile network, %"},
    {"mbb_traffic_gb", P2C_OPTION_STRING, R"("itu.idi.mbb_traffic_gb")", 0,
     "Input series: mobile-broadband traffic per mobile-broadband subscription, GB per year"},
    {"fbb_traffic_gb", P2C_OPTION_STRING, R"("itu.idi.fbb_traffic_gb")", 0,
     "Input series: fixed-broadband traffic per fixed-broadband subscription, GB per year"},
    {"mobile_basket_gni", P2C_OPTION_STRING, R"("itu.idi.mobile_basket_gni")", 0,
     "Input series: mobile data and voice high-consumption basket price, % of GNI per capita"},
    {"fixed_basket_gni", P2C_OPTION_STRING, R"("itu.idi.fixed_basket_gni")", 0,
     "Input series: fixed-broadband basket price, % of GNI per capita"},
    {"mobile_ownership", P2C_OPTION_STRING, R"("itu.idi.mobile_ownership")", 0,
     "Input series: individuals owning a mobile phone, %"},
    {"thresholds", P2C_OPTION_NUMBER_MAP,
     R"({internet_users = 0, households_internet = 0, mbb_subs = 0, cov_3g = 0, cov_4g = 0, mbb_traffic_gb = 0, )"
     R"(fbb_traffic_gb = 0, mobile_basket_gni = 21.33, fixed_basket_gni = 33.30, mobile_ownership = 0})",
     0,
     "Value scoring 0, per indicator (all ten); IDI 2024 values by default. A threshold above the goalpost means "
     "lower is better (prices)"},
    {"goalposts", P2C_OPTION_NUMBER_MAP,
     R"({internet_users = 95, households_internet = 95, mbb_subs = 150, cov_3g = 100, cov_4g = 100, )"
     R"(mbb_traffic_gb = 500, fbb_traffic_gb = 10000, mobile_basket_gni = 1, fixed_basket_gni = 1, )"
     R"(mobile_ownership = 95})",
     0, "Value scoring 100, per indicator (all ten); IDI 2024 values by default"},
    {"log_scale", P2C_OPTION_STRING_LIST, R"(["mbb_traffic_gb", "fbb_traffic_gb"])", 0,
     "Indicators rescaled after ln(x + 1) on value, threshold and goalpost"},
    {"coverage_weights", P2C_OPTION_NUMBER_MAP, R"({cov_3g = 0.4, cov_4g = 0.6})", 0,
     "Weights of the 3G and 4G coverage scores in the coverage score; they sum to 1"},
    {"published_score", P2C_OPTION_STRING, R"("")", 0,
     "Input series: ITU's published IDI score, written flagged imputed where the score cannot be computed because "
     "inputs are missing (ITU imputed them, unpublished); empty: not used"},
    {"published_universal", P2C_OPTION_STRING, R"("")", 0,
     "Input series: ITU's published universal connectivity score, used as published_score is; empty: not used"},
    {"published_meaningful", P2C_OPTION_STRING, R"("")", 0,
     "Input series: ITU's published meaningful connectivity score, used as published_score is; empty: not used"},
};

// The options naming ITU's published scores, and the metrics they stand in for, in the order of Idi::published_.
constexpr std::array<const char*, 3> kPublishedOptions = {"published_score", "published_universal",
                                                          "published_meaningful"};
constexpr std::array<const char*, 3> kPublishedMetrics = {"score", "universal", "meaningful"};
constexpr std::size_t kScore = 0, kUniversal = 1, kMeaningful = 2;

/// A normalised score of the index: one indicator, or the weighted coverage indicators.
struct Component {
  const char* metric;
  std::size_t first;  ///< index into kIndicators
  std::size_t count;  ///< indicators from `first` on; more than one only for coverage, weighted
  bool universal;     ///< pillar: universal connectivity, else meaningful connectivity
};

constexpr Component kComponents[] = {
    {"s_internet_users", 0, 1, true}, {"s_households_internet", 1, 1, true}, {"s_mbb_subs", 2, 1, true},
    {"s_coverage", 3, 2, false},      {"s_mbb_traffic", 5, 1, false},        {"s_fbb_traffic", 6, 1, false},
    {"s_mobile_basket", 7, 1, false}, {"s_fixed_basket", 8, 1, false},       {"s_mobile_ownership", 9, 1, false},
};
constexpr std::size_t kCoverageFirst = 3;
constexpr std::size_t kCoverageCount = 2;

template <typename Range>
std::string join(const Range& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

std::optional<std::size_t> indicator_index(std::string_view name) {
  for (std::size_t i = 0; i < kIndicators.size(); ++i)
    if (name == kIndicators[i]) return i;
  return std::nullopt;
}

/// One value per indicator from a NUMBER_MAP option that must name each indicator exactly once.
std::array<double, Idi::kIndicatorCount> per_indicator(const Options& options, const std::string& option) {
  const NumberMap& table = options.numbers(option);
  for (const auto& [name, value] : table) {
    if (!indicator_index(name))
      throw std::invalid_argument("option '" + option + "' names '" + name +
                                  "', which is not an IDI indicator (indicators: " + join(kIndicators) + ")");
    if (!std::isfinite(value))
      throw std::invalid_argument("option '" + option + "': the value of '" + name + "' is not a finite number");
  }
  std::array<double, Idi::kIndicatorCount> out{};
  std::vector<std::string> absent;
  for (std::size_t i = 0; i < kIndicators.size(); ++i) {
    if (auto it = table.find(kIndicators[i]); it != table.end())
      out[i] = it->second;
    else
      absent.emplace_back(kIndicators[i]);
  }
  if (!absent.empty())
    throw std::invalid_argument("option '" + option + "' has no value for " + join(absent) +
                                "; give one for each of the ten indicators (" + join(kIndicators) + ")");
  return out;
}

/// Whether every unusable input is absent (ITU imputed it, unpublished) rather than present but unusable.
bool only_absent(const std::set<std::size_t>& unusable, const std::array<std::string, Idi::kIndicatorCount>& problems) {
  return std::all_of(unusable.begin(), unusable.end(), [&](std::size_t i) { return problems[i].empty(); });
}

/// Why an economy has no value: inputs it lacks, grouped, then inputs it has but that cannot be scored.
std::string reason_for(const std::set<std::size_t>& unusable,
                       const std::array<std::string, Idi::kIndicatorCount>& problems) {
  std::vector<std::string> absent;
  std::vector<std::string> other;
  for (const std::size_t i : unusable) {
    if (problems[i].empty())
      absent.emplace_back(kIndicators[i]);
    else
      other.push_back(problems[i]);
  }
  std::string out;
  if (!absent.empty())
    out =
        fmt::format("no value for {} (ITU imputes {}, unpublished)", join(absent), absent.size() == 1 ? "it" : "them");
  for (const auto& problem : other) out += (out.empty() ? "" : "; ") + problem;
  return out;
}

}  // namespace

Idi::Idi(const Options& options)
    : threshold_(per_indicator(options, "thresholds")), goalpost_(per_indicator(options, "goalposts")) {
  for (std::size_t i = 0; i < kIndicators.size(); ++i) {
    series_[i] = options.string(kIndicators[i]);
    if (series_[i].empty())
      throw std::invalid_argument(std::string("option '") + kIndicators[i] + "' is empty; give the input series id");
    if (threshold_[i] == goalpost_[i])
      throw std::invalid_argument(
          fmt::format("option 'goalposts': the goalpost of '{}' equals its threshold ({}); the two must differ",
                      kIndicators[i], goalpost_[i]));
  }

  for (std::size_t p = 0; p < kPublishedCount; ++p) {
    published_[p] = options.string(kPublishedOptions[p]);
    if (published_[p].empty()) continue;
    const auto used = [&](const std::string& series) { return series == published_[p]; };
    if (std::any_of(series_.begin(), series_.end(), used) ||
        std::any_of(published_.begin(), published_.begin() + p, used))
      throw std::invalid_argument(fmt::format(
          "option '{}': the series '{}' is already an input of another option; give ITU's published {} its own series",
          kPublishedOptions[p], published_[p], kPublishedMetrics[p]));
  }

  for (const std::string& name : options.strings("log_scale")) {
    const auto i = indicator_index(name);
    if (!i)
      throw std::invalid_argument("option 'log_scale' names '" + name +
                                  "', which is not an IDI indicator (indicators: " + join(kIndicators) + ")");
    if (!(threshold_[*i] > -1) || !(goalpost_[*i] > -1))
      throw std::invalid_argument(fmt::format(
          "option 'log_scale': '{}' is log-scaled, so its threshold ({}) and goalpost ({}) must be greater than -1",
          name, threshold_[*i], goalpost_[*i]));
    log_scale_[*i] = true;
  }

  double sum = 0;
  for (const auto& [name, weight] : options.numbers("coverage_weights")) {
    const auto i = indicator_index(name);
    if (!i || *i < kCoverageFirst || *i >= kCoverageFirst + kCoverageCount)
      throw std::invalid_argument("option 'coverage_weights' names '" + name +
                                  "', which is not a coverage indicator (cov_3g, cov_4g)");
    if (!std::isfinite(weight) || weight < 0)
      throw std::invalid_argument(
          fmt::format("option 'coverage_weights': the weight of '{}' is {}; weights are 0 or more", name, weight));
    coverage_weight_[*i] = weight;
    sum += weight;
  }
  if (std::abs(sum - 1) > 1e-9)
    throw std::invalid_argument(fmt::format(
        "option 'coverage_weights': the weights sum to {}, not 1 (e.g. {{cov_3g = 0.4, cov_4g = 0.6}})", sum));
}

std::vector<MetricInfo> Idi::metrics() {
  auto metric = [](const char* name, const char* title, const char* description, FocusArea focus,
                   std::vector<std::string> wsis, std::vector<std::string> sdg) {
    MetricInfo info;
    info.name = name;
    info.title = title;
    info.unit = "score (0-100)";
    info.minimum = 0;
    info.maximum = 100;
    info.description = description;
    info.focus_area = focus;
    info.wsis_lines = std::move(wsis);
    info.sdg_indicators = std::move(sdg);
    info.direction = Direction::higher_is_better;
    info.aggregation = Aggregation::mean;  // ITU: group results are simple means of the members' scores
    return info;
  };
  return {
      metric("score", "ICT Development Index (IDI)",
             "Mean of the universal and meaningful connectivity pillars (ITU IDI 2024 method), computed from the ten "
             "indicators. Where an input is missing (ITU imputed it and does not publish it), ITU's published score, "
             "flagged imputed, when the published_score series is configured; otherwise no value.",
             FocusArea::adoption, {"C2", "C3", "C6"}, {"17.8.1", "9.c.1", "5.b.1"}),
      metric("universal", "IDI pillar: universal connectivity",
             "Mean of the Internet users, households with Internet and mobile-broadband subscription scores. Where "
             "an input is missing, ITU's published pillar score, flagged imputed, when published_universal is "
             "configured.",
             FocusArea::adoption, {"C2", "C3"}, {"17.8.1"}),
      metric("meaningful", "IDI pillar: meaningful connectivity",
             "Mean of the coverage, mobile and fixed traffic, mobile and fixed basket and mobile ownership scores. "
             "Where an input is missing, ITU's published pillar score, flagged imputed, when published_meaningful is "
             "configured.",
             FocusArea::access, {"C2", "C3", "C6"}, {"9.c.1", "5.b.1"}),
      metric("s_internet_users", "IDI score: individuals using the Internet",
             "Share of individuals using the Internet, rescaled between its threshold and goalpost.",
             FocusArea::adoption, {"C2", "C3"}, {"17.8.1"}),
      metric("s_households_internet", "IDI score: households with Internet access",
             "Share of households with Internet access at home, rescaled between its threshold and goalpost.",
             FocusArea::adoption, {"C2", "C3"}, {}),
      metric("s_mbb_subs", "IDI score: active mobile-broadband subscriptions",
             "Active mobile-broadband subscriptions per 100 inhabitants, rescaled between its threshold and goalpost.",
             FocusArea::adoption, {"C2"}, {}),
      metric("s_coverage", "IDI score: mobile network coverage",
             "Weighted mean of the 3G and 4G population coverage scores (weights from `coverage_weights`).",
             FocusArea::access, {"C2"}, {"9.c.1"}),
      metric("s_mbb_traffic", "IDI score: mobile-broadband traffic per subscription",
             "Mobile-broadband traffic per subscription, rescaled after ln(x + 1).", FocusArea::value_creation, {"C2"},
             {}),
      metric("s_fbb_traffic", "IDI score: fixed-broadband traffic per subscription",
             "Fixed-broadband traffic per subscription, rescaled after ln(x + 1).", FocusArea::value_creation, {"C2"},
             {}),
      metric("s_mobile_basket", "IDI score: mobile data and voice basket price",
             "Price of the mobile data and voice high-consumption basket as % of GNI per capita; lower prices score "
             "higher.",
             FocusArea::access, {"C6"}, {}),
      metric("s_fixed_basket", "IDI score: fixed-broadband basket price",
             "Price of the fixed-broadband basket as % of GNI per capita; lower prices score higher.",
             FocusArea::access, {"C6"}, {}),
      metric("s_mobile_ownership", "IDI score: individuals owning a mobile phone",
             "Share of individuals owning a mobile phone, rescaled between its threshold and goalpost.",
             FocusArea::adoption, {"C3"}, {"5.b.1"}),
  };
}

std::vector<std::string> Idi::inputs() const {
  std::vector<std::string> out(series_.begin(), series_.end());
  for (const std::string& series : published_)
    if (!series.empty()) out.push_back(series);
  return out;
}

void Idi::compute(const InputSet& inputs, ResultWriter& out) {
  using Key = std::pair<EntityId, std::int32_t>;
  struct Cell {
    std::optional<double> value;
    std::string problem;  ///< why a value that is present cannot be used
  };
  // Every (economy, year) any input has, with the ten values; an economy may lack some.
  std::map<Key, std::array<Cell, kIndicatorCount>> table;
  for (std::size_t i = 0; i < kIndicatorCount; ++i) {
    const Series& series = inputs.get(series_[i]);
    for (std::size_t row = 0; row < series.size(); ++row) {
      Cell& cell = table[{series.entity[row], series.year[row]}][i];
      const double value = series.value[row];
      if (cell.value && *cell.value != value)
        cell.problem = fmt::format("two different values for {} in '{}' ({} and {})", kIndicators[i], series_[i],
                                   *cell.value, value);
      else
        cell.value = value;
    }
  }

  // ITU's published scores, where configured: they stand in for what cannot be computed. Every economy-year
  // with one gets records, like one with an input.
  std::map<Key, std::array<Cell, kPublishedCount>> published;
  for (std::size_t p = 0; p < kPublishedCount; ++p) {
    if (published_[p].empty()) continue;
    const Series& series = inputs.get(published_[p]);
    for (std::size_t row = 0; row < series.size(); ++row) {
      const Key key{series.entity[row], series.year[row]};
      table[key];
      Cell& cell = published[key][p];
      const double value = series.value[row];
      if (cell.value && *cell.value != value)
        cell.problem = fmt::format("two different values for ITU's published {} in '{}' ({} and {})",
                                   kPublishedMetrics[p], published_[p], *cell.value, value);
      else
        cell.value = value;
    }
  }

  for (const auto& entry : table) {
    const Key& key = entry.first;
    const auto& cells = entry.second;
    const EntityId entity = key.first;
    const std::int32_t year = key.second;
    std::array<std::optional<double>, kIndicatorCount> score;
    std::array<std::string, kIndicatorCount> problems;  // empty for an absent value
    for (std::size_t i = 0; i < kIndicatorCount; ++i) {
      if (!cells[i].value) continue;
      if (!cells[i].problem.empty()) {
        problems[i] = cells[i].problem;
        continue;
      }
      const double value = *cells[i].value;
      score[i] =
          log_scale_[i] ? rescale_log(value, threshold_[i], goalpost_[i]) : rescale(value, threshold_[i], goalpost_[i]);
      if (!score[i])
        problems[i] = fmt::format("the value {} of {} cannot be rescaled{}", value, kIndicators[i],
                                  log_scale_[i] ? " (ln(x + 1) needs x > -1)" : "");
    }

    // Pillars: the sum of their component scores, and the inputs they lack.
    double universal_sum = 0, meaningful_sum = 0;
    std::size_t universal_count = 0, meaningful_count = 0;
    std::set<std::size_t> universal_unusable, meaningful_unusable;
    for (const Component& component : kComponents) {
      std::set<std::size_t> unusable;
      double value = 0;
      for (std::size_t i = component.first; i < component.first + component.count; ++i) {
        const double weight = component.count == 1 ? 1.0 : coverage_weight_[i];
        if (weight == 0) continue;  // not part of the method
        if (score[i])
          value += weight * *score[i];
        else
          unusable.insert(i);
      }
      if (unusable.empty()) {
        out.value(component.metric, entity, year, value);
        (component.universal ? universal_sum : meaningful_sum) += value;
        ++(component.universal ? universal_count : meaningful_count);
      } else {
        out.missing(component.metric, entity, year, reason_for(unusable, problems));
        (component.universal ? universal_unusable : meaningful_unusable).insert(unusable.begin(), unusable.end());
      }
    }

    // A pillar or the index: computed here; else ITU's published value, flagged imputed, when all that is in the way
    // are inputs ITU imputed and did not publish (an input that is present but unusable is a data problem to show,
    // not to cover); else no value and the reason.
    const auto stand_ins = published.find(key);
    const auto write = [&](std::size_t p, std::optional<double> computed, const std::set<std::size_t>& unusable) {
      const char* metric = kPublishedMetrics[p];
      if (computed) {
        out.value(metric, entity, year, *computed);
        return;
      }
      std::string reason = reason_for(unusable, problems);
      if (stand_ins != published.end()) {
        const Cell& stand_in = stand_ins->second[p];
        if (stand_in.value && stand_in.problem.empty() && only_absent(unusable, problems)) {
          out.value(metric, entity, year, *stand_in.value, flag_imputed);
          return;
        }
        if (!stand_in.problem.empty()) reason += "; " + stand_in.problem;
      }
      out.missing(metric, entity, year, reason);
    };

    std::optional<double> universal, meaningful, index;
    if (universal_unusable.empty()) universal = universal_sum / static_cast<double>(universal_count);
    if (meaningful_unusable.empty()) meaningful = meaningful_sum / static_cast<double>(meaningful_count);
    if (universal && meaningful) index = (*universal + *meaningful) / 2;
    std::set<std::size_t> unusable = universal_unusable;
    unusable.insert(meaningful_unusable.begin(), meaningful_unusable.end());
    write(kUniversal, universal, universal_unusable);
    write(kMeaningful, meaningful, meaningful_unusable);
    write(kScore, index, unusable);
  }
}

}  // namespace p2c::plugins

P2C_PLUGIN(p2c::plugins::Idi, "idi", "1.1.0",
           "ITU ICT Development Index 2024: pillar and index scores from ten indicators, method constants in options; "
           "ITU's published scores where inputs are unpublished",
           p2c::plugins::options)
