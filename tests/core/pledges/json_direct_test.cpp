// The direct JSON reader against the tree reader: the same record for every element it takes, and it declines
// exactly the elements the tree reader has something to say about.
#include "pledges/json_direct.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "p2c/json.h"
#include "pledges/formats.h"
#include "rules_fixture.h"

namespace {

using p2c::pledges::Audience;
using p2c::pledges::read_pledge_directly;

// The record and rejections of the tree reader, or nothing when the text is not valid JSON.
std::optional<std::pair<p2c::pledges::SourceRecord, std::size_t>> through_tree(const std::string& text) {
  try {
    const auto tree = p2c::parse_json(text);
    if (!tree.is_object()) return std::nullopt;
    std::vector<p2c::pledges::Rejection> rejected;
    auto record = p2c::pledges::read_pledge(tree, "file.json", 7, rejected);
    return std::pair{std::move(record), rejected.size()};
  } catch (const p2c::JsonError&) {
    return std::nullopt;
  }
}

nlohmann::ordered_json full_pledge() {
  auto p = p2c::test::valid_pledge();
  p.beneficiaries = {"women", "youth"};
  p.wsis_lines = {"C2"};
  p.roadmap_areas = {"universal_connectivity"};
  p.campaigns = {"ldc5"};
  p.partners = {"A \"quoted\" partner, \u00e9"};
  p.contact_name = "Officer";
  p.contact_email = "officer@example.org";
  p.review_state = "submitted";
  p.reporting_period_months = 6;
  p.targets = {{"T1", "schools", "schools_connected", "schools", 0, "2022-06-01", 500, "2026-12-31", ""},
               {"T2", "", "people_trained", "people", 10.5, "2022-06-01", 1e6, "2025-01-01", "x.y"}};
  p.reports[0].actuals = {{"T1", 120}, {"T2", 2000.25}};
  p.reports[1].actuals = {{"T1", 300}};
  auto object = p2c::pledges::pledge_object(p, Audience::operators);
  object["value_usd"] = 1085000.5;
  return object;
}

}  // namespace

TEST_CASE("the direct reader gives the tree reader's record for every pledge it takes", "[pledges][json]") {
  std::vector<std::string> taken;
  const auto full = full_pledge();
  taken.push_back(full.dump());
  taken.push_back(full.dump(2));
  taken.push_back("{\"id\": \"P-1\"}");
  taken.push_back("{}");
  taken.push_back(" \n {\"id\": \"\\u00e9\\n\\ud83d\\ude00\", \"value\": 18446744073709551615, \"sdgs\": []} \t");
  auto nulls = full;
  for (const char* key : {"entity", "implementation_economies", "value", "currency", "value_usd", "review_state",
                          "reporting_period_months", "targets", "reports", "partners"})
    nulls[key] = nullptr;
  taken.push_back(nulls.dump());
  auto inner_nulls = full;
  inner_nulls["targets"][0]["baseline_value"] = nullptr;
  inner_nulls["targets"][1]["description"] = nullptr;
  inner_nulls["reports"][0]["percent_complete"] = nullptr;
  inner_nulls["reports"][0]["actuals"][1]["value"] = nullptr;
  inner_nulls["reports"][1]["actuals"] = nullptr;
  inner_nulls["reporting_period_months"] = 12.0;
  taken.push_back(inner_nulls.dump());

  for (const auto& text : taken) {
    INFO(text);
    const auto direct = read_pledge_directly(text, 7);
    REQUIRE(direct);
    const auto tree = through_tree(text);
    REQUIRE(tree);
    CHECK(tree->second == 0);
    CHECK(direct->row == 7);
    CHECK(direct->pledge == tree->first.pledge);
  }
  CHECK(read_pledge_directly(taken[0], 1)->pledge.targets.size() == 2);
  CHECK(read_pledge_directly(taken[0], 1)->pledge.reports[0].actuals.size() == 2);
}

TEST_CASE("the direct reader declines what the tree reader words as a problem", "[pledges][json]") {
  const auto full = full_pledge();
  const auto with = [&](const std::function<void(nlohmann::ordered_json&)>& change) {
    auto object = full;
    change(object);
    return object.dump();
  };
  const std::vector<std::string> declined = {
      with([](auto& o) { o["colour"] = "blue"; }),
      with([](auto& o) { o["entity"] = 5; }),
      with([](auto& o) { o["value"] = "a million"; }),
      with([](auto& o) { o["value_usd"] = "1"; }),
      with([](auto& o) {
        o["sdgs"] = {"9", 17};
      }),
      with([](auto& o) { o["focus_areas"] = "access"; }),
      with([](auto& o) { o["review_state"] = true; }),
      with([](auto& o) { o["reporting_period_months"] = 6.5; }),
      with([](auto& o) { o["reporting_period_months"] = 2e9; }),
      with([](auto& o) {
        o["description"] = {{"en", "x"}};
      }),
      with([](auto& o) { o["targets"] = {"T1"}; }),
      with([](auto& o) { o["targets"][0].erase("target_value"); }),
      with([](auto& o) { o["targets"][0]["unit"] = nullptr, o["targets"][0]["extra"] = 1; }),
      with([](auto& o) {
        o["reports"] = {{{"status", "in_progress"}}, 4};
      }),
      with([](auto& o) { o["reports"][0]["actuals"][0].erase("value"); }),
      with([](auto& o) { o["reports"][0]["actuals"][0]["value"] = "120"; }),
      with([](auto& o) {
        o["reports"][0]["actuals"] = {{{"target_id", "T1"}, {"value", 1}, {"note", ""}}};
      }),
      with([](auto& o) {
        o["reports"][1]["narrative"] = {"a", "b"};
      }),
  };
  for (const auto& text : declined) {
    INFO(text);
    CHECK_FALSE(read_pledge_directly(text, 1));
    const auto tree = through_tree(text);
    REQUIRE(tree);
    CHECK(tree->second > 0);
  }
  // Not valid JSON, or not a pledge object: the caller's strict parse words these.
  for (const std::string text : {"{\"id\": \"a\", \"id\": \"b\"}", "{\"id\": \"a\"} x", "", "  ", "[1]", "5",
                                 "{\"id\": \"\xff\"}", "{\"value\": 1e309}", "{\"id\": \"a\",}", "null"}) {
    INFO(text);
    CHECK_FALSE(read_pledge_directly(text, 1));
    CHECK_FALSE(through_tree(text));
  }
}
