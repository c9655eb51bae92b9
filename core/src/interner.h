// Interned strings shared by every source of a run: an economy code is stored once however many
// series mention it. Safe to call from several source threads at once.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "p2c/text_table.h"

namespace p2c::host {

class Interner {
 public:
  std::uint32_t intern(std::string_view text) {
    std::lock_guard lock(mutex_);
    return texts_.add(text);
  }

  std::optional<std::uint32_t> find(std::string_view text) const {
    std::lock_guard lock(mutex_);
    return texts_.find(text);
  }

  /// The text of an id returned by intern(); stable for the interner's life.
  std::string_view text(std::uint32_t id) const {
    std::lock_guard lock(mutex_);
    if (id >= texts_.size()) throw std::out_of_range("no interned text of id " + std::to_string(id));
    return texts_[id];
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return texts_.size();
  }

  std::vector<std::string> all() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    out.reserve(texts_.size());
    for (std::uint32_t id = 0; id < texts_.size(); ++id) out.emplace_back(texts_[id]);
    return out;
  }

 private:
  mutable std::mutex mutex_;
  TextTable texts_;
};

}  // namespace p2c::host
