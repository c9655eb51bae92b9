// The JSON format: an array of pledge objects keyed by the Pledge field names, each with a `reports` array.
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "formats.h"
#include "p2c/atomic_file.h"
#include "p2c/json.h"
#include "p2c/text.h"

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
      problem(printable(key),
              fmt::format("unknown field '{}'; expected the field names of docs/pledges.md", printable(key)));
    }
  }

  /// Missing and null give an empty string.
  std::string text(const char* key) {
    const auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) return {};
    if (it->is_string()) return it->get<std::string>();
    problem(key, fmt::format("expected a string; found {}", json_excerpt(*it)));
    return {};
  }

  std::vector<std::string> list(const char* key) {
    std::vector<std::string> out;
    const auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) return out;
    if (!it->is_array()) {
      problem(key, fmt::format("expected an array of strings; found {}", json_excerpt(*it)));
      return out;
    }
    for (std::size_t i = 0; i < it->size(); ++i) {
      if ((*it)[i].is_string())
        out.push_back((*it)[i].get<std::string>());
      else
        problem(fmt::format("{}[{}]", key, i + 1), fmt::format("expected a string; found {}", json_excerpt((*it)[i])));
    }
    return out;
  }

  std::optional<double> number(const char* key) {
    const auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) return std::nullopt;
    if (it->is_number()) return it->get<double>();
    problem(key, fmt::format("expected a number or null; found {}", json_excerpt(*it)));
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
    read.problem("reports", fmt::format("expected an array of report objects; found {}", json_excerpt(*reports)));
    return record;
  }
  for (std::size_t i = 0; i < reports->size(); ++i) {
    const json& item = (*reports)[i];
    const std::string prefix = fmt::format("reports[{}].", i + 1);
    if (!item.is_object()) {
      rejected.push_back({file, row, prefix.substr(0, prefix.size() - 1),
                          fmt::format("expected a report object; found {}", json_excerpt(item))});
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

ParsedFile read_json(const std::filesystem::path& file) {
  ParsedFile out;
  std::ifstream in(file, std::ios::binary);
  if (!in) throw StoreError(fmt::format("{}: cannot read the file; check the path", file.string()));
  // Parsed from memory: several times faster than nlohmann's stream adapter, which reads a byte at a time.
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const std::string name = file.string();
  try {
    // Each element of the top-level array is turned into a record as soon as it is parsed and then dropped,
    // so a large file never exists as a whole JSON tree (several times the file's size) in memory.
    const json document = parse_json(text, [&](json&& element, std::size_t row) {
      if (element.is_object())
        out.records.push_back(read_pledge(element, name, row, out.rejected));
      else
        out.rejected.push_back(
            {name, row, "", fmt::format("expected a pledge object; found {}", json_excerpt(element))});
    });
    if (!document.is_array())
      out.rejected.push_back(
          {name, 0, "", fmt::format("expected a JSON array of pledge objects; found a JSON {}", document.type_name())});
  } catch (const JsonError& e) {
    out.records.clear();
    out.rejected.clear();
    out.rejected.push_back({name, e.line(), "", e.what()});
  }
  return out;
}

// Showing a pledge must work even for a registry that took in text that is not UTF-8 before imports checked it:
// such bytes are shown as U+FFFD. An export, which must read back as the same registry, refuses instead.
std::string to_json(const Pledge& pledge, int indent) {
  return to_object(pledge).dump(indent, ' ', false, ordered_json::error_handler_t::replace);
}

void export_json(const std::vector<Pledge>& pledges, const std::filesystem::path& file) {
  ordered_json out = ordered_json::array();
  for (const Pledge& p : pledges) {
    if (const auto field = invalid_text_field(p))
      throw StoreError(
          fmt::format("pledge '{}': {} holds text that is not UTF-8, stored before imports checked it; "
                      "correct the pledge with an import of a fixed file, then export again",
                      printable(p.id), *field));
    out.push_back(to_object(p));
  }
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
