#include "service_metrics.h"

#include <fmt/format.h>

#include <chrono>

#include "p2c/abi.h"
#include "snapshot.h"

namespace p2c::service {

void ServiceMetrics::request(std::string_view route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{std::string(route), status}];
  Histogram& histogram = durations_[std::string(route)];
  for (std::size_t i = 0; i < buckets.size(); ++i)
    if (seconds <= buckets[i]) ++histogram.counts[i];
  ++histogram.count;
  histogram.sum += seconds;
}

void ServiceMetrics::run_succeeded(double duration_seconds, double finished_at_unix) {
  std::lock_guard lock(mutex_);
  ++runs_;
  last_duration_ = duration_seconds;
  last_finished_ = finished_at_unix;
}

void ServiceMetrics::run_failed() {
  std::lock_guard lock(mutex_);
  ++runs_;
  ++run_failures_;
}

void ServiceMetrics::reload(bool accepted) {
  std::lock_guard lock(mutex_);
  ++reloads_;
  if (!accepted) ++reload_failures_;
}

std::string ServiceMetrics::prometheus() const {
  std::lock_guard lock(mutex_);
  std::string out;
  const auto counter = [&](const char* name, const char* help, std::uint64_t value) {
    out += fmt::format("# HELP {0} {1}\n# TYPE {0} counter\n{0} {2}\n", name, help, value);
  };
  const auto gauge = [&](const char* name, const char* help, double value) {
    out += fmt::format("# HELP {0} {1}\n# TYPE {0} gauge\n{0} {2}\n", name, help, value);
  };
  out += fmt::format(
      "# HELP p2c_build_info The p2c version and plugin ABI version of this process; always 1.\n"
      "# TYPE p2c_build_info gauge\np2c_build_info{{version=\"{}\",abi=\"{}\"}} 1\n",
      prometheus_label(P2C_VERSION), P2C_ABI_VERSION);
  counter("p2c_runs_total", "Runs of the engine started by the service, failed ones included.", runs_);
  counter("p2c_run_failures_total", "Runs that failed and were not served; the previous run kept serving.",
          run_failures_);
  gauge("p2c_run_duration_seconds", "Duration of the last completed run.", last_duration_);
  gauge("p2c_last_run_timestamp_seconds", "Unix time at which the last completed run finished.", last_finished_);
  // Computed at the scrape, so that a stalled recompute loop shows as a growing age without any PromQL arithmetic.
  if (last_finished_ > 0)
    gauge("p2c_run_age_seconds", "Seconds since the served run completed.",
          std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count() - last_finished_);
  counter("p2c_reloads_total", "Config reloads requested with SIGHUP.", reloads_);
  counter("p2c_reload_failures_total", "Reloads rejected because the new config could not be loaded.",
          reload_failures_);

  out += "# HELP p2c_http_requests_total HTTP requests answered, by route pattern and status.\n";
  out += "# TYPE p2c_http_requests_total counter\n";
  for (const auto& [key, count] : requests_)
    out += fmt::format("p2c_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", prometheus_label(key.first),
                       key.second, count);
  out +=
      "# HELP p2c_http_request_duration_seconds Time from a request's first byte to its response ready to send, by "
      "route pattern.\n";
  out += "# TYPE p2c_http_request_duration_seconds histogram\n";
  for (const auto& [route, histogram] : durations_) {
    const std::string label = prometheus_label(route);
    for (std::size_t i = 0; i < buckets.size(); ++i)
      out += fmt::format("p2c_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", label, buckets[i],
                         histogram.counts[i]);
    out += fmt::format("p2c_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", label,
                       histogram.count);
    out += fmt::format("p2c_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", label, histogram.sum);
    out += fmt::format("p2c_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", label, histogram.count);
  }
  return out;
}

}  // namespace p2c::service
