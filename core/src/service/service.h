// `p2c serve`: computes the configured indicators in the background and serves the latest complete run
// over HTTP until SIGTERM. See docs/service.md.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "catalogue.h"
#include "report_pages.h"
#include "service_metrics.h"
#include "setup.h"
#include "snapshot.h"
#include "systemd_notify.h"

namespace p2c::service {

class Router;
class PledgeRoutes;

struct ServeOptions {
  SetupSource source;
  std::string log_format = "text";
  std::filesystem::path port_file;  ///< written atomically with the bound port once listening; empty: none
  double grace_seconds = 10;        ///< how long SIGTERM waits for requests in flight
};

class Service {
 public:
  /// Loads the config (throws SetupError when it cannot be used at all).
  explicit Service(ServeOptions options);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  /// Serves until SIGTERM or SIGINT; returns the process exit code. Throws when the address cannot be bound.
  int run();

  /// The run being served; null until the first one completes. Never blocks on a recompute.
  std::shared_ptr<const Snapshot> snapshot() const;
  /// The language catalogues of the config in use: read at start and again on each accepted reload.
  std::shared_ptr<const host::Catalogues> catalogues() const;
  /// The served run's report in every language; null until the first one is built.
  std::shared_ptr<const ReportPages> report_pages() const;

 private:
  void recompute_loop();
  void recompute(const std::shared_ptr<const Setup>& setup);
  void reload();
  void request(bool reload);
  void add_routes(Router& router);
  void announce_served_run(std::string& announced) const;
  void build_report_pages_of_served_run();

  ServeOptions options_;
  std::shared_ptr<const Setup> setup_;  ///< after run() starts: used by the recompute thread only
  ServiceMetrics metrics_;
  SystemdNotifier systemd_;
  std::unique_ptr<PledgeRoutes> pledges_;  ///< null when the config has no [pledges] section

  mutable std::mutex snapshot_mutex_;  ///< guards snapshot_, catalogues_ and report_pages_
  std::shared_ptr<const Snapshot> snapshot_;
  std::shared_ptr<const host::Catalogues> catalogues_;
  std::shared_ptr<const ReportPages> report_pages_;

  std::mutex control_mutex_;
  std::condition_variable control_;
  bool stop_ = false;
  bool reload_requested_ = false;
  std::thread recompute_thread_;
  std::set<std::string> reported_exports_;  ///< [service.metrics] problems already logged; recompute thread only
};

}  // namespace p2c::service
