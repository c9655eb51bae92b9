// Reads a pledge object of a JSON pledge file straight into a record, without building a JSON tree first: the
// tree (a map node and a string per key and value) was most of the cost of importing a large file.
//
// It only takes the easy case, a well-formed pledge whose every key is known, appears once and holds a value
// of the expected kind. For anything else it gives nothing and the caller reads the element through the tree,
// which words each problem; both paths give the same record for any input the direct one takes.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "formats.h"

namespace p2c::pledges {

/// The record of the pledge object `element` (the text of one element of the top-level array), at `row`; or
/// nothing when the element is not an object, is not valid JSON, or has an unknown, repeated or ill-typed field.
std::optional<SourceRecord> read_pledge_directly(std::string_view element, std::size_t row);

}  // namespace p2c::pledges
