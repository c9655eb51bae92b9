#include "json_chunks.h"

#include <cstring>

namespace p2c::pledges {
namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

std::optional<std::vector<std::string_view>> array_elements(std::string_view text) {
  std::size_t i = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
  while (i < text.size() && blank(text[i])) ++i;
  if (i >= text.size() || text[i] != '[') return std::nullopt;
  std::vector<std::string_view> elements;
  std::size_t begin = i + 1, depth = 1, close = 0;
  bool in_string = false;
  for (i = begin; i < text.size() && close == 0; ++i) {
    const char c = text[i];
    if (in_string) {
      // Most of a pledge file is text inside strings: find the closing quote at memchr's speed. A quote after an
      // odd number of backslashes is escaped.
      const void* quote = std::memchr(text.data() + i, '"', text.size() - i);
      if (quote == nullptr) return std::nullopt;
      const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(quote) - text.data());
      std::size_t backslashes = 0;
      while (at - backslashes > i && text[at - backslashes - 1] == '\\') ++backslashes;
      i = at;
      in_string = backslashes % 2 == 1;
      continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '[':
      case '{': ++depth; break;
      case ']':
      case '}':
        if (--depth == 0) close = i;
        break;
      case ',':
        if (depth == 1) {
          elements.push_back(text.substr(begin, i - begin));
          begin = i + 1;
        }
        break;
      default: break;
    }
  }
  if (close == 0) return std::nullopt;
  for (i = close + 1; i < text.size(); ++i)
    if (!blank(text[i])) return std::nullopt;
  const std::string_view last = text.substr(begin, close - begin);
  // "[]" holds no element; "[1,]" one and a blank one, which the strict parse then refuses.
  bool last_blank = true;
  for (const char c : last) last_blank = last_blank && blank(c);
  if (!elements.empty() || !last_blank) elements.push_back(last);
  return elements;
}

}  // namespace p2c::pledges
