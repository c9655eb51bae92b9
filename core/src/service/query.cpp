#include "query.h"

#include <algorithm>
#include <charconv>

#include "json_views.h"
#include "p2c/results_csv.h"
#include "p2c/text.h"

namespace p2c::service {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+' && plus_is_space) {
      out += ' ';
    } else if (text[i] == '%') {
      const int high = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
      const int low = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
      if (high < 0 || low < 0) throw BadRequest("'%' must be followed by two hex digits in '" + printable(text) + "'");
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

namespace {

// A decoded query name or value (of parameter `name`, when known): every parameter handler may then assume
// UTF-8 text.
std::string decode(std::string_view text, const std::string* name = nullptr) {
  const std::string where = name != nullptr ? "parameter '" + printable(*name) + "': " : "query string: ";
  std::string out;
  try {
    out = percent_decode(text, true);
  } catch (const BadRequest& e) {
    throw BadRequest(where + e.what());
  }
  if (!valid_utf8(out))
    throw BadRequest(where + "'" + printable(text) +
                     "' does not decode to UTF-8; percent-encode the bytes of UTF-8 text only");
  return out;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) items.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return items;
}

template <typename Integer>
Integer parse_integer(const QueryParams& params, std::string_view name, Integer low, Integer high,
                      const char* expected) {
  const std::string& text = params.find(name)->second;
  Integer value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < low || value > high)
    throw BadRequest("parameter '" + std::string(name) + "': expected " + expected + ", got '" + printable(text) + "'");
  return value;
}

bool contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

// Entity ids of the requested codes; a code that is neither in the reference data nor in the run is a
// typo the caller must hear about, not an empty result.
void select_entities(const Snapshot& snapshot, const std::vector<std::string>& codes, EntityKind kind,
                     std::vector<std::pair<EntityId, EntityKind>>& out) {
  const char* parameter = kind == EntityKind::economy ? "economy" : "group";
  const auto& reference = snapshot.setup().reference;
  for (const auto& code : codes) {
    bool known = false;
    if (reference) {
      if (kind == EntityKind::economy)
        known = reference->is_economy(code);
      else
        known = std::any_of(reference->groups().begin(), reference->groups().end(),
                            [&](const host::Group& group) { return group.code == code; });
    }
    const std::int64_t id = snapshot.entity_id(code);
    if (id >= 0 && snapshot.has_entity(static_cast<EntityId>(id), kind)) known = true;
    if (!known)
      throw BadRequest("parameter '" + std::string(parameter) + "': unknown " + parameter + " code '" +
                       printable(code) + "' (GET /api/v1/entities lists them)");
    if (id >= 0) out.emplace_back(static_cast<EntityId>(id), kind);
  }
}

}  // namespace

QueryParams parse_query(std::string_view query) {
  QueryParams params;
  for (std::size_t start = 0; start < query.size();) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view pair = query.substr(start, end - start);
    if (!pair.empty()) {
      const std::size_t equals = pair.find('=');
      const std::string name = decode(pair.substr(0, equals));
      params[name] = equals == std::string_view::npos ? std::string() : decode(pair.substr(equals + 1), &name);
    }
    start = end + 1;
  }
  return params;
}

bool MetricFilter::matches(const CatalogueEntry& entry) const {
  if (focus && *focus != to_string(entry.info.focus_area)) return false;
  if (wsis && !contains(entry.info.wsis_lines, *wsis)) return false;
  if (sdg && !contains(entry.info.sdg_indicators, *sdg)) return false;
  return true;
}

MetricFilter parse_metric_filter(const QueryParams& params) {
  MetricFilter filter;
  if (const auto found = params.find("focus"); found != params.end()) {
    static constexpr FocusArea areas[] = {FocusArea::access, FocusArea::adoption, FocusArea::value_creation,
                                          FocusArea::investment_acceleration};
    if (std::none_of(std::begin(areas), std::end(areas),
                     [&](FocusArea area) { return found->second == to_string(area); }))
      throw BadRequest(
          "parameter 'focus': expected access, adoption, value_creation or investment_acceleration, got '" +
          printable(found->second) + "'");
    filter.focus = found->second;
  }
  if (const auto found = params.find("wsis"); found != params.end()) filter.wsis = found->second;
  if (const auto found = params.find("sdg"); found != params.end()) filter.sdg = found->second;
  return filter;
}

ResultsQuery parse_results_query(const QueryParams& params) {
  static constexpr std::string_view known[] = {"metric", "economy", "group", "from",   "to",    "focus",
                                               "wsis",   "sdg",     "limit", "offset", "format"};
  for (const auto& [name, value] : params)
    if (std::find(std::begin(known), std::end(known), name) == std::end(known))
      throw BadRequest("unknown parameter '" + printable(name) +
                       "': expected metric, economy, group, from, to, focus, wsis, sdg, limit, offset or format");
  ResultsQuery query;
  if (const auto found = params.find("format"); found != params.end()) {
    if (found->second != "json" && found->second != "csv")
      throw BadRequest("parameter 'format': expected json or csv, got '" + printable(found->second) + "'");
    query.csv = found->second == "csv";
  }
  query.filter = parse_metric_filter(params);
  if (const auto found = params.find("metric"); found != params.end()) query.metrics = split_list(found->second);
  if (const auto found = params.find("economy"); found != params.end()) query.economies = split_list(found->second);
  if (const auto found = params.find("group"); found != params.end()) query.groups = split_list(found->second);
  if (params.count("from"))
    query.from = parse_integer<std::int32_t>(params, "from", -9999, 9999, "a year such as 2015");
  if (params.count("to")) query.to = parse_integer<std::int32_t>(params, "to", -9999, 9999, "a year such as 2024");
  if (query.from > query.to)
    throw BadRequest("parameters 'from' and 'to': from (" + std::to_string(query.from) + ") is after to (" +
                     std::to_string(query.to) + ")");
  if (params.count("limit"))
    query.limit = parse_integer<std::size_t>(params, "limit", 1, max_result_limit,
                                             ("an integer from 1 to " + std::to_string(max_result_limit)).c_str());
  if (params.count("offset"))
    query.offset = parse_integer<std::size_t>(params, "offset", 0, SIZE_MAX / 2, "an integer of 0 or more");
  return query;
}

std::string metrics_body(const Snapshot& snapshot, const MetricFilter& filter) {
  std::string body = R"({"run_id":)" + Json(snapshot.summary().run_id).dump() + R"(,"metrics":[)";
  bool first = true;
  for (std::size_t m = 0; m < snapshot.report().catalogue.size(); ++m) {
    if (!filter.matches(snapshot.report().catalogue[m])) continue;
    if (!first) body += ',';
    first = false;
    body += snapshot.catalogue_json(m);
  }
  return body + "]}";
}

ResultsPage results_page(const Snapshot& snapshot, const ResultsQuery& query) {
  const RunReport& report = snapshot.report();
  std::vector<std::size_t> metrics;
  if (query.metrics.empty()) {
    for (std::size_t m = 0; m < report.catalogue.size(); ++m) metrics.push_back(m);
  } else {
    for (const auto& id : query.metrics) {
      const std::int64_t index = snapshot.metric_index(id);
      if (index < 0)
        throw BadRequest("parameter 'metric': unknown metric '" + printable(id) + "' (GET /api/v1/metrics lists them)");
      metrics.push_back(static_cast<std::size_t>(index));
    }
    std::sort(metrics.begin(), metrics.end());
    metrics.erase(std::unique(metrics.begin(), metrics.end()), metrics.end());
  }
  std::erase_if(metrics, [&](std::size_t m) { return !query.filter.matches(report.catalogue[m]); });

  const bool all_entities = query.economies.empty() && query.groups.empty();
  std::vector<std::pair<EntityId, EntityKind>> entities;
  select_entities(snapshot, query.economies, EntityKind::economy, entities);
  select_entities(snapshot, query.groups, EntityKind::group, entities);

  // The selected records as ranges of the record array, in record order, clipped to the years asked for.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> selected;
  const auto add = [&](const EntityRange& range) {
    const auto begin = report.records.begin();
    const auto first = std::partition_point(begin + range.begin, begin + range.end,
                                            [&](const Record& record) { return record.year < query.from; });
    const auto last =
        std::partition_point(first, begin + range.end, [&](const Record& record) { return record.year <= query.to; });
    if (first < last)
      selected.emplace_back(static_cast<std::uint32_t>(first - begin), static_cast<std::uint32_t>(last - begin));
  };
  for (const std::size_t m : metrics) {
    if (all_entities) {
      for (const auto& range : snapshot.ranges(m)) add(range);
      continue;
    }
    const std::size_t before = selected.size();
    for (const auto& [entity, kind] : entities)
      if (const EntityRange* range = snapshot.range(m, entity); range != nullptr && range->kind == kind) add(*range);
    std::sort(selected.begin() + static_cast<std::ptrdiff_t>(before), selected.end());
    selected.erase(std::unique(selected.begin() + static_cast<std::ptrdiff_t>(before), selected.end()), selected.end());
  }

  ResultsPage page;
  for (const auto& [first, last] : selected) page.total += last - first;
  std::size_t skip = query.offset;
  std::size_t left = query.limit;
  for (const auto& [first, last] : selected) {
    if (left == 0) break;
    const std::size_t size = last - first;
    if (skip >= size) {
      skip -= size;
      continue;
    }
    for (std::size_t i = first + skip; i < last && left > 0; ++i, --left) page.records.push_back(i);
    skip = 0;
  }
  return page;
}

std::string results_body(const Snapshot& snapshot, const ResultsQuery& query) {
  const ResultsPage page = results_page(snapshot, query);
  std::string body = R"({"run_id":)" + Json(snapshot.summary().run_id).dump() + R"(,"total":)" +
                     std::to_string(page.total) + R"(,"limit":)" + std::to_string(query.limit) + R"(,"offset":)" +
                     std::to_string(query.offset) + R"(,"results":[)";
  for (std::size_t k = 0; k < page.records.size(); ++k) {
    if (k != 0) body += ',';
    body += snapshot.record_json(page.records[k]);
  }
  return body + "]}";
}

std::string results_csv(const Snapshot& snapshot, const ResultsPage& page) {
  std::string body = results_csv_header();
  for (const std::size_t record : page.records) append_results_csv_line(body, snapshot.report(), record);
  return body;
}

}  // namespace p2c::service
