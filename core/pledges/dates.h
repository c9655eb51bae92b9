// Calendar dates as the registry stores them: strict ISO 8601 YYYY-MM-DD text, which sorts by date.
#pragma once

#include <string>
#include <string_view>

namespace p2c::pledges {

/// True for exactly ten characters YYYY-MM-DD naming a real day (2024-02-29 yes, 2023-02-29 no).
bool is_date(std::string_view text) noexcept;

/// The current time in UTC, ISO 8601 to the second: "2026-11-30T04:30:00Z".
std::string utc_now();

}  // namespace p2c::pledges
