// Interned strings shared by every source of a run: an economy code is stored once however many
// series mention it. Safe to call from several source threads at once.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "p2c/huge_pages.h"

namespace p2c::host {

class Interner {
 public:
  Interner() = default;
  Interner(const Interner&) = delete;
  Interner& operator=(const Interner&) = delete;
  ~Interner() {
    for (const Block& block : blocks_) HugePageAllocator<char>().deallocate(block.data, block.capacity);
  }

  std::uint32_t intern(std::string_view text) {
    std::lock_guard lock(mutex_);
    if (auto it = ids_.find(text); it != ids_.end()) return it->second;
    const auto id = static_cast<std::uint32_t>(texts_.size());
    const std::string_view stored = store(text);
    texts_.push_back(stored);
    ids_.emplace(stored, id);
    return id;
  }

  std::optional<std::uint32_t> find(std::string_view text) const {
    std::lock_guard lock(mutex_);
    auto it = ids_.find(text);
    if (it == ids_.end()) return std::nullopt;
    return it->second;
  }

  /// The text of an id returned by intern(); stable for the interner's life.
  std::string_view text(std::uint32_t id) const {
    std::lock_guard lock(mutex_);
    return texts_.at(id);
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return texts_.size();
  }

  std::vector<std::string> all() const {
    std::lock_guard lock(mutex_);
    return {texts_.begin(), texts_.end()};
  }

 private:
  // Texts are copied back to back into blocks that never move, so the views stay valid. A source may intern one
  // long label per row (a pledge's history): one allocation per text, each touching fresh pages, was most of
  // the cost of reading a large registry.
  struct Block {
    char* data = nullptr;
    std::size_t capacity = 0, used = 0;
  };
  static constexpr std::size_t kBlock = std::size_t{2} << 20;

  std::string_view store(std::string_view text) {
    if (blocks_.empty() || blocks_.back().capacity - blocks_.back().used < text.size()) {
      const std::size_t capacity = std::max(kBlock, text.size());
      blocks_.push_back(Block{HugePageAllocator<char>().allocate(capacity), capacity, 0});
    }
    Block& block = blocks_.back();
    char* at = block.data + block.used;
    if (!text.empty()) std::memcpy(at, text.data(), text.size());
    block.used += text.size();
    return {at, text.size()};
  }

  mutable std::mutex mutex_;
  std::vector<Block> blocks_;
  std::vector<std::string_view> texts_;  // by id
  std::unordered_map<std::string_view, std::uint32_t> ids_;
};

}  // namespace p2c::host
