// BatchWriter: how a source fills batches and hands them to the host.
//
// Every source collects rows into a Batch and passes it to BatchSink::consume once it holds `batch_size` rows.
// BatchWriter does that bookkeeping, and remembers the last entity code and the last label of each dimension,
// because inputs are usually sorted by economy and repeat labels row after row: most host lookups are saved.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "p2c/observations.h"

namespace p2c {

class BatchWriter {
 public:
  /// `batch_size` rows per batch (must be > 0); `dimension_names` name the label columns every add() fills.
  BatchWriter(BatchSink& sink, std::size_t batch_size, std::vector<std::string> dimension_names = {});

  /// Adds a row for the economy `code`, interned through the sink (the last code is remembered).
  /// `labels` holds one label per dimension name, in the order the names were given.
  void add(std::string_view code, std::int32_t year, double value, const std::vector<std::string_view>& labels = {});
  /// Adds a row for an entity the source interned itself, e.g. after mapping or upper-casing its code.
  void add(EntityId entity, std::int32_t year, double value, const std::vector<std::string_view>& labels = {});

  /// Hands the rows added since the last batch to the sink, if any. Not called on destruction: a source that
  /// fails half-way through its input must not deliver the rows of the batch it was filling; call it at the end.
  void flush();

 private:
  struct Remembered {
    std::string text;
    std::uint32_t id = 0;
  };

  LabelId label(std::size_t dimension, std::string_view text);

  BatchSink& sink_;
  std::size_t batch_size_;
  Batch batch_;
  std::optional<Remembered> last_entity_;
  std::vector<std::optional<Remembered>> last_labels_;
};

}  // namespace p2c
