// order_levels: indicators grouped into levels that may run in parallel, cycles blocked.
#include "dependency_graph.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstddef>
#include <vector>

using p2c::host::Levels;
using p2c::host::order_levels;
using Nodes = std::vector<std::size_t>;

namespace {

// Levels with each level's nodes sorted: the order inside a level carries no meaning.
std::vector<Nodes> sorted_levels(const Levels& levels) {
  std::vector<Nodes> out = levels.levels;
  for (auto& level : out) std::sort(level.begin(), level.end());
  return out;
}

Nodes sorted(Nodes nodes) {
  std::sort(nodes.begin(), nodes.end());
  return nodes;
}

}  // namespace

TEST_CASE("order_levels of no nodes is empty", "[dependency_graph]") {
  const Levels out = order_levels({});
  CHECK(out.levels.empty());
  CHECK(out.blocked.empty());
}

TEST_CASE("order_levels puts a chain a <- b <- c on three levels", "[dependency_graph]") {
  // a = 0, b = 1 reads a, c = 2 reads b.
  const Levels forward = order_levels({{}, {0}, {1}});
  CHECK(sorted_levels(forward) == std::vector<Nodes>{{0}, {1}, {2}});
  CHECK(forward.blocked.empty());

  // The same chain with the indices reversed: the order comes from the edges, not the indices.
  const Levels reversed = order_levels({{1}, {2}, {}});
  CHECK(sorted_levels(reversed) == std::vector<Nodes>{{2}, {1}, {0}});
  CHECK(reversed.blocked.empty());
}

TEST_CASE("order_levels runs both sides of a diamond on one level", "[dependency_graph]") {
  // a = 0; b = 1 and c = 2 read a; d = 3 reads b and c.
  const Levels out = order_levels({{}, {0}, {0}, {1, 2}});
  CHECK(sorted_levels(out) == std::vector<Nodes>{{0}, {1, 2}, {3}});
  CHECK(out.blocked.empty());
}

TEST_CASE("order_levels puts independent nodes on level 0", "[dependency_graph]") {
  const Levels out = order_levels({{}, {}, {}, {}});
  CHECK(sorted_levels(out) == std::vector<Nodes>{{0, 1, 2, 3}});
  CHECK(out.blocked.empty());
}

TEST_CASE("order_levels places a node after the deepest of its dependencies", "[dependency_graph]") {
  // 2 reads 0 (level 0) and 1 (level 1).
  const Levels out = order_levels({{}, {0}, {0, 1}});
  CHECK(sorted_levels(out) == std::vector<Nodes>{{0}, {1}, {2}});
}

TEST_CASE("order_levels blocks a cycle and what depends on it, and orders the rest", "[dependency_graph]") {
  // 0 and 1 read each other; 2 reads 1 (so it waits on the cycle); 3 is free; 4 reads 3.
  const Levels out = order_levels({{1}, {0}, {1}, {}, {3}});
  CHECK(sorted(out.blocked) == Nodes{0, 1, 2});
  CHECK(sorted_levels(out) == std::vector<Nodes>{{3}, {4}});
}

TEST_CASE("order_levels blocks a node that reads itself", "[dependency_graph]") {
  const Levels out = order_levels({{0}, {}, {1}});
  CHECK(out.blocked == Nodes{0});
  CHECK(sorted_levels(out) == std::vector<Nodes>{{1}, {2}});
}

TEST_CASE("order_levels with every node on a cycle has no levels", "[dependency_graph]") {
  const Levels out = order_levels({{2}, {0}, {1}});
  CHECK(out.levels.empty());
  CHECK(sorted(out.blocked) == Nodes{0, 1, 2});
}

TEST_CASE("order_levels places every node exactly once", "[dependency_graph]") {
  const std::vector<Nodes> dependencies = {{}, {0}, {0}, {1, 2}, {}, {4, 3}, {6}, {5, 6}};
  const Levels out = order_levels(dependencies);
  Nodes seen = out.blocked;
  for (const auto& level : out.levels) seen.insert(seen.end(), level.begin(), level.end());
  CHECK(sorted(seen) == Nodes{0, 1, 2, 3, 4, 5, 6, 7});
  CHECK(sorted(out.blocked) == Nodes{6, 7});
  // Every placed node's dependencies lie on strictly earlier levels.
  std::vector<int> level_of(dependencies.size(), -1);
  for (std::size_t l = 0; l < out.levels.size(); ++l)
    for (std::size_t node : out.levels[l]) level_of[node] = static_cast<int>(l);
  for (std::size_t node = 0; node < dependencies.size(); ++node) {
    if (level_of[node] < 0) continue;
    for (std::size_t dependency : dependencies[node]) {
      INFO("node " << node << " reads " << dependency);
      CHECK(level_of[dependency] >= 0);
      CHECK(level_of[dependency] < level_of[node]);
    }
  }
}
