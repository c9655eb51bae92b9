#include "logging.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <mutex>
#include <stdexcept>

#include "p2c/json.h"

namespace p2c::host {
namespace {

struct Settings {
  std::string format = "text";
  spdlog::level::level_enum level = spdlog::level::info;
};

std::mutex settings_mutex;
Settings settings;

std::string_view payload(const spdlog::details::log_msg& msg) { return {msg.payload.data(), msg.payload.size()}; }

void append(spdlog::memory_buf_t& dest, std::string_view text) { dest.append(text.data(), text.data() + text.size()); }

// `%*` in a pattern: the message, made printable.
class PrintableMessage final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    append(dest, printable(payload(msg), message_limit));
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<PrintableMessage>(); }
};

// The start of a JSON line: {"time":"...","level":"...",
void json_head(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  const auto millis = std::chrono::time_point_cast<std::chrono::milliseconds>(msg.time);
  const auto level = spdlog::level::to_string_view(msg.level);
  fmt::format_to(std::back_inserter(dest), R"({{"time":"{:%FT%T}Z","level":"{}",)", millis,
                 std::string_view(level.data(), level.size()));
}

void json_message(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  append(dest, json_member("message", payload(msg), message_limit));
}

class JsonFormatter final : public spdlog::formatter {
 public:
  explicit JsonFormatter(bool fields) : fields_(fields) {}
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    json_head(msg, dest);
    if (fields_ && well_formed(payload(msg)))
      append(dest, payload(msg));
    else
      json_message(msg, dest);
    append(dest, "}\n");
  }
  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonFormatter>(fields_); }

 private:
  // Members made with json_member() hold neither control characters nor bytes that are not UTF-8; a
  // message that does was not made that way and is written as a quoted message instead, so the line
  // stays JSON and stays safe.
  static bool well_formed(std::string_view text) {
    if (text.empty() || text.size() > message_limit * 4 || !valid_utf8(text)) return false;
    for (const char c : text)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
    return true;
  }
  bool fields_;
};

Settings current() {
  std::lock_guard lock(settings_mutex);
  return settings;
}

}  // namespace

std::unique_ptr<spdlog::formatter> make_formatter(std::string_view format, bool fields) {
  if (format == "json") return std::make_unique<JsonFormatter>(fields);
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  // Colours only mark the level; the message itself never carries terminal escapes.
  formatter->add_flag<PrintableMessage>('*').set_pattern(fields ? "%l: %*" : "%^%l%$: %*");
  return formatter;
}

std::string json_member(std::string_view key, std::string_view value, std::size_t limit) {
  return "\"" + json_escape(printable(key)) + "\":\"" + json_escape(printable(value, limit)) + "\"";
}

void setup_logging(const std::string& format, const std::string& level) {
  const auto parsed = spdlog::level::from_str(level);
  if (parsed == spdlog::level::off && level != "off")
    throw std::invalid_argument("--log-level must be trace, debug, info, warn, error, critical or off, not '" + level +
                                "'");
  if (format != "text" && format != "json")
    throw std::invalid_argument("--log-format must be text or json, not '" + format + "'");
  {
    std::lock_guard lock(settings_mutex);
    settings = Settings{format, parsed};
  }
  auto logger = spdlog::get("p2c");
  if (!logger) logger = spdlog::stderr_color_mt("p2c");
  logger->set_formatter(make_formatter(format));
  logger->set_level(parsed);
  spdlog::set_default_logger(std::move(logger));
}

std::shared_ptr<spdlog::logger> fields_logger(const std::string& name) {
  const Settings now = current();
  auto logger = spdlog::get(name);
  if (!logger) logger = spdlog::stderr_logger_mt(name);
  logger->set_formatter(make_formatter(now.format, true));
  logger->set_level(now.level);
  return logger;
}

}  // namespace p2c::host
