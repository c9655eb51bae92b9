#include "dependency_graph.h"

namespace p2c::host {

Levels order_levels(const std::vector<std::vector<std::size_t>>& dependencies) {
  const std::size_t n = dependencies.size();
  std::vector<std::size_t> waiting(n);
  std::vector<std::vector<std::size_t>> dependents(n);
  for (std::size_t node = 0; node < n; ++node) {
    waiting[node] = dependencies[node].size();
    for (std::size_t dependency : dependencies[node]) dependents[dependency].push_back(node);
  }
  Levels out;
  std::vector<std::size_t> ready;
  for (std::size_t node = 0; node < n; ++node)
    if (waiting[node] == 0) ready.push_back(node);
  std::vector<bool> placed(n, false);
  while (!ready.empty()) {
    std::vector<std::size_t> next;
    for (std::size_t node : ready) {
      placed[node] = true;
      for (std::size_t dependent : dependents[node])
        if (--waiting[dependent] == 0) next.push_back(dependent);
    }
    out.levels.push_back(std::move(ready));
    ready = std::move(next);
  }
  for (std::size_t node = 0; node < n; ++node)
    if (!placed[node]) out.blocked.push_back(node);
  return out;
}

}  // namespace p2c::host
