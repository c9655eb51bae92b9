#include "vocabulary.h"

#include <algorithm>
#include <iterator>

namespace p2c::pledges {
namespace {

constexpr std::string_view sector_words[] = {"government",   "private_sector",        "international_organization",
                                             "un_agency",    "financial_institution", "academia",
                                             "civil_society"};
constexpr std::string_view type_words[] = {"financial", "programmatic", "policy", "advocacy"};
constexpr std::string_view status_words[] = {"announced", "in_progress", "completed", "withdrawn"};
constexpr std::string_view focus_words[] = {"access", "adoption", "value_creation", "investment_acceleration"};

}  // namespace

std::span<const std::string_view> sectors() noexcept { return sector_words; }
std::span<const std::string_view> pledge_types() noexcept { return type_words; }
std::span<const std::string_view> statuses() noexcept { return status_words; }
std::span<const std::string_view> focus_areas() noexcept { return focus_words; }

std::optional<std::string> focus_area_code(std::string_view text) {
  // The human form is the code with spaces for underscores, in any case: "Value creation", "ACCESS".
  std::string code;
  for (const char c : text) code += c == ' ' ? '_' : static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (contains(focus_words, code)) return code;
  return std::nullopt;
}

bool contains(std::span<const std::string_view> words, std::string_view word) noexcept {
  return std::find(words.begin(), words.end(), word) != words.end();
}

std::string one_of(std::span<const std::string_view> words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += words[i];
  }
  return out;
}

}  // namespace p2c::pledges
