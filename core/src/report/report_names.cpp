#include "report/report_names.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace p2c::report {
namespace {

// A name as a reader may type it: lower case, and Latin letters without their accents ("Côte d'Ivoire" and
// "cote d'ivoire" match). Letters of other scripts are kept; Cyrillic capitals are lowered, as simply.
std::string folded(std::string_view text) {
  // U+00C0..U+00FF without accents; '*' keeps the letter as it is (x, ß, ...).
  static constexpr std::string_view latin1 =
      "aaaaaaaceeeeiiiidnooooo*ouuuuyts"
      "aaaaaaaceeeeiiiidnooooo*ouuuuyty";
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out += static_cast<char>(std::tolower(c));
      ++i;
      continue;
    }
    const std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (length == 2 && i + 1 < text.size()) {
      const unsigned point = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu);
      if (point >= 0xC0 && point <= 0xFF && latin1[point - 0xC0] != '*') {
        out += latin1[point - 0xC0];
        i += 2;
        continue;
      }
      if (point >= 0x410 && point <= 0x42F) {  // Cyrillic capitals А..Я to а..я
        const unsigned lower = point + 0x20;
        out += static_cast<char>(0xC0 | (lower >> 6));
        out += static_cast<char>(0x80 | (lower & 0x3F));
        i += 2;
        continue;
      }
    }
    out += text.substr(i, length);
    i += length;
  }
  return out;
}

constexpr std::array<std::string_view, 4> profile_families = {"un_list", "itu_region", "wb_income", "world"};

}  // namespace

EntityNames entity_names(const host::Reference& reference) {
  EntityNames names;
  for (std::size_t i = 0; i < reference.economies().size(); ++i)
    names.emplace(reference.economies()[i], reference.economy_names()[i]);
  for (const auto& group : reference.groups()) names.emplace(group.code, group.name);
  names["LDC"] = "LDCs";
  names["LLDC"] = "LLDCs";
  names["SIDS"] = "SIDS";
  return names;
}

std::optional<EconomyProfile> find_economy(const host::Reference& reference, const std::string& wanted, int year,
                                           const Locale& locale) {
  const std::string key = folded(wanted);
  const auto& codes = reference.economies();
  const auto& names = reference.economy_names();
  // Each economy by its English name and by its name in the report's language.
  std::vector<std::array<std::string, 2>> spelled;
  for (std::size_t i = 0; i < codes.size(); ++i)
    spelled.push_back({folded(names[i]), folded(locale.entity(codes[i], names[i]))});
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < codes.size() && !found; ++i)
    if (folded(codes[i]) == key || spelled[i][0] == key || spelled[i][1] == key) found = i;
  if (!found) {
    for (std::size_t i = 0; i < codes.size(); ++i) {
      if (key.empty() || (!spelled[i][0].starts_with(key) && !spelled[i][1].starts_with(key))) continue;
      if (found) return std::nullopt;  // "Guinea" starts "Guinea-Bissau" too: ambiguous
      found = i;
    }
  }
  if (!found) return std::nullopt;
  EconomyProfile profile{codes[*found], names[*found], {}};
  for (const std::string_view family : profile_families)
    for (std::size_t g = 0; g < reference.groups().size(); ++g) {
      if (reference.groups()[g].family != family) continue;
      const auto members = reference.members(g, year);
      if (std::find(members.begin(), members.end(), *found) != members.end())
        profile.groups.push_back(reference.groups()[g].code);
    }
  return profile;
}

}  // namespace p2c::report
