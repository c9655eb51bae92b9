// The process_* metrics every Prometheus client library exports, read from /proc (Linux), so that dashboards and
// alerts written for any service (memory growth, descriptor exhaustion, restarts) work for p2c serve too.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace p2c::service {

/// One reading of this process's resources; a field is empty when /proc could not tell.
struct ProcessStats {
  std::optional<double> resident_memory_bytes;
  std::optional<double> virtual_memory_bytes;
  std::optional<double> cpu_seconds_total;  ///< user plus system
  std::optional<double> open_fds;
  std::optional<double> max_fds;             ///< the soft RLIMIT_NOFILE; empty when unlimited
  std::optional<double> start_time_seconds;  ///< Unix time
};

/// Reads /proc/self/stat, /proc/stat (boot time), /proc/self/fd and the descriptor limit now.
ProcessStats read_process_stats();

/// The stats in the Prometheus text format with HELP and TYPE, under the client libraries' names
/// (process_resident_memory_bytes, ...); a family whose value is unknown is left out.
std::string process_prometheus(const ProcessStats& stats);

}  // namespace p2c::service
