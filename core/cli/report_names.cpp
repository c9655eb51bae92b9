#include "report_names.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace p2c::cli {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

constexpr std::array<std::string_view, 4> profile_families = {"un_list", "itu_region", "wb_income", "world"};

}  // namespace

report::EntityNames entity_names(const host::Reference& reference) {
  report::EntityNames names;
  for (std::size_t i = 0; i < reference.economies().size(); ++i)
    names.emplace(reference.economies()[i], reference.economy_names()[i]);
  for (const auto& group : reference.groups()) names.emplace(group.code, group.name);
  names["LDC"] = "LDCs";
  names["LLDC"] = "LLDCs";
  names["SIDS"] = "SIDS";
  return names;
}

std::optional<report::EconomyProfile> find_economy(const host::Reference& reference, const std::string& wanted,
                                                   int year) {
  const std::string key = lower(wanted);
  const auto& codes = reference.economies();
  const auto& names = reference.economy_names();
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < codes.size() && !found; ++i)
    if (lower(codes[i]) == key || lower(names[i]) == key) found = i;
  if (!found) {
    for (std::size_t i = 0; i < codes.size(); ++i) {
      if (key.empty() || lower(names[i]).rfind(key, 0) != 0) continue;
      if (found) return std::nullopt;  // "Guinea" starts "Guinea-Bissau" too: ambiguous
      found = i;
    }
  }
  if (!found) return std::nullopt;
  report::EconomyProfile profile{codes[*found], names[*found], {}};
  for (const std::string_view family : profile_families)
    for (std::size_t g = 0; g < reference.groups().size(); ++g) {
      if (reference.groups()[g].family != family) continue;
      const auto members = reference.members(g, year);
      if (std::find(members.begin(), members.end(), *found) != members.end())
        profile.groups.push_back(reference.groups()[g].code);
    }
  return profile;
}

}  // namespace p2c::cli
