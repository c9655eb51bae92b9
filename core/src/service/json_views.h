// The JSON shapes of the HTTP API (docs/openapi.json), built from the host's types.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "p2c/metric.h"
#include "p2c/results.h"
#include "registry.h"

namespace p2c::service {

using Json = nlohmann::ordered_json;

/// A metric's metadata without its id: {name,title,unit,description,focus_area,...,aggregation}.
Json metric_info_json(const MetricInfo& info);
/// A catalogue entry of a run: {id,plugin,title,unit,...}, the shape results.json uses.
Json catalogue_json(const CatalogueEntry& entry);
/// One loaded plugin: name, version, kind, description, options and (indicators) metrics.
Json plugin_json(const host::PluginLibrary& plugin);
/// A group value not published (flag `withheld`): served with a null value and its reason, never as a number.
inline bool withheld(const Record& record) noexcept { return (record.flags & flag_withheld) != 0; }

/// One result record: {metric,entity,entity_kind,year,value,unit,status,flags,coverage,reason}; coverage holds
/// members_with_data, members, population_share, members_observed and observed_population_share.
/// Throws std::domain_error for a non-finite number, which must never be served as null.
Json record_json(const RunReport& report, std::size_t index);
/// {"error":{"status":N,"message":"..."}}
std::string error_body(int status, std::string_view message);

}  // namespace p2c::service
