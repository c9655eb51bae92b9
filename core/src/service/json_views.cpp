#include "json_views.h"

#include <cmath>
#include <stdexcept>

#include "loader.h"
#include "option_schema.h"

namespace p2c::service {
namespace {

Json optional_number(const std::optional<double>& number) { return number ? Json(*number) : Json(nullptr); }

double finite(double number, std::size_t index, const char* field) {
  if (!std::isfinite(number))
    throw std::domain_error("result record #" + std::to_string(index) + " has a non-finite " + field);
  return number;
}

Json flag_names(std::uint32_t flags) {
  Json names = Json::array();
  const std::string joined = flags_to_string(flags);
  for (std::size_t start = 0; start < joined.size();) {
    std::size_t end = joined.find(';', start);
    if (end == std::string::npos) end = joined.size();
    names.push_back(joined.substr(start, end - start));
    start = end + 1;
  }
  return names;
}

// The same fields, in the same order, as the json sink's `coverage`: a client reads one shape everywhere.
Json coverage_json(const Coverage& coverage, std::size_t index) {
  Json out = Json::object();
  out["members_with_data"] = coverage.members_with_data;
  out["members"] = coverage.members;
  out["population_share"] = finite(coverage.population_share, index, "population share");
  out["members_observed"] = coverage.members_observed;
  out["observed_population_share"] = finite(coverage.observed_population_share, index, "observed population share");
  return out;
}

void add_metadata(Json& out, const MetricInfo& info) {
  out["title"] = info.title;
  out["unit"] = info.unit;
  out["description"] = info.description;
  out["focus_area"] = to_string(info.focus_area);
  out["wsis_lines"] = info.wsis_lines;
  out["sdg_indicators"] = info.sdg_indicators;
  out["direction"] = to_string(info.direction);
  out["target"] = optional_number(info.target);
  out["target_year"] = info.target_year;
  out["aggregation"] = to_string(info.aggregation);
  // The metric's domain: a chart of a share can end its axis at 100 instead of guessing from the values.
  out["minimum"] = optional_number(info.minimum);
  out["maximum"] = optional_number(info.maximum);
  out["growth_rate"] = info.growth_rate;
}

}  // namespace

Json metric_info_json(const MetricInfo& info) {
  Json out = Json::object();
  out["name"] = info.name;
  add_metadata(out, info);
  return out;
}

Json catalogue_json(const CatalogueEntry& entry) {
  Json out = Json::object();
  out["id"] = entry.id;
  out["plugin"] = entry.plugin;
  add_metadata(out, entry.info);
  return out;
}

Json plugin_json(const host::PluginLibrary& plugin) {
  const p2c_plugin_info& info = plugin.info();
  Json out = Json::object();
  out["name"] = info.name;
  out["version"] = info.version;
  out["kind"] = host::kind_name(info.kind);
  out["description"] = info.description;
  Json options = Json::array();
  for (std::uint32_t i = 0; i < info.option_count; ++i) {
    const p2c_option_spec& spec = info.options[i];
    options.push_back({{"name", spec.name},
                       {"type", host::option_type_name(spec.type)},
                       {"default", spec.default_literal ? Json(spec.default_literal) : Json(nullptr)},
                       {"required", spec.required != 0},
                       {"help", spec.description ? spec.description : ""}});
  }
  out["options"] = std::move(options);
  Json metrics = Json::array();
  for (const auto& metric : plugin.metrics()) metrics.push_back(metric_info_json(metric));
  out["metrics"] = std::move(metrics);
  return out;
}

Json record_json(const RunReport& report, std::size_t index) {
  const Record& record = report.records[index];
  const CatalogueEntry& entry = report.metric_of(index);
  Json out = Json::object();
  out["metric"] = entry.id;
  out["entity"] = report.entity_of(index);
  out["entity_kind"] = to_string(record.entity_kind);
  out["year"] = record.year;
  // A withheld value is not published, whatever the record holds: the API never serves it as a number.
  out["value"] = record.value && !withheld(record) ? Json(finite(*record.value, index, "value")) : Json(nullptr);
  out["unit"] = entry.info.unit;
  out["status"] = record.status == Status::none ? Json(nullptr) : Json(to_string(record.status));
  out["flags"] = flag_names(record.flags);
  out["coverage"] = record.coverage ? coverage_json(*record.coverage, index) : Json(nullptr);
  out["reason"] = record.reason.empty() ? Json(nullptr) : Json(record.reason);
  return out;
}

std::string error_body(int status, std::string_view message) {
  Json out = {{"error", {{"status", status}, {"message", std::string(message)}}}};
  // The message may quote the request (a path, a query value) and a client can send any bytes: invalid
  // UTF-8 is replaced rather than turning the intended 4xx into a 500.
  return out.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace p2c::service
