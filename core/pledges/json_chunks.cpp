#include "json_chunks.h"

namespace p2c::pledges {
namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

std::vector<ElementRun> split_array(std::string_view text, std::size_t parts) {
  std::size_t i = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
  while (i < text.size() && blank(text[i])) ++i;
  if (parts < 2 || i >= text.size() || text[i] != '[') return {};
  const std::size_t open = i + 1;
  // Element boundaries: the commas at depth 1, outside strings.
  std::vector<std::size_t> commas;
  std::size_t depth = 1, close = 0;
  bool in_string = false;
  for (i = open; i < text.size() && close == 0; ++i) {
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
        if (depth == 1) commas.push_back(i);
        break;
      default: break;
    }
  }
  if (close == 0) return {};
  for (i = close + 1; i < text.size(); ++i)
    if (!blank(text[i])) return {};
  const std::size_t elements = commas.size() + 1;
  if (elements < parts) return {};
  std::vector<ElementRun> runs;
  std::size_t begin = open, first = 0;  // first: index of the run's first element
  const std::size_t target = (close - open) / parts;
  for (std::size_t k = 0; k < commas.size() && runs.size() + 1 < parts; ++k) {
    if (commas[k] - begin < target) continue;
    runs.push_back({text.substr(begin, commas[k] - begin), first + 1, k + 1 - first});
    begin = commas[k] + 1;
    first = k + 1;
  }
  runs.push_back({text.substr(begin, close - begin), first + 1, elements - first});
  return runs;
}

}  // namespace p2c::pledges
