#include "json_sink.h"

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "p2c/atomic_file.h"

namespace p2c::plugins {
namespace {

// Ordered so that keys appear in the documented order rather than alphabetically.
using Json = nlohmann::ordered_json;

constexpr int kIndent = 2;

// nlohmann writes NaN and infinity as null, which would pass off a broken value as a missing one
// without a reason; the CSV sink refuses them too.
double finite(double number, std::size_t index, const char* field) {
  if (!std::isfinite(number)) {
    throw std::domain_error("result record #" + std::to_string(index) + " has a non-finite " + field);
  }
  return number;
}

Json optional_number(const std::optional<double>& number) { return number ? Json(*number) : Json(nullptr); }

Json string_list(const std::vector<std::string>& items) {
  Json list = Json::array();
  for (const auto& item : items) list.push_back(item);
  return list;
}

// Split from flags_to_string() so the flag names are defined in one place, the SDK.
Json flag_names(std::uint32_t flags) {
  Json names = Json::array();
  const std::string joined = flags_to_string(flags);
  std::size_t start = 0;
  while (start < joined.size()) {
    std::size_t end = joined.find(';', start);
    if (end == std::string::npos) end = joined.size();
    names.push_back(joined.substr(start, end - start));
    start = end + 1;
  }
  return names;
}

Json run_json(const RunReport& report) {
  Json run = Json::object();
  run["id"] = report.run_id;
  run["started_at"] = report.started_at;
  run["duration_seconds"] = report.duration_seconds;
  return run;
}

Json metric_json(const CatalogueEntry& entry) {
  const MetricInfo& info = entry.info;
  Json metric = Json::object();
  metric["id"] = entry.id;
  metric["plugin"] = entry.plugin;
  metric["title"] = info.title;
  metric["unit"] = info.unit;
  metric["description"] = info.description;
  metric["focus_area"] = to_string(info.focus_area);
  metric["wsis_lines"] = string_list(info.wsis_lines);
  metric["sdg_indicators"] = string_list(info.sdg_indicators);
  metric["direction"] = to_string(info.direction);
  metric["target"] = optional_number(info.target);
  metric["target_year"] = info.target_year;
  metric["aggregation"] = to_string(info.aggregation);
  metric["minimum"] = optional_number(info.minimum);
  metric["maximum"] = optional_number(info.maximum);
  metric["growth_rate"] = info.growth_rate;
  return metric;
}

Json coverage_json(const Coverage& coverage, std::size_t index) {
  Json out = Json::object();
  out["members_with_data"] = coverage.members_with_data;
  out["members"] = coverage.members;
  out["population_share"] = finite(coverage.population_share, index, "population share");
  out["members_observed"] = coverage.members_observed;
  out["observed_population_share"] = finite(coverage.observed_population_share, index, "observed population share");
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
  out["value"] = record.value ? Json(finite(*record.value, index, "value")) : Json(nullptr);
  out["unit"] = entry.info.unit;
  if (record.status != Status::none) out["status"] = to_string(record.status);
  if (record.coverage) out["coverage"] = coverage_json(*record.coverage, index);
  out["flags"] = flag_names(record.flags);
  if (!record.reason.empty()) out["reason"] = record.reason;
  return out;
}

Json failure_json(const Failure& failure) {
  Json out = Json::object();
  out["instance"] = failure.instance;
  out["message"] = failure.message;
  return out;
}

// Writes the top-level object piece by piece so that the results, by far the largest part, never exist
// as one json value in memory. The text is exactly what dump() would print for the whole document.
class DocumentWriter {
 public:
  DocumentWriter(AtomicFile& file, bool pretty) : file_(file), pretty_(pretty) {}

  void open() { file_.write("{"); }

  void member(std::string_view key, const Json& value) {
    begin_member(key);
    file_.write(dump(value, 1));
  }

  void open_array(std::string_view key) {
    begin_member(key);
    file_.write("[");
    array_empty_ = true;
  }

  void element(const Json& value) {
    if (!array_empty_) file_.write(",");
    array_empty_ = false;
    newline(2);
    file_.write(dump(value, 2));
  }

  void close_array() {
    if (!array_empty_) newline(1);
    file_.write("]");
  }

  void close() {
    newline(0);
    file_.write("}\n");
  }

 private:
  void begin_member(std::string_view key) {
    if (!first_member_) file_.write(",");
    first_member_ = false;
    newline(1);
    file_.write(dump(Json(key), 0));
    file_.write(pretty_ ? ": " : ":");
  }

  void newline(int depth) {
    if (!pretty_) return;
    file_.write("\n");
    file_.write(std::string(static_cast<std::size_t>(depth * kIndent), ' '));
  }

  // Invalid UTF-8 (e.g. a Latin-1 label from a source file) becomes U+FFFD rather than losing the file.
  std::string dump(const Json& value, int depth) const {
    if (!pretty_) return value.dump(-1, ' ', false, Json::error_handler_t::replace);
    const std::string text = value.dump(kIndent, ' ', false, Json::error_handler_t::replace);
    // dump() indents as if at top level. A JSON string never holds a raw line break, so every '\n' in
    // the text is layout and gets the depth's indentation added.
    const std::string indent(static_cast<std::size_t>(depth * kIndent), ' ');
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
      out += c;
      if (c == '\n') out += indent;
    }
    return out;
  }

  AtomicFile& file_;
  bool pretty_;
  bool first_member_ = true;
  bool array_empty_ = true;
};

}  // namespace

JsonSink::JsonSink(const Options& options) : path_(options.string("path")), pretty_(options.boolean("pretty")) {}

void JsonSink::write(const RunReport& report) {
  AtomicFile file(path_);
  DocumentWriter document(file, pretty_);
  document.open();
  document.member("run", run_json(report));

  document.open_array("metrics");
  for (const auto& entry : report.catalogue) document.element(metric_json(entry));
  document.close_array();

  document.open_array("results");
  for (std::size_t i = 0; i < report.records.size(); ++i) document.element(record_json(report, i));
  document.close_array();

  document.open_array("failures");
  for (const auto& failure : report.failures) document.element(failure_json(failure));
  document.close_array();

  document.close();
  file.commit();
}

}  // namespace p2c::plugins

static constexpr p2c_option_spec kJsonSinkOptions[] = {
    {"path", P2C_OPTION_PATH, nullptr, 1,
     "File to write (relative paths are resolved against the config file's folder)"},
    {"pretty", P2C_OPTION_BOOLEAN, "false", 0, "Indent the document by 2 spaces for reading by people"},
};

P2C_PLUGIN(p2c::plugins::JsonSink, "json", "1.0.0", "Writes the run's metrics, results and failures as JSON",
           kJsonSinkOptions)
