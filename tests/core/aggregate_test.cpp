#include <catch2/catch.hpp>

#include "aggregate.h"

using p2c::Aggregation;
using p2c::Direction;
using p2c::MetricInfo;
using p2c::host::aggregate;
using p2c::host::MemberValue;

namespace {

MetricInfo rule(Aggregation aggregation, std::optional<double> target = std::nullopt,
                Direction direction = Direction::higher_is_better) {
  MetricInfo info;
  info.name = "m";
  info.aggregation = aggregation;
  info.target = target;
  info.direction = direction;
  return info;
}

// Three members with data out of four; populations 100, 300, 600 of a group total of 2000.
const std::vector<MemberValue> three = {{10, 100.0}, {20, 300.0}, {40, 600.0}};

}  // namespace

TEST_CASE("each aggregation rule on hand-checked numbers", "[aggregate]") {
  CHECK(aggregate(rule(Aggregation::sum), three, 4, 2000, 0.5)->value == 70);
  CHECK(aggregate(rule(Aggregation::mean), three, 4, 2000, 0.5)->value == Approx(70.0 / 3));
  // (10*100 + 20*300 + 40*600) / 1000 = 31
  CHECK(aggregate(rule(Aggregation::population_weighted_mean), three, 4, 2000, 0.5)->value == 31);
  CHECK(aggregate(rule(Aggregation::median), three, 4, 2000, 0.5)->value == 20);
  const std::vector<MemberValue> four = {{1, 1.0}, {9, 1.0}, {3, 1.0}, {7, 1.0}};
  CHECK(aggregate(rule(Aggregation::median), four, 4, 4, 0.5)->value == 5);
  // Two of three meet ">= 20"; one of three meets "<= 15" when lower is better.
  CHECK(aggregate(rule(Aggregation::share_meeting_target, 20), three, 4, 2000, 0.5)->value == Approx(200.0 / 3));
  CHECK(aggregate(rule(Aggregation::share_meeting_target, 15, Direction::lower_is_better), three, 4, 2000, 0.5)
            ->value == Approx(100.0 / 3));
}

TEST_CASE("coverage counts members and their population share, and flags low coverage", "[aggregate]") {
  const auto value = aggregate(rule(Aggregation::sum), three, 4, 2000, 0.5);
  REQUIRE(value);
  CHECK(value->coverage.members_with_data == 3);
  CHECK(value->coverage.members == 4);
  CHECK(value->coverage.population_share == 0.5);
  CHECK_FALSE(value->low_coverage);  // exactly at the threshold is enough
  CHECK(aggregate(rule(Aggregation::sum), three, 4, 2000, 0.51)->low_coverage);
}

TEST_CASE("without population, coverage falls back to the share of members", "[aggregate]") {
  const std::vector<MemberValue> unknown = {{10, std::nullopt}, {20, std::nullopt}};
  const auto value = aggregate(rule(Aggregation::mean), unknown, 5, 0, 0.5);
  REQUIRE(value);
  CHECK(value->value == 15);
  CHECK(value->coverage.population_share == 0);
  CHECK(value->low_coverage);  // 2 of 5 members
  CHECK_FALSE(aggregate(rule(Aggregation::mean), unknown, 4, 0, 0.5)->low_coverage);
}

TEST_CASE("a weighted mean counts only members with a known population", "[aggregate]") {
  const std::vector<MemberValue> mixed = {{10, 100.0}, {1000, std::nullopt}};
  const auto value = aggregate(rule(Aggregation::population_weighted_mean), mixed, 2, 100, 0.5);
  REQUIRE(value);
  CHECK(value->value == 10);
  CHECK(value->coverage.members_with_data == 1);
  const std::vector<MemberValue> none = {{1000, std::nullopt}};
  CHECK_FALSE(aggregate(rule(Aggregation::population_weighted_mean), none, 2, 0, 0.5));
}

TEST_CASE("no group value without a rule, a target or members with data", "[aggregate]") {
  CHECK_FALSE(aggregate(rule(Aggregation::none), three, 4, 2000, 0.5));
  CHECK_FALSE(aggregate(rule(Aggregation::share_meeting_target), three, 4, 2000, 0.5));
  CHECK_FALSE(aggregate(rule(Aggregation::sum), {}, 4, 2000, 0.5));
}
