// A stored result of Internet use (sdg_17_8.internet_users, in %), as the run history returns one: the building
// block of the report tests' small runs.
#pragma once

#include <optional>
#include <string>

#include "history.h"

namespace p2c::test {

inline host::StoredResult internet_use(std::string entity, int year, std::optional<double> value,
                                       std::string flags = "", std::string kind = "economy") {
  host::StoredResult r;
  r.metric = "sdg_17_8.internet_users";
  r.entity = std::move(entity);
  r.entity_kind = std::move(kind);
  r.year = year;
  r.value = value;
  r.unit = "%";
  r.flags = std::move(flags);
  return r;
}

}  // namespace p2c::test
