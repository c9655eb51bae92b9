#include "p2c/batch_writer.h"

#include <stdexcept>
#include <utility>

namespace p2c {

BatchWriter::BatchWriter(BatchSink& sink, std::size_t batch_size, std::vector<std::string> dimension_names)
    : sink_(sink), batch_size_(batch_size), last_labels_(dimension_names.size()) {
  if (batch_size_ == 0) throw std::invalid_argument("BatchWriter: the batch size must be greater than 0");
  batch_.dimensions.resize(dimension_names.size());
  batch_.dimension_names = std::move(dimension_names);
}

void BatchWriter::add(std::string_view code, std::int32_t year, double value,
                      const std::vector<std::string_view>& labels) {
  if (!last_entity_ || last_entity_->text != code)
    last_entity_ = Remembered{std::string(code), sink_.intern_entity(code)};
  add(last_entity_->id, year, value, labels);
}

void BatchWriter::add(EntityId entity, std::int32_t year, double value, const std::vector<std::string_view>& labels) {
  // A row with a missing or extra label would shift every later label into the wrong column.
  if (labels.size() != batch_.dimension_names.size())
    throw std::invalid_argument("BatchWriter: a row has " + std::to_string(labels.size()) + " label(s), the batch " +
                                std::to_string(batch_.dimension_names.size()) + " dimension(s)");
  batch_.entity.push_back(entity);
  batch_.year.push_back(year);
  batch_.value.push_back(value);
  for (std::size_t d = 0; d < labels.size(); ++d) batch_.dimensions[d].push_back(label(d, labels[d]));
  if (batch_.size() >= batch_size_) flush();
}

void BatchWriter::flush() {
  if (batch_.size() == 0) return;
  sink_.consume(batch_);
  batch_.clear();
}

LabelId BatchWriter::label(std::size_t dimension, std::string_view text) {
  std::optional<Remembered>& last = last_labels_[dimension];
  if (!last || last->text != text) last = Remembered{std::string(text), sink_.intern_label(text)};
  return last->id;
}

}  // namespace p2c
