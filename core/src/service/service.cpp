#include "service.h"

#include <fmt/format.h>
#include <malloc.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <csignal>

#include "access_log.h"
#include "api.h"
#include "bundled_catalogues.h"
#include "engine.h"
#include "history.h"
#include "http_server.h"
#include "json_views.h"
#include "p2c/atomic_file.h"
#include "pledge_registry.h"
#include "pledge_routes.h"
#include "report_pages.h"
#include "router.h"

namespace p2c::service {
namespace {

namespace asio = boost::asio;

// A path as anonymous clients may see it: relative to the config's folder when it lies within it, else the
// file name alone. The server's directory layout is none of a client's business.
std::string shown_path(const std::filesystem::path& path, const std::filesystem::path& folder) {
  if (path.empty()) return {};
  const std::filesystem::path relative = path.lexically_normal().lexically_relative(folder.lexically_normal());
  if (!relative.empty() && *relative.begin() != ".." && relative.is_relative()) return relative.generic_string();
  return path.filename().string();
}

Json stored_run_json(const host::StoredRun& run, const std::filesystem::path& folder) {
  return {{"id", run.id},
          {"started_at", run.started_at},
          {"duration_seconds", run.duration_seconds},
          {"config_path", shown_path(run.config_path, folder)},
          {"config_hash", run.config_hash},
          {"plugins", run.plugins},
          {"records", run.records},
          {"failures", run.failures}};
}

// Stores the run in the config's history (when it has one) and returns the body of GET /api/v1/runs.
std::string record_history(const host::RunOutcome& outcome, const Setup& setup, const host::PluginVersions& plugins) {
  const host::Config& config = *setup.config;
  Json runs = Json::array();
  if (config.history.empty()) {
    runs.push_back(stored_run_json(host::stored_run(outcome.report, config, plugins), config.folder));
    return Json{{"history", nullptr}, {"runs", std::move(runs)}}.dump();
  }
  host::History history(config.history);
  history.record(outcome.report, config, plugins);
  for (const auto& run : history.runs()) runs.push_back(stored_run_json(run, config.folder));
  return Json{{"history", shown_path(config.history, config.folder)}, {"runs", std::move(runs)}}.dump();
}

}  // namespace

Service::Service(ServeOptions options) : options_(std::move(options)) {
  setup_ = load_setup(options_.source, false);
  const host::Config& config = *setup_->config;
  try {
    catalogues_ = catalogues_for(config);
  } catch (const host::CatalogueError& e) {
    throw SetupError(std::string("[languages]: ") + e.what());
  }
  if (config.pledges) {
    try {
      pledges_ = std::make_unique<PledgeRoutes>(host::open_registry(config), host::registry_bounds(config),
                                                config.service.reports_per_minute, config.service.max_queued_reports,
                                                explorer_settings(config, setup_->reference));
    } catch (const std::exception& e) {
      throw SetupError(std::string("the pledge registry cannot be opened: ") + e.what());
    }
  }
}

Service::~Service() {
  request(false);
  if (recompute_thread_.joinable()) recompute_thread_.join();
}

std::shared_ptr<const Snapshot> Service::snapshot() const {
  std::lock_guard lock(snapshot_mutex_);
  return snapshot_;
}

std::shared_ptr<const host::Catalogues> Service::catalogues() const {
  std::lock_guard lock(snapshot_mutex_);
  return catalogues_;
}

void Service::request(bool reload) {
  {
    std::lock_guard lock(control_mutex_);
    if (reload)
      reload_requested_ = true;
    else
      stop_ = true;
  }
  control_.notify_all();
}

void Service::recompute(const std::shared_ptr<const Setup>& setup) {
  try {
    host::Engine engine(*setup->config, *setup->registry, host::IsolationMode::process);
    engine.prepare();
    host::RunOutcome outcome = engine.run();
    const std::size_t failures = outcome.report.failures.size() + outcome.sink_failures.size();
    const auto served = snapshot();
    // A run that lost what the served one had (a data file gone, a sink failing) must not replace it: every
    // instance that failed now must have failed in the served run too.
    const auto failed_before = [&](const Failure& failure) {
      return std::any_of(served->summary().failures.begin(), served->summary().failures.end(),
                         [&](const Failure& old) { return old.instance == failure.instance; });
    };
    const bool new_failures =
        served && (!std::all_of(outcome.report.failures.begin(), outcome.report.failures.end(), failed_before) ||
                   !std::all_of(outcome.sink_failures.begin(), outcome.sink_failures.end(), failed_before));
    if (new_failures) {
      metrics_.run_failed();
      for (const auto& failure : outcome.report.failures)
        spdlog::error("run {}: {}: {}", outcome.report.run_id, failure.instance, failure.message);
      for (const auto& failure : outcome.sink_failures)
        spdlog::error("run {}: {}: {}", outcome.report.run_id, failure.instance, failure.message);
      spdlog::error("run {} had {} failure(s) the served run {} did not have; still serving run {}",
                    outcome.report.run_id, failures, served->summary().run_id, served->summary().run_id);
      return;
    }
    std::string runs_json;
    try {
      runs_json = record_history(outcome, *setup, host::plugin_versions(*setup->registry, *setup->config));
    } catch (const std::exception& e) {
      spdlog::error("run history {}: run {} was not stored: {}", setup->config->history.string(), outcome.report.run_id,
                    e.what());
      runs_json =
          Json{{"history", shown_path(setup->config->history, setup->config->folder)}, {"runs", Json::array()}}.dump();
    }
    auto next = std::make_shared<const Snapshot>(std::move(outcome), setup, std::move(runs_json));
    {
      std::lock_guard lock(snapshot_mutex_);
      snapshot_ = next;
    }
    metrics_.run_succeeded(next->summary().duration_seconds, next->summary().finished_at_unix);
    // Once per entry, not at every recompute: the config cannot change between runs without a reload.
    for (const auto& problem : next->export_problems())
      if (reported_exports_.insert(problem).second) spdlog::warn("{}", problem);
    spdlog::info("serving run {}: {} records, {} failure(s), computed in {:.3f} s", next->summary().run_id,
                 next->summary().records, next->summary().failures.size(), next->summary().duration_seconds);
  } catch (const std::exception& e) {
    metrics_.run_failed();
    spdlog::error("run failed, still serving the previous one: {}", e.what());
  }
}

void Service::reload() {
  spdlog::info("SIGHUP: reloading {}", options_.source.config.string());
  try {
    // Tried in a child first: a new plugin library or instance that crashes must not end the service.
    auto next = reload_setup(options_.source);
    // Only recompute_seconds and [service.metrics] are read again; the listener, its limits and the registry were
    // set up at start.
    host::ServiceSettings then = next->config->service;
    then.recompute_seconds = setup_->config->service.recompute_seconds;
    then.metrics = setup_->config->service.metrics;  // applies at the next run, like the rest of the config
    if (then != setup_->config->service)
      spdlog::warn(
          "reload: [service] settings other than recompute_seconds and [service.metrics] take effect at the next "
          "restart only");
    auto catalogues = catalogues_for(*next->config);
    setup_ = std::move(next);
    {
      std::lock_guard lock(snapshot_mutex_);
      catalogues_ = std::move(catalogues);
    }
    metrics_.reload(true);
    spdlog::info("reload: config accepted; recomputing");
  } catch (const std::exception& e) {
    metrics_.reload(false);
    spdlog::error("reload rejected, still serving the previous config: {}", e.what());
    return;
  }
  recompute(setup_);
}

// READY=1 once the first run is served (systemd starts what waits for p2c then), STATUS= with each run served.
void Service::announce_served_run(std::string& announced) const {
  const auto served = snapshot();
  if (!served || served->summary().run_id == announced) return;
  announced = served->summary().run_id;
  systemd_.notify(fmt::format("READY=1\nSTATUS=serving run {} ({} records, {} failure(s))", announced,
                              served->summary().records, served->summary().failures.size()));
}

std::shared_ptr<const ReportPages> Service::report_pages() const {
  std::lock_guard lock(snapshot_mutex_);
  return report_pages_;
}

// After the run is announced: readiness does not wait for the report, which /report says is being built.
void Service::build_report_pages_of_served_run() {
  const auto served = snapshot();
  const auto built = report_pages();
  if (!served || (built && built->run_id == served->summary().run_id)) return;
  try {
    const auto started = std::chrono::steady_clock::now();
    const auto& setup = served->setup();
    const auto catalogues = this->catalogues();
    host::StoredContents contents =
        host::stored_contents(served->report(), *setup.config, host::plugin_versions(*setup.registry, *setup.config));
    // Public, like GET /api/v1/runs: the config's path as the API shows it, not the server's layout.
    contents.run.config_path = shown_path(contents.run.config_path, setup.config->folder);
    auto pages = build_report_pages(contents, *catalogues, setup.reference);
    {
      std::lock_guard lock(snapshot_mutex_);
      report_pages_ = std::move(pages);
    }
    spdlog::info("report of run {} built in {} language(s) in {:.3f} s", served->summary().run_id,
                 catalogues->languages().size(),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  } catch (const std::exception& e) {
    spdlog::error("the report of run {} cannot be built, /report still serves run {}: {}", served->summary().run_id,
                  built ? built->run_id : "none", e.what());
  }
}

void Service::recompute_loop() {
  std::string announced;
  recompute(setup_);
  announce_served_run(announced);
  build_report_pages_of_served_run();
  std::unique_lock lock(control_mutex_);
  while (!stop_) {
    const int interval = setup_->config->service.recompute_seconds;
    const auto woken = [this] { return stop_ || reload_requested_; };
    bool signalled = true;
    if (interval > 0)
      signalled = control_.wait_for(lock, std::chrono::seconds(interval), woken);
    else
      control_.wait(lock, woken);
    if (stop_) break;
    const bool reload_now = reload_requested_;
    reload_requested_ = false;
    lock.unlock();
    if (reload_now)
      reload();
    else if (!signalled)
      recompute(setup_);
    announce_served_run(announced);
    build_report_pages_of_served_run();
    // A run allocates and frees hundreds of megabytes on this thread; glibc keeps what was freed mapped in its
    // arenas, so without this the resident size would climb run after run although nothing leaks.
    malloc_trim(0);
    lock.lock();
  }
}

void Service::add_routes(Router& router) {
  add_read_routes(router, ApiContext{[this] { return snapshot(); }, &metrics_, [this] { return catalogues(); }});
  add_report_route(router, [this] { return report_pages(); });
  if (pledges_) {
    pledges_->add(router);
    return;
  }
  // Documented routes answer even without a registry, saying why there is nothing.
  const auto none = [](const HttpRequest&, const PathParams&) {
    return error_response(404, "this service has no pledge registry: its config has no [pledges] section");
  };
  router.add("GET", "/api/v1/pledges", none);
  router.add("GET", "/api/v1/pledges/{id}", none);
  router.add("GET", "/api/v1/pledges/{id}/revisions", none);
  router.add("POST", "/api/v1/pledges/{id}/reports", none);
}

int Service::run() {
  const host::ServiceSettings settings = setup_->config->service;
  asio::io_context io;
  // Installed before anything announces the port, so a signal sent as soon as it is known is handled.
  asio::signal_set signals(io, SIGINT, SIGTERM, SIGHUP);
  Router router;
  add_routes(router);
  AccessLog access(options_.log_format);
  HttpLimits limits;
  limits.max_body_bytes = settings.max_body_bytes;
  limits.max_connections = settings.max_connections;
  limits.max_connections_per_client = settings.max_connections_per_client;
  limits.header_timeout = std::chrono::seconds(settings.header_timeout_seconds);
  limits.idle_timeout = std::chrono::seconds(settings.idle_timeout_seconds);
  limits.send_timeout = std::chrono::seconds(settings.send_timeout_seconds);
  limits.max_response_bytes = settings.max_response_bytes;
  limits.max_buffered_response_bytes = settings.max_buffered_response_bytes;
  HttpServer server(
      io, settings.address, static_cast<unsigned short>(settings.port), limits,
      [&router](const HttpRequest& request, Respond respond) { router.dispatch(request, std::move(respond)); },
      [this, &access](const Exchange& exchange) {
        metrics_.request(exchange.response->route, exchange.response->status, exchange.seconds);
        access.write(exchange);
      });
  spdlog::info("listening on http://{}:{}", server.address(), server.port());
  if (!options_.port_file.empty()) write_file_atomically(options_.port_file, std::to_string(server.port()) + "\n");
  server.start();

  asio::steady_timer drain(io);
  std::function<void(const boost::system::error_code&, int)> on_signal;
  std::chrono::steady_clock::time_point deadline;
  std::function<void(const boost::system::error_code&)> check_drained = [&](const boost::system::error_code&) {
    if (server.active_connections() == 0 || std::chrono::steady_clock::now() >= deadline) {
      if (server.active_connections() > 0)
        spdlog::warn("grace period over: closing {} connection(s) still open", server.active_connections());
      io.stop();
      return;
    }
    drain.expires_after(std::chrono::milliseconds(20));
    drain.async_wait(check_drained);
  };
  on_signal = [&](const boost::system::error_code& ec, int number) {
    if (ec) return;
    if (number == SIGHUP) {
      request(true);
      signals.async_wait(on_signal);
      return;
    }
    spdlog::info("{}: stopping; finishing requests in flight (at most {} s)", number == SIGTERM ? "SIGTERM" : "SIGINT",
                 options_.grace_seconds);
    systemd_.notify("STOPPING=1");
    server.stop();
    request(false);
    // A plugin in an endless loop would hold the run, and so the stop, until its timeout: its process goes now.
    host::stop_isolated_instances();
    signals.cancel();
    deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<long>(options_.grace_seconds * 1000));
    drain.expires_after(std::chrono::milliseconds(20));
    drain.async_wait(check_drained);
  };
  signals.async_wait(on_signal);

  // The watchdog is fed from the loop that serves requests: if it stalls, systemd restarts the service.
  asio::steady_timer watchdog(io);
  std::function<void(const boost::system::error_code&)> feed_watchdog = [&](const boost::system::error_code& ec) {
    if (ec) return;
    systemd_.notify("WATCHDOG=1");
    watchdog.expires_after(*systemd_.watchdog_interval());
    watchdog.async_wait(feed_watchdog);
  };
  if (systemd_.watchdog_interval()) feed_watchdog({});

  recompute_thread_ = std::thread([this] { recompute_loop(); });
  std::vector<std::thread> workers;
  for (int i = 1; i < std::max(1, settings.threads); ++i) workers.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& worker : workers) worker.join();
  // Queued registry requests hold their connections, whose sockets belong to `io`: answered (503) and
  // released before it goes.
  if (pledges_) pledges_->stop();
  request(false);
  recompute_thread_.join();
  spdlog::info("stopped");
  return 0;
}

}  // namespace p2c::service
