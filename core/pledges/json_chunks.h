// Cuts a JSON array's text into the texts of its elements, so that a large pledge file can be read element by
// element, on several threads. Only a fast structural scan: each element is parsed strictly afterwards, and any
// doubt (text that is not an array, brackets that do not balance) gives nothing, leaving the file to the
// one-thread parse of the whole text and its messages.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace p2c::pledges {

/// The text of each element of the top-level array `text`, in order, each as it stands between the brackets and
/// commas (white space included); empty for `[]`. Nothing when `text` is not a plain array (after an optional
/// UTF-8 byte-order mark and white space) or its brackets and quotes do not balance.
std::optional<std::vector<std::string_view>> array_elements(std::string_view text);

}  // namespace p2c::pledges
