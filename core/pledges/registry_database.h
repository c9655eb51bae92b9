// The pledge registry as the SQLite helpers (p2c/sqlite/statement.h) see it: its errors and how messages name it.
#pragma once

#include "p2c/sqlite/statement.h"
#include "store.h"

namespace p2c::pledges {

struct RegistryDatabase {
  using Error = StoreError;
  static constexpr const char* label = "pledge registry";
};
using Statement = sqlite::Statement<RegistryDatabase>;

}  // namespace p2c::pledges
