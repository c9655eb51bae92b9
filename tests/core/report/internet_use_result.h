// Internet use (sdg_17_8.internet_users, in %) as the run history returns it, its metric and its results: the
// building blocks of the report tests' small runs.
#pragma once

#include <optional>
#include <string>

#include "history.h"

namespace p2c::test {

inline host::StoredMetric internet_use_metric() {
  host::StoredMetric users;
  users.id = "sdg_17_8.internet_users";
  users.plugin = "sdg_17_8";
  users.name = "internet_users";
  users.title = "Individuals using the Internet";
  users.unit = "%";
  users.target = 100;
  users.target_year = 2030;
  return users;
}

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
