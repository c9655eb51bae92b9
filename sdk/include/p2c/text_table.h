// Distinct texts numbered in the order they were first added, for code that meets the same strings many times
// (economy codes, dates, list values) or many unique long ones (one label per row) and wants a 32-bit id for each.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "p2c/huge_pages.h"

namespace p2c {

/// Each distinct text is stored once, back to back in blocks that never move: a view of a text stays valid for
/// the table's life. Lookups use an open-addressing index at most half full, whose slots hold part of the hash,
/// so that looking up a text not in the table (every one of a run's unique labels) reads one slot and no text.
/// Not synchronised: guard a table shared between threads.
class TextTable {
 public:
  TextTable() = default;
  // Moving keeps the blocks, and so the views; a copy would hold views into the original's.
  TextTable(const TextTable&) = delete;
  TextTable& operator=(const TextTable&) = delete;
  TextTable(TextTable&&) noexcept = default;
  TextTable& operator=(TextTable&&) noexcept = default;

  /// The id of `text`: the next one, 0, 1, ..., when it is new. Throws std::length_error beyond 2^32 - 1 texts.
  std::uint32_t add(std::string_view text);
  std::optional<std::uint32_t> find(std::string_view text) const;
  /// The text of an id add() returned.
  std::string_view operator[](std::uint32_t id) const { return texts_[id]; }
  std::size_t size() const noexcept { return texts_.size(); }

 private:
  template <typename T>
  using Buffer = std::vector<T, HugePageAllocator<T>>;  // large ones in 2 MiB pages: fewer page faults

  std::size_t slot_of(std::string_view text, std::uint64_t hash) const;
  std::string_view store(std::string_view text);
  void grow();

  std::vector<Buffer<char>> blocks_;  ///< each filled up to its capacity, never reallocated
  Buffer<std::string_view> texts_;    ///< by id
  Buffer<std::uint64_t> hashes_;      ///< by id, to rebuild the index when it grows
  Buffer<std::uint64_t> slots_;       ///< id + 1 in the low half, the hash's high half above; 0: free
};

}  // namespace p2c
