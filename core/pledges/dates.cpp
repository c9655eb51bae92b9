#include "dates.h"

#include <ctime>

#include "p2c/dates.h"

namespace p2c::pledges {

bool is_date(std::string_view text) noexcept {
  const auto date = parse_date(text);
  return date && date->year >= 1;  // the registry's dates are of the common era
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  const std::size_t size = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return std::string(text, size);
}

}  // namespace p2c::pledges
