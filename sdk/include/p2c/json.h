// Strict JSON for input from outside the process (files, HTTP bodies, database columns): the one parser every
// JSON input of p2c goes through.
//
// nlohmann::json::parse() alone accepts what such input must not bring in: duplicate object keys (the last one
// silently wins), and nesting deep enough to exhaust the stack of whatever walks the tree afterwards (dump(),
// a recursive reader). It also reports a number too large for a double as out_of_range rather than as a parse
// error, and quotes whole offending tokens in its messages. parse_json() refuses all of these as a JsonError
// with the line and column, and quotes at most p2c::quote_limit characters of the input (text.h).
//
// Using this header needs nlohmann_json 3.10 or later on the include path (in-tree plugins get it through
// p2c::sdk; out-of-tree ones find_package(nlohmann_json) and link nlohmann_json::nlohmann_json).
#pragma once

#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace p2c {

/// How deeply arrays and objects may nest: the top-level value is level 1. Real inputs of p2c need 6 (a pledge
/// file: array, pledge, reports, report, actuals, actual); 64 leaves room for any sane document and none for a
/// stack attack.
inline constexpr std::size_t json_max_depth = 64;

/// A JSON text that parse_json() refuses. what() is "not valid JSON at line L, column C: <problem>"; the line
/// and column (1-based, counted in bytes; a UTF-8 byte-order mark counts) are where the parser stopped.
class JsonError : public std::runtime_error {
 public:
  JsonError(std::size_t line, std::size_t column, std::string problem);
  std::size_t line() const noexcept { return line_; }
  std::size_t column() const noexcept { return column_; }
  /// The problem without the position, e.g. "the key \"id\" appears twice in one object; keep one".
  const std::string& problem() const noexcept { return problem_; }

 private:
  std::size_t line_;
  std::size_t column_;
  std::string problem_;
};

/// Parses `text` (RFC 8259; a leading UTF-8 byte-order mark is skipped) into a tree. Throws JsonError for a
/// syntax error, ill-formed UTF-8 in a string, a number beyond the range of a double (1e309), a key appearing
/// twice in one object, arrays and objects nested deeper than `max_depth`, or anything after the value.
nlohmann::json parse_json(std::string_view text, std::size_t max_depth = json_max_depth);

/// Receives each element of a top-level array as soon as it is complete, with its 1-based position.
using JsonElementHandler = std::function<void(nlohmann::json&& element, std::size_t position)>;

/// As parse_json(), but when the top-level value is an array its elements are handed to `element` one at a
/// time and not kept, so a large file never exists as one tree in memory; the array returned is then empty.
/// Any other top-level value is returned whole. On a JsonError some elements may already have been handed over.
nlohmann::json parse_json(std::string_view text, const JsonElementHandler& element,
                          std::size_t max_depth = json_max_depth);

/// `text` escaped for the inside of a JSON string: quote, backslash and control characters; UTF-8 is kept as it
/// is. Writing small JSON texts directly with it is many times faster than building an nlohmann tree to dump.
std::string json_escape(std::string_view text);

/// A JSON array of strings, e.g. `["a","b"]`.
std::string json_string_array(const std::vector<std::string>& items);

/// The pairs of a JSON object whose values are all numbers, e.g. a progress report's actuals {"T1":12,"T2":3.5},
/// in the object's order; nothing when `text` is not such an object as parse_json() reads it (no duplicate keys,
/// every number a finite double). Plain keys and numbers are read without building a tree: a registry holds one
/// such object per report; anything else (escapes, odd spacing) goes through parse_json().
std::optional<std::vector<std::pair<std::string, double>>> json_number_object(std::string_view text);

/// A JSON value as a message may quote it: numbers, booleans and null as JSON writes them, a string in quotes
/// through printable() (bounded, control bytes escaped), an array or object only by its kind and size, so an
/// input is never dumped whole into a message.
std::string json_excerpt(const nlohmann::json& value);

}  // namespace p2c
