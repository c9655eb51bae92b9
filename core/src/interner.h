// Interned strings shared by every source of a run: an economy code is stored once however many
// series mention it. Safe to call from several source threads at once.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace p2c::host {

class Interner {
 public:
  std::uint32_t intern(std::string_view text) {
    std::lock_guard lock(mutex_);
    if (auto it = ids_.find(text); it != ids_.end()) return it->second;
    const auto id = static_cast<std::uint32_t>(texts_.size());
    const std::string& stored = texts_.emplace_back(text);
    ids_.emplace(std::string_view(stored), id);
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
  mutable std::mutex mutex_;
  std::deque<std::string> texts_;  // a deque never moves its elements, so the map's views stay valid
  std::unordered_map<std::string_view, std::uint32_t> ids_;
};

}  // namespace p2c::host
