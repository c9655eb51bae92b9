// Log lines are safe whatever a message holds: no control characters or broken UTF-8 reach the terminal
// or a JSON line, and no message is written whole when it is huge.
#include "logging.h"

#include <spdlog/details/log_msg.h>
#include <spdlog/formatter.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "p2c/text.h"

namespace {

std::string line(std::string_view format, std::string_view message, bool fields = false) {
  const spdlog::details::log_msg msg("p2c", spdlog::level::warn, spdlog::string_view_t(message.data(), message.size()));
  spdlog::memory_buf_t out;
  p2c::host::make_formatter(format, fields)->format(msg, out);
  return {out.data(), out.size()};
}

// Control characters of the line other than its final newline.
bool has_control(std::string_view text) {
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  for (const char c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return true;
  return false;
}

using namespace std::string_literals;
const std::string hostile = "cell 'a\x1b[2J\0b\rc\xff\xfe' \xc2\x9b"s;

}  // namespace

TEST_CASE("a text log line escapes control characters and bytes that are not UTF-8", "[logging]") {
  const std::string text = line("text", hostile);
  INFO(text);
  CHECK_FALSE(has_control(text));
  CHECK(p2c::valid_utf8(text));
  CHECK(text == "warning: cell 'a\\x1b[2J\\x00b\\rc\\xff\\xfe' \\xc2\\x9b\n");
}

TEST_CASE("a JSON log line stays one valid JSON object whatever the message holds", "[logging]") {
  const std::string text = line("json", hostile);
  INFO(text);
  CHECK_FALSE(has_control(text));
  REQUIRE(p2c::valid_utf8(text));
  const auto parsed = nlohmann::json::parse(text);
  CHECK(parsed["level"] == "warning");
  CHECK(parsed["message"] == "cell 'a\\x1b[2J\\x00b\\rc\\xff\\xfe' \\xc2\\x9b");
}

TEST_CASE("a huge message is cut, saying how long it was", "[logging]") {
  const std::string huge(5'000'000, 'x');
  for (const char* format : {"text", "json"}) {
    const std::string text = line(format, "found '" + huge + "'");
    CHECK(text.size() < p2c::host::message_limit + 200);
    CHECK_THAT(text, Catch::Contains("... (5000008 bytes in all)"));
  }
}

TEST_CASE("field lines: JSON members become the line's fields, anything else a quoted message", "[logging]") {
  const std::string members =
      p2c::host::json_member("type", "access") + "," + p2c::host::json_member("target", "/x?q=\x1b\xff", 2048);
  const auto parsed = nlohmann::json::parse(line("json", members, true));
  CHECK(parsed["type"] == "access");
  CHECK(parsed["target"] == "/x?q=\\x1b\\xff");
  CHECK(parsed.contains("time"));

  // A message not made of json_member()s, with raw bytes: still one valid, safe JSON line.
  const std::string raw = line("json", "\"target\":\"\xff\x1b\"", true);
  CHECK_FALSE(has_control(raw));
  REQUIRE(p2c::valid_utf8(raw));
  CHECK(nlohmann::json::parse(raw)["message"] == "\"target\":\"\\xff\\x1b\"");

  CHECK(line("text", "access target=/\x1b", true) == "warning: access target=/\\x1b\n");
}
