// Calendar dates as ISO 8601 "YYYY-MM-DD" text, for plugins whose inputs carry dates (pledges, reports) rather
// than only years.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace p2c {

struct Date {
  std::int32_t year = 0;
  unsigned month = 1;  ///< 1..12
  unsigned day = 1;    ///< 1..days in the month

  auto operator<=>(const Date&) const = default;
};

/// The date of strict "YYYY-MM-DD" text (four-digit year, two-digit month and day) naming a real calendar day,
/// leap years included; nothing for anything else ("2023-02-29", "2023-1-05", "2023-01-05T00:00").
std::optional<Date> parse_date(std::string_view text) noexcept;

/// "YYYY-MM-DD".
std::string to_string(const Date& date);

/// The same day `months` months earlier; a day past the end of the earlier month becomes its last day
/// (31 May minus 3 months is 28 or 29 February).
Date months_before(const Date& date, int months) noexcept;

/// The same day `months` months later, clamped like months_before (31 January plus 1 month is 28 or 29 February).
Date months_after(const Date& date, int months) noexcept;

/// The day `days` days later (earlier when negative).
Date add_days(const Date& date, int days) noexcept;

/// 31 December of `year`.
Date year_end(std::int32_t year) noexcept;

/// Today's date in UTC.
Date today_utc();

}  // namespace p2c
