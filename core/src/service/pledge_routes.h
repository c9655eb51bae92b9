// The pledge registry over HTTP: GET a pledge, and POST a progress report with a bearer token of the
// pledging entity (docs/service.md). Requests are serialized on the registry's one connection.
#pragma once

#include <memory>
#include <mutex>

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

 private:
  std::mutex mutex_;
  std::unique_ptr<pledges::Store> store_;
  TokenStore tokens_;
  RateLimiter limiter_;
};

}  // namespace p2c::service
