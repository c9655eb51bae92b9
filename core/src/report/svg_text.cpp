#include "report/svg_text.h"

#include "report/svg_chart.h"

namespace p2c::report {
namespace {

// The code point starting at `text[at]` and its length in bytes; a stray byte counts as one letter of one byte.
std::pair<char32_t, std::size_t> next_code_point(std::string_view text, std::size_t at) {
  const auto byte = static_cast<unsigned char>(text[at]);
  const std::size_t length = byte < 0x80           ? 1
                             : (byte >> 5) == 0x6  ? 2
                             : (byte >> 4) == 0xE  ? 3
                             : (byte >> 3) == 0x1E ? 4
                                                   : 1;
  if (length == 1 || at + length > text.size()) return {byte, 1};
  char32_t code = byte & (0xFF >> (length + 1));
  for (std::size_t i = 1; i < length; ++i) code = (code << 6) | (static_cast<unsigned char>(text[at + i]) & 0x3F);
  return {code, length};
}

double em_width(char32_t code) {
  if (code == U' ') return 0.3;
  const bool wide = (code >= 0x1100 && code <= 0x115F) || (code >= 0x2E80 && code <= 0xA4CF) ||
                    (code >= 0xAC00 && code <= 0xD7A3) || (code >= 0xF900 && code <= 0xFAFF) ||
                    (code >= 0xFE30 && code <= 0xFE4F) || (code >= 0xFF00 && code <= 0xFF60) ||
                    (code >= 0xFFE0 && code <= 0xFFE6) || (code >= 0x20000 && code <= 0x3FFFD);
  return wide ? 1.0 : 0.6;
}

}  // namespace

double text_width(std::string_view text, double font_px, bool bold) {
  double ems = 0;
  for (std::size_t at = 0; at < text.size();) {
    const auto [code, length] = next_code_point(text, at);
    ems += em_width(code);
    at += length;
  }
  return ems * font_px * (bold ? 1.15 : 1.0);
}

std::string fitted_text(std::string_view text, double width_px, double font_px, bool bold) {
  if (text_width(text, font_px, bold) <= width_px) return xml_escape(text);
  const double room = width_px - text_width("…", font_px, bold);
  double used = 0;
  std::size_t keep = 0;
  for (std::size_t at = 0; at < text.size();) {
    const auto [code, length] = next_code_point(text, at);
    used += em_width(code) * font_px * (bold ? 1.15 : 1.0);
    if (used > room) break;
    at += length;
    keep = at;
  }
  std::string_view kept = text.substr(0, keep);
  while (!kept.empty() && kept.back() == ' ') kept.remove_suffix(1);
  return xml_escape(kept) + "…<title>" + xml_escape(text) + "</title>";
}

std::pair<std::string, std::string> split_to_fit(std::string_view text, double width_px, double font_px) {
  if (text_width(text, font_px) <= width_px) return {std::string(text), ""};
  for (std::size_t space = text.rfind(' '); space != std::string_view::npos && space > 0;
       space = text.rfind(' ', space - 1))
    if (text_width(text.substr(0, space), font_px) <= width_px)
      return {std::string(text.substr(0, space)), std::string(text.substr(space + 1))};
  return {std::string(text), ""};
}

}  // namespace p2c::report
