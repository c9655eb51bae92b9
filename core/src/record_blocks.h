// Memory for a run's records: written once, tens of MiB, by several indicators at once. For the engine and its
// collectors.
#pragma once

#include <cstddef>
#include <vector>

#include "memory_hints.h"
#include "p2c/results.h"

namespace p2c::host {

/// Records in blocks that never move, as an indicator writes them. Growing one vector would move every record at
/// each doubling and touch twice the memory; fresh pages cost more than the records themselves on a small VM.
class RecordBlocks {
 public:
  Record& emplace_back();
  std::size_t size() const noexcept { return size_; }
  Record& operator[](std::size_t i) { return blocks_[i / block_size][i % block_size]; }
  const Record& operator[](std::size_t i) const { return blocks_[i / block_size][i % block_size]; }

 private:
  static constexpr std::size_t block_size = 4096;
  std::vector<std::vector<Record>> blocks_;
  std::size_t size_ = 0;
};

}  // namespace p2c::host
