// Streaming CSV (RFC 4180) for source and sink plugins: one record at a time, never the whole file.
//
// Handles what real statistical files contain: a UTF-8 byte-order mark, quoted fields with embedded
// separators, doubled quotes and line breaks, CRLF or LF line ends, and a last line without a line end.
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "p2c/options.h"

namespace p2c {

/// Thrown for input that is not CSV at all (an unterminated quote); carries the position.
class CsvError : public std::runtime_error {
 public:
  CsvError(std::string file, std::uint64_t line, std::uint64_t column, const std::string& what);
  std::uint64_t line() const noexcept { return line_; }
  std::uint64_t column() const noexcept { return column_; }

 private:
  std::uint64_t line_;
  std::uint64_t column_;
};

class CsvReader {
 public:
  /// `file` names the input in messages. The stream must outlive the reader.
  CsvReader(std::istream& in, std::string file, char separator = ',');

  /// Reads the next record into `fields`; false at end of input. Blank lines are skipped.
  bool next(std::vector<std::string>& fields);

  /// Line on which the record returned by the last next() started (1-based).
  std::uint64_t line() const noexcept { return record_line_; }
  const std::string& file() const noexcept { return file_; }
  /// "file:line" of the last record, for messages.
  std::string where() const;

 private:
  std::istream& in_;
  std::string file_;
  char separator_;
  std::uint64_t line_ = 1;
  std::uint64_t record_line_ = 0;
  bool at_start_ = true;
};

/// Index of `name` in a header row, or nothing.
std::optional<std::size_t> find_column(const std::vector<std::string>& header, std::string_view name);

/// Parses a whole field as a finite double ("1.5", "-2e3"; surrounding spaces allowed).
/// Empty, "..", "NA" and the like give nothing; callers decide whether that is missing or malformed.
std::optional<double> parse_number(std::string_view field) noexcept;

/// ASCII upper case, for economy codes published in lower case (Gapminder).
std::string to_upper(std::string_view text);

/// The `code_case` option shared by CSV sources: true for "upper", false for "keep"; throws
/// std::invalid_argument naming the option and the allowed values otherwise.
bool upper_case_codes(const Options& options);

/// The `separator` option shared by CSV sources: exactly one character other than a quote or a line break
/// (those would make the file ambiguous); throws std::invalid_argument otherwise.
char csv_separator(const Options& options);

/// A field quoted for output when it contains the separator, a quote or a line break.
std::string csv_quote(std::string_view field, char separator = ',');

}  // namespace p2c
