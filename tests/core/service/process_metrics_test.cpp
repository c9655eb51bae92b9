// The process_* metrics read from /proc: plausible values for this very test process.
#include "process_metrics.h"

#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <vector>

using p2c::service::process_prometheus;
using p2c::service::read_process_stats;

TEST_CASE("process stats of this process are plausible", "[service][process_metrics]") {
  // Some CPU time and memory to find.
  std::vector<char> touched(32u << 20, 1);
  volatile unsigned sum = 0;
  for (std::size_t i = 0; i < touched.size(); i += 4096) sum = sum + static_cast<unsigned>(touched[i]);
  const auto stats = read_process_stats();

  REQUIRE(stats.resident_memory_bytes);
  CHECK(*stats.resident_memory_bytes >= 32.0 * (1 << 20));
  REQUIRE(stats.virtual_memory_bytes);
  CHECK(*stats.virtual_memory_bytes >= *stats.resident_memory_bytes);
  REQUIRE(stats.cpu_seconds_total);
  CHECK(*stats.cpu_seconds_total >= 0);
  CHECK(*stats.cpu_seconds_total < 3600);
  REQUIRE(stats.start_time_seconds);
  const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  CHECK(*stats.start_time_seconds <= now + 1);  // clock ticks round to 10 ms
  CHECK(*stats.start_time_seconds > now - 3600);
  REQUIRE(stats.open_fds);
  CHECK(*stats.open_fds >= 3);  // stdin, stdout, stderr
  if (stats.max_fds) CHECK(*stats.max_fds >= *stats.open_fds);

  // One more descriptor open, one more counted.
  const int fd = open("/dev/null", O_RDONLY);
  REQUIRE(fd >= 0);
  CHECK(*read_process_stats().open_fds == *stats.open_fds + 1);
  close(fd);
}

TEST_CASE("process stats render under the client libraries' names, unknown ones left out",
          "[service][process_metrics]") {
  p2c::service::ProcessStats stats;
  stats.resident_memory_bytes = 1048576;
  stats.cpu_seconds_total = 1.5;
  const std::string text = process_prometheus(stats);
  CHECK(text ==
        "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n"
        "# TYPE process_cpu_seconds_total counter\n"
        "process_cpu_seconds_total 1.5\n"
        "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
        "# TYPE process_resident_memory_bytes gauge\n"
        "process_resident_memory_bytes 1048576\n");
  for (const char* name : {"process_resident_memory_bytes", "process_virtual_memory_bytes", "process_cpu_seconds_total",
                           "process_open_fds", "process_max_fds", "process_start_time_seconds"})
    CHECK_THAT(process_prometheus(read_process_stats()), Catch::Contains(std::string("\n") + name + " "));
}
