// Log set-up: human-readable lines for a terminal, one JSON object per line for services.
//
// Messages carry text from outside the process (file contents, paths, HTTP targets, plugin messages), so
// every line is made safe where it is formatted, not where it is logged: control characters and bytes that
// are not UTF-8 are escaped (p2c::printable), and a message is cut after message_limit characters. No call
// site can forget it. Call sites still shorten the values they quote, with printable(value), so that a
// huge value leaves room for the rest of the message.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "p2c/text.h"

namespace spdlog {
class formatter;
class logger;
}  // namespace spdlog

namespace p2c::host {

/// Characters of a message a log line shows at most; the rest is replaced by "... (N bytes in all)".
/// Generous: a message may legitimately list many problems.
inline constexpr std::size_t message_limit = 16384;

/// Configures the default spdlog logger on stderr. `format` is "text" or "json"; `level` one of
/// trace, debug, info, warn, error, critical, off. Throws std::invalid_argument for other values.
/// The format and level also apply to loggers made later with fields_logger().
void setup_logging(const std::string& format, const std::string& level);

/// A logger on stderr with the format and level of setup_logging (text and info before it is called),
/// for lines made of named fields, such as the access log. In text format a message is one line like the
/// default logger's; in JSON format a message is a comma-separated list of JSON members made with
/// json_member(), which become the line's own fields after "time" and "level". Made once per name and
/// shared; each call applies the current format and level.
std::shared_ptr<spdlog::logger> fields_logger(const std::string& name);

/// The formatter of the lines of `format` ("text" or "json"); `fields`: for fields_logger() lines.
std::unique_ptr<spdlog::formatter> make_formatter(std::string_view format, bool fields = false);

/// `"key":"value"`: `value` made printable, at most `limit` characters, and escaped for JSON.
std::string json_member(std::string_view key, std::string_view value, std::size_t limit = quote_limit);

}  // namespace p2c::host
