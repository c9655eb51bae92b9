// Pledges and progress reports as JSON, with the field names of pledge.h: what GET /api/v1/pledges/{id}
// answers and what POST .../reports accepts.
#pragma once

#include <string>
#include <vector>

#include "json_views.h"
#include "pledge.h"
#include "store.h"

namespace p2c::service {

Json report_json(const pledges::ProgressReport& report);
Json pledge_json(const pledges::Pledge& pledge);

/// Reads a report from a request body. Problems (bad JSON, a wrong type, an unknown or missing field) are
/// returned with the field they concern; `out` is complete only when none are.
std::vector<pledges::Rejection> parse_report(const std::string& body, pledges::ProgressReport& out);

}  // namespace p2c::service
