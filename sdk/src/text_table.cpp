#include "p2c/text_table.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace p2c {
namespace {

constexpr std::uint64_t kIdBits = 0xffffffffull;
constexpr std::size_t kFirstBlock = 4096;
constexpr std::size_t kBlock = std::size_t{2} << 20;

// Most texts are short (codes, dates, names): a multiply-and-mix over 8-byte words, inlined, hashes them in a few
// cycles, where std::hash's out-of-line loop costs more than the probe.
std::uint64_t hash_of(std::string_view text) noexcept {
  constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15ull;
  std::uint64_t hash = text.size() * kMultiplier;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    hash = (hash ^ word) * kMultiplier;
    hash ^= hash >> 29;
  }
  std::uint64_t last = 0;
  if (i < text.size()) std::memcpy(&last, text.data() + i, text.size() - i);
  hash = (hash ^ last) * kMultiplier;
  hash ^= hash >> 32;
  hash *= kMultiplier;
  return hash ^ (hash >> 29);
}

std::uint64_t entry(std::uint32_t id, std::uint64_t hash) { return (hash & ~kIdBits) | (std::uint64_t{id} + 1); }
std::uint32_t id_in(std::uint64_t slot) { return static_cast<std::uint32_t>((slot & kIdBits) - 1); }

}  // namespace

std::size_t TextTable::slot_of(std::string_view text, std::uint64_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const std::uint64_t slot = slots_[i];
    if (slot == 0) return i;
    if ((slot & ~kIdBits) == (hash & ~kIdBits) && texts_[id_in(slot)] == text) return i;
  }
}

std::uint32_t TextTable::add(std::string_view text) {
  if (slots_.empty()) slots_.assign(64, 0);
  const std::uint64_t hash = hash_of(text);
  const std::size_t slot = slot_of(text, hash);
  if (slots_[slot] != 0) return id_in(slots_[slot]);
  if (texts_.size() >= std::numeric_limits<std::uint32_t>::max())
    throw std::length_error("more than 2^32 - 1 distinct texts");
  const auto id = static_cast<std::uint32_t>(texts_.size());
  texts_.push_back(store(text));
  hashes_.push_back(hash);
  slots_[slot] = entry(id, hash);
  if (2 * texts_.size() > slots_.size()) grow();
  return id;
}

std::optional<std::uint32_t> TextTable::find(std::string_view text) const {
  if (slots_.empty()) return std::nullopt;
  const std::size_t slot = slot_of(text, hash_of(text));
  if (slots_[slot] == 0) return std::nullopt;
  return id_in(slots_[slot]);
}

std::string_view TextTable::store(std::string_view text) {
  if (blocks_.empty() || blocks_.back().capacity() - blocks_.back().size() < text.size()) {
    // From 4 KiB, doubling up to 2 MiB: a table of a few codes stays small, a large one gets huge pages.
    const std::size_t next = blocks_.empty() ? kFirstBlock : std::min(kBlock, 2 * blocks_.back().capacity());
    blocks_.emplace_back().reserve(std::max(next, text.size()));
  }
  Buffer<char>& block = blocks_.back();
  const std::size_t at = block.size();
  block.insert(block.end(), text.begin(), text.end());  // within the capacity: the block does not move
  return {block.data() + at, text.size()};
}

void TextTable::grow() {
  Buffer<std::uint64_t> slots(2 * slots_.size(), 0);
  const std::size_t mask = slots.size() - 1;
  for (std::uint32_t id = 0; id < texts_.size(); ++id) {
    std::size_t i = hashes_[id] & mask;
    while (slots[i] != 0) i = (i + 1) & mask;
    slots[i] = entry(id, hashes_[id]);
  }
  slots_ = std::move(slots);
}

}  // namespace p2c
