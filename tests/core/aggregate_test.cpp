// Group values from member values: the rules, coverage observed and in all, and the publishing rules.
#include "aggregate.h"

#include <catch2/catch.hpp>

using p2c::Aggregation;
using p2c::Direction;
using p2c::MetricInfo;
using p2c::host::aggregate;
using p2c::host::MemberValue;
using p2c::host::PublishingThresholds;

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

PublishingThresholds publish(double observed, double sum = 0) { return {observed, sum}; }

// Three members with data out of four; populations 100, 300, 600 of a group total of 2000.
const std::vector<MemberValue> three = {{10, 100.0}, {20, 300.0}, {40, 600.0}};

}  // namespace

TEST_CASE("each aggregation rule on hand-checked numbers", "[aggregate]") {
  const auto any = publish(0);
  CHECK(aggregate(rule(Aggregation::sum), three, 4, 2000, any, 2020)->value == 70);
  CHECK(aggregate(rule(Aggregation::mean), three, 4, 2000, any, 2020)->value == Approx(70.0 / 3));
  // (10*100 + 20*300 + 40*600) / 1000 = 31
  CHECK(aggregate(rule(Aggregation::population_weighted_mean), three, 4, 2000, any, 2020)->value == 31);
  CHECK(aggregate(rule(Aggregation::median), three, 4, 2000, any, 2020)->value == 20);
  const std::vector<MemberValue> four = {{1, 1.0}, {9, 1.0}, {3, 1.0}, {7, 1.0}};
  CHECK(aggregate(rule(Aggregation::median), four, 4, 4, any, 2020)->value == 5);
  // Two of three meet ">= 20"; one of three meets "<= 15" when lower is better.
  CHECK(aggregate(rule(Aggregation::share_meeting_target, 20), three, 4, 2000, any, 2020)->value == Approx(200.0 / 3));
  CHECK(aggregate(rule(Aggregation::share_meeting_target, 15, Direction::lower_is_better), three, 4, 2000, any, 2020)
            ->value == Approx(100.0 / 3));
}

TEST_CASE("coverage counts members and their population share, observed and in all", "[aggregate]") {
  // The member of 600 people is an estimate.
  const std::vector<MemberValue> mixed = {{10, 100.0}, {20, 300.0}, {40, 600.0, false}};
  const auto value = aggregate(rule(Aggregation::population_weighted_mean), mixed, 4, 2000, publish(0), 2020);
  REQUIRE(value);
  CHECK(value->value == 31);  // estimates count in the value
  CHECK(value->coverage.members_with_data == 3);
  CHECK(value->coverage.members == 4);
  CHECK(value->coverage.population_share == 0.5);
  CHECK(value->coverage.members_observed == 2);
  CHECK(value->coverage.observed_population_share == 0.2);
  CHECK(value->estimated);
  CHECK_FALSE(aggregate(rule(Aggregation::sum), three, 4, 2000, publish(0), 2020)->estimated);
}

TEST_CASE("a group value is published from the observed share up, and withheld just below it", "[aggregate]") {
  // Observed: 400 of 2000 people = 0.2.
  const std::vector<MemberValue> mixed = {{10, 100.0}, {20, 300.0}, {40, 600.0, false}};
  const auto at = aggregate(rule(Aggregation::mean), mixed, 4, 2000, publish(0.2), 2024);
  REQUIRE(at);
  CHECK(at->value);
  CHECK(at->withheld.empty());
  const auto below = aggregate(rule(Aggregation::mean), mixed, 4, 2000, publish(0.2001), 2024);
  REQUIRE(below);
  CHECK_FALSE(below->value);
  CHECK(below->withheld ==
        "2 of 4 members reported in 2024 (20 % of the group's population); publishing needs 20 % "
        "observed");
  CHECK(below->coverage.members_observed == 2);  // coverage is kept on a withheld value, to say why
}

TEST_CASE("a sum also needs the share with a value, observed or estimated", "[aggregate]") {
  // With a value: 1000 of 2000 people = 0.5; observed 0.5 too.
  const auto at = aggregate(rule(Aggregation::sum), three, 4, 2000, publish(0.5, 0.5), 2023);
  REQUIRE(at);
  CHECK(at->value == 70);
  const auto below = aggregate(rule(Aggregation::sum), three, 4, 2000, publish(0.5, 0.51), 2023);
  REQUIRE(below);
  CHECK_FALSE(below->value);
  CHECK(below->withheld ==
        "3 of 4 members have a value in 2023, observed or estimated (50 % of the group's "
        "population); a sum needs 51 %");
  // A mean is not held to the sum's share.
  CHECK(aggregate(rule(Aggregation::mean), three, 4, 2000, publish(0.5, 0.51), 2023)->value);
}

TEST_CASE("without population, the shares are of members", "[aggregate]") {
  const std::vector<MemberValue> unknown = {{10, std::nullopt}, {20, std::nullopt}};
  const auto half = aggregate(rule(Aggregation::mean), unknown, 4, 0, publish(0.5), 2022);
  REQUIRE(half);
  CHECK(half->value == 15);
  CHECK(half->coverage.population_share == 0);
  const auto withheld = aggregate(rule(Aggregation::mean), unknown, 5, 0, publish(0.5), 2022);  // 2 of 5
  REQUIRE(withheld);
  CHECK_FALSE(withheld->value);
  CHECK(withheld->withheld == "2 of 5 members reported in 2022 (40 % of its members); publishing needs 50 % observed");
}

TEST_CASE("a weighted mean counts only members with a known population", "[aggregate]") {
  const std::vector<MemberValue> mixed = {{10, 100.0}, {1000, std::nullopt}};
  const auto value = aggregate(rule(Aggregation::population_weighted_mean), mixed, 2, 100, publish(0), 2020);
  REQUIRE(value);
  CHECK(value->value == 10);
  CHECK(value->coverage.members_with_data == 1);
  const std::vector<MemberValue> none = {{1000, std::nullopt}};
  CHECK_FALSE(aggregate(rule(Aggregation::population_weighted_mean), none, 2, 0, publish(0), 2020));
}

TEST_CASE("no group value without a rule, a target or members with data", "[aggregate]") {
  CHECK_FALSE(aggregate(rule(Aggregation::none), three, 4, 2000, publish(0), 2020));
  CHECK_FALSE(aggregate(rule(Aggregation::share_meeting_target), three, 4, 2000, publish(0), 2020));
  CHECK_FALSE(aggregate(rule(Aggregation::sum), {}, 4, 2000, publish(0), 2020));
}
