#include "p2c/dates.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace p2c {
namespace {

bool leap(std::int32_t year) noexcept { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

unsigned days_in(std::int32_t year, unsigned month) noexcept {
  static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap(year) ? 29 : days[month - 1];
}

bool digits(std::string_view text) noexcept {
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

unsigned number(std::string_view text) noexcept {
  unsigned value = 0;
  for (char c : text) value = value * 10 + static_cast<unsigned>(c - '0');
  return value;
}

}  // namespace

std::optional<Date> parse_date(std::string_view text) noexcept {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto year = text.substr(0, 4), month = text.substr(5, 2), day = text.substr(8, 2);
  if (!digits(year) || !digits(month) || !digits(day)) return std::nullopt;
  Date date{static_cast<std::int32_t>(number(year)), number(month), number(day)};
  if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > days_in(date.year, date.month))
    return std::nullopt;
  return date;
}

std::string to_string(const Date& date) {
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year), date.month, date.day);
  return text;
}

Date months_before(const Date& date, int months) noexcept {
  const std::int64_t index = std::int64_t{date.year} * 12 + (date.month - 1) - months;
  Date out;
  out.year = static_cast<std::int32_t>(index >= 0 ? index / 12 : (index - 11) / 12);
  out.month = static_cast<unsigned>(index - std::int64_t{out.year} * 12) + 1;
  out.day = std::min(date.day, days_in(out.year, out.month));
  return out;
}

Date months_after(const Date& date, int months) noexcept { return months_before(date, -months); }

Date add_days(const Date& date, int days) noexcept {
  using namespace std::chrono;
  const sys_days day = year_month_day{year{date.year}, month{date.month}, std::chrono::day{date.day}};
  const year_month_day out{day + std::chrono::days{days}};
  return Date{static_cast<int>(out.year()), static_cast<unsigned>(out.month()), static_cast<unsigned>(out.day())};
}

Date year_end(std::int32_t year) noexcept { return Date{year, 12, 31}; }

Date today_utc() {
  const std::chrono::year_month_day today{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  return Date{static_cast<int>(today.year()), static_cast<unsigned>(today.month()), static_cast<unsigned>(today.day())};
}

}  // namespace p2c
