// Per-key token buckets: at most `per_minute` requests a minute for each key, with bursts up to that many.
// Kept in memory: a restart forgets the buckets, which only ever errs in the caller's favour.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace p2c::service {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  explicit RateLimiter(int per_minute) : per_minute_(per_minute) {}

  /// Takes one token from `key`'s bucket. Returns 0 when allowed, otherwise the whole seconds (at least 1)
  /// until a token is available again, for Retry-After.
  int take(const std::string& key, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  int per_minute_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace p2c::service
