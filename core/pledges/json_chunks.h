// Cuts a JSON array's text into runs of whole elements, so that a large pledge file can be parsed on several
// threads. Only a fast structural scan: the runs are parsed strictly afterwards, and any doubt (text that is not an
// array, brackets that do not balance) gives no runs, leaving the file to the one-thread parse and its messages.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace p2c::pledges {

struct ElementRun {
  std::string_view text;      ///< whole elements and the commas between them, without the array's brackets
  std::size_t first_row = 1;  ///< 1-based position in the array of the run's first element
  std::size_t elements = 0;   ///< how many elements the run holds
};

/// At most `parts` runs of about equal size covering every element of the top-level array `text`, in order;
/// empty when `text` is not a plain array (after an optional UTF-8 byte-order mark and white space) or holds
/// fewer than `parts` elements.
std::vector<ElementRun> split_array(std::string_view text, std::size_t parts);

}  // namespace p2c::pledges
