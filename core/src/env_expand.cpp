#include "env_expand.h"

#include <cstdlib>
#include <regex>
#include <stdexcept>

namespace p2c::host {

std::optional<std::string> process_env(const std::string& name) {
  if (const char* value = std::getenv(name.c_str())) return std::string(value);
  return std::nullopt;
}

std::string expand_env(std::string_view text, const EnvLookup& lookup) {
  static const std::regex variable_name("[A-Za-z_][A-Za-z0-9_]*");
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '$') {
      out += text[i++];
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (i + 1 >= text.size() || text[i + 1] != '{') {
      out += text[i++];
      continue;
    }
    const std::size_t close = text.find('}', i + 2);
    if (close == std::string_view::npos)
      throw std::invalid_argument("unterminated '${' in \"" + std::string(text) + "\"; close it with '}'");
    const std::string_view body = text.substr(i + 2, close - i - 2);
    const std::size_t split = body.find(":-");
    const std::string name(body.substr(0, split));
    if (!std::regex_match(name, variable_name))
      throw std::invalid_argument("'${" + std::string(body) + "}' does not name an environment variable");
    const std::optional<std::string> value = lookup(name);
    if (split != std::string_view::npos && (!value || value->empty())) {
      out += body.substr(split + 2);
    } else if (value) {
      out += *value;
    } else {
      throw std::invalid_argument("environment variable " + name + " is not set; set it, or give a default as ${" +
                                  name + ":-default}");
    }
    i = close + 1;
  }
  return out;
}

}  // namespace p2c::host
