// Runs independent jobs on a few threads; used for sources and for each level of indicators.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace p2c::host {

/// Calls job(i) for i in [0, count) on up to `threads` threads (0: one per core). `job` must not throw.
template <typename Job>
void parallel_for(std::size_t count, unsigned threads, Job&& job) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t workers = std::min<std::size_t>(threads, count);
  if (workers <= 1) {
    for (std::size_t i = 0; i < count; ++i) job(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::vector<std::jthread> pool;
  pool.reserve(workers);
  for (std::size_t w = 0; w < workers; ++w)
    pool.emplace_back([&] {
      for (std::size_t i = next++; i < count; i = next++) job(i);
    });
}

}  // namespace p2c::host
