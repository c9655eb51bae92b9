#include "p2c/dates.h"

#include <catch2/catch.hpp>

using p2c::Date;

TEST_CASE("parse_date accepts real YYYY-MM-DD days only", "[dates]") {
  CHECK(p2c::parse_date("2023-06-30") == Date{2023, 6, 30});
  CHECK(p2c::parse_date("2024-02-29") == Date{2024, 2, 29});  // leap year
  CHECK(p2c::parse_date("2000-02-29") == Date{2000, 2, 29});  // divisible by 400
  CHECK_FALSE(p2c::parse_date("1900-02-29"));                 // divisible by 100, not 400
  CHECK_FALSE(p2c::parse_date("2023-02-29"));
  CHECK_FALSE(p2c::parse_date("2023-04-31"));
  CHECK_FALSE(p2c::parse_date("2023-13-01"));
  CHECK_FALSE(p2c::parse_date("2023-00-10"));
  CHECK_FALSE(p2c::parse_date("2023-01-00"));
  CHECK_FALSE(p2c::parse_date("2023-1-05"));
  CHECK_FALSE(p2c::parse_date("2023-01-05T00:00"));
  CHECK_FALSE(p2c::parse_date("2023/01/05"));
  CHECK_FALSE(p2c::parse_date("2023-0a-05"));
  CHECK_FALSE(p2c::parse_date(""));
}

TEST_CASE("dates print as YYYY-MM-DD and order by day", "[dates]") {
  CHECK(p2c::to_string(Date{2023, 6, 3}) == "2023-06-03");
  CHECK(p2c::to_string(p2c::year_end(2022)) == "2022-12-31");
  CHECK(Date{2023, 6, 30} < Date{2023, 7, 1});
  CHECK(Date{2022, 12, 31} < Date{2023, 1, 1});
}

TEST_CASE("months_before goes back whole months and clamps to the month's end", "[dates]") {
  CHECK(p2c::months_before(Date{2024, 12, 31}, 12) == Date{2023, 12, 31});
  CHECK(p2c::months_before(Date{2023, 6, 30}, 12) == Date{2022, 6, 30});
  CHECK(p2c::months_before(Date{2024, 5, 31}, 3) == Date{2024, 2, 29});
  CHECK(p2c::months_before(Date{2023, 5, 31}, 3) == Date{2023, 2, 28});
  CHECK(p2c::months_before(Date{2023, 1, 15}, 1) == Date{2022, 12, 15});
  CHECK(p2c::months_before(Date{2023, 1, 15}, 25) == Date{2020, 12, 15});
  CHECK(p2c::months_before(Date{2023, 1, 15}, 0) == Date{2023, 1, 15});
}

TEST_CASE("today_utc is a real date", "[dates]") {
  const Date today = p2c::today_utc();
  CHECK(p2c::parse_date(p2c::to_string(today)) == today);
  CHECK(today.year >= 2024);
}

TEST_CASE("months_after goes forward whole months and clamps to the month's end", "[dates]") {
  CHECK(p2c::months_after(Date{2023, 1, 31}, 1) == Date{2023, 2, 28});
  CHECK(p2c::months_after(Date{2024, 1, 31}, 1) == Date{2024, 2, 29});
  CHECK(p2c::months_after(Date{2022, 5, 10}, 12) == Date{2023, 5, 10});
  CHECK(p2c::months_after(Date{2022, 11, 30}, 3) == Date{2023, 2, 28});
  CHECK(p2c::months_after(Date{2022, 5, 10}, 0) == Date{2022, 5, 10});
}

TEST_CASE("add_days crosses months, years and leap days", "[dates]") {
  CHECK(p2c::add_days(Date{2024, 2, 28}, 1) == Date{2024, 2, 29});
  CHECK(p2c::add_days(Date{2023, 2, 28}, 1) == Date{2023, 3, 1});
  CHECK(p2c::add_days(Date{2023, 12, 31}, 1) == Date{2024, 1, 1});
  CHECK(p2c::add_days(Date{2024, 3, 1}, -1) == Date{2024, 2, 29});
  CHECK(p2c::add_days(Date{2023, 5, 10}, 30) == Date{2023, 6, 9});
}
