#include "rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace p2c::service {

int RateLimiter::take(const std::string& key, Clock::time_point now) {
  if (per_minute_ <= 0) return 60;
  const double capacity = per_minute_;
  const double per_second = capacity / 60.0;
  std::lock_guard lock(mutex_);
  auto [bucket, added] = buckets_.try_emplace(key, Bucket{capacity, now});
  Bucket& b = bucket->second;
  const double elapsed = std::chrono::duration<double>(now - b.updated).count();
  b.tokens = std::min(capacity, b.tokens + std::max(0.0, elapsed) * per_second);
  b.updated = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / per_second)));
}

}  // namespace p2c::service
