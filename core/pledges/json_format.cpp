// The JSON format: an array of pledge objects keyed by the Pledge field names, each with a `reports` array.
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "formats.h"
#include "p2c/atomic_file.h"

namespace p2c::pledges {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// Reads the fields of one JSON object, recording a rejection for every key or value it cannot use.
class ObjectReader {
 public:
  ObjectReader(const json& object, std::string file, std::size_t row, std::string prefix,
               std::vector<Rejection>& rejected)
      : object_(object), file_(std::move(file)), row_(row), prefix_(std::move(prefix)), rejected_(rejected) {}

  void expect_keys(std::span<const std::string_view> names, std::string_view extra = {}) {
    for (const auto& [key, value] : object_.items()) {
      if (key == extra || std::find(names.begin(), names.end(), key) != names.end()) continue;
      problem(key, fmt::format("unknown field '{}'; expected the field names of docs/pledges.md", key));
    }
  }

  /// Missing and null give an empty string.
  std::string text(const char* key) {
    const auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) return {};
    if (it->is_string()) return it->get<std::string>();
    problem(key, fmt::format("expected a string; found {}", it->dump()));
    return {};
  }

  std::vector<std::string> list(const char* key) {
    std::vector<std::string> out;
    const auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) return out;
    if (!it->is_array()) {
      problem(key, fmt::format("expected an array of strings; found {}", it->dump()));
      return out;
    }
    for (std::size_t i = 0; i < it->size(); ++i) {
      if ((*it)[i].is_string())
        out.push_back((*it)[i].get<std::string>());
      else
        problem(fmt::format("{}[{}]", key, i + 1), fmt::format("expected a string; found {}", (*it)[i].dump()));
    }
    return out;
  }

  std::optional<double> number(const char* key) {
    const auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) return std::nullopt;
    if (it->is_number()) return it->get<double>();
    problem(key, fmt::format("expected a number or null; found {}", it->dump()));
    return std::nullopt;
  }

  void problem(std::string_view key, std::string message) {
    rejected_.push_back({file_, row_, prefix_ + std::string(key), std::move(message)});
  }

 private:
  const json& object_;
  std::string file_;
  std::size_t row_;
  std::string prefix_;
  std::vector<Rejection>& rejected_;
};

// nlohmann's parse errors say "at line L, column C"; the line is the row a rejection points at.
std::size_t error_line(std::string_view message) {
  const auto at = message.find("line ");
  if (at == std::string_view::npos) return 0;
  std::size_t line = 0;
  for (std::size_t i = at + 5; i < message.size() && message[i] >= '0' && message[i] <= '9'; ++i)
    line = line * 10 + static_cast<std::size_t>(message[i] - '0');
  return line;
}

SourceRecord read_pledge(const json& object, const std::string& file, std::size_t row,
                         std::vector<Rejection>& rejected) {
  SourceRecord record;
  record.row = row;
  ObjectReader read(object, file, row, "", rejected);
  read.expect_keys(pledge_fields(), "reports");
  Pledge& p = record.pledge;
  p.id = read.text("id");
  p.entity = read.text("entity");
  p.sector = read.text("sector");
  p.origin_economy = read.text("origin_economy");
  p.origin_region = read.text("origin_region");
  p.implementation_economies = read.list("implementation_economies");
  p.implementation_regions = read.list("implementation_regions");
  p.focus_areas = read.list("focus_areas");
  p.pillars = read.list("pillars");
  p.pledge_type = read.text("pledge_type");
  p.value = read.number("value");
  p.currency = read.text("currency");
  read.number("value_usd");  // computed on import; only its type is checked
  p.beneficiaries = read.list("beneficiaries");
  p.sdgs = read.list("sdgs");
  p.pledged_on = read.text("pledged_on");
  p.start_date = read.text("start_date");
  p.end_date = read.text("end_date");
  p.status = read.text("status");
  p.description = read.text("description");
  const auto reports = object.find("reports");
  if (reports == object.end() || reports->is_null()) return record;
  if (!reports->is_array()) {
    read.problem("reports", fmt::format("expected an array of report objects; found {}", reports->dump()));
    return record;
  }
  for (std::size_t i = 0; i < reports->size(); ++i) {
    const json& item = (*reports)[i];
    const std::string prefix = fmt::format("reports[{}].", i + 1);
    if (!item.is_object()) {
      rejected.push_back({file, row, prefix.substr(0, prefix.size() - 1),
                          fmt::format("expected a report object; found {}", item.dump())});
      continue;
    }
    ObjectReader field(item, file, row, prefix, rejected);
    field.expect_keys(report_fields());
    ProgressReport report;
    report.reported_on = field.text("reported_on");
    report.status = field.text("status");
    report.percent_complete = field.number("percent_complete");
    report.disbursed_usd = field.number("disbursed_usd");
    report.narrative = field.text("narrative");
    p.reports.push_back(std::move(report));
  }
  return record;
}

ordered_json number_or_null(const std::optional<double>& value) {
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

ordered_json to_object(const Pledge& p) {
  ordered_json out;
  out["id"] = p.id;
  out["entity"] = p.entity;
  out["sector"] = p.sector;
  out["origin_economy"] = p.origin_economy;
  out["origin_region"] = p.origin_region;
  out["implementation_economies"] = p.implementation_economies;
  out["implementation_regions"] = p.implementation_regions;
  out["focus_areas"] = p.focus_areas;
  out["pillars"] = p.pillars;
  out["pledge_type"] = p.pledge_type;
  out["value"] = number_or_null(p.value);
  out["currency"] = p.currency;
  out["value_usd"] = number_or_null(p.value_usd);
  out["beneficiaries"] = p.beneficiaries;
  out["sdgs"] = p.sdgs;
  out["pledged_on"] = p.pledged_on;
  out["start_date"] = p.start_date;
  out["end_date"] = p.end_date;
  out["status"] = p.status;
  out["description"] = p.description;
  out["reports"] = ordered_json::array();
  for (const ProgressReport& r : p.reports) {
    ordered_json report;
    report["reported_on"] = r.reported_on;
    report["status"] = r.status;
    report["percent_complete"] = number_or_null(r.percent_complete);
    report["disbursed_usd"] = number_or_null(r.disbursed_usd);
    report["narrative"] = r.narrative;
    out["reports"].push_back(std::move(report));
  }
  return out;
}

}  // namespace

// True when the first JSON token of `text` (after blanks and a UTF-8 byte-order mark) opens an array.
bool starts_array(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '[';
}

ParsedFile read_json(const std::filesystem::path& file) {
  ParsedFile out;
  std::ifstream in(file, std::ios::binary);
  if (!in) throw StoreError(fmt::format("{}: cannot read the file; check the path", file.string()));
  // Parsed from memory: several times faster than nlohmann's stream adapter, which reads a byte at a time.
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const std::string name = file.string();
  try {
    if (!starts_array(text)) {
      const json document = json::parse(text);
      out.rejected.push_back(
          {name, 0, "", fmt::format("expected a JSON array of pledge objects; found a JSON {}", document.type_name())});
      return out;
    }
    // Each element of the top-level array is turned into a record as soon as it is parsed and then dropped,
    // so a large file never exists as a whole JSON tree (several times the file's size) in memory.
    std::size_t row = 0;
    const auto element = [&](int depth, json::parse_event_t event, json& parsed) {
      if (depth != 1) return true;
      if (event == json::parse_event_t::object_end) {
        out.records.push_back(read_pledge(parsed, name, ++row, out.rejected));
        return false;
      }
      if (event == json::parse_event_t::value || event == json::parse_event_t::array_end) {
        out.rejected.push_back({name, ++row, "", fmt::format("expected a pledge object; found {}", parsed.dump())});
        return false;
      }
      return true;
    };
    [[maybe_unused]] const json rest = json::parse(text, element);  // empty: every element was taken out
  } catch (const json::parse_error& e) {
    out.records.clear();
    out.rejected.clear();
    out.rejected.push_back({name, error_line(e.what()), "", fmt::format("not valid JSON: {}", e.what())});
  }
  return out;
}

std::string to_json(const Pledge& pledge, int indent) { return to_object(pledge).dump(indent); }

void export_json(const std::vector<Pledge>& pledges, const std::filesystem::path& file) {
  ordered_json out = ordered_json::array();
  for (const Pledge& p : pledges) out.push_back(to_object(p));
  write_file_atomically(file, out.dump(2) + "\n");
}

std::string number_text(double value) { return fmt::format("{}", value); }

ParsedFile read_any(const std::filesystem::path& file) {
  std::string extension = file.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (extension == ".csv") return read_csv(file);
  if (extension == ".json") return read_json(file);
  throw StoreError(fmt::format("{}: unknown file type '{}'; expected a .csv or .json pledge file (docs/pledges.md)",
                               file.string(), extension));
}

}  // namespace p2c::pledges
