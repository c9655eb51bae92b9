#include "investment.h"

#include <fmt/format.h>

#include <optional>
#include <stdexcept>

#include "p2c/series_ops.h"

namespace p2c::plugins {
namespace {

constexpr p2c_option_spec options[] = {
    {"telecom_investment", P2C_OPTION_STRING, R"("wb.telecom_investment")", 0,
     "Input series: investment in telecoms with private participation, current USD (WDI IE.PPI.TELE.CD)"},
    {"population", P2C_OPTION_STRING, R"("wb.population")", 0, "Input series: total population, people"},
};

}  // namespace

Investment::Investment(const Options& options)
    : investment_(options.string("telecom_investment")), population_(options.string("population")) {
  for (const char* name : {"telecom_investment", "population"})
    if (options.string(name).empty())
      throw std::invalid_argument(std::string("option '") + name + "' is empty; give the input series id");
}

std::vector<MetricInfo> Investment::metrics() {
  MetricInfo total;
  total.name = "telecom_investment";
  total.title = "Investment in telecoms with private participation";
  total.unit = "USD";
  total.minimum = 0;
  total.description =
      "Investment commitments to telecom infrastructure projects with private participation that reached "
      "financial closure in the year, current US dollars (World Bank PPI database, WDI IE.PPI.TELE.CD). Covers "
      "low- and middle-income economies only, and only years with such projects: an absent year is not a zero. "
      "No agreed target, and no SDG indicator measures it. Groups: sum over the members with a value.";
  total.focus_area = FocusArea::investment_acceleration;
  total.wsis_lines = {"C1", "C6"};
  total.aggregation = Aggregation::sum;

  MetricInfo per_capita = total;
  per_capita.name = "telecom_investment_per_capita";
  per_capita.title = "Investment in telecoms with private participation per person";
  per_capita.unit = "USD per person";
  per_capita.description =
      "telecom_investment divided by the total population of the same year (WDI SP.POP.TOTL). No group value is "
      "computed: a group's per-person investment is the group sum of telecom_investment divided by the group's "
      "population, not an average of the members' ratios, and members without a project that year would be "
      "missing from the ratio.";
  per_capita.aggregation = Aggregation::none;
  return {total, per_capita};
}

std::vector<std::string> Investment::inputs() const { return {investment_, population_}; }

void Investment::compute(const InputSet& inputs, ResultWriter& out) {
  const YearIndex investment(inputs.get(investment_), inputs);
  const YearIndex population(inputs.get(population_), inputs);
  for (const auto& [key, usd] : investment.values()) {
    const auto [entity, year] = key;
    if (const auto reason = negative(usd)) {
      out.missing("telecom_investment", entity, year, *reason);
      out.missing("telecom_investment_per_capita", entity, year, *reason);
      continue;
    }
    out.value("telecom_investment", entity, year, usd);
    const auto people = population.find(entity, year);
    if (!people)
      out.missing("telecom_investment_per_capita", entity, year,
                  fmt::format("no population for {} in '{}'", year, population_));
    else if (const auto ratio = *people > 0 ? safe_divide(usd, *people) : std::nullopt)
      out.value("telecom_investment_per_capita", entity, year, *ratio);
    else
      out.missing("telecom_investment_per_capita", entity, year,
                  fmt::format("population {} in '{}' for {} is not a positive number", *people, population_, year));
  }
}

}  // namespace p2c::plugins

P2C_PLUGIN(p2c::plugins::Investment, "investment", "1.0.0",
           "Focus area investment acceleration: telecom investment with private participation, total and per person",
           p2c::plugins::options)
