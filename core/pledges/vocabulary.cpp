#include "vocabulary.h"

#include <algorithm>
#include <iterator>

#include "p2c/pledges/vocabulary_words.h"

namespace p2c::pledges {

std::span<const std::string_view> sectors() noexcept { return words::kSectors; }
std::span<const std::string_view> pledge_types() noexcept { return words::kPledgeTypes; }
std::span<const std::string_view> statuses() noexcept { return words::kStatuses; }
std::span<const std::string_view> focus_areas() noexcept { return words::kFocusAreas; }
std::span<const std::string_view> review_states() noexcept { return words::kReviewStates; }

std::optional<std::string> focus_area_code(std::string_view text) {
  // The human form is the code with spaces for underscores, in any case: "Value creation", "ACCESS".
  std::string code;
  for (const char c : text) code += c == ' ' ? '_' : static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (contains(words::kFocusAreas, code)) return code;
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
