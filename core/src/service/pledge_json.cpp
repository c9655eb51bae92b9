#include "pledge_json.h"

#include <cmath>

namespace p2c::service {
namespace {

Json optional_number(const std::optional<double>& number) { return number ? Json(*number) : Json(nullptr); }

}  // namespace

Json report_json(const pledges::ProgressReport& report) {
  return {{"reported_on", report.reported_on},
          {"status", report.status},
          {"percent_complete", optional_number(report.percent_complete)},
          {"disbursed_usd", optional_number(report.disbursed_usd)},
          {"narrative", report.narrative}};
}

Json pledge_json(const pledges::Pledge& pledge) {
  Json reports = Json::array();
  for (const auto& report : pledge.reports) reports.push_back(report_json(report));
  return {{"id", pledge.id},
          {"entity", pledge.entity},
          {"sector", pledge.sector},
          {"origin_economy", pledge.origin_economy},
          {"origin_region", pledge.origin_region},
          {"implementation_economies", pledge.implementation_economies},
          {"implementation_regions", pledge.implementation_regions},
          {"focus_areas", pledge.focus_areas},
          {"pillars", pledge.pillars},
          {"pledge_type", pledge.pledge_type},
          {"value", optional_number(pledge.value)},
          {"currency", pledge.currency},
          {"value_usd", optional_number(pledge.value_usd)},
          {"beneficiaries", pledge.beneficiaries},
          {"sdgs", pledge.sdgs},
          {"pledged_on", pledge.pledged_on},
          {"start_date", pledge.start_date},
          {"end_date", pledge.end_date},
          {"status", pledge.status},
          {"description", pledge.description},
          {"reports", std::move(reports)}};
}

std::vector<pledges::Rejection> parse_report(const std::string& body, pledges::ProgressReport& out) {
  std::vector<pledges::Rejection> problems;
  Json json;
  try {
    json = Json::parse(body);
  } catch (const Json::parse_error& e) {
    problems.push_back({0, "body", std::string("not valid JSON: ") + e.what()});
    return problems;
  }
  if (!json.is_object()) {
    problems.push_back({0, "body",
                        "expected a JSON object {reported_on, status, percent_complete, disbursed_usd, "
                        "narrative}, got " +
                            std::string(json.type_name())});
    return problems;
  }
  const auto text = [&](const char* field, std::string& target, bool required) {
    const auto found = json.find(field);
    if (found == json.end() || found->is_null()) {
      if (required) problems.push_back({0, field, "is required (a string)"});
      return;
    }
    if (!found->is_string()) {
      problems.push_back({0, field, std::string("expected a string, got ") + found->type_name()});
      return;
    }
    target = found->get<std::string>();
  };
  const auto number = [&](const char* field, std::optional<double>& target) {
    const auto found = json.find(field);
    if (found == json.end() || found->is_null()) return;
    if (!found->is_number() || !std::isfinite(found->get<double>())) {
      problems.push_back({0, field, std::string("expected a number or null, got ") + found->dump()});
      return;
    }
    target = found->get<double>();
  };
  text("reported_on", out.reported_on, true);
  text("status", out.status, true);
  number("percent_complete", out.percent_complete);
  number("disbursed_usd", out.disbursed_usd);
  text("narrative", out.narrative, false);
  for (const auto& [key, value] : json.items())
    if (key != "reported_on" && key != "status" && key != "percent_complete" && key != "disbursed_usd" &&
        key != "narrative")
      problems.push_back({0, key,
                          "is not a field of a progress report (reported_on, status, percent_complete, "
                          "disbursed_usd, narrative)"});
  return problems;
}

}  // namespace p2c::service
