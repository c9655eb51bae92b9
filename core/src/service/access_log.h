// One line per HTTP request: request id, method, route pattern, target, status, bytes and latency. JSON
// objects (one a line) with --log-format json, `key=value` text otherwise.
#pragma once

#include <memory>
#include <string>

#include "http_server.h"

namespace spdlog {
class logger;
}

namespace p2c::service {

class AccessLog {
 public:
  /// `format`: "text" or "json", as --log-format. Writes to stderr, like the other logs, at level info:
  /// --log-level warn and above (and off) leave the access log out.
  explicit AccessLog(const std::string& format);
  void write(const Exchange& exchange);

 private:
  bool json_;
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace p2c::service
