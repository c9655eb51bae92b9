#include "access_log.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "logging.h"
#include "p2c/text.h"

namespace p2c::service {
namespace {

// A request target is the one long value worth keeping most of; the others are short by nature, and a
// client that sends a long one gets it cut like any quoted value.
constexpr std::size_t target_limit = 2048;

}  // namespace

AccessLog::AccessLog(const std::string& format) : json_(format == "json"), logger_(host::fields_logger("p2c.access")) {}

void AccessLog::write(const Exchange& exchange) {
  if (!logger_->should_log(spdlog::level::info)) return;
  const double milliseconds = exchange.seconds * 1000.0;
  const int status = exchange.response->status;
  const std::string& route = exchange.response->route;
  if (json_) {
    logger_->info("{},{},{},{},{},\"status\":{},\"bytes\":{},\"latency_ms\":{:.3f}",
                  host::json_member("type", "access"), host::json_member("request_id", exchange.request_id),
                  host::json_member("method", exchange.method), host::json_member("route", route),
                  host::json_member("target", exchange.target, target_limit), status, exchange.bytes, milliseconds);
  } else {
    logger_->info("access request_id={} method={} route={} target={} status={} bytes={} latency_ms={:.3f}",
                  printable(exchange.request_id), printable(exchange.method), printable(route),
                  printable(exchange.target, target_limit), status, exchange.bytes, milliseconds);
  }
}

}  // namespace p2c::service
