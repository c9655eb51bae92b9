// The registry's SQLite schema, as numbered migrations. Documented in docs/pledges.md; the pledge source
// plugin reads these tables directly, so a change here is a change of that plugin's input too.
#pragma once

#include <span>

namespace p2c::pledges {

/// Migration N (1-based) takes a database from PRAGMA user_version N-1 to N. Append, never edit.
std::span<const char* const> migrations() noexcept;

}  // namespace p2c::pledges
