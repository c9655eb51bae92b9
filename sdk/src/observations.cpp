#include "p2c/observations.h"

#include <stdexcept>

namespace p2c {

void Batch::clear() noexcept {
  entity.clear();
  year.clear();
  value.clear();
  for (auto& column : dimensions) column.clear();
}

void Series::append(const Batch& batch) {
  if (dimension_names.empty() && !batch.dimension_names.empty()) {
    dimension_names = batch.dimension_names;
    dimensions.resize(dimension_names.size());
  }
  if (batch.dimension_names != dimension_names)
    throw std::invalid_argument("series '" + id + "': a batch changed the dimension columns");
  entity.insert(entity.end(), batch.entity.begin(), batch.entity.end());
  year.insert(year.end(), batch.year.begin(), batch.year.end());
  value.insert(value.end(), batch.value.begin(), batch.value.end());
  for (std::size_t i = 0; i < dimensions.size(); ++i)
    dimensions[i].insert(dimensions[i].end(), batch.dimensions[i].begin(), batch.dimensions[i].end());
}

const Series& InputSet::get(std::string_view id) const {
  if (const Series* series = find(id)) return *series;
  throw std::runtime_error("input '" + std::string(id) +
                           "' is not available: no source or indicator in the config provides it");
}

}  // namespace p2c
