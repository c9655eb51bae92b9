#include "progress_report_json.h"

#include <cmath>

#include "p2c/json.h"
#include "p2c/text.h"

namespace p2c::service {
namespace {

Json optional_number(const std::optional<double>& number) { return number ? Json(*number) : Json(nullptr); }

}  // namespace

Json report_json(const pledges::ProgressReport& report) {
  Json actuals = Json::array();
  for (const auto& actual : report.actuals)
    actuals.push_back({{"target_id", actual.target_id}, {"value", actual.value}});
  return {{"reported_on", report.reported_on},
          {"status", report.status},
          {"percent_complete", optional_number(report.percent_complete)},
          {"disbursed_usd", optional_number(report.disbursed_usd)},
          {"narrative", report.narrative},
          {"actuals", std::move(actuals)}};
}

std::vector<pledges::Rejection> parse_report(const std::string& body, pledges::ProgressReport& out) {
  std::vector<pledges::Rejection> problems;
  const auto problem = [&](std::string field, std::string message) {
    pledges::Rejection rejection;
    rejection.field = std::move(field);
    rejection.message = std::move(message);
    problems.push_back(std::move(rejection));
  };
  // The body is untrusted: parse_json bounds its depth and refuses duplicate keys, ill-formed UTF-8 and numbers
  // beyond a double (1e309) as ordinary problems, answered 400 like any other.
  nlohmann::json json;
  try {
    json = p2c::parse_json(body);
  } catch (const p2c::JsonError& e) {
    problem("body", e.what());
    return problems;
  }
  if (!json.is_object()) {
    problem("body",
            "expected a JSON object {reported_on, status, percent_complete, disbursed_usd, "
            "narrative, actuals}, got " +
                std::string(json.type_name()));
    return problems;
  }
  const auto text = [&](const char* field, std::string& target, bool required) {
    const auto found = json.find(field);
    if (found == json.end() || found->is_null()) {
      if (required) problem(field, "is required (a string)");
      return;
    }
    if (!found->is_string()) {
      problem(field, std::string("expected a string, got ") + found->type_name());
      return;
    }
    target = found->get<std::string>();
  };
  const auto number = [&](const char* field, std::optional<double>& target) {
    const auto found = json.find(field);
    if (found == json.end() || found->is_null()) return;
    if (!found->is_number() || !std::isfinite(found->get<double>())) {
      problem(field, "expected a number or null, got " + p2c::json_excerpt(*found));
      return;
    }
    target = found->get<double>();
  };
  text("reported_on", out.reported_on, true);
  text("status", out.status, true);
  number("percent_complete", out.percent_complete);
  number("disbursed_usd", out.disbursed_usd);
  text("narrative", out.narrative, false);
  // What the report says each target of the pledge has reached; which targets exist is validate_report()'s check.
  if (const auto found = json.find("actuals"); found != json.end() && !found->is_null()) {
    if (!found->is_array()) {
      problem("actuals", "expected an array of {target_id, value}, got " + p2c::json_excerpt(*found));
    } else {
      for (std::size_t i = 0; i < found->size(); ++i) {
        const Json& item = (*found)[i];
        const std::string where = "actuals[" + std::to_string(i + 1) + "]";
        if (!item.is_object()) {
          problem(where, "expected an object {target_id, value}, got " + p2c::json_excerpt(item));
          continue;
        }
        pledges::Actual actual;
        const auto id = item.find("target_id");
        if (id == item.end() || !id->is_string())
          problem(where + ".target_id", id == item.end() ? std::string("is required (a string)")
                                                         : "expected a string, got " + p2c::json_excerpt(*id));
        else
          actual.target_id = id->get<std::string>();
        const auto value = item.find("value");
        if (value == item.end() || !value->is_number() || !std::isfinite(value->get<double>()))
          problem(where + ".value", value == item.end() ? std::string("is required (a number)")
                                                        : "expected a number, got " + p2c::json_excerpt(*value));
        else
          actual.value = value->get<double>();
        for (const auto& [key, ignored] : item.items())
          if (key != "target_id" && key != "value")
            problem(where + "." + p2c::printable(key), "is not a field of an actual (target_id, value)");
        out.actuals.push_back(std::move(actual));
      }
    }
  }
  for (const auto& [key, value] : json.items())
    if (key != "reported_on" && key != "status" && key != "percent_complete" && key != "disbursed_usd" &&
        key != "narrative" && key != "actuals")
      problem(p2c::printable(key),
              "is not a field of a progress report (reported_on, status, percent_complete, "
              "disbursed_usd, narrative, actuals)");
  return problems;
}

}  // namespace p2c::service
