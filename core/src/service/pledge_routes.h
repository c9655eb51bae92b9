// The pledge registry over HTTP: the public explorer of published pledges, a published pledge and its revisions,
// and POST of a progress report with a bearer token of the pledging entity (docs/service.md). SQLite work never
// runs on the HTTP I/O threads: reports are checked and written by one writer thread on its own connection, one
// at a time, from a bounded queue; pledges are read by a reader thread on a second connection, so that a read
// never waits for a write (the registry is in WAL mode). A full queue is answered 503 with Retry-After at once.
// Requests whose parameters are wrong are answered 400 on the I/O thread, without taking a place in a queue.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "config.h"
#include "db_worker.h"
#include "pledges/explorer.h"
#include "pledges/store.h"
#include "rate_limiter.h"
#include "reference.h"
#include "router.h"
#include "tokens.h"

namespace p2c::service {

/// The explorer's codes and campaigns ([reference], [pledges] vocabulary), reporting calendar ([pledges]) and group
/// membership over time (`reference`, which it keeps a copy of). Throws as host::registry_rules() does, e.g.
/// without a [reference] section.
pledges::ExplorerSettings explorer_settings(const host::Config& config,
                                            const std::optional<host::Reference>& reference);

class PledgeRoutes {
 public:
  /// `max_queued_reports`: reports waiting for the writer besides the one being written ([service]
  /// max_queued_reports); beyond it a POST gets 503.
  /// `bounds`: the registry's plausibility bounds ([pledges] max_amount_usd, earliest_date, latest_date), which
  /// progress reports over HTTP must meet like imported ones.
  /// `explorer`: what GET /api/v1/pledges accepts and how it judges groups and reporting (explorer_settings()).
  PledgeRoutes(std::unique_ptr<pledges::Store> store, pledges::Bounds bounds, int reports_per_minute,
               std::size_t max_queued_reports, pledges::ExplorerSettings explorer);
  ~PledgeRoutes();
  PledgeRoutes(const PledgeRoutes&) = delete;
  PledgeRoutes& operator=(const PledgeRoutes&) = delete;

  /// Adds GET /api/v1/pledges, GET /api/v1/pledges/{id}, GET /api/v1/pledges/{id}/revisions and
  /// POST /api/v1/pledges/{id}/reports (asynchronous routes).
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
  HttpResponse list(const pledges::ExplorerQuery& query, bool csv);
  HttpResponse get(const std::string& id);
  HttpResponse revisions(const std::string& id);
  HttpResponse post_report(const HttpRequest& request, const std::string& id, const std::string& token);
  HttpResponse store_failed(std::string_view id, const pledges::ProgressReport& report, const std::string& what);

  std::unique_ptr<pledges::Store> store_;  ///< the writer thread's connection
  pledges::Bounds bounds_;
  std::unique_ptr<pledges::Store> reader_;  ///< the reader thread's connection
  pledges::Explorer explorer_;              ///< on reader_: run() on the reader thread only; parse() anywhere
  TokenStore tokens_;                       ///< on store_: used by the writer thread only
  RateLimiter limiter_;
  DbWorker writer_;  ///< after the stores: stopped before they close
  DbWorker reader_thread_;
};

}  // namespace p2c::service
