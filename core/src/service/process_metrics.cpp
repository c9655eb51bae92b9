#include "process_metrics.h"

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>
#include <vector>

namespace p2c::service {
namespace {

// The fields of /proc/self/stat after the command name, which is in parentheses and may itself hold spaces and
// parentheses: everything up to the last ')' is skipped. fields[0] is field 3 of proc(5), the state.
std::vector<std::string> stat_fields() {
  std::ifstream in("/proc/self/stat");
  std::string line;
  if (!std::getline(in, line)) return {};
  const auto close = line.rfind(')');
  if (close == std::string::npos) return {};
  std::istringstream rest(line.substr(close + 1));
  std::vector<std::string> fields;
  for (std::string field; rest >> field;) fields.push_back(field);
  return fields;
}

// Field `number` (1-based, as proc(5) counts) of /proc/self/stat as a number.
std::optional<double> stat_field(const std::vector<std::string>& fields, std::size_t number) {
  if (number < 3 || number - 3 >= fields.size()) return std::nullopt;
  try {
    return std::stod(fields[number - 3]);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<double> boot_time() {
  std::ifstream in("/proc/stat");
  for (std::string line; std::getline(in, line);)
    if (line.starts_with("btime ")) return std::stod(line.substr(6));
  return std::nullopt;
}

std::optional<double> open_fds() {
  std::error_code error;
  std::filesystem::directory_iterator it("/proc/self/fd", error);
  if (error) return std::nullopt;
  double count = 0;
  for (; it != std::filesystem::directory_iterator(); it.increment(error)) {
    if (error) return std::nullopt;
    ++count;
  }
  // The iterator's own descriptor is listed too, although it is closed before anyone reads the value.
  return count > 0 ? count - 1 : 0;
}

}  // namespace

ProcessStats read_process_stats() {
  ProcessStats stats;
  const auto fields = stat_fields();
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
  const auto utime = stat_field(fields, 14);
  const auto stime = stat_field(fields, 15);
  if (utime && stime && ticks > 0) stats.cpu_seconds_total = (*utime + *stime) / ticks;
  stats.virtual_memory_bytes = stat_field(fields, 23);
  if (const auto rss = stat_field(fields, 24); rss && page > 0) stats.resident_memory_bytes = *rss * page;
  const auto started = stat_field(fields, 22);  // clock ticks after boot
  if (const auto boot = boot_time(); started && boot && ticks > 0) stats.start_time_seconds = *boot + *started / ticks;
  stats.open_fds = open_fds();
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
    stats.max_fds = static_cast<double>(limit.rlim_cur);
  return stats;
}

std::string process_prometheus(const ProcessStats& stats) {
  std::string out;
  const auto family = [&](const char* name, const char* type, const char* help, const std::optional<double>& value) {
    if (value) out += fmt::format("# HELP {0} {1}\n# TYPE {0} {2}\n{0} {3}\n", name, help, type, *value);
  };
  family("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.",
         stats.cpu_seconds_total);
  family("process_open_fds", "gauge", "Number of open file descriptors.", stats.open_fds);
  family("process_max_fds", "gauge", "Maximum number of open file descriptors.", stats.max_fds);
  family("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.", stats.virtual_memory_bytes);
  family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", stats.resident_memory_bytes);
  family("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.",
         stats.start_time_seconds);
  return out;
}

}  // namespace p2c::service
