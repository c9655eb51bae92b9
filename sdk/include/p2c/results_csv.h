// The result record as a CSV row: the columns of the csv_results sink and of GET /api/v1/results?format=csv, one
// implementation so that a file and a download of the same records are the same bytes.
#pragma once

#include <cstddef>
#include <string>

#include "p2c/results.h"

namespace p2c {

/// "metric,entity,entity_kind,year,value,unit,status,members_with_data,members,population_share,members_observed,
/// observed_population_share,flags,reason" and a newline.
std::string results_csv_header();

/// Appends record `index` of `report` to `out` as one line (newline included). Text columns are neutralised against
/// formula injection (csv_quote_text), numbers written as the shortest text that reads back as the same double; an
/// empty value is a record without one or a withheld one (its reason says why). Throws std::domain_error for a
/// non-finite number.
void append_results_csv_line(std::string& out, const RunReport& report, std::size_t index);

}  // namespace p2c
