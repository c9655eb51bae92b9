#include "access_log.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "logging.h"

namespace p2c::service {

AccessLog::AccessLog(const std::string& format) : json_(format == "json") {
  logger_ = spdlog::get("p2c.access");
  if (!logger_) logger_ = spdlog::stderr_logger_mt("p2c.access");
  // JSON lines carry their own time and level fields; text lines look like the other log lines.
  logger_->set_pattern(json_ ? "%v" : "%l: %v");
  logger_->set_level(spdlog::level::info);
}

void AccessLog::write(const Exchange& exchange) {
  const double milliseconds = exchange.seconds * 1000.0;
  const int status = exchange.response->status;
  const std::string& route = exchange.response->route;
  if (json_) {
    const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    logger_->info(
        R"({{"time":"{:%FT%T}Z","level":"info","type":"access","request_id":"{}","method":"{}","route":"{}","target":"{}","status":{},"bytes":{},"latency_ms":{:.3f}}})",
        now, host::json_escape(exchange.request_id), host::json_escape(exchange.method), host::json_escape(route),
        host::json_escape(exchange.target), status, exchange.bytes, milliseconds);
  } else {
    logger_->info("access request_id={} method={} route={} target={} status={} bytes={} latency_ms={:.3f}",
                  exchange.request_id, exchange.method, route, exchange.target, status, exchange.bytes, milliseconds);
  }
}

}  // namespace p2c::service
