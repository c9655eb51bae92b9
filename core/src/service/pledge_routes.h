// The pledge registry over HTTP: GET a pledge, and POST a progress report with a bearer token of the
// pledging entity (docs/service.md). Reports are written on one connection, one at a time; pledges are read on
// a second connection so that a GET never waits for a write (the registry is in WAL mode).
#pragma once

#include <memory>
#include <mutex>
#include <string_view>

#include "pledges/store.h"
#include "rate_limiter.h"
#include "router.h"
#include "tokens.h"

namespace p2c::service {

class PledgeRoutes {
 public:
  PledgeRoutes(std::unique_ptr<pledges::Store> store, int reports_per_minute);

  /// Adds GET /api/v1/pledges/{id} and POST /api/v1/pledges/{id}/reports.
  void add(Router& router);

  HttpResponse get(const std::string& id);
  HttpResponse post_report(const HttpRequest& request, const std::string& id);

  /// How long a write waits for another process's lock on the registry before the POST is answered 503.
  static constexpr int write_busy_ms = 2000;
  /// The Retry-After of that 503, in seconds.
  static constexpr int busy_retry_seconds = 2;

 private:
  HttpResponse store_failed(std::string_view id, const pledges::ProgressReport& report, const std::string& what);

  std::mutex mutex_;  ///< serialises POSTs on store_ (token checks, rate limit, the write)
  std::unique_ptr<pledges::Store> store_;
  std::mutex read_mutex_;  ///< serialises GETs on reader_
  std::unique_ptr<pledges::Store> reader_;
  TokenStore tokens_;
  RateLimiter limiter_;
};

}  // namespace p2c::service
