#include "p2c/json.h"

#include <charconv>
#include <cmath>
#include <iterator>
#include <optional>
#include <utility>
#include <vector>

#include "p2c/text.h"

namespace p2c {
namespace {

using nlohmann::json;

// Hands the parser one byte at a time and records how far it has read: SAX events carry no position, and a
// refused key or an over-deep bracket must still be reported at its line and column.
class TrackedIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackedIterator(const char* position, const char** cursor) : position_(position), cursor_(cursor) {}
  reference operator*() const { return *position_; }
  TrackedIterator& operator++() {
    *cursor_ = ++position_;
    return *this;
  }
  TrackedIterator operator++(int) {
    TrackedIterator before = *this;
    ++*this;
    return before;
  }
  bool operator==(const TrackedIterator& other) const { return position_ == other.position_; }
  bool operator!=(const TrackedIterator& other) const { return position_ != other.position_; }

 private:
  const char* position_;
  const char** cursor_;
};

struct Failure {
  std::size_t offset = 0;  // bytes read when the problem was found
  std::string problem;
};

// nlohmann's message less its "[json.exception.parse_error.101] parse error at line 1, column 2: " prefix and
// its quote of the last token, which may be a whole multi-megabyte string: the token is quoted again, bounded.
std::string describe(const json::exception& error, const std::string& last_token) {
  if (error.id == 406) return "a number beyond the range of a double: '" + printable(last_token) + "'";
  std::string message = error.what();
  if (const auto bracket = message.find("] "); bracket != std::string::npos) message.erase(0, bracket + 2);
  if (message.rfind("parse error", 0) == 0)
    if (const auto colon = message.find(": "); colon != std::string::npos) message.erase(0, colon + 2);
  if (const auto last = message.find("; last read: "); last != std::string::npos) message.erase(last);
  if (!last_token.empty()) message += "; last read: '" + printable(last_token) + "'";
  return message;
}

// Builds the tree like nlohmann's own DOM parser, and refuses duplicate keys and excessive depth as it goes.
// The parser itself is iterative, so nothing here recurses either.
class Builder {
 public:
  Builder(const char* const& cursor, const char* begin, std::size_t max_depth, const JsonElementHandler* element)
      : cursor_(cursor), begin_(begin), max_depth_(max_depth), element_(element) {}

  bool null() { return put(json(nullptr)); }
  bool boolean(bool value) { return put(json(value)); }
  bool number_integer(json::number_integer_t value) { return put(json(value)); }
  bool number_unsigned(json::number_unsigned_t value) { return put(json(value)); }
  bool number_float(json::number_float_t value, const json::string_t&) { return put(json(value)); }
  bool string(json::string_t& value) { return put(json(std::move(value))); }
  bool binary(json::binary_t&) { return fail("binary values are not JSON"); }

  bool start_object(std::size_t) { return open(json::object()); }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(json::string_t& name) {
    if (open_.back().contains(name))
      return fail("the key \"" + printable(name) + "\" appears twice in one object; keep one");
    keys_.back() = std::move(name);
    return true;
  }

  bool parse_error(std::size_t position, const std::string& last_token, const json::exception& error) {
    failure_ = Failure{position, describe(error, last_token)};
    return false;
  }

  const std::optional<Failure>& failure() const noexcept { return failure_; }
  json& root() noexcept { return root_; }

 private:
  bool open(json container) {
    if (open_.size() >= max_depth_)
      return fail("arrays and objects nested deeper than " + std::to_string(max_depth_) +
                  " levels; p2c reads at most that many");
    open_.push_back(std::move(container));
    keys_.emplace_back();
    return true;
  }

  bool close() {
    json done = std::move(open_.back());
    open_.pop_back();
    keys_.pop_back();
    return put(std::move(done));
  }

  bool put(json&& value) {
    if (open_.empty()) {
      root_ = std::move(value);
      return true;
    }
    json& parent = open_.back();
    if (parent.is_object()) {
      parent.get_ref<json::object_t&>().emplace(std::move(keys_.back()), std::move(value));
    } else if (open_.size() == 1 && element_ != nullptr) {
      (*element_)(std::move(value), ++elements_);
    } else {
      parent.get_ref<json::array_t&>().push_back(std::move(value));
    }
    return true;
  }

  bool fail(std::string problem) {
    failure_ = Failure{static_cast<std::size_t>(cursor_ - begin_), std::move(problem)};
    return false;
  }

  const char* const& cursor_;
  const char* begin_;
  std::size_t max_depth_;
  const JsonElementHandler* element_;
  std::vector<json> open_;         // the arrays and objects being built, outermost first
  std::vector<std::string> keys_;  // per open container: the key whose value comes next (objects)
  std::size_t elements_ = 0;
  json root_;
  std::optional<Failure> failure_;
};

[[noreturn]] void throw_at(std::string_view text, const Failure& failure) {
  const std::size_t offset = std::min(failure.offset, text.size());
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i)
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  throw JsonError(line, offset - line_start, failure.problem);
}

json parse(std::string_view text, const JsonElementHandler* element, std::size_t max_depth) {
  const char* cursor = text.data();
  Builder builder(cursor, text.data(), max_depth, element);
  const TrackedIterator first(text.data(), &cursor);
  const TrackedIterator last(text.data() + text.size(), &cursor);
  const bool parsed = json::sax_parse(first, last, &builder, json::input_format_t::json, true);
  if (builder.failure()) throw_at(text, *builder.failure());
  if (!parsed) throw_at(text, Failure{text.size(), "the text ended before the JSON value did"});
  return std::move(builder.root());
}

}  // namespace

JsonError::JsonError(std::size_t line, std::size_t column, std::string problem)
    : std::runtime_error("not valid JSON at line " + std::to_string(line) + ", column " + std::to_string(column) +
                         ": " + problem),
      line_(line),
      column_(column),
      problem_(std::move(problem)) {}

std::string json_excerpt(const nlohmann::json& value) {
  if (value.is_string()) return "\"" + printable(value.get_ref<const std::string&>()) + "\"";
  if (value.is_array()) return "an array of " + std::to_string(value.size()) + " element(s)";
  if (value.is_object()) return "an object of " + std::to_string(value.size()) + " key(s)";
  if (value.is_binary()) return "binary data";
  return value.dump();
}

namespace {

void append_escaped(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out += hex[(c >> 4) & 0xf];
          out += hex[c & 0xf];
        } else {
          out += c;
        }
    }
  }
}

}  // namespace

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_escaped(out, text);
  return out;
}

std::string json_string_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const std::string& item : items) {
    if (out.size() > 1) out += ',';
    out += '"';
    append_escaped(out, item);
    out += '"';
  }
  out += ']';
  return out;
}

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

// The easy case of json_number_object(): {"key":number,...} with keys free of escapes and control bytes and
// numbers in JSON's grammar. Nothing for anything else, which the caller then reads through parse_json().
std::optional<std::vector<std::pair<std::string, double>>> plain_number_object(std::string_view text) {
  std::vector<std::pair<std::string, double>> out;
  std::size_t i = 0;
  const auto at = [&](char c) { return i < text.size() && text[i] == c; };
  if (!at('{')) return std::nullopt;
  ++i;
  if (at('}')) return i + 1 == text.size() ? std::optional(std::move(out)) : std::nullopt;
  for (;;) {
    if (!at('"')) return std::nullopt;
    const std::size_t key = ++i;
    while (i < text.size() && text[i] != '"') {
      if (text[i] == '\\' || static_cast<unsigned char>(text[i]) < 0x20) return std::nullopt;
      ++i;
    }
    if (!at('"')) return std::nullopt;
    const std::string_view name = text.substr(key, i - key);
    ++i;
    if (!at(':')) return std::nullopt;
    const std::size_t number = ++i;
    if (at('-')) ++i;
    if (at('0')) {
      ++i;
    } else if (i < text.size() && digit(text[i])) {
      while (i < text.size() && digit(text[i])) ++i;
    } else {
      return std::nullopt;
    }
    if (at('.')) {
      if (++i >= text.size() || !digit(text[i])) return std::nullopt;
      while (i < text.size() && digit(text[i])) ++i;
    }
    if (at('e') || at('E')) {
      ++i;
      if (at('+') || at('-')) ++i;
      if (i >= text.size() || !digit(text[i])) return std::nullopt;
      while (i < text.size() && digit(text[i])) ++i;
    }
    double value = 0;
    const auto [end, error] = std::from_chars(text.data() + number, text.data() + i, value);
    if (error != std::errc() || end != text.data() + i || !std::isfinite(value) || !valid_utf8(name))
      return std::nullopt;
    for (const auto& [seen, ignored] : out)
      if (seen == name) return std::nullopt;
    out.emplace_back(std::string(name), value);
    if (at(',')) {
      ++i;
      continue;
    }
    if (at('}')) return i + 1 == text.size() ? std::optional(std::move(out)) : std::nullopt;
    return std::nullopt;
  }
}

}  // namespace

std::optional<std::vector<std::pair<std::string, double>>> json_number_object(std::string_view text) {
  if (auto plain = plain_number_object(text)) return plain;
  try {
    // parse_json() checks (duplicate keys, range), but its objects are sorted by key: the order comes from a
    // second reading, which only escaped keys need.
    if (!parse_json(text).is_object()) return std::nullopt;
    const nlohmann::ordered_json ordered = nlohmann::ordered_json::parse(text);
    std::vector<std::pair<std::string, double>> out;
    for (const auto& [key, value] : ordered.items()) {
      if (!value.is_number()) return std::nullopt;
      out.emplace_back(key, value.get<double>());
    }
    return out;
  } catch (const JsonError&) {
    return std::nullopt;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

nlohmann::json parse_json(std::string_view text, std::size_t max_depth) { return parse(text, nullptr, max_depth); }

nlohmann::json parse_json(std::string_view text, const JsonElementHandler& element, std::size_t max_depth) {
  return parse(text, &element, max_depth);
}

}  // namespace p2c
