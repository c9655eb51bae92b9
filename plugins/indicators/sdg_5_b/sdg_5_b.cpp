#include "sdg_5_b.h"

#include <fmt/format.h>

#include <optional>
#include <set>

#include "p2c/series_ops.h"

namespace p2c::plugins {
namespace {

constexpr p2c_option_spec options[] = {
    {"ownership", P2C_OPTION_STRING, R"("unsdg.it_mob_own")", 0,
     "Input series: % of individuals who own a mobile phone, by sex (UN SDG IT_MOB_OWN), with the sex dimension "
     "kept (csv source option `dimensions = [\"sex\"]`; labels bothsex, female, male)"},
    {"sex_dimension", P2C_OPTION_STRING, R"("sex")", 0, "Dimension of the input that holds the sex"},
};

constexpr const char* kTotal = "bothsex";
constexpr const char* kFemale = "female";
constexpr const char* kMale = "male";

bool is_share(double value) { return value >= 0 && value <= 100; }

}  // namespace

Sdg5b::Sdg5b(const Options& options)
    : ownership_(options.string("ownership")), sex_dimension_(options.string("sex_dimension")) {}

std::vector<MetricInfo> Sdg5b::metrics() {
  MetricInfo total;
  total.name = "ownership";
  total.title = "Individuals who own a mobile phone";
  make_share(total);
  total.description =
      "Share of individuals who own a mobile phone (sex = bothsex). Target: ITU's Universal and Meaningful "
      "Connectivity target that every individual (aged 15 and over in ITU's wording; SDG 5.b.1 counts from age 10) "
      "owns a mobile phone by 2030, i.e. 100 %.";
  total.focus_area = FocusArea::adoption;
  total.wsis_lines = {"C2", "C3"};
  total.sdg_indicators = {"5.b.1"};
  total.target = 100;
  total.aggregation = Aggregation::population_weighted_mean;

  MetricInfo female = total;
  female.name = "ownership_female";
  female.title = "Women who own a mobile phone";
  female.description =
      "Share of women and girls who own a mobile phone (sex = female). Target: 100 %, as for all "
      "individuals.";

  MetricInfo male = total;
  male.name = "ownership_male";
  male.title = "Men who own a mobile phone";
  male.description =
      "Share of men and boys who own a mobile phone (sex = male). Target: 100 %, as for all "
      "individuals.";

  MetricInfo parity;
  parity.name = "gender_parity";
  parity.title = "Gender parity score of mobile phone ownership";
  parity.unit = "ratio";
  parity.minimum = 0;
  parity.description =
      "Female share divided by male share of individuals who own a mobile phone; 1 is parity, below 1 women are "
      "behind. ITU reads 0.98 to 1.02 as parity. Target: gender parity (1) by 2030, from ITU's Universal and "
      "Meaningful Connectivity targets; a value above 1 counts as having reached it. Missing, with the reason, when "
      "either sex has no value, a value outside 0-100 %, or the male share is 0. Groups: simple mean of the members' "
      "ratios.";
  parity.focus_area = FocusArea::adoption;
  parity.wsis_lines = {"C2", "C3"};
  parity.sdg_indicators = {"5.b.1"};
  parity.target = 1;
  parity.aggregation = Aggregation::mean;
  return {total, female, male, parity};
}

std::vector<std::string> Sdg5b::inputs() const { return {ownership_}; }

void Sdg5b::compute(const InputSet& inputs, ResultWriter& out) {
  const Series& series = inputs.get(ownership_);
  auto by_sex = [&](const char* label) {
    return YearIndex(select(series, inputs, sex_dimension_, label), inputs,
                     fmt::format("series '{}' ({} = {})", ownership_, sex_dimension_, label));
  };
  const auto total = by_sex(kTotal);
  const auto female = by_sex(kFemale);
  const auto male = by_sex(kMale);

  // Every (economy, year) with any value gets a record for each metric: a value or the reason for none.
  std::set<YearIndex::Key> keys;
  for (const YearIndex* index : {&total, &female, &male})
    for (const auto& [key, value] : index->values()) keys.insert(key);

  for (const auto& [entity, year] : keys) {
    const std::optional<double> all = total.find(entity, year);
    const std::optional<double> women = female.find(entity, year);
    const std::optional<double> men = male.find(entity, year);

    auto share = [&](const char* metric, const char* label, const std::optional<double>& value) {
      if (!value)
        out.missing(metric, entity, year, fmt::format("no value for {} = {} in {}", sex_dimension_, label, year));
      else if (!is_share(*value))
        out.missing(metric, entity, year, fmt::format("input value {} is outside 0-100 %", *value));
      else
        out.value(metric, entity, year, *value);
    };
    share("ownership", kTotal, all);
    share("ownership_female", kFemale, women);
    share("ownership_male", kMale, men);

    if (!women && !men) {
      out.missing("gender_parity", entity, year,
                  fmt::format("no value for {0} = {1} nor {0} = {2} in {3}", sex_dimension_, kFemale, kMale, year));
    } else if (!women || !men) {
      out.missing("gender_parity", entity, year,
                  fmt::format("no value for {} = {} in {}", sex_dimension_, women ? kMale : kFemale, year));
    } else if (!is_share(*women) || !is_share(*men)) {
      out.missing("gender_parity", entity, year,
                  fmt::format("{} ownership {} is outside 0-100 %", is_share(*women) ? kMale : kFemale,
                              is_share(*women) ? *men : *women));
    } else if (const auto ratio = safe_divide(*women, *men)) {
      out.value("gender_parity", entity, year, *ratio);
    } else {
      out.missing("gender_parity", entity, year, "male ownership is 0: the ratio is undefined");
    }
  }
}

}  // namespace p2c::plugins

P2C_PLUGIN(p2c::plugins::Sdg5b, "sdg_5_b", "1.0.0",
           "SDG 5.b.1: individuals who own a mobile phone, by sex, and the gender parity score", p2c::plugins::options)
