// The pledge registry over HTTP: GET a pledge, and POST a progress report with a bearer token of the
// pledging entity (docs/service.md). SQLite work never runs on the HTTP I/O threads: reports are checked and
// written by one writer thread on its own connection, one at a time, from a bounded queue; pledges are read
// by a reader thread on a second connection, so that a read never waits for a write (the registry is in WAL
// mode). A full queue is answered 503 with Retry-After at once.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "db_worker.h"
#include "pledges/store.h"
#include "rate_limiter.h"
#include "router.h"
#include "tokens.h"

namespace p2c::service {

class PledgeRoutes {
 public:
  /// `max_queued_reports`: reports waiting for the writer besides the one being written ([service]
  /// max_queued_reports); beyond it a POST gets 503.
  /// `bounds`: the registry's plausibility bounds ([pledges] max_amount_usd, earliest_date, latest_date), which
  /// progress reports over HTTP must meet like imported ones.
  PledgeRoutes(std::unique_ptr<pledges::Store> store, pledges::Bounds bounds, int reports_per_minute,
               std::size_t max_queued_reports);
  ~PledgeRoutes();
  PledgeRoutes(const PledgeRoutes&) = delete;
  PledgeRoutes& operator=(const PledgeRoutes&) = delete;

  /// Adds GET /api/v1/pledges/{id} and POST /api/v1/pledges/{id}/reports (asynchronous routes).
  void add(Router& router);

  /// Finishes the report being written, answers the queued requests 503 (sent only if their I/O context
  /// still runs) and joins the threads. Call before the I/O context of the requests' connections is destroyed.
  void stop();

  /// How long a write waits for another process's lock on the registry before the POST is answered 503.
  static constexpr int write_busy_ms = 2000;
  /// The Retry-After of that 503, and of a full queue, in seconds.
  static constexpr int busy_retry_seconds = 2;
  /// Reads waiting for the reader thread; beyond it a GET gets 503.
  static constexpr std::size_t max_queued_reads = 256;

 private:
  HttpResponse get(const std::string& id);
  HttpResponse post_report(const HttpRequest& request, const std::string& id, const std::string& token);
  HttpResponse store_failed(std::string_view id, const pledges::ProgressReport& report, const std::string& what);

  std::unique_ptr<pledges::Store> store_;  ///< the writer thread's connection
  pledges::Bounds bounds_;
  std::unique_ptr<pledges::Store> reader_;  ///< the reader thread's connection
  TokenStore tokens_;                       ///< on store_: used by the writer thread only
  RateLimiter limiter_;
  DbWorker writer_;  ///< after the stores: stopped before they close
  DbWorker reader_thread_;
};

}  // namespace p2c::service
