// The estimation stage: which economy-years it fills, how it marks them, what it leaves alone.
#include "estimate.h"

#include <catch2/catch.hpp>
#include <map>

using namespace p2c;
using p2c::host::add_estimates;
using p2c::host::MetricEstimation;

namespace {

CatalogueEntry share(const std::string& id) {
  CatalogueEntry entry;
  entry.id = id;
  entry.info.name = id;
  make_share(entry.info);
  entry.info.aggregation = Aggregation::population_weighted_mean;
  return entry;
}

Record value(std::uint32_t metric, EntityId entity, int year, std::optional<double> v,
             EntityKind kind = EntityKind::economy) {
  Record r;
  r.metric = metric;
  r.entity = entity;
  r.entity_kind = kind;
  r.year = year;
  r.value = v;
  return r;
}

MetricEstimation rule_for(const std::string& metric, EstimationMethod method, int max_years = 3) {
  MetricEstimation out;
  out.metric = metric;
  out.rule.method = method;
  out.rule.max_extrapolation_years = max_years;
  return out;
}

std::vector<Record> appended(const std::vector<Record>& records, std::size_t before) {
  return {records.begin() + static_cast<std::ptrdiff_t>(before), records.end()};
}

}  // namespace

TEST_CASE("estimates are appended as flagged economy records that say how they were made", "[estimate]") {
  const std::vector<CatalogueEntry> catalogue = {share("m.users"), share("m.other")};
  std::vector<Record> records = {
      // economy 0: 2018, 2020, 2022 observed; the latest year any economy has is 2024
      value(0, 0, 2018, 20), value(0, 0, 2020, 30), value(0, 0, 2022, 40),
      // economy 1 reports 2024; its 2023 was recorded missing by the indicator, with a reason
      value(0, 1, 2021, 50), value(0, 1, 2022, 52), value(0, 1, 2023, std::nullopt), value(0, 1, 2024, 56),
      // a group record and a metric without a rule are left alone
      value(0, 7, 2019, 10, EntityKind::group), value(1, 0, 2018, 1), value(1, 0, 2020, 3)};
  records[5].reason = "input value 140 is outside 0-100 %";
  const std::size_t before = records.size();
  const auto counts = add_estimates(catalogue, {rule_for("m.users", EstimationMethod::itu_trend, 2)}, records);
  const auto added = appended(records, before);

  CHECK(counts.at("m.users") == added.size());
  CHECK(counts.count("m.other") == 0);
  std::map<std::pair<EntityId, int>, Record> by;
  for (const auto& r : added) {
    CHECK(r.metric == 0);
    CHECK(r.entity_kind == EntityKind::economy);
    CHECK(r.flags == flag_estimated);
    by[{r.entity, r.year}] = r;
  }
  // economy 0: 2019 and 2021 interpolated; 2023 and 2024 on the trend of 2018-2022 (5 a year) from 40.
  REQUIRE(by.size() == 4);
  CHECK(*by.at({0, 2019}).value == Approx(25));
  CHECK(by.at({0, 2019}).reason == "interpolated between 2018 and 2020");
  CHECK(*by.at({0, 2021}).value == Approx(35));
  CHECK(*by.at({0, 2023}).value == Approx(45));
  CHECK(*by.at({0, 2024}).value == Approx(50));
  CHECK(by.at({0, 2024}).reason == "extrapolated from the trend of 2018-2022 (ITU method)");
  // economy 1: its explained 2023 stays missing, nothing else is missing.
  CHECK(by.count({1, 2023}) == 0);
}

TEST_CASE("interpolate never goes past the latest observation, and rules for unknown metrics do nothing",
          "[estimate]") {
  const std::vector<CatalogueEntry> catalogue = {share("m.users")};
  std::vector<Record> records = {value(0, 0, 2018, 20), value(0, 0, 2020, 30), value(0, 1, 2024, 90)};
  const std::size_t before = records.size();
  add_estimates(
      catalogue,
      {rule_for("m.users", EstimationMethod::interpolate), rule_for("m.nothing", EstimationMethod::itu_trend)},
      records);
  const auto added = appended(records, before);
  REQUIRE(added.size() == 1);
  CHECK(added[0].year == 2019);
  std::vector<Record> untouched = {value(0, 0, 2018, 20), value(0, 0, 2020, 30)};
  add_estimates(catalogue, {rule_for("m.users", EstimationMethod::none)}, untouched);
  CHECK(untouched.size() == 2);
}
