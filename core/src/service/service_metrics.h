// The service's own health metrics, rendered in the Prometheus text format next to the results.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace p2c::service {

class ServiceMetrics {
 public:
  /// Upper bounds (seconds) of the request duration histogram's buckets.
  static constexpr std::array<double, 12> buckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                     0.05,   0.1,   0.25,   0.5,   1,    2.5};

  void request(std::string_view route, int status, double seconds);
  void run_succeeded(double duration_seconds, double finished_at_unix);
  void run_failed();
  void reload(bool accepted);

  /// HELP, TYPE and samples of every service metric.
  std::string prometheus() const;

 private:
  struct Histogram {
    std::array<std::uint64_t, buckets.size()> counts{};
    std::uint64_t count = 0;
    double sum = 0;
  };

  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> durations_;
  std::uint64_t runs_ = 0;
  std::uint64_t run_failures_ = 0;
  std::uint64_t reloads_ = 0;
  std::uint64_t reload_failures_ = 0;
  double last_duration_ = 0;
  double last_finished_ = 0;
};

}  // namespace p2c::service
