// ITU's estimation methods for missing years, on series computed by hand.
#include "p2c/estimation.h"

#include <catch2/catch.hpp>
#include <limits>
#include <stdexcept>
#include <vector>

using p2c::clip;
using p2c::Estimate;
using p2c::estimate_missing;
using p2c::EstimationMethod;
using p2c::EstimationRule;
using p2c::least_squares;
using p2c::Point;

namespace {

EstimationRule rule(EstimationMethod method, int max_extrapolation_years = 3, int trend_years = 5) {
  EstimationRule out;
  out.method = method;
  out.max_extrapolation_years = max_extrapolation_years;
  out.trend_years = trend_years;
  return out;
}

EstimationRule share(EstimationMethod method, int max_extrapolation_years = 3) {
  EstimationRule out = rule(method, max_extrapolation_years);
  out.minimum = 0;
  out.maximum = 100;
  return out;
}

}  // namespace

TEST_CASE("least_squares fits a line through points, years centred", "[estimation]") {
  const std::vector<Point> points = {{2020, 10}, {2021, 20}, {2022, 30}};
  const auto line = least_squares(points);
  REQUIRE(line);
  CHECK(line->slope == Approx(10));
  CHECK(line->at(2030) == Approx(110));
  // 1, 2, 4 over three years: slope (-1*-1.333 + 0 + 1*1.667) / 2 = 1.5
  const std::vector<Point> bent = {{2000, 1}, {2001, 2}, {2002, 4}};
  CHECK(least_squares(bent)->slope == Approx(1.5));
  CHECK_FALSE(least_squares(std::vector<Point>{{2020, 1}}));
  CHECK_FALSE(least_squares(std::vector<Point>{{2020, 1}, {2020, 2}}));
}

TEST_CASE("clip keeps a value inside the bounds that are given", "[estimation]") {
  CHECK(clip(120, 0, 100) == 100);
  CHECK(clip(-3, 0, 100) == 0);
  CHECK(clip(50, 0, 100) == 50);
  CHECK(clip(-3, std::nullopt, 100) == -3);
  CHECK(clip(1e12, 0, std::nullopt) == 1e12);
}

TEST_CASE("interpolate fills the years between two observations on the straight line", "[estimation]") {
  // 10 in 2015, 40 in 2018: 20 in 2016, 30 in 2017; 2019 and later are not between observations.
  const std::vector<Point> series = {{2018, 40}, {2015, 10}, {2020, 60}};
  const auto out = estimate_missing(series, rule(EstimationMethod::interpolate), 2024);
  REQUIRE(out.size() == 3);
  CHECK(out[0].year == 2016);
  CHECK(out[0].value == Approx(20));
  CHECK_FALSE(out[0].extrapolated);
  CHECK(out[0].from_year == 2015);
  CHECK(out[0].to_year == 2018);
  CHECK(out[1].year == 2017);
  CHECK(out[1].value == Approx(30));
  CHECK(out[2].year == 2019);
  CHECK(out[2].value == Approx(50));
  CHECK(out[2].from_year == 2018);
  CHECK(out[2].to_year == 2020);
}

TEST_CASE("itu_trend extends the slope of the last five years from the latest observation", "[estimation]") {
  // Observations 2016-2020: 30, 32, 36, 38, 44. Slope over the five: sum(dx*dy)/sum(dx^2)
  // = (-2*-6 + -1*-4 + 0 + 1*2 + 2*8) / 10 = 3.4 a year. 2014 (value 0) lies outside the trend window.
  const std::vector<Point> series = {{2014, 0}, {2016, 30}, {2017, 32}, {2018, 36}, {2019, 38}, {2020, 44}};
  const auto out = estimate_missing(series, rule(EstimationMethod::itu_trend, 2), 2024);
  REQUIRE(out.size() == 3);
  CHECK(out[0].year == 2015);  // interpolated between 2014 and 2016
  CHECK(out[0].value == Approx(15));
  CHECK(out[1].year == 2021);
  CHECK(out[1].value == Approx(47.4));
  CHECK(out[1].extrapolated);
  CHECK(out[1].from_year == 2016);
  CHECK(out[1].to_year == 2020);
  CHECK(out[2].year == 2022);
  CHECK(out[2].value == Approx(50.8));
  // max_extrapolation_years = 2: nothing for 2023 and 2024.
}

TEST_CASE("itu_trend stops at the last year the metric has, and at max_extrapolation_years", "[estimation]") {
  const std::vector<Point> series = {{2020, 10}, {2021, 12}};
  CHECK(estimate_missing(series, rule(EstimationMethod::itu_trend, 3), 2022).size() == 1);
  CHECK(estimate_missing(series, rule(EstimationMethod::itu_trend, 3), 2030).size() == 3);
  CHECK(estimate_missing(series, rule(EstimationMethod::itu_trend, 0), 2030).empty());
  CHECK(estimate_missing(series, rule(EstimationMethod::itu_trend, 3), 2021).empty());
}

TEST_CASE("a lone observation is extended by nothing and nothing is estimated before the first", "[estimation]") {
  const std::vector<Point> lone = {{2019, 25}};
  CHECK(estimate_missing(lone, rule(EstimationMethod::itu_trend), 2024).empty());
  // Two observations, but only one within the trend window ending at the latest: no trend.
  const std::vector<Point> far = {{2010, 5}, {2020, 25}};
  const auto out = estimate_missing(far, rule(EstimationMethod::itu_trend, 3, 5), 2024);
  REQUIRE(out.size() == 9);  // 2011-2019, interpolated
  CHECK(out.back().year == 2019);
  CHECK(out.back().value == Approx(23));
  CHECK(estimate_missing(std::vector<Point>{}, rule(EstimationMethod::itu_trend), 2024).empty());
}

TEST_CASE("estimates of a share are clipped at the edges of its domain", "[estimation]") {
  // 90, 95, 99 in 2020-2022: slope 4.5 a year, so 103.5 and 108 in 2023-2024, clipped to 100.
  const std::vector<Point> rising = {{2020, 90}, {2021, 95}, {2022, 99}};
  const auto up = estimate_missing(rising, share(EstimationMethod::itu_trend), 2024);
  REQUIRE(up.size() == 2);
  CHECK(up[0].value == 100);
  CHECK(up[1].value == 100);
  // A value already at the edge stays there: 100, 100 gives a flat trend at 100.
  const std::vector<Point> full = {{2021, 100}, {2022, 100}};
  CHECK(estimate_missing(full, share(EstimationMethod::itu_trend), 2023)[0].value == 100);
  // Falling toward zero: 6, 3 in 2021-2022 gives 0 and then 0, never negative.
  const std::vector<Point> falling = {{2021, 6}, {2022, 3}};
  const auto down = estimate_missing(falling, share(EstimationMethod::itu_trend), 2024);
  REQUIRE(down.size() == 2);
  CHECK(down[0].value == 0);
  CHECK(down[1].value == 0);
  // Without a domain the line goes on.
  CHECK(estimate_missing(falling, rule(EstimationMethod::itu_trend), 2024)[1].value == Approx(-3));
}

TEST_CASE("none estimates nothing, and bad series and rules are refused", "[estimation]") {
  const std::vector<Point> series = {{2015, 10}, {2018, 40}};
  CHECK(estimate_missing(series, rule(EstimationMethod::none), 2024).empty());
  CHECK_THROWS_AS(estimate_missing(std::vector<Point>{{2015, 1}, {2015, 2}}, rule(EstimationMethod::itu_trend), 2020),
                  std::invalid_argument);
  CHECK_THROWS_AS(estimate_missing(std::vector<Point>{{2015, std::numeric_limits<double>::quiet_NaN()}},
                                   rule(EstimationMethod::interpolate), 2020),
                  std::invalid_argument);
  CHECK_THROWS_AS(estimate_missing(series, rule(EstimationMethod::itu_trend, -1), 2020), std::invalid_argument);
  CHECK_THROWS_AS(estimate_missing(series, rule(EstimationMethod::itu_trend, 3, 1), 2020), std::invalid_argument);
}

TEST_CASE("estimation method names read and write back", "[estimation]") {
  for (auto method : {EstimationMethod::none, EstimationMethod::interpolate, EstimationMethod::itu_trend})
    CHECK(p2c::parse_estimation_method(p2c::to_string(method)) == method);
  CHECK_FALSE(p2c::parse_estimation_method("linear"));
  CHECK(std::string(p2c::to_string(EstimationMethod::itu_trend)) == "itu_trend");
}
