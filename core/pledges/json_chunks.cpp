#include "json_chunks.h"

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
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
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
