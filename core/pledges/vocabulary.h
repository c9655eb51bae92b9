// The registry's fixed vocabularies (docs/pledges.md; the lists themselves are in vocabulary_words.h). Economies,
// regions and currencies are not fixed: they come from the reference data and the rate table (Rules).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace p2c::pledges {

std::span<const std::string_view> sectors() noexcept;
std::span<const std::string_view> pledge_types() noexcept;
std::span<const std::string_view> statuses() noexcept;
std::span<const std::string_view> focus_areas() noexcept;
std::span<const std::string_view> review_states() noexcept;

/// The code of a focus area given as its code ("value_creation") or its human form ("Value creation",
/// any case); nothing for anything else.
std::optional<std::string> focus_area_code(std::string_view text);

bool contains(std::span<const std::string_view> words, std::string_view word) noexcept;

/// "a, b or c", for messages saying what was expected.
std::string one_of(std::span<const std::string_view> words);

}  // namespace p2c::pledges
