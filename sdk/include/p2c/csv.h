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

/// What CsvReader checks besides the CSV syntax. Both are on by default: text that is not UTF-8 would poison
/// every output it reaches (a JSON writer refuses it), and with a column twice in the header find_column()
/// would silently pick the first.
struct CsvChecks {
  /// The first record is a header: a non-empty name appearing twice is refused. Off for files without a header.
  bool unique_header = true;
  /// Every field must be well-formed UTF-8 (p2c::valid_utf8). Off only for callers that check it themselves.
  bool utf8 = true;
};

class CsvReader {
 public:
  /// `file` names the input in messages. The stream must outlive the reader.
  CsvReader(std::istream& in, std::string file, char separator = ',', CsvChecks checks = {});

  /// Reads the next record into `fields`; false at end of input. Blank lines are skipped. Throws CsvError, with
  /// the record's line and the field's column, for a field that is not UTF-8 ("FILE:LINE:COLUMN: NAME: expected
  /// UTF-8 text ...", NAME the header's name of the column) and for a header naming a column twice
  /// ("FILE:1:COLUMN: NAME: the column appears twice in the header, as fields 2 and 5 ..."), unless `checks`
  /// turned that check off.
  bool next(std::vector<std::string>& fields);

  /// Line on which the record returned by the last next() started (1-based).
  std::uint64_t line() const noexcept { return record_line_; }
  const std::string& file() const noexcept { return file_; }
  /// "file:line" of the last record, for messages.
  std::string where() const;

 private:
  void check(const std::vector<std::string>& fields);

  std::istream& in_;
  std::string file_;
  char separator_;
  CsvChecks checks_;
  std::uint64_t line_ = 1;
  std::uint64_t record_line_ = 0;
  bool at_start_ = true;
  bool at_header_ = true;
  std::vector<std::string> header_;           // the first record, naming fields in messages
  std::vector<std::uint64_t> field_columns_;  // column where each field of the last record starts
};

/// Index of `name` in a header row, or nothing. A header read by a CsvReader (with the default CsvChecks) names
/// each column once, so the index is the only one.
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

/// A free-text field for a CSV file a spreadsheet may open, neutralised against formula injection as OWASP
/// recommends: a field starting with = + - @ tab or carriage return (after any leading single quotes) gets a
/// single quote prepended, which spreadsheets take as "this is text", and is always quoted; any other field is
/// csv_quote()d. Use it for text columns only: a number such as -3.5 in a numeric column must stay a number.
std::string csv_quote_text(std::string_view field, char separator = ',');
/// csv_quote_text() appended to `out`: for writers of many fields, without a string per field.
void append_csv_text(std::string& out, std::string_view field, char separator = ',');

/// Undoes csv_quote_text()'s neutralising quote on a field read back, so that text written by it reads back
/// exactly: "'=1+1" gives "=1+1". A field that csv_quote_text() would not have neutralised is returned as it is
/// ("'t Hooft" stays "'t Hooft").
std::string_view csv_unquote_text(std::string_view field) noexcept;

}  // namespace p2c
