// Progress reports as JSON, with the field names of pledge.h: what POST /api/v1/pledges/{id}/reports accepts
// and answers. (Whole pledges are written by the registry's own to_json().)
#pragma once

#include <string>
#include <vector>

#include "json_views.h"
#include "pledges/pledge.h"
#include "pledges/store.h"

namespace p2c::service {

Json report_json(const pledges::ProgressReport& report);

/// Reads a report from a request body. Problems (bad JSON, a wrong type, an unknown or missing field) are
/// returned with the field they concern; `out` is complete only when none are.
std::vector<pledges::Rejection> parse_report(const std::string& body, pledges::ProgressReport& out);

}  // namespace p2c::service
