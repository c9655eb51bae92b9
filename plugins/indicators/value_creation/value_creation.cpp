#include "value_creation.h"

#include <stdexcept>

#include "p2c/series_ops.h"

namespace p2c::plugins {
namespace {

constexpr p2c_option_spec options[] = {
    {"secure_servers", P2C_OPTION_STRING, R"("wb.secure_servers")", 0,
     "Input series: secure Internet servers per million people (WDI IT.NET.SECR.P6)"},
};

}  // namespace

ValueCreation::ValueCreation(const Options& options) : secure_servers_(options.string("secure_servers")) {
  if (secure_servers_.empty())
    throw std::invalid_argument("option 'secure_servers' is empty; give the input series id");
}

std::vector<MetricInfo> ValueCreation::metrics() {
  MetricInfo servers;
  servers.name = "secure_servers";
  servers.title = "Secure Internet servers per million people";
  servers.unit = "per million people";
  servers.minimum = 0;
  servers.description =
      "Distinct, publicly trusted TLS/SSL certificates found in Netcraft's Internet-wide survey, per million "
      "people (World Bank WDI IT.NET.SECR.P6): a proxy for local online services and for the trust that lets "
      "people use them (WSIS C5, building confidence and security; C7, ICT applications). No agreed target. "
      "Groups: population-weighted mean, the group's own rate.";
  servers.focus_area = FocusArea::value_creation;
  servers.wsis_lines = {"C5", "C7"};
  servers.aggregation = Aggregation::population_weighted_mean;
  return {servers};
}

std::vector<std::string> ValueCreation::inputs() const { return {secure_servers_}; }

void ValueCreation::compute(const InputSet& inputs, ResultWriter& out) {
  const YearIndex values(inputs.get(secure_servers_), inputs);
  for (const auto& [key, value] : values.values())
    value_or_missing(out, "secure_servers", key.first, key.second, value, negative(value));
}

}  // namespace p2c::plugins

P2C_PLUGIN(p2c::plugins::ValueCreation, "value_creation", "1.0.0",
           "Focus area value creation: secure Internet servers per million people", p2c::plugins::options)
