#include "sdg_9_c.h"

#include <fmt/format.h>

#include <array>
#include <set>

#include "p2c/series_ops.h"

namespace p2c::plugins {
namespace {

constexpr p2c_option_spec options[] = {
    {"coverage_2g", P2C_OPTION_STRING, R"("unsdg.it_mob_2gntwk")", 0,
     "Input series: % of population covered by at least a 2G mobile network (UN SDG IT_MOB_2GNTWK)"},
    {"coverage_3g", P2C_OPTION_STRING, R"("unsdg.it_mob_3gntwk")", 0,
     "Input series: % of population covered by at least a 3G mobile network (UN SDG IT_MOB_3GNTWK)"},
    {"coverage_4g", P2C_OPTION_STRING, R"("unsdg.it_mob_4gntwk")", 0,
     "Input series: % of population covered by a 4G mobile network (UN SDG IT_MOB_4GNTWK)"},
};

}  // namespace

Sdg9c::Sdg9c(const Options& options)
    : coverage_2g_(options.string("coverage_2g")),
      coverage_3g_(options.string("coverage_3g")),
      coverage_4g_(options.string("coverage_4g")) {}

std::vector<MetricInfo> Sdg9c::metrics() {
  MetricInfo g2;
  g2.name = "coverage_2g";
  g2.title = "Population covered by at least a 2G mobile network";
  make_share(g2);
  g2.description =
      "Share of the population living within range of a mobile-cellular signal (2G or better), whether "
      "or not they use it.";
  g2.focus_area = FocusArea::access;
  g2.wsis_lines = {"C2"};
  g2.sdg_indicators = {"9.c.1"};
  g2.aggregation = Aggregation::population_weighted_mean;

  MetricInfo g3 = g2;
  g3.name = "coverage_3g";
  g3.title = "Population covered by at least a 3G mobile network";
  g3.description =
      "Share of the population living within range of a 3G (or better) mobile broadband signal, "
      "whether or not they use it.";

  MetricInfo g4 = g2;
  g4.name = "coverage_4g";
  g4.title = "Population covered by a 4G mobile network";
  g4.description =
      "Share of the population living within range of an LTE/4G (or better) mobile broadband signal, "
      "whether or not they use it. Target: ITU's Universal and Meaningful Connectivity target of "
      "universal (100 %) 4G coverage by 2030.";
  g4.target = 100;
  return {g2, g3, g4};
}

std::vector<std::string> Sdg9c::inputs() const { return {coverage_2g_, coverage_3g_, coverage_4g_}; }

void Sdg9c::compute(const InputSet& inputs, ResultWriter& out) {
  struct Technology {
    const char* metric;
    const char* name;
    const std::string& series_id;
    YearIndex values;
  };
  const std::array<Technology, 3> technologies{{
      {"coverage_2g", "2G", coverage_2g_, YearIndex(inputs.get(coverage_2g_), inputs)},
      {"coverage_3g", "3G", coverage_3g_, YearIndex(inputs.get(coverage_3g_), inputs)},
      {"coverage_4g", "4G", coverage_4g_, YearIndex(inputs.get(coverage_4g_), inputs)},
  }};

  // Every (economy, year) with coverage of any technology gets a record for each: a value or the reason for none.
  std::set<YearIndex::Key> keys;
  for (const auto& technology : technologies)
    for (const auto& [key, value] : technology.values.values()) keys.insert(key);

  for (const auto& [entity, year] : keys) {
    for (const auto& technology : technologies) {
      if (const auto coverage = technology.values.find(entity, year))
        value_or_missing(out, technology.metric, entity, year, *coverage, outside_share(*coverage));
      else
        out.missing(technology.metric, entity, year,
                    fmt::format("no {} coverage in '{}' for {}", technology.name, technology.series_id, year));
    }
  }
}

}  // namespace p2c::plugins

P2C_PLUGIN(p2c::plugins::Sdg9c, "sdg_9_c", "1.0.0",
           "SDG 9.c.1: population covered by a mobile network, by technology (2G, 3G, 4G)", p2c::plugins::options)
