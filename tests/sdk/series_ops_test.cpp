// latest_within, safe_divide and the other helpers indicator plugins build on.
#include "p2c/series_ops.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

using p2c::EntityId;
using p2c::latest_within;
using p2c::safe_divide;
using p2c::Series;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

void add(Series& series, EntityId entity, std::int32_t year, double value) {
  series.entity.push_back(entity);
  series.year.push_back(year);
  series.value.push_back(value);
}

}  // namespace

TEST_CASE("latest_within includes both bounds of the window", "[series_ops]") {
  Series series;
  add(series, 1, 2017, 10);  // before the window
  add(series, 1, 2018, 11);  // lower bound
  add(series, 2, 2022, 22);  // upper bound
  add(series, 2, 2023, 23);  // after the window
  const auto latest = latest_within(series, 2018, 2022);
  REQUIRE(latest.size() == 2);
  CHECK(latest.at(1).year == 2018);
  CHECK(latest.at(1).value == 11);
  CHECK(latest.at(2).year == 2022);
  CHECK(latest.at(2).value == 22);
}

TEST_CASE("latest_within keeps the latest year whatever the order of the rows", "[series_ops]") {
  Series series;
  add(series, 7, 2019, 19);
  add(series, 7, 2021, 21);
  add(series, 7, 2020, 20);
  add(series, 8, 2021, 81);
  add(series, 8, 2019, 79);
  add(series, 8, 2020, 80);
  const auto latest = latest_within(series, 2000, 2030);
  REQUIRE(latest.size() == 2);
  CHECK(latest.at(7).year == 2021);
  CHECK(latest.at(7).value == 21);
  CHECK(latest.at(8).year == 2021);
  CHECK(latest.at(8).value == 81);
}

TEST_CASE("latest_within ignores values that are not finite", "[series_ops]") {
  Series series;
  add(series, 1, 2019, 19);
  add(series, 1, 2021, kNaN);  // later, but not a value: 2019 stays
  add(series, 2, 2020, kNaN);
  add(series, 2, 2021, kInf);
  add(series, 3, 2020, 30);
  add(series, 3, 2022, -kInf);
  const auto latest = latest_within(series, 2015, 2025);
  REQUIRE(latest.size() == 2);
  CHECK(latest.at(1).year == 2019);
  CHECK(latest.at(1).value == 19);
  CHECK(latest.count(2) == 0);  // only NaN and kInf: absent
  CHECK(latest.at(3).year == 2020);
  CHECK(latest.at(3).value == 30);
}

TEST_CASE("latest_within leaves out economies with nothing in the window", "[series_ops]") {
  Series series;
  add(series, 1, 2010, 1);
  add(series, 2, 2020, 2);
  add(series, 3, 2030, 3);
  const auto latest = latest_within(series, 2015, 2025);
  REQUIRE(latest.size() == 1);
  CHECK(latest.count(1) == 0);
  CHECK(latest.at(2).value == 2);
  CHECK(latest.count(3) == 0);

  CHECK(latest_within(Series{}, 2000, 2030).empty());
  CHECK(latest_within(series, 2025, 2015).empty());  // an empty window
}

TEST_CASE("latest_within of a single-year window", "[series_ops]") {
  Series series;
  add(series, 4, 2019, 1.5);
  add(series, 4, 2020, 2.5);
  add(series, 4, 2021, 3.5);
  const auto latest = latest_within(series, 2020, 2020);
  REQUIRE(latest.size() == 1);
  CHECK(latest.at(4).year == 2020);
  CHECK(latest.at(4).value == 2.5);
}

TEST_CASE("safe_divide divides finite numbers", "[series_ops]") {
  CHECK(safe_divide(6, 3) == std::optional<double>(2.0));
  CHECK(safe_divide(1, 4) == std::optional<double>(0.25));
  CHECK(safe_divide(-9, 3) == std::optional<double>(-3.0));
  CHECK(safe_divide(0, 5) == std::optional<double>(0.0));
}

TEST_CASE("safe_divide gives nothing for a zero denominator", "[series_ops]") {
  CHECK_FALSE(safe_divide(1, 0).has_value());
  CHECK_FALSE(safe_divide(1, -0.0).has_value());
  CHECK_FALSE(safe_divide(0, 0).has_value());
}

TEST_CASE("safe_divide gives nothing when either side is not finite", "[series_ops]") {
  CHECK_FALSE(safe_divide(kInf, 2).has_value());
  CHECK_FALSE(safe_divide(2, kInf).has_value());
  CHECK_FALSE(safe_divide(-kInf, 2).has_value());
  CHECK_FALSE(safe_divide(kNaN, 2).has_value());
  CHECK_FALSE(safe_divide(2, kNaN).has_value());
}

TEST_CASE("rescale maps goalposts to 0-100, clamps, and reverses when the goalpost is lower", "[series_ops]") {
  CHECK(p2c::rescale(47.5, 0, 95) == 50);
  CHECK(p2c::rescale(120, 0, 95) == 100);
  CHECK(p2c::rescale(-5, 0, 95) == 0);
  // ITU's mobile basket: 21.33 % of GNI scores 0, 1 % scores 100.
  CHECK(*p2c::rescale(11.165, 21.33, 1) == Approx(50));
  CHECK(p2c::rescale(0.5, 21.33, 1) == 100);
  CHECK_FALSE(p2c::rescale(1, 5, 5));
  CHECK_FALSE(p2c::rescale(std::nan(""), 0, 1));
}

TEST_CASE("rescale_log applies ln(x + 1) to value and goalposts", "[series_ops]") {
  // ln(1 + 500) is the goalpost; the value whose ln(x + 1) is half of it scores 50.
  const double half = std::exp(std::log1p(500.0) / 2) - 1;
  CHECK(*p2c::rescale_log(half, 0, 500) == Approx(50));
  CHECK(p2c::rescale_log(500, 0, 500) == 100);
  CHECK_FALSE(p2c::rescale_log(-1, 0, 500));
}

TEST_CASE("join pairs observations on economy and year", "[series_ops]") {
  const std::vector<p2c::Observation> female = {{1, 2020, 40}, {1, 2021, 45}, {2, 2020, 60}};
  const std::vector<p2c::Observation> male = {{1, 2021, 50}, {2, 2020, 60}, {3, 2020, 10}};
  std::vector<std::tuple<p2c::EntityId, int, double>> parity;
  p2c::join(female, male, [&](p2c::EntityId e, std::int32_t year, double f, double m) {
    parity.emplace_back(e, year, *p2c::safe_divide(f, m));
  });
  REQUIRE(parity.size() == 2);
  CHECK(parity[0] == std::make_tuple(p2c::EntityId{1}, 2021, 0.9));
  CHECK(parity[1] == std::make_tuple(p2c::EntityId{2}, 2020, 1.0));
}

namespace {

class Codes final : public p2c::InputSet {
 public:
  const p2c::Series* find(std::string_view) const override { return nullptr; }
  std::string_view entity_code(p2c::EntityId id) const override { return id == 1 ? "KEN" : "UGA"; }
  std::string_view label(p2c::LabelId) const override { return ""; }
  std::vector<std::string> group_members(std::string_view, std::int32_t) const override { return {}; }
};

}  // namespace

TEST_CASE("YearIndex finds values by economy and year and refuses a pair given twice", "[series_ops]") {
  const Codes codes;
  const p2c::YearIndex index({{1, 2020, 40}, {2, 2020, 60}}, codes, "series 'x'");
  CHECK(index.find(1, 2020) == 40.0);
  CHECK_FALSE(index.find(1, 2021));
  CHECK(index.values().size() == 2);
  CHECK_THROWS_WITH(p2c::YearIndex({{1, 2020, 40}, {1, 2020, 41}}, codes, "series 'x'"),
                    Catch::StartsWith("series 'x' has two values for KEN 2020"));
}

TEST_CASE("format_number writes numbers as fmt's {} does", "[series_ops]") {
  CHECK(p2c::format_number(0) == "0");
  CHECK(p2c::format_number(-0.0) == "-0");
  CHECK(p2c::format_number(150.5) == "150.5");
  CHECK(p2c::format_number(-3) == "-3");
  CHECK(p2c::format_number(100000) == "100000");
  CHECK(p2c::format_number(0.1) == "0.1");
  CHECK(p2c::format_number(0.0001) == "0.0001");
  CHECK(p2c::format_number(0.00001) == "1e-05");
  CHECK(p2c::format_number(1e15) == "1000000000000000");
  CHECK(p2c::format_number(1e16) == "1e+16");
  CHECK(p2c::format_number(1.5e-7) == "1.5e-07");
  CHECK(p2c::format_number(kNaN) == "nan");
  CHECK(p2c::format_number(kInf) == "inf");
  CHECK(p2c::format_number(-kInf) == "-inf");
}

TEST_CASE("outside_share and negative give the reason a value cannot be used", "[series_ops]") {
  CHECK_FALSE(p2c::outside_share(0));
  CHECK_FALSE(p2c::outside_share(100));
  CHECK_FALSE(p2c::outside_share(42.5));
  CHECK(p2c::outside_share(-0.5) == "input value -0.5 is outside 0-100 %");
  CHECK(p2c::outside_share(100.25) == "input value 100.25 is outside 0-100 %");
  CHECK_FALSE(p2c::negative(0));
  CHECK_FALSE(p2c::negative(1e300));
  CHECK(p2c::negative(-2) == "input value -2 is negative");
}

namespace {

class Recorder final : public p2c::ResultWriter {
 public:
  std::vector<std::tuple<std::string, p2c::EntityId, std::int32_t, std::optional<double>, std::string>> calls;
  void value(std::string_view metric, p2c::EntityId entity, std::int32_t year, double value, std::uint32_t) override {
    calls.emplace_back(std::string(metric), entity, year, value, "");
  }
  void missing(std::string_view metric, p2c::EntityId entity, std::int32_t year, std::string_view reason) override {
    calls.emplace_back(std::string(metric), entity, year, std::nullopt, std::string(reason));
  }
  void group_value(std::string_view, std::string_view, std::int32_t, double, std::uint32_t) override {
    FAIL("value_or_missing writes economies only");
  }
  void group_missing(std::string_view, std::string_view, std::int32_t, std::string_view) override {
    FAIL("value_or_missing writes economies only");
  }
};

}  // namespace

TEST_CASE("value_or_missing writes the value, or the problem instead", "[series_ops]") {
  Recorder out;
  p2c::value_or_missing(out, "share", 1, 2020, 40, p2c::outside_share(40));
  p2c::value_or_missing(out, "share", 2, 2021, 140, p2c::outside_share(140));
  REQUIRE(out.calls.size() == 2);
  CHECK(out.calls[0] ==
        std::make_tuple(std::string("share"), p2c::EntityId{1}, 2020, std::optional<double>(40), std::string()));
  CHECK(out.calls[1] == std::make_tuple(std::string("share"), p2c::EntityId{2}, 2021, std::optional<double>(),
                                        std::string("input value 140 is outside 0-100 %")));
}
