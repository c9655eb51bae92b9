#include "record_blocks.h"

namespace p2c::host {

Record& RecordBlocks::emplace_back() {
  if (blocks_.empty() || blocks_.back().size() == block_size) {
    auto& block = blocks_.emplace_back();
    block.reserve(block_size);
    // An indicator that fills a block will fill the next: its pages are made in one call, not one fault each.
    if (blocks_.size() > 1) populate(block.data(), block.capacity() * sizeof(Record));
  }
  ++size_;
  return blocks_.back().emplace_back();
}

}  // namespace p2c::host
