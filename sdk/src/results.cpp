#include "p2c/results.h"

namespace p2c {

const char* to_string(EntityKind value) noexcept { return value == EntityKind::economy ? "economy" : "group"; }

const char* to_string(Status value) noexcept {
  switch (value) {
    case Status::none: return "";
    case Status::achieved: return "achieved";
    case Status::on_track: return "on_track";
    case Status::off_track: return "off_track";
    case Status::insufficient_data: return "insufficient_data";
  }
  return "";
}

std::string flags_to_string(std::uint32_t flags) {
  static constexpr std::pair<Flag, const char*> names[] = {
      {flag_estimate, "estimate"}, {flag_imputed, "imputed"}, {flag_low_coverage, "low_coverage"}};
  std::string out;
  for (const auto& [bit, name] : names) {
    if ((flags & bit) == 0) continue;
    if (!out.empty()) out += ';';
    out += name;
  }
  return out;
}

}  // namespace p2c
