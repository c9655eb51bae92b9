// The filters of GET /api/v1/metrics and /api/v1/results, parsed from the query string and run against a
// snapshot's indexes.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "snapshot.h"

namespace p2c::service {

/// A bad query parameter; the message names it, says what was found and what is expected (HTTP 400).
class BadRequest : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Query string parameters, percent-decoded. A repeated parameter keeps its last value.
using QueryParams = std::map<std::string, std::string, std::less<>>;

/// Splits and percent-decodes `a=1&b=x%2Cy`. Throws BadRequest on a malformed escape, or a name or value
/// that does not decode to UTF-8.
QueryParams parse_query(std::string_view query);

/// `%XX` escapes decoded; '+' is a space when `plus_is_space` (query strings), a plus otherwise (paths).
/// Throws BadRequest on a '%' not followed by two hex digits. The result may be any bytes.
std::string percent_decode(std::string_view text, bool plus_is_space);

inline constexpr std::size_t default_result_limit = 1000;
inline constexpr std::size_t max_result_limit = 100000;

/// focus, wsis and sdg: which catalogue entries a request selects.
struct MetricFilter {
  std::optional<std::string> focus;  ///< a P2C focus area name
  std::optional<std::string> wsis;   ///< a WSIS action line, e.g. "C2"
  std::optional<std::string> sdg;    ///< an SDG indicator, e.g. "17.8.1"
  bool matches(const CatalogueEntry& entry) const;
};

struct ResultsQuery {
  std::vector<std::string> metrics;    ///< empty: all
  std::vector<std::string> economies;  ///< economy and group filters: union; both empty: all entities
  std::vector<std::string> groups;
  std::int32_t from = INT32_MIN;
  std::int32_t to = INT32_MAX;
  MetricFilter filter;
  std::size_t limit = default_result_limit;
  std::size_t offset = 0;
  bool csv = false;  ///< format=csv: the rows of the csv_results sink instead of JSON
};

/// The records a results query selects: how many in all, and the indexes (into the run's records) of its page.
struct ResultsPage {
  std::size_t total = 0;
  std::vector<std::size_t> records;
};

/// Reads focus, wsis and sdg. Throws BadRequest for an unknown focus area.
MetricFilter parse_metric_filter(const QueryParams& params);
/// Reads every parameter of /api/v1/results. Throws BadRequest (from > to, a non-integer year, ...).
ResultsQuery parse_results_query(const QueryParams& params);

/// The body of GET /api/v1/metrics.
std::string metrics_body(const Snapshot& snapshot, const MetricFilter& filter);
/// The page of records of a results query. Throws BadRequest for unknown metric ids and entity codes.
ResultsPage results_page(const Snapshot& snapshot, const ResultsQuery& query);
/// The JSON body of GET /api/v1/results. Throws as results_page().
std::string results_body(const Snapshot& snapshot, const ResultsQuery& query);
/// The CSV body of GET /api/v1/results?format=csv: the header and a row per record of `page`.
std::string results_csv(const Snapshot& snapshot, const ResultsPage& page);

}  // namespace p2c::service
