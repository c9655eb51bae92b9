// Ordering indicators so each runs after the indicators whose metrics it reads.
#pragma once

#include <cstddef>
#include <vector>

namespace p2c::host {

struct Levels {
  /// Every node's dependencies lie in earlier levels; nodes within a level may run in parallel.
  std::vector<std::vector<std::size_t>> levels;
  /// Nodes on a cycle or depending on one: they cannot run.
  std::vector<std::size_t> blocked;
};

/// `dependencies[i]` lists the nodes node i reads from.
Levels order_levels(const std::vector<std::vector<std::size_t>>& dependencies);

}  // namespace p2c::host
