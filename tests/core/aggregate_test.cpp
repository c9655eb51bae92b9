// Group values from member values: the rules, coverage observed and in all, and the publishing rules.
#include "aggregate.h"

#include <catch2/catch.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "temp_dir.h"

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

namespace {

// Two economies in one group, A without a population in the year it has a value alone; values of one metric.
struct SmallGroup {
  p2c::test::TempDir dir;
  p2c::host::Reference reference;
  p2c::host::Interner entities;
  std::vector<p2c::CatalogueEntry> catalogue;
  p2c::Series population;

  SmallGroup()
      : reference(p2c::host::Reference::load(
            {dir.write("economies.csv", "iso3,m49,name\nAAA,1,A\nBBB,2,B\n"),
             dir.write("groups.csv", "code,name,family\nG,Group,test\n"),
             dir.write("memberships.csv", "group,iso3,from_year,to_year\nG,AAA,,\nG,BBB,,\n"),
             {},
             "population"})) {
    p2c::CatalogueEntry entry;
    entry.id = "x.m";
    entry.info = rule(Aggregation::population_weighted_mean);
    catalogue.push_back(entry);
  }

  // Group records for values (economy, year, value) with populations (economy, year, people).
  std::vector<p2c::Record> run(const std::vector<std::tuple<std::string, int, double>>& values,
                               const std::vector<std::tuple<std::string, int, double>>& people) {
    population = {};
    for (const auto& [code, year, value] : people) {
      population.entity.push_back(entities.intern(code));
      population.year.push_back(year);
      population.value.push_back(value);
    }
    std::vector<p2c::Record> records;
    for (const auto& [code, year, value] : values) {
      p2c::Record& record = records.emplace_back();
      record.entity = entities.intern(code);
      record.year = year;
      record.value = value;
    }
    const std::size_t economy_records = records.size();
    p2c::host::PublishingSettings publishing;
    publishing.defaults = publish(0);
    p2c::host::add_group_records(reference, &population, catalogue, publishing, entities, records);
    return {records.begin() + static_cast<std::ptrdiff_t>(economy_records), records.end()};
  }
};

}  // namespace

TEST_CASE("group records are the same whether the years span decades or centuries", "[aggregate]") {
  // Population years far apart make the host keep them by hash instead of in an array over the years spanned.
  for (const int far : {2030, 3990}) {
    CAPTURE(far);
    SmallGroup group;
    const auto records = group.run({{"AAA", 2020, 10}, {"BBB", 2020, 40}, {"AAA", 2021, 30}, {"BBB", far, 50}},
                                   {{"AAA", 2020, 100}, {"BBB", 2020, 300}, {"BBB", 2021, 100}, {"BBB", far, 5}});
    REQUIRE(records.size() == 2);  // none for 2021, when the only member with a value has no population
    CHECK(records[0].year == 2020);
    CHECK(records[0].value == Approx((10.0 * 100 + 40.0 * 300) / 400));
    CHECK(records[0].coverage->members_with_data == 2);
    CHECK(records[1].year == far);
    CHECK(records[1].value == 50);
    CHECK(records[1].coverage->population_share == 1);
    CHECK(group.entities.text(records[1].entity) == "G");
  }
}
