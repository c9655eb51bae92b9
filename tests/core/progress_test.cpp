// assess() on short hand-checked series; the expected numbers are worked out in the comments.
#include "progress.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <vector>

using p2c::Direction;
using p2c::MetricInfo;
using p2c::Point;
using p2c::Status;
using p2c::host::assess;
using p2c::host::Assessment;
using p2c::host::ProgressSettings;

namespace {

MetricInfo metric(std::optional<double> target, Direction direction = Direction::higher_is_better,
                  int target_year = 2030) {
  MetricInfo info;
  info.name = "m";
  info.direction = direction;
  info.target = target;
  info.target_year = target_year;
  return info;
}

Assessment assessed(const std::vector<Point>& history, const MetricInfo& info, const ProgressSettings& settings = {}) {
  const std::optional<Assessment> result = assess(history, info, settings);
  REQUIRE(result.has_value());
  return *result;
}

// 10, 20, 30 in 2020..2022. Centred years -1, 0, 1; centred values -10, 0, 10.
// slope = sum(dx*dy) / sum(dx^2) = (10 + 0 + 10) / 2 = 10 per year.
// projection at 2030 = mean 20 + 10 * (2030 - 2021) = 110.
// cagr = (30 / 10)^(1/2) - 1 = sqrt(3) - 1 = 0.7320508...
const std::vector<Point> kLinear = {{2020, 10}, {2021, 20}, {2022, 30}};

}  // namespace

TEST_CASE("empty history gives nothing") { CHECK_FALSE(assess({}, metric(50.0), {}).has_value()); }

TEST_CASE("linear series: slope, cagr, projection and gap worked by hand") {
  const Assessment a = assessed(kLinear, metric(200.0));
  CHECK(a.latest_year == 2022);
  CHECK(a.latest == 30);
  CHECK(a.points == 3);
  REQUIRE(a.slope);
  CHECK(*a.slope == Approx(10));
  REQUIRE(a.cagr);
  CHECK(*a.cagr == Approx(std::sqrt(3.0) - 1));
  REQUIRE(a.projection);
  CHECK(*a.projection == Approx(110));
  REQUIRE(a.gap);
  CHECK(*a.gap == Approx(170));          // 200 - 30
  CHECK(a.status == Status::off_track);  // 110 < 200
}

TEST_CASE("non-collinear series: least-squares slope and projection") {
  // 1, 2, 4 in 2020..2022. Mean 7/3; centred values -4/3, -1/3, 5/3.
  // slope = (-1 * -4/3 + 0 + 1 * 5/3) / 2 = 3 / 2 = 1.5.
  // projection at 2030 = 7/3 + 1.5 * 9 = 95/6 = 15.8333...
  // cagr = (4 / 1)^(1/2) - 1 = 1.
  const Assessment a = assessed({{2020, 1}, {2021, 2}, {2022, 4}}, metric(15.0));
  CHECK(*a.slope == Approx(1.5));
  CHECK(*a.projection == Approx(95.0 / 6));
  CHECK(*a.cagr == Approx(1.0));
  CHECK(a.status == Status::on_track);  // 15.83 >= 15
}

TEST_CASE("cagr is a fraction per year") {
  // 100 -> 121 over two years: (121 / 100)^(1/2) - 1 = 1.1 - 1 = 0.1, i.e. 10 % a year.
  const Assessment a = assessed({{2020, 100}, {2022, 121}}, metric(std::nullopt));
  REQUIRE(a.cagr);
  CHECK(*a.cagr == Approx(0.1));
  // Decline: 100 -> 81 over two years: 0.9 - 1 = -0.1.
  const Assessment d = assessed({{2020, 100}, {2022, 81}}, metric(std::nullopt));
  CHECK(*d.cagr == Approx(-0.1));
  // The slope with only two points is the line through them: 21 / 2.
  CHECK(*a.slope == Approx(10.5));
}

TEST_CASE("every status") {
  SECTION("none: no target") {
    const Assessment a = assessed(kLinear, metric(std::nullopt));
    CHECK(a.status == Status::none);
    CHECK_FALSE(a.gap);
    CHECK_FALSE(a.projection);
    // The trend is still reported.
    CHECK(*a.slope == Approx(10));
    CHECK(a.cagr);
  }
  SECTION("achieved: latest meets the target; the projection is still given") {
    const Assessment a = assessed(kLinear, metric(25.0));
    CHECK(a.status == Status::achieved);
    CHECK(*a.gap == 0);
    CHECK(*a.projection == Approx(110));
  }
  SECTION("achieved: exactly at the target counts") {
    const Assessment a = assessed(kLinear, metric(30.0));
    CHECK(a.status == Status::achieved);
    CHECK(*a.gap == 0);
  }
  SECTION("on_track: projection 110 >= 100") {
    const Assessment a = assessed(kLinear, metric(100.0));
    CHECK(a.status == Status::on_track);
    CHECK(*a.gap == Approx(70));  // 100 - 30
  }
  SECTION("on_track: projection exactly at the target (110) counts") {
    const Assessment a = assessed(kLinear, metric(110.0));
    CHECK(*a.projection == 110);  // exact in binary: 20 + 10 * 9
    CHECK(a.status == Status::on_track);
  }
  SECTION("off_track: projection 110 < 111") { CHECK(assessed(kLinear, metric(111.0)).status == Status::off_track); }
  SECTION("insufficient_data: two points with the default min_points of 3") {
    const Assessment a = assessed({{2021, 20}, {2022, 30}}, metric(100.0));
    CHECK(a.status == Status::insufficient_data);
    CHECK(a.points == 2);
    CHECK(*a.slope == Approx(10));  // a slope needs only two points
    CHECK_FALSE(a.projection);      // a projection needs min_points
    CHECK(*a.gap == Approx(70));
  }
  SECTION("insufficient_data: min_points from the settings") {
    const Assessment a = assessed(kLinear, metric(100.0), ProgressSettings{10, 4});
    CHECK(a.status == Status::insufficient_data);
    CHECK_FALSE(a.projection);
    CHECK(a.slope);
  }
  SECTION("falling series toward a higher_is_better target is off_track") {
    // 30, 20, 10: slope -10, projection 20 - 90 = -70 (not clamped at 0).
    const Assessment a = assessed({{2020, 30}, {2021, 20}, {2022, 10}}, metric(50.0));
    CHECK(*a.slope == Approx(-10));
    CHECK(*a.projection == Approx(-70));
    CHECK(a.status == Status::off_track);
  }
}

TEST_CASE("window edges") {
  // Default window of 10 years ending 2024: [2015, 2024]. 2015 is window_years - 1 years back: in.
  // 2014 is out, so its 0 neither counts as a point nor blocks the cagr.
  // In the window: 2015 -> 10, 2024 -> 100. slope = 90 / 9 = 10; cagr = 10^(1/9) - 1 = 0.29155...
  const std::vector<Point> history = {{2014, 0}, {2015, 10}, {2024, 100}};
  const Assessment a = assessed(history, metric(std::nullopt));
  CHECK(a.points == 2);
  CHECK(*a.slope == Approx(10));
  REQUIRE(a.cagr);
  CHECK(*a.cagr == Approx(std::pow(10.0, 1.0 / 9) - 1));

  SECTION("one year wider takes 2014 in") {
    const Assessment wide = assessed(history, metric(std::nullopt), ProgressSettings{11, 3});
    CHECK(wide.points == 3);
    CHECK_FALSE(wide.cagr);  // the first value in the window is now 0
  }
  SECTION("a window of one year holds only the latest point") {
    const Assessment one = assessed(history, metric(200.0), ProgressSettings{1, 2});
    CHECK(one.points == 1);
    CHECK_FALSE(one.slope);
    CHECK_FALSE(one.cagr);
    CHECK(one.status == Status::insufficient_data);
  }
  SECTION("points outside the window do not count toward min_points") {
    // 2014, 2015, 2024 are three points, but only two lie in the window.
    CHECK(assessed(history, metric(200.0)).status == Status::insufficient_data);
  }
}

TEST_CASE("unsorted input gives the same result as sorted") {
  const Assessment a = assessed({{2022, 30}, {2020, 10}, {2021, 20}}, metric(100.0));
  CHECK(a.latest_year == 2022);
  CHECK(a.latest == 30);
  CHECK(a.points == 3);
  CHECK(*a.slope == Approx(10));
  CHECK(*a.cagr == Approx(std::sqrt(3.0) - 1));  // first is 2020, not the first element given
  CHECK(*a.projection == Approx(110));
  CHECK(a.status == Status::on_track);
}

TEST_CASE("single point") {
  SECTION("below the target: insufficient_data, no trend") {
    const Assessment a = assessed({{2023, 50}}, metric(100.0));
    CHECK(a.latest_year == 2023);
    CHECK(a.latest == 50);
    CHECK(a.points == 1);
    CHECK_FALSE(a.slope);
    CHECK_FALSE(a.cagr);
    CHECK_FALSE(a.projection);
    CHECK(*a.gap == Approx(50));
    CHECK(a.status == Status::insufficient_data);
  }
  SECTION("already meeting the target: achieved needs no trend") {
    const Assessment a = assessed({{2023, 120}}, metric(100.0));
    CHECK(a.status == Status::achieved);
    CHECK(*a.gap == 0);
  }
  SECTION("no target: none") {
    const Assessment a = assessed({{2023, 50}}, metric(std::nullopt));
    CHECK(a.status == Status::none);
    CHECK_FALSE(a.gap);
  }
}

TEST_CASE("lower_is_better: affordability target of 2 % of GNI per capita") {
  const MetricInfo info = metric(2.0, Direction::lower_is_better);
  SECTION("on_track, with a projection below zero left unclamped") {
    // 8, 6, 5 in 2020..2022. Mean 19/3; centred values 5/3, -1/3, -4/3.
    // slope = (-5/3 + 0 - 4/3) / 2 = -1.5; projection = 19/3 - 1.5 * 9 = -43/6 = -7.1666...
    // gap = 5 - 2 = 3.
    const Assessment a = assessed({{2020, 8}, {2021, 6}, {2022, 5}}, info);
    CHECK(*a.slope == Approx(-1.5));
    CHECK(*a.projection == Approx(-43.0 / 6));
    CHECK(*a.gap == Approx(3));
    CHECK(*a.cagr == Approx(std::sqrt(5.0 / 8) - 1));  // (5/8)^(1/2) - 1 = -0.2094...
    CHECK(a.status == Status::on_track);
  }
  SECTION("off_track") {
    // 8, 7.8, 7.6: slope -0.2; projection = 7.8 - 0.2 * 9 = 6.0 > 2.
    const Assessment a = assessed({{2020, 8}, {2021, 7.8}, {2022, 7.6}}, info);
    CHECK(*a.slope == Approx(-0.2));
    CHECK(*a.projection == Approx(6.0));
    CHECK(*a.gap == Approx(5.6));
    CHECK(a.status == Status::off_track);
  }
  SECTION("rising cost is off_track") {
    CHECK(assessed({{2020, 3}, {2021, 4}, {2022, 5}}, info).status == Status::off_track);
  }
  SECTION("achieved below and exactly at the target") {
    const Assessment below = assessed({{2020, 3}, {2022, 1.9}}, info);
    CHECK(below.status == Status::achieved);
    CHECK(*below.gap == 0);
    CHECK(assessed({{2022, 2.0}}, info).status == Status::achieved);
  }
  SECTION("insufficient_data") { CHECK(assessed({{2021, 6}, {2022, 5}}, info).status == Status::insufficient_data); }
}

TEST_CASE("target year already reached") {
  SECTION("latest in the target year, not met: off_track, no projection") {
    const Assessment a = assessed({{2028, 10}, {2029, 20}, {2030, 30}}, metric(100.0));
    CHECK(a.status == Status::off_track);
    CHECK_FALSE(a.projection);
    CHECK(*a.slope == Approx(10));
    CHECK(*a.gap == Approx(70));
  }
  SECTION("latest after the target year, not met: off_track even with too few points") {
    const Assessment a = assessed({{2031, 30}}, metric(100.0));
    CHECK(a.status == Status::off_track);
    CHECK_FALSE(a.projection);
  }
  SECTION("latest after the target year, met: achieved") {
    const Assessment a = assessed({{2029, 90}, {2031, 105}}, metric(100.0));
    CHECK(a.status == Status::achieved);
    CHECK_FALSE(a.projection);
    CHECK(*a.gap == 0);
  }
  SECTION("lower_is_better, past the target year, not met: off_track") {
    const Assessment a = assessed({{2031, 3}}, metric(2.0, Direction::lower_is_better));
    CHECK(a.status == Status::off_track);
    CHECK(*a.gap == Approx(1));
  }
  SECTION("an earlier target year is honoured") {
    // kLinear ends 2022; with a 2025 target the projection is 20 + 10 * 4 = 60.
    const Assessment a = assessed(kLinear, metric(60.0, Direction::higher_is_better, 2025));
    CHECK(*a.projection == Approx(60));
    CHECK(a.status == Status::on_track);
  }
}

TEST_CASE("gap") {
  CHECK(*assessed({{2022, 30}}, metric(100.0)).gap == Approx(70));
  CHECK(*assessed({{2022, 130}}, metric(100.0)).gap == 0);  // overshoot is not a negative gap
  CHECK(*assessed({{2022, 5}}, metric(2.0, Direction::lower_is_better)).gap == Approx(3));
  CHECK(*assessed({{2022, 1}}, metric(2.0, Direction::lower_is_better)).gap == 0);
  CHECK_FALSE(assessed({{2022, 30}}, metric(std::nullopt)).gap);
}

TEST_CASE("non-positive values give no cagr") {
  CHECK_FALSE(assessed({{2020, 0}, {2022, 10}}, metric(std::nullopt)).cagr);
  CHECK_FALSE(assessed({{2020, 10}, {2022, 0}}, metric(std::nullopt)).cagr);
  CHECK_FALSE(assessed({{2020, -5}, {2022, 10}}, metric(std::nullopt)).cagr);
  CHECK_FALSE(assessed({{2020, -5}, {2022, -10}}, metric(std::nullopt)).cagr);
  // Zero in the middle does not matter: cagr looks only at the first and latest.
  CHECK(*assessed({{2020, 100}, {2021, 0}, {2022, 121}}, metric(std::nullopt)).cagr == Approx(0.1));
}

TEST_CASE("least squares stays exact far from year zero") {
  // Centring matters when years are large: sum(x^2) - n * mean^2 with x ~ 2e9 loses all the digits.
  const std::int32_t y = 2'000'000'000;
  const Assessment a = assessed({{y, 10}, {y + 1, 20}, {y + 2, 30}}, metric(std::nullopt));
  CHECK(*a.slope == Approx(10));
}

TEST_CASE("broken preconditions throw") {
  const MetricInfo info = metric(100.0);
  CHECK_THROWS_AS(assess(std::vector<Point>{{2020, 1}, {2020, 2}}, info, {}), std::invalid_argument);
  CHECK_THROWS_AS(assess(std::vector<Point>{{2020, std::numeric_limits<double>::quiet_NaN()}}, info, {}),
                  std::invalid_argument);
  CHECK_THROWS_AS(assess(std::vector<Point>{{2020, 1}, {2021, std::numeric_limits<double>::infinity()}}, info, {}),
                  std::invalid_argument);
  CHECK_THROWS_AS(assess(kLinear, info, ProgressSettings{0, 3}), std::invalid_argument);
  CHECK_THROWS_AS(assess(kLinear, info, ProgressSettings{10, 1}), std::invalid_argument);
}
