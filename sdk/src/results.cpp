#include "p2c/results.h"

#include <stdexcept>

namespace p2c {

const char* to_string(EntityKind value) noexcept { return value == EntityKind::economy ? "economy" : "group"; }

const char* to_string(Status value) noexcept {
  switch (value) {
    case Status::none: return "";
    case Status::achieved: return "achieved";
    case Status::on_track: return "on_track";
    case Status::off_track: return "off_track";
    case Status::insufficient_data: return "insufficient_data";
  }
  return "";
}

const CatalogueEntry& RunReport::metric_of(std::size_t index) const {
  const Record& record = records.at(index);
  if (record.metric >= catalogue.size())
    throw std::out_of_range("result record #" + std::to_string(index) + " refers to metric index " +
                            std::to_string(record.metric) + " but the metric catalogue has " +
                            std::to_string(catalogue.size()) + " entries");
  return catalogue[record.metric];
}

std::string_view RunReport::entity_of(std::size_t index) const {
  const Record& record = records.at(index);
  if (record.entity >= entity_codes.size())
    throw std::out_of_range("result record #" + std::to_string(index) + " refers to entity id " +
                            std::to_string(record.entity) + " but the entity table has " +
                            std::to_string(entity_codes.size()) + " entries");
  return entity_codes[record.entity];
}

std::string flags_to_string(std::uint32_t flags) {
  static constexpr std::pair<Flag, const char*> names[] = {
      {flag_estimated, "estimated"}, {flag_imputed, "imputed"}, {flag_withheld, "withheld"}};
  std::string out;
  for (const auto& [bit, name] : names) {
    if ((flags & bit) == 0) continue;
    if (!out.empty()) out += ';';
    out += name;
  }
  return out;
}

}  // namespace p2c
