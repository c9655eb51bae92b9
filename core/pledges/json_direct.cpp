#include "json_direct.h"

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <utility>
#include <vector>

#include "p2c/json.h"

namespace p2c::pledges {
namespace {

using nlohmann::json;

// What a key of a pledge, target, report or actual holds, and where it goes.
enum class Slot {
  text,             // string or null
  list,             // array of strings, or null
  optional_number,  // number or null
  required_number,  // number or null (0), but present
  checked_number,   // value_usd: computed on import, only its type is checked
  whole_number,     // reporting_period_months: whole, within +-1e9, or null
  review_state,     // string, or null for the default
  targets,          // array of target objects, or null
  reports,          // array of report objects, or null
  actuals,          // array of actual objects, or null
};

struct Field {
  Slot slot;
  int bit;  // the field's bit in the object's set of keys seen
  std::string Pledge::*pledge_text = nullptr;
  std::vector<std::string> Pledge::*pledge_list = nullptr;
};

using FieldTable = std::unordered_map<std::string_view, Field>;

const FieldTable& pledge_table() {
  static const FieldTable table = [] {
    FieldTable t;
    int bit = 0;
    const auto text = [&](std::string_view name, std::string Pledge::*member) {
      t.emplace(name, Field{Slot::text, bit++, member});
    };
    const auto list = [&](std::string_view name, std::vector<std::string> Pledge::*member) {
      t.emplace(name, Field{Slot::list, bit++, nullptr, member});
    };
    const auto other = [&](std::string_view name, Slot slot) { t.emplace(name, Field{slot, bit++}); };
    text("id", &Pledge::id);
    text("entity", &Pledge::entity);
    text("sector", &Pledge::sector);
    text("origin_economy", &Pledge::origin_economy);
    text("origin_region", &Pledge::origin_region);
    list("implementation_economies", &Pledge::implementation_economies);
    list("implementation_regions", &Pledge::implementation_regions);
    list("focus_areas", &Pledge::focus_areas);
    list("pillars", &Pledge::pillars);
    text("pledge_type", &Pledge::pledge_type);
    other("value", Slot::optional_number);
    text("currency", &Pledge::currency);
    other("value_usd", Slot::checked_number);
    list("beneficiaries", &Pledge::beneficiaries);
    list("sdgs", &Pledge::sdgs);
    text("pledged_on", &Pledge::pledged_on);
    text("start_date", &Pledge::start_date);
    text("end_date", &Pledge::end_date);
    text("status", &Pledge::status);
    text("description", &Pledge::description);
    other("review_state", Slot::review_state);
    list("wsis_lines", &Pledge::wsis_lines);
    list("roadmap_areas", &Pledge::roadmap_areas);
    list("campaigns", &Pledge::campaigns);
    list("partners", &Pledge::partners);
    text("contact_name", &Pledge::contact_name);
    text("contact_email", &Pledge::contact_email);
    other("reporting_period_months", Slot::whole_number);
    other("targets", Slot::targets);
    other("reports", Slot::reports);
    return t;
  }();
  return table;
}

// Targets, reports and actuals have few fields: their slots are numbered, the number picks the member.
enum TargetKey {
  t_id,
  t_description,
  t_measure,
  t_unit,
  t_baseline_value,
  t_baseline_date,
  t_target_value,
  t_target_date,
  t_metric
};
enum ReportKey { r_reported_on, r_status, r_percent_complete, r_disbursed_usd, r_narrative, r_actuals };
enum ActualKey { a_target_id, a_value };

const FieldTable& target_table() {
  static const FieldTable table = {
      {"id", {Slot::text, t_id}},
      {"description", {Slot::text, t_description}},
      {"measure", {Slot::text, t_measure}},
      {"unit", {Slot::text, t_unit}},
      {"baseline_value", {Slot::required_number, t_baseline_value}},
      {"baseline_date", {Slot::text, t_baseline_date}},
      {"target_value", {Slot::required_number, t_target_value}},
      {"target_date", {Slot::text, t_target_date}},
      {"metric", {Slot::text, t_metric}},
  };
  return table;
}

const FieldTable& report_table() {
  static const FieldTable table = {
      {"reported_on", {Slot::text, r_reported_on}},
      {"status", {Slot::text, r_status}},
      {"percent_complete", {Slot::optional_number, r_percent_complete}},
      {"disbursed_usd", {Slot::optional_number, r_disbursed_usd}},
      {"narrative", {Slot::text, r_narrative}},
      {"actuals", {Slot::actuals, r_actuals}},
  };
  return table;
}

const FieldTable& actual_table() {
  static const FieldTable table = {
      {"target_id", {Slot::text, a_target_id}},
      {"value", {Slot::required_number, a_value}},
  };
  return table;
}

// Where the reader is: each open object or array.
enum class Level { pledge, list, targets, target, reports, report, actuals, actual };

// nlohmann's SAX events, turned into the record as they come. Every handler returns false, which stops the
// parse, on anything the tree reader would word as a problem.
class DirectReader {
 public:
  explicit DirectReader(std::size_t row) { record_.row = row; }

  // null leaves every field as it starts: empty text, list or array, no number (0 for a required one), the
  // default review state.
  bool null() {
    if (!expecting_value()) return false;
    field_ = nullptr;
    return true;
  }
  bool boolean(bool) { return false; }
  bool number_integer(json::number_integer_t value) { return number(static_cast<double>(value)); }
  bool number_unsigned(json::number_unsigned_t value) { return number(static_cast<double>(value)); }
  bool number_float(json::number_float_t value, const json::string_t&) { return number(value); }
  bool binary(json::binary_t&) { return false; }
  bool parse_error(std::size_t, const std::string&, const json::exception&) { return false; }

  bool string(json::string_t& value) {
    if (!levels_.empty() && levels_.back() == Level::list) {
      list_->push_back(std::move(value));
      return true;
    }
    if (!expecting_value()) return false;
    const Field& field = *std::exchange(field_, nullptr);
    if (field.slot == Slot::review_state) {
      record_.pledge.review_state = std::move(value);
      return true;
    }
    if (field.slot != Slot::text) return false;
    switch (levels_.back()) {
      case Level::pledge: record_.pledge.*field.pledge_text = std::move(value); return true;
      case Level::target: target_text(field.bit) = std::move(value); return true;
      case Level::report: report_text(field.bit) = std::move(value); return true;
      case Level::actual: report().actuals.back().target_id = std::move(value); return true;
      default: return false;
    }
  }

  bool key(json::string_t& name) {
    if (levels_.empty()) return false;
    const FieldTable* table = nullptr;
    switch (levels_.back()) {
      case Level::pledge: table = &pledge_table(); break;
      case Level::target: table = &target_table(); break;
      case Level::report: table = &report_table(); break;
      case Level::actual: table = &actual_table(); break;
      default: return false;
    }
    const auto it = table->find(name);
    if (it == table->end()) return false;
    const std::uint64_t bit = std::uint64_t{1} << it->second.bit;
    if ((seen_.back() & bit) != 0) return false;
    seen_.back() |= bit;
    field_ = &it->second;
    return true;
  }

  bool start_object(std::size_t) {
    if (levels_.empty()) return open(Level::pledge);
    switch (levels_.back()) {
      case Level::targets: record_.pledge.targets.emplace_back(); return open(Level::target);
      case Level::reports: record_.pledge.reports.emplace_back(); return open(Level::report);
      case Level::actuals: report().actuals.emplace_back(); return open(Level::actual);
      default: return false;
    }
  }

  bool end_object() {
    const std::uint64_t seen = seen_.back();
    const auto has = [&](int bit) { return (seen & (std::uint64_t{1} << bit)) != 0; };
    switch (levels_.back()) {
      case Level::target:
        if (!has(t_baseline_value) || !has(t_target_value)) return false;
        break;
      case Level::actual:
        if (!has(a_value)) return false;
        break;
      default: break;
    }
    levels_.pop_back();
    seen_.pop_back();
    if (levels_.empty()) done_ = true;
    return true;
  }

  bool start_array(std::size_t) {
    if (!expecting_value()) return false;
    const Field& field = *std::exchange(field_, nullptr);
    switch (field.slot) {
      case Slot::list: list_ = &(record_.pledge.*field.pledge_list); return open(Level::list);
      case Slot::targets: return open(Level::targets);
      case Slot::reports: return open(Level::reports);
      case Slot::actuals: return open(Level::actuals);
      default: return false;
    }
  }

  bool end_array() {
    levels_.pop_back();
    seen_.pop_back();
    return true;
  }

  std::optional<SourceRecord> take() && {
    if (!done_) return std::nullopt;
    return std::move(record_);
  }

 private:
  // A value may come only right after a key of an object.
  bool expecting_value() const { return field_ != nullptr && !levels_.empty() && levels_.back() != Level::list; }

  bool open(Level level) {
    if (done_) return false;
    levels_.push_back(level);
    seen_.push_back(0);
    return true;
  }

  bool number(double value) {
    if (!expecting_value()) return false;
    const Field& field = *std::exchange(field_, nullptr);
    switch (field.slot) {
      case Slot::optional_number:
      case Slot::required_number: break;
      case Slot::checked_number: return true;
      case Slot::whole_number:
        if (value < -1e9 || value > 1e9 || value != std::floor(value)) return false;
        record_.pledge.reporting_period_months = static_cast<int>(value);
        return true;
      default: return false;
    }
    switch (levels_.back()) {
      case Level::pledge: record_.pledge.value = value; return true;
      case Level::target:
        (field.bit == t_baseline_value ? record_.pledge.targets.back().baseline_value
                                       : record_.pledge.targets.back().target_value) = value;
        return true;
      case Level::report:
        (field.bit == r_percent_complete ? report().percent_complete : report().disbursed_usd) = value;
        return true;
      case Level::actual: report().actuals.back().value = value; return true;
      default: return false;
    }
  }

  ProgressReport& report() { return record_.pledge.reports.back(); }

  std::string& target_text(int key) {
    Target& t = record_.pledge.targets.back();
    switch (key) {
      case t_id: return t.id;
      case t_description: return t.description;
      case t_measure: return t.measure;
      case t_unit: return t.unit;
      case t_baseline_date: return t.baseline_date;
      case t_target_date: return t.target_date;
      default: return t.metric;
    }
  }

  std::string& report_text(int key) {
    ProgressReport& r = report();
    switch (key) {
      case r_reported_on: return r.reported_on;
      case r_status: return r.status;
      default: return r.narrative;
    }
  }

  SourceRecord record_;
  std::vector<Level> levels_;        // open objects and arrays, outermost first
  std::vector<std::uint64_t> seen_;  // per open object: the keys seen so far
  const Field* field_ = nullptr;     // the key whose value comes next
  std::vector<std::string>* list_ = nullptr;
  bool done_ = false;
};

}  // namespace

std::optional<SourceRecord> read_pledge_directly(std::string_view element, std::size_t row) {
  DirectReader reader(row);
  const char* begin = element.data();
  if (!json::sax_parse(begin, begin + element.size(), &reader, json::input_format_t::json, true)) return std::nullopt;
  return std::move(reader).take();
}

}  // namespace p2c::pledges
