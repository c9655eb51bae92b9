// Memory for a run's records: written once, tens of MiB, by several indicators at once. For the engine and its
// collectors.
#pragma once

#include <cstddef>
#include <vector>

#include "p2c/results.h"

namespace p2c::host {

/// Asks the kernel to back the whole 2 MiB pages within [data, data + bytes) by huge pages where it can
/// (transparent huge pages in "madvise" mode, the default of many distributions): on a virtual machine each 4 KiB
/// page's first touch costs some 10 us, more than writing the records on it. Advice only.
void prefer_huge_pages(const void* data, std::size_t bytes);

/// Makes the whole pages within [data, data + bytes) at once, ahead of writing them: one system call instead of a
/// page fault per 4 KiB page. Advice only: a kernel before 5.14 refuses it, and the pages are made as written.
void populate(const void* data, std::size_t bytes);

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
