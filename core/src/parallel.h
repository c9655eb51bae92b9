// Runs independent jobs on a few threads; used for sources and for each level of indicators.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace p2c::host {

/// The threads `threads` stands for: itself, or one per core for 0.
inline unsigned worker_threads(unsigned threads) {
  return threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : threads;
}

/// Calls job(i) for i in [0, count) on up to `threads` threads (0: one per core), each thread taking the next
/// job not yet taken, in order. `job` must not throw.
template <typename Job>
void parallel_for(std::size_t count, unsigned threads, Job&& job) {
  const std::size_t workers = std::min<std::size_t>(worker_threads(threads), count);
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
