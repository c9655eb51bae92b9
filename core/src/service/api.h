// The read-only routes of the HTTP API (docs/service.md, docs/openapi.json): health, the served run's
// results and metadata, Prometheus metrics, the OpenAPI document and the dashboard.
#pragma once

#include <functional>
#include <memory>

#include "catalogue.h"
#include "router.h"
#include "service_metrics.h"
#include "snapshot.h"

namespace p2c::service {

struct ApiContext {
  /// The snapshot being served; null until the first run completes.
  std::function<std::shared_ptr<const Snapshot>()> snapshot;
  const ServiceMetrics* metrics = nullptr;
  /// The language catalogues: the bundled ones and the config's [languages] dir, read again on reload.
  std::function<std::shared_ptr<const host::Catalogues>()> catalogues;
};

/// Adds every read-only route to `router`.
void add_read_routes(Router& router, ApiContext context);

/// 503 with Retry-After, for routes that need a run before the first one completed.
HttpResponse not_ready_response();

}  // namespace p2c::service
