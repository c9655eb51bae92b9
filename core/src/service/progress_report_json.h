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

/// Reads a report from a request body: reported_on, status, percent_complete, disbursed_usd, narrative and
/// actuals, an array of {target_id, value}. Problems (JSON that p2c::parse_json refuses: malformed, nested deeper than
/// 64 levels, a duplicate key, text that is not UTF-8, a number beyond a double; a wrong type, an unknown or
/// missing field) are returned with the field they concern, quoting the body in part only; never thrown. `out` is
/// complete only when there are none. Bounds of amounts and dates are validate_report()'s.
std::vector<pledges::Rejection> parse_report(const std::string& body, pledges::ProgressReport& out);

}  // namespace p2c::service
