// "Did you mean" for a name the user mistyped: a plugin option, a command, a command-line flag.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace p2c::host {

/// The name among `names` closest to `typed` by edit distance, when it is at most two edits away; empty
/// otherwise: further off, a suggestion confuses more than it helps.
std::string closest_name(std::string_view typed, const std::vector<std::string>& names);

}  // namespace p2c::host
